//! The built-in surveys, with their text taken from every locale file.

use super::{Choice, Question, QuestionKind, ShowIf, Survey};
use crate::response::{Answer, Feeling};

pub const EXAMPLE_SURVEY_ID: &str = "example-support";

/// A three-question survey that ships with the app, so a new device has
/// something to answer before any project exists.
pub fn example_survey() -> Survey {
    Survey {
        id: EXAMPLE_SURVEY_ID.to_owned(),
        title: catalog_text!(example_title),
        sections: Vec::new(),
        section_per_screen: false,
        questions: vec![
            Question::new(
                "feel-safe",
                catalog_text!(example_q_rating),
                QuestionKind::Rating {
                    low_label: catalog_text!(example_q_rating_low),
                    high_label: catalog_text!(example_q_rating_high),
                },
            ),
            Question::new(
                "best-day",
                catalog_text!(example_q_choice),
                QuestionKind::SingleChoice {
                    choices: vec![
                        Choice::new("morning", catalog_text!(example_q_choice_morning)),
                        Choice::new("afternoon", catalog_text!(example_q_choice_afternoon)),
                        Choice::new("evening", catalog_text!(example_q_choice_evening)),
                    ],
                },
            ),
            Question::new(
                "change-one-thing",
                catalog_text!(example_q_text),
                QuestionKind::FreeText,
            ),
        ],
    }
}

pub const SUPPORT_SURVEY_ID: &str = "what-matters-support";

/// The "what matters to you about your support" template: short, plain, and
/// using every kind of answer a person might give.
pub fn support_survey() -> Survey {
    let choice = |id: &str, text| Choice::new(id, text);
    let mut questions = vec![
        Question::new(
            "feel",
            catalog_text!(support_q_feel),
            QuestionKind::PictureScale,
        ),
        Question::new(
            "better",
            catalog_text!(support_q_better),
            QuestionKind::MultipleChoice {
                choices: vec![
                    choice("more-time", catalog_text!(support_q_better_time)),
                    choice("same-people", catalog_text!(support_q_better_same)),
                    choice("going-out", catalog_text!(support_q_better_out)),
                    choice("money", catalog_text!(support_q_better_money)),
                ],
                other: true,
            },
        ),
        Question::new(
            "helped-by",
            catalog_text!(support_q_helped),
            QuestionKind::SingleChoice {
                choices: vec![
                    choice("alone", catalog_text!(support_q_helped_alone)),
                    choice("family", catalog_text!(support_q_helped_family)),
                    choice("worker", catalog_text!(support_q_helped_worker)),
                ],
            },
        ),
        Question::new(
            "choose-day",
            catalog_text!(support_q_choose),
            QuestionKind::Rating {
                low_label: catalog_text!(support_q_choose_low),
                high_label: catalog_text!(support_q_choose_high),
            },
        ),
        Question::new(
            "hours",
            catalog_text!(support_q_hours),
            QuestionKind::Number {
                min: Some(0.0),
                max: Some(168.0),
            },
        ),
        Question::new(
            "last-review",
            catalog_text!(support_q_review),
            QuestionKind::Date,
        ),
        Question::new(
            "anything-else",
            catalog_text!(support_q_else),
            QuestionKind::FreeText,
        ),
    ];
    questions[0].required = true;
    questions[1].show_if = Some(ShowIf {
        question: "feel".into(),
        equals: Answer::Feeling(Feeling::Unhappy),
    });
    Survey {
        id: SUPPORT_SURVEY_ID.to_owned(),
        title: catalog_text!(support_title),
        sections: Vec::new(),
        section_per_screen: false,
        questions,
    }
}

/// Every survey that ships with the app, the one most people need first.
pub fn built_in_surveys() -> Vec<Survey> {
    vec![support_survey(), example_survey(), super::action_plan()]
}
