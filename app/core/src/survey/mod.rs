//! Surveys: sections and questions, with their text in each language, the
//! rules for when a question is shown, and checks on answers.

mod action_plan;
mod check;
mod example;
mod file;
mod local_text;
mod question;
mod show_if;

use serde::{Deserialize, Serialize};

pub use action_plan::{ACTION_PLAN_ID, action_plan};
pub use check::{AnswerError, FREE_TEXT_MAX_CHARS, RATING_MAX, missing_required};
pub use example::{
    EXAMPLE_SURVEY_ID, SUPPORT_SURVEY_ID, built_in_surveys, example_survey, support_survey,
};
pub use file::{FORMAT, FORMAT_VERSION, ImportError, MAX_FILE_BYTES, check_survey, export, import};
pub use local_text::LocalText;
pub use question::{Choice, Question, QuestionKind};
pub use show_if::ShowIf;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: String,
    pub title: LocalText,
}

impl Survey {
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }
}
