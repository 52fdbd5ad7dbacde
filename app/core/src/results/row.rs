//! What results need of one response beyond its summary: its pseudonymous
//! respondent id and its answers. A response's row is written beside it in
//! the same atomic write as its chunks (derived data, like the summary
//! index), so the results of thousands of responses are read from one store
//! instead of by opening every document.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::Answers;
use crate::response::ResponseDoc;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ResponseRow {
    pub respondent: String,
    /// Every answer that could be read; one that could not is left out, as
    /// the export leaves it out.
    pub answers: std::rc::Rc<Answers>,
    /// The questions whose text from this response is marked as a quote
    /// to share.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub quotes: BTreeSet<String>,
}

impl ResponseRow {
    pub fn of(doc: &ResponseDoc) -> ResponseRow {
        ResponseRow {
            respondent: doc.setup().map(|s| s.respondent).unwrap_or_default(),
            answers: std::rc::Rc::new(
                doc.answered_questions()
                    .into_iter()
                    .filter_map(|q| Some((q.clone(), doc.answer(&q).ok()??)))
                    .collect(),
            ),
            quotes: doc.quotes(),
        }
    }
}
