//! The co-production action-plan template: the questions a group works
//! through to turn what it heard into a plan, each answered in its own words.

use super::{LocalText, Question, QuestionKind, Section, Survey};
use crate::i18n::Catalog;

pub const ACTION_PLAN_ID: &str = "action-plan";

pub fn action_plan(catalogs: &[&Catalog]) -> Survey {
    let ask = |id: &str, text: LocalText, section: &str| {
        let mut question = Question::new(id, text, QuestionKind::FreeText);
        question.section = Some(section.to_owned());
        question
    };
    Survey {
        id: ACTION_PLAN_ID.to_owned(),
        title: catalog_text!(catalogs, plan_title),
        section_per_screen: true,
        archived: false,
        sections: vec![
            Section {
                id: "why".into(),
                title: catalog_text!(catalogs, plan_section_why),
            },
            Section {
                id: "how".into(),
                title: catalog_text!(catalogs, plan_section_how),
            },
            Section {
                id: "results".into(),
                title: catalog_text!(catalogs, plan_section_results),
            },
        ],
        questions: vec![
            ask("challenge", catalog_text!(catalogs, plan_challenge), "why"),
            ask("outcome", catalog_text!(catalogs, plan_outcome), "why"),
            ask(
                "activities",
                catalog_text!(catalogs, plan_activities),
                "how",
            ),
            ask("who", catalog_text!(catalogs, plan_who), "how"),
            ask("resources", catalog_text!(catalogs, plan_resources), "how"),
            ask("outputs", catalog_text!(catalogs, plan_outputs), "results"),
            ask(
                "short-term",
                catalog_text!(catalogs, plan_short_term),
                "results",
            ),
            ask(
                "medium-term",
                catalog_text!(catalogs, plan_medium_term),
                "results",
            ),
            ask(
                "assumptions",
                catalog_text!(catalogs, plan_assumptions),
                "results",
            ),
        ],
    }
}
