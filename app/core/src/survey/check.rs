//! Whether an answer fits its question, and which required questions are unanswered.

use super::{Question, QuestionKind, Survey};
use crate::response::{Answer, Feeling, is_iso_date};

/// The highest point on a rating scale; the lowest is 0.
pub const RATING_MAX: u8 = 5;

/// Free text longer than this is refused with a message, never cut short.
pub const FREE_TEXT_MAX_CHARS: usize = 100_000;

/// Why an answer does not fit its question.
#[derive(Debug, PartialEq)]
pub enum AnswerError {
    RatingOutOfRange(u8),
    UnknownChoice(String),
    TextTooLong {
        chars: usize,
    },
    NumberOutOfRange {
        min: Option<f64>,
        max: Option<f64>,
    },
    NotANumber,
    NotADate(String),
    /// "Other" text given where the question has no "other" choice.
    NoOtherChoice,
    WrongKind,
}

fn text_fits(text: &str) -> Result<(), AnswerError> {
    let chars = text.chars().count();
    if chars > FREE_TEXT_MAX_CHARS {
        Err(AnswerError::TextTooLong { chars })
    } else {
        Ok(())
    }
}

impl Question {
    /// Checks that `answer` is one this question can hold.
    pub fn check(&self, answer: &Answer) -> Result<(), AnswerError> {
        let known = |id: &String| {
            if self.kind.choices().iter().any(|c| &c.id == id) {
                Ok(())
            } else {
                Err(AnswerError::UnknownChoice(id.clone()))
            }
        };
        match (&self.kind, answer) {
            (QuestionKind::Rating { .. }, Answer::Rating(n)) if *n <= RATING_MAX => Ok(()),
            (QuestionKind::Rating { .. }, Answer::Rating(n)) => {
                Err(AnswerError::RatingOutOfRange(*n))
            }
            (QuestionKind::PictureScale, Answer::Feeling(_)) => Ok(()),
            // Easy read offers the picture scale for ratings; map it onto 0-5 when asked.
            (QuestionKind::Rating { .. }, Answer::Feeling(_)) => Ok(()),
            (QuestionKind::SingleChoice { .. }, Answer::Choice(id)) => known(id),
            (
                QuestionKind::MultipleChoice { other, .. },
                Answer::Choices {
                    chosen,
                    other: text,
                },
            ) => {
                chosen.iter().try_for_each(known)?;
                match (other, text) {
                    (false, Some(_)) => Err(AnswerError::NoOtherChoice),
                    (true, Some(text)) => text_fits(text),
                    _ => Ok(()),
                }
            }
            (QuestionKind::FreeText, Answer::Text(text)) => text_fits(text),
            (QuestionKind::Number { min, max }, Answer::Number(n)) => {
                if !n.is_finite() {
                    Err(AnswerError::NotANumber)
                } else if min.is_some_and(|m| *n < m) || max.is_some_and(|m| *n > m) {
                    Err(AnswerError::NumberOutOfRange {
                        min: *min,
                        max: *max,
                    })
                } else {
                    Ok(())
                }
            }
            (QuestionKind::Date, Answer::Date(text)) if is_iso_date(text) => Ok(()),
            (QuestionKind::Date, Answer::Date(text)) => Err(AnswerError::NotADate(text.clone())),
            _ => Err(AnswerError::WrongKind),
        }
    }
}

/// Whether `answer` counts as answering (an empty tick list or blank text does not;
/// "don't know" does, because it is a choice the person made).
fn is_answered(answer: Option<&Answer>) -> bool {
    match answer {
        None => false,
        Some(Answer::Text(text)) => !text.trim().is_empty(),
        Some(Answer::Choices { chosen, other }) => {
            !chosen.is_empty() || other.as_ref().is_some_and(|t| !t.trim().is_empty())
        }
        Some(Answer::Feeling(Feeling::DontKnow)) => true,
        Some(_) => true,
    }
}

