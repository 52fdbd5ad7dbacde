//! The results a survey's screen opens with, kept on the device between
//! visits so that the screen can show them before the document worker has
//! started: the worker's last answer to the plain query (every completed
//! response, no breakdown, no filter).
//!
//! Invariant: what is kept was counted from what is stored. The worker
//! keeps tables only when nothing it holds is unwritten, and storage drops
//! every kept table in the same transaction as any later write or removal
//! of a document ([`crate::storage::Storage::save_tables`]). The screen
//! still asks the worker, whose answer replaces them.

use serde::{Deserialize, Serialize};

use crate::{id::DocId, results::query::Query};

/// What is kept for one survey: the worker's answer as it sent it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedTables {
    pub responses: usize,
    /// JSON of the tables, as in [`crate::worker_api::FromWorker::Results`].
    pub tables: String,
    /// The query they answer (JSON of [`Query`]), as the screen asked it.
    pub query: String,
}

impl SavedTables {
    /// Reads what storage kept; anything else (an older app's layout, or
    /// damage) is none, and the screen waits for the worker.
    pub fn read(json: &str) -> Option<SavedTables> {
        serde_json::from_str(json).ok()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Where survey `survey` of project `project` keeps its tables.
pub fn key(project: &DocId, survey: &str) -> String {
    format!("{project}/{survey}")
}

/// Whether the answer to `query` is the one a screen opens with, and so
/// the one kept.
pub fn is_kept(query: &Query) -> bool {
    *query == Query::default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::query::By;

    #[test]
    fn only_the_plain_query_is_kept() {
        assert!(is_kept(&Query::default()));
        let mut drafts = Query::default();
        drafts.filter.drafts = true;
        assert!(!is_kept(&drafts));
        let by_mode = Query {
            by: Some(By::Mode),
            ..Query::default()
        };
        assert!(!is_kept(&by_mode));
    }

    #[test]
    fn kept_tables_read_back_and_anything_else_is_none() {
        let saved = SavedTables {
            responses: 3,
            tables: "[]".into(),
            query: "{}".into(),
        };
        assert_eq!(SavedTables::read(&saved.to_json()), Some(saved));
        for bad in [
            "",
            "null",
            "[]",
            "{\"responses\":-1}",
            "{\"tables\":1}",
            "\u{feff}",
        ] {
            assert_eq!(SavedTables::read(bad), None, "{bad:?}");
        }
    }
}
