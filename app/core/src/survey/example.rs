//! The built-in example survey, with its text taken from every locale file.

use super::{Choice, LocalText, Question, QuestionKind, Survey};
use crate::i18n::{CATALOGS, Messages};

/// Collects one message from every catalog that translates it.
fn local(pick: impl Fn(&Messages) -> &'static str, key: &str) -> LocalText {
    LocalText(
        CATALOGS
            .iter()
            .filter(|c| c.tag == "en" || !c.missing.contains(&key))
            .map(|c| (c.tag.to_owned(), pick(c.messages).to_owned()))
            .collect(),
    )
}

macro_rules! text {
    ($key:ident) => {
        local(|m| m.$key, stringify!($key))
    };
}

pub const EXAMPLE_SURVEY_ID: &str = "example-support";

/// A three-question survey that ships with the app, so a new device has
/// something to answer before any project exists.
pub fn example_survey() -> Survey {
    Survey {
        id: EXAMPLE_SURVEY_ID.to_owned(),
        title: text!(example_title),
        questions: vec![
            Question {
                id: "feel-safe".to_owned(),
                text: text!(example_q_rating),
                kind: QuestionKind::Rating {
                    low_label: text!(example_q_rating_low),
                    high_label: text!(example_q_rating_high),
                },
                required: false,
            },
            Question {
                id: "best-day".to_owned(),
                text: text!(example_q_choice),
                kind: QuestionKind::SingleChoice {
                    choices: vec![
                        Choice { id: "morning".to_owned(), text: text!(example_q_choice_morning) },
                        Choice { id: "afternoon".to_owned(), text: text!(example_q_choice_afternoon) },
                        Choice { id: "evening".to_owned(), text: text!(example_q_choice_evening) },
                    ],
                },
                required: false,
            },
            Question {
                id: "change-one-thing".to_owned(),
                text: text!(example_q_text),
                kind: QuestionKind::FreeText,
                required: false,
            },
        ],
    }
}