/// The indexes of shown, required questions that have no answer yet.
pub fn missing_required<'a>(
    survey: &Survey,
    answer: &impl Fn(&str) -> Option<&'a Answer>,
) -> Vec<usize> {
    (0..survey.questions.len())
        .filter(|&i| {
            survey.questions[i].required
                && survey.is_shown(i, answer)
                && !is_answered(answer(&survey.questions[i].id))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::survey::{Choice, LocalText, ShowIf};

    fn q(kind: QuestionKind) -> Question {
        Question::new("q", LocalText::english("Q"), kind)
    }

    #[test]
    fn answers_are_checked_against_their_question() {
        let t = LocalText::english;
        let rating = q(QuestionKind::Rating {
            low_label: t("low"),
            high_label: t("high"),
        });
        let single = q(QuestionKind::SingleChoice {
            choices: vec![Choice::new("a", t("A"))],
        });
        let multi = q(QuestionKind::MultipleChoice {
            choices: vec![Choice::new("a", t("A")), Choice::new("b", t("B"))],
            other: true,
        });
        let closed = q(QuestionKind::MultipleChoice {
            choices: vec![Choice::new("a", t("A"))],
            other: false,
        });
        let number = q(QuestionKind::Number {
            min: Some(0.0),
            max: Some(120.0),
        });
        let (date, scale, text) = (
            q(QuestionKind::Date),
            q(QuestionKind::PictureScale),
            q(QuestionKind::FreeText),
        );
        let ticks = |ids: &[&str], other: Option<&str>| Answer::Choices {
            chosen: ids.iter().map(|s| s.to_string()).collect(),
            other: other.map(Into::into),
        };
        let cases: Vec<(&Question, Answer, Result<(), AnswerError>)> = vec![
            (&rating, Answer::Rating(0), Ok(())),
            (&rating, Answer::Rating(5), Ok(())),
            (
                &rating,
                Answer::Rating(6),
                Err(AnswerError::RatingOutOfRange(6)),
            ),
            (
                &rating,
                Answer::Text("5".into()),
                Err(AnswerError::WrongKind),
            ),
            (&single, Answer::Choice("a".into()), Ok(())),
            (
                &single,
                Answer::Choice("z".into()),
                Err(AnswerError::UnknownChoice("z".into())),
            ),
            (&multi, ticks(&["a", "b"], Some("my neighbour")), Ok(())),
            (&multi, ticks(&[], None), Ok(())),
            (
                &multi,
                ticks(&["a", "z"], None),
                Err(AnswerError::UnknownChoice("z".into())),
            ),
            (
                &closed,
                ticks(&["a"], Some("x")),
                Err(AnswerError::NoOtherChoice),
            ),
            (&number, Answer::Number(42.0), Ok(())),
            (
                &number,
                Answer::Number(-1.0),
                Err(AnswerError::NumberOutOfRange {
                    min: Some(0.0),
                    max: Some(120.0),
                }),
            ),
            (
                &number,
                Answer::Number(f64::NAN),
                Err(AnswerError::NotANumber),
            ),
            (&date, Answer::Date("2027-02-28".into()), Ok(())),
            (
                &date,
                Answer::Date("2027-02-30".into()),
                Err(AnswerError::NotADate("2027-02-30".into())),
            ),
            (&scale, Answer::Feeling(Feeling::DontKnow), Ok(())),
            (&text, Answer::Text("é".repeat(FREE_TEXT_MAX_CHARS)), Ok(())),
            (
                &text,
                Answer::Text("x".repeat(FREE_TEXT_MAX_CHARS + 1)),
                Err(AnswerError::TextTooLong {
                    chars: FREE_TEXT_MAX_CHARS + 1,
                }),
            ),
        ];
        for (question, answer, expected) in cases {
            assert_eq!(
                question.check(&answer),
                expected,
                "{:?} {answer:?}",
                question.kind
            );
        }
    }

    #[test]
    fn required_questions_that_are_shown_and_unanswered_are_listed() {
        let t = LocalText::english;
        let mut questions = vec![
            Question::new(
                "name-a-day",
                t("Best day?"),
                QuestionKind::SingleChoice {
                    choices: vec![Choice::new("mon", t("Mon")), Choice::new("tue", t("Tue"))],
                },
            ),
            Question::new("why", t("Why?"), QuestionKind::FreeText),
            Question::new("feel", t("How do you feel?"), QuestionKind::PictureScale),
        ];
        questions.iter_mut().for_each(|q| q.required = true);
        questions[1].show_if = Some(ShowIf::equals("name-a-day", Answer::Choice("mon".into())));
        let survey = Survey {
            id: "s".into(),
            title: t("S"),
            sections: vec![],
            section_per_screen: false,
            archived: false,
            questions,
        };
        let check = |answers: &[(&str, Answer)], expected: &[usize]| {
            let answers: HashMap<&str, &Answer> = answers.iter().map(|(q, a)| (*q, a)).collect();
            assert_eq!(
                missing_required(&survey, &|q| answers.get(q).copied()),
                expected,
                "{answers:?}"
            );
        };
        check(&[], &[0, 2]);
        check(
            &[
                ("name-a-day", Answer::Choice("tue".into())),
                ("feel", Answer::Feeling(Feeling::DontKnow)),
            ],
            &[],
        );
        check(
            &[
                ("name-a-day", Answer::Choice("mon".into())),
                ("feel", Answer::Feeling(Feeling::Happy)),
            ],
            &[1],
        );
        check(
            &[
                ("name-a-day", Answer::Choice("mon".into())),
                ("why", Answer::Text("   ".into())),
            ],
            &[1, 2],
        );
        check(
            &[
                ("name-a-day", Answer::Choice("mon".into())),
                ("why", Answer::Text("sun".into())),
                ("feel", Answer::Feeling(Feeling::Unhappy)),
            ],
            &[],
        );
    }
}
