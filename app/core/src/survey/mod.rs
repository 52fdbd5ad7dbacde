//! Surveys: sections and questions, with their text in each language, the
//! rules for when a question is shown, checks on answers, and the versions
//! a survey has once people answer it (`version`).

mod action_plan;
mod check;
mod example;
mod file;
mod local_text;
mod problem;
mod problems;
mod question;
mod show_if;
mod strict;
mod translation;
mod version;

use serde::{Deserialize, Serialize};

pub use action_plan::{ACTION_PLAN_ID, action_plan};
pub use check::{AnswerError, FREE_TEXT_MAX_CHARS, RATING_MAX, missing_required};
pub use example::{
    EXAMPLE_SURVEY_ID, SUPPORT_SURVEY_ID, built_in_surveys, example_survey, support_survey,
};
pub use file::{FORMAT, FORMAT_VERSION, MAX_FILE_BYTES, export, import};
pub use local_text::LocalText;
pub use problem::{ImportError, Place, QuestionRef, megabytes};
pub use problems::check_survey;
pub use question::{Choice, Question, QuestionKind};
pub use show_if::{Compare, ShowIf};
pub use translation::{Gap, Translation};
pub use version::{SurveyVersion, VersionRef};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Survey {
    pub id: String,
    pub title: LocalText,
    /// Groups of questions; a wide screen may show a whole section at once.
    #[serde(default)]
    pub sections: Vec<Section>,
    /// Show a whole section per screen on wide screens (phones always get
    /// one question per screen).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub section_per_screen: bool,
    /// Every question in the order asked.
    pub questions: Vec<Question>,
    /// Put away: kept with its responses, but not offered to start. A field
    /// of the survey's own item, so archiving one survey never meets an edit
    /// of another; survey files never carry it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub archived: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub id: String,
    pub title: LocalText,
}

impl Survey {
    /// A survey `s` titled "S" of `questions`: for tests that need only
    /// the questions.
    #[cfg(test)]
    pub(crate) fn of_questions(questions: Vec<Question>) -> Survey {
        Survey {
            id: "s".into(),
            title: LocalText::english("S"),
            sections: Vec::new(),
            section_per_screen: false,
            archived: false,
            questions,
        }
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// The questions shown together with question `index` when a whole
    /// section is shown per screen: the run of neighbours in its section (or
    /// just itself when it has none).
    pub fn section_block(&self, index: usize) -> std::ops::Range<usize> {
        let Some(section) = self.questions.get(index).and_then(|q| q.section.as_ref()) else {
            return index..index + 1;
        };
        let same = |i: &usize| self.questions[*i].section.as_ref() == Some(section);
        let start = (0..index).rev().take_while(same).last().unwrap_or(index);
        let end = (index..self.questions.len())
            .take_while(same)
            .last()
            .unwrap_or(index)
            + 1;
        start..end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_block_is_the_run_of_questions_in_one_section() {
        let plan = action_plan(&[crate::i18n::Catalog::english()]);
        // why: 0-1, how: 2-4, results: 5-8
        let check = |index, expected: std::ops::Range<usize>| {
            assert_eq!(plan.section_block(index), expected, "question {index}");
        };
        check(0, 0..2);
        check(1, 0..2);
        check(3, 2..5);
        check(8, 5..9);
        check(9, 9..10);
        let mut loose = plan.clone();
        loose.questions[3].section = None;
        assert_eq!(loose.section_block(3), 3..4);
        assert_eq!(
            loose.section_block(2),
            2..3,
            "a run ends at a question outside it"
        );
        assert_eq!(loose.section_block(4), 4..5);
    }
}
