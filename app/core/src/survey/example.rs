//! The built-in surveys, with their text taken from every locale file.

use super::{Choice, Question, QuestionKind, ShowIf, Survey};
use crate::i18n::Catalog;
use crate::response::{Answer, Feeling};

pub const EXAMPLE_SURVEY_ID: &str = "example-support";

/// A three-question survey that ships with the app, so a new device has
/// something to answer before any project exists.
pub fn example_survey(catalogs: &[&Catalog]) -> Survey {
    Survey {
        id: EXAMPLE_SURVEY_ID.to_owned(),
        title: catalog_text!(catalogs, example_title),
        sections: Vec::new(),
        section_per_screen: false,
        archived: false,
        questions: vec![
            Question::new(
                "feel-safe",
                catalog_text!(catalogs, example_q_rating),
                QuestionKind::Rating {
                    low_label: catalog_text!(catalogs, example_q_rating_low),
                    high_label: catalog_text!(catalogs, example_q_rating_high),
                },
            )
            .with_picture("1F3E0"),
            Question::new(
                "best-day",
                catalog_text!(catalogs, example_q_choice),
                QuestionKind::SingleChoice {
                    choices: vec![
                        Choice::new("morning", catalog_text!(catalogs, example_q_choice_morning))
                            .with_picture("1F305"),
                        Choice::new(
                            "afternoon",
                            catalog_text!(catalogs, example_q_choice_afternoon),
                        )
                        .with_picture("2600"),
                        Choice::new("evening", catalog_text!(catalogs, example_q_choice_evening))
                            .with_picture("1F319"),
                    ],
                },
            )
            .with_picture("1F4C5"),
            Question::new(
                "change-one-thing",
                catalog_text!(catalogs, example_q_text),
                QuestionKind::FreeText,
            )
            .with_picture("1F4DD"),
        ],
    }
}

pub const SUPPORT_SURVEY_ID: &str = "what-matters-support";

/// The "what matters to you about your support" template: short, plain, and
/// using every kind of answer a person might give.
pub fn support_survey(catalogs: &[&Catalog]) -> Survey {
    let choice = |id: &str, text| Choice::new(id, text);
    let mut questions = vec![
        Question::new(
            "feel",
            catalog_text!(catalogs, support_q_feel),
            QuestionKind::PictureScale,
        )
        .with_picture("1F60A"),
        Question::new(
            "better",
            catalog_text!(catalogs, support_q_better),
            QuestionKind::MultipleChoice {
                choices: vec![
                    choice("more-time", catalog_text!(catalogs, support_q_better_time))
                        .with_picture("23F0"),
                    choice(
                        "same-people",
                        catalog_text!(catalogs, support_q_better_same),
                    )
                    .with_picture("1F465"),
                    choice("going-out", catalog_text!(catalogs, support_q_better_out))
                        .with_picture("1F6B6"),
                    choice("money", catalog_text!(catalogs, support_q_better_money))
                        .with_picture("1F4B7"),
                ],
                other: true,
            },
        )
        .with_picture("1F4A1"),
        Question::new(
            "helped-by",
            catalog_text!(catalogs, support_q_helped),
            QuestionKind::SingleChoice {
                choices: vec![
                    choice("alone", catalog_text!(catalogs, support_q_helped_alone))
                        .with_picture("1F464"),
                    choice("family", catalog_text!(catalogs, support_q_helped_family))
                        .with_picture("1F46A"),
                    choice("worker", catalog_text!(catalogs, support_q_helped_worker))
                        .with_picture("1F9D1"),
                ],
            },
        )
        .with_picture("1F91D"),
        Question::new(
            "choose-day",
            catalog_text!(catalogs, support_q_choose),
            QuestionKind::Rating {
                low_label: catalog_text!(catalogs, support_q_choose_low),
                high_label: catalog_text!(catalogs, support_q_choose_high),
            },
        )
        .with_picture("1F5D3"),
        Question::new(
            "hours",
            catalog_text!(catalogs, support_q_hours),
            QuestionKind::Number {
                min: Some(0.0),
                max: Some(168.0),
            },
        )
        .with_picture("23F1"),
        Question::new(
            "last-review",
            catalog_text!(catalogs, support_q_review),
            QuestionKind::Date,
        )
        .with_picture("1F4C5"),
        Question::new(
            "anything-else",
            catalog_text!(catalogs, support_q_else),
            QuestionKind::FreeText,
        )
        .with_picture("1F5E3"),
    ];
    questions[0].required = true;
    questions[1].show_if = Some(ShowIf::equals("feel", Answer::Feeling(Feeling::Unhappy)));
    Survey {
        id: SUPPORT_SURVEY_ID.to_owned(),
        title: catalog_text!(catalogs, support_title),
        sections: Vec::new(),
        section_per_screen: false,
        archived: false,
        questions,
    }
}

/// Every survey that ships with the app, the one most people need first.
pub fn built_in_surveys(catalogs: &[&Catalog]) -> Vec<Survey> {
    vec![
        support_survey(catalogs),
        example_survey(catalogs),
        super::action_plan(catalogs),
    ]
}
