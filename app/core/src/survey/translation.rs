//! How far a survey is translated into one language: what the builder shows
//! per language, so a coordinator sees what still falls back to English.

use super::{LocalText, QuestionKind, Survey};

/// One place in a survey whose text has no translation yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Gap {
    Title,
    Section(usize),
    Question(usize),
    /// A choice (1-based) of a question.
    Choice(usize, usize),
    /// The words for 0 of a rating, and for 5: two texts, named apart.
    RatingLow(usize),
    RatingHigh(usize),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Translation {
    pub done: usize,
    pub total: usize,
    pub gaps: Vec<Gap>,
}

impl Survey {
    /// Counts the survey's texts (title, sections, questions, choices, rating
    /// ends; easy-read texts are extra and not counted) that have a text in
    /// `tag`. Numbers in gaps count from 1, as on screen.
    pub fn translation(&self, tag: &str) -> Translation {
        let mut t = Translation {
            done: 0,
            total: 0,
            gaps: Vec::new(),
        };
        let mut count = |text: &LocalText, gap: Gap| {
            if text.is_empty() {
                return;
            }
            t.total += 1;
            if text.0.get(tag).is_some_and(|s| !s.trim().is_empty()) {
                t.done += 1;
            } else {
                t.gaps.push(gap);
            }
        };
        count(&self.title, Gap::Title);
        for (i, section) in self.sections.iter().enumerate() {
            count(&section.title, Gap::Section(i + 1));
        }
        for (i, q) in self.questions.iter().enumerate() {
            count(&q.text, Gap::Question(i + 1));
            for (c, choice) in q.kind.choices().iter().enumerate() {
                count(&choice.text, Gap::Choice(i + 1, c + 1));
            }
            if let QuestionKind::Rating {
                low_label,
                high_label,
            } = &q.kind
            {
                count(low_label, Gap::RatingLow(i + 1));
                count(high_label, Gap::RatingHigh(i + 1));
            }
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Catalog;
    use crate::survey::{Choice, Question, example_survey};

    #[test]
    fn english_is_complete_and_a_missing_language_lists_every_gap() {
        let survey = example_survey(&[Catalog::english()]);
        let english = survey.translation("en");
        assert_eq!((english.done, english.total), (9, 9));
        assert!(english.gaps.is_empty());
        let welsh = survey.translation("cy");
        assert_eq!((welsh.done, welsh.total), (0, 9));
        assert_eq!(welsh.gaps[0], Gap::Title);
        assert!(welsh.gaps.contains(&Gap::Choice(2, 3)));
        assert!(welsh.gaps.contains(&Gap::RatingLow(1)));
        assert!(welsh.gaps.contains(&Gap::RatingHigh(1)));
    }

    #[test]
    fn a_translated_text_counts_and_an_empty_one_does_not() {
        let mut survey = example_survey(&[Catalog::english()]);
        survey.title.0.insert("pl".into(), "Ankieta".into());
        survey.questions[2].text.0.insert("pl".into(), "  ".into());
        survey.questions.push(Question::new(
            "extra",
            LocalText::english("Extra?"),
            QuestionKind::SingleChoice {
                choices: vec![Choice::new("a", LocalText::default())],
            },
        ));
        let polish = survey.translation("pl");
        assert_eq!((polish.done, polish.total), (1, 10));
        assert!(polish.gaps.contains(&Gap::Question(3)));
        assert!(
            !polish.gaps.contains(&Gap::Choice(4, 1)),
            "an empty choice is not a text"
        );
    }
}
