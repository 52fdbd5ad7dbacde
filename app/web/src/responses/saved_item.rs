//! What a saved item is, in the words its list shows it by, for the notices
//! about items that cannot be shown (damaged, or made by a newer version of
//! Heard): a coordinator reads which response, project or session it is,
//! never its internal id. Worked out when the notice is made, as the item
//! then leaves the lists.

use heard_core::{i18n::fill, id::DocId, time::Timestamp};
use leptos::prelude::*;

use super::Responses;
use crate::{browser, i18n::Language};

#[derive(Clone, Debug, PartialEq)]
pub enum SavedItem {
    Response {
        project: Option<DocId>,
        survey: String,
        started: Timestamp,
    },
    Project {
        name: String,
    },
    Session {
        project: DocId,
        guide: String,
        date: String,
    },
    /// Nothing of it was readable, not even its summary.
    Unknown,
}

impl Responses {
    /// What the item whose id starts `short` is, from the lists.
    pub(super) fn saved_item(self, short: &str) -> SavedItem {
        let is = |id: &DocId| id.short() == short;
        if let Some(s) = self
            .list
            .with_untracked(|l| l.iter().find(|(id, _)| is(id)).map(|(_, s)| s.clone()))
        {
            return SavedItem::Response {
                project: s.project,
                survey: s.survey,
                started: s.started,
            };
        }
        if let Some(name) = self
            .projects
            .with_untracked(|l| l.iter().find(|(id, _)| is(id)).map(|(_, p)| p.name.clone()))
        {
            return SavedItem::Project { name };
        }
        self.sessions
            .with_untracked(|l| {
                l.iter()
                    .find(|(id, _)| is(id))
                    .map(|(_, s)| SavedItem::Session {
                        project: s.project.clone(),
                        guide: s.guide.clone(),
                        date: s.date.clone(),
                    })
            })
            .unwrap_or(SavedItem::Unknown)
    }

    /// `item` in the page's language: "The response to “Your support”
    /// started 1 Dec 2026, 14:05".
    pub fn describe(self, item: &SavedItem, language: Language) -> String {
        let t = language.messages();
        let locale = language.locale();
        match item {
            SavedItem::Response {
                project,
                survey,
                started,
            } => {
                let title = project
                    .as_ref()
                    .and_then(|p| self.project(p))
                    .and_then(|p| p.survey(survey).map(|s| s.title.get(locale).0.to_owned()));
                match title {
                    Some(title) => fill(
                        t.saved_response,
                        &[
                            ("survey", &title),
                            ("date", &browser::format_date(*started, locale.tag())),
                        ],
                    ),
                    None => t.saved_unknown.to_owned(),
                }
            }
            SavedItem::Project { name } => fill(t.saved_project, &[("name", name)]),
            SavedItem::Session {
                project,
                guide,
                date,
            } => {
                let guide = self
                    .project(project)
                    .and_then(|p| p.guide(guide).map(|g| g.title.get(locale).0.to_owned()))
                    .unwrap_or_else(|| guide.clone());
                let date = if date.is_empty() {
                    t.project_session_undated.to_owned()
                } else {
                    browser::format_day(date, locale.tag())
                };
                fill(t.saved_session, &[("guide", &guide), ("date", &date)])
            }
            SavedItem::Unknown => t.saved_unknown.to_owned(),
        }
    }
}
