//! Conversation guides for "tea and talk" sessions and one-to-one
//! conversations: topics, each with prompts the facilitator can use.

use serde::{Deserialize, Serialize};

use crate::i18n::Catalog;
use crate::survey::LocalText;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Guide {
    pub id: String,
    pub title: LocalText,
    pub topics: Vec<Topic>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Topic {
    pub id: String,
    pub title: LocalText,
    #[serde(default)]
    pub prompts: Vec<LocalText>,
}

impl Guide {
    pub fn topic(&self, id: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.id == id)
    }
}

pub const TEA_AND_TALK_ID: &str = "tea-and-talk";

/// The built-in "tea and talk" guide: an informal chat about daily life and
/// support, in four topics.
pub fn tea_and_talk(catalogs: &[&Catalog]) -> Guide {
    let topic = |id: &str, title, prompts| Topic {
        id: id.to_owned(),
        title,
        prompts,
    };
    Guide {
        id: TEA_AND_TALK_ID.to_owned(),
        title: catalog_text!(catalogs, guide_title),
        topics: vec![
            topic(
                "good-day",
                catalog_text!(catalogs, guide_good_day),
                vec![
                    catalog_text!(catalogs, guide_good_day_p1),
                    catalog_text!(catalogs, guide_good_day_p2),
                ],
            ),
            topic(
                "support",
                catalog_text!(catalogs, guide_support),
                vec![
                    catalog_text!(catalogs, guide_support_p1),
                    catalog_text!(catalogs, guide_support_p2),
                ],
            ),
            topic(
                "people",
                catalog_text!(catalogs, guide_people),
                vec![
                    catalog_text!(catalogs, guide_people_p1),
                    catalog_text!(catalogs, guide_people_p2),
                ],
            ),
            topic(
                "change",
                catalog_text!(catalogs, guide_change),
                vec![
                    catalog_text!(catalogs, guide_change_p1),
                    catalog_text!(catalogs, guide_change_p2),
                ],
            ),
        ],
    }
}
