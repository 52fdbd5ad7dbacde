//! Changes from other devices: what sync will hand the worker. They are
//! input like any other: a change that does not decode, or that would leave
//! a document unreadable, is refused and reported by document, and the
//! document stays as it was.

use automerge::{AutoCommit, Change, ChangeHash};

use super::{Documents, Entry, Outcome, doc::Doc};
use crate::{
    id::DocId,
    storage::StoredDoc,
    worker_api::FromWorker,
};

impl Documents {
    /// The changes of `id` that a device with `heads` lacks, as bytes.
    pub fn changes_since(&mut self, id: &DocId, heads: &[ChangeHash]) -> Vec<Vec<u8>> {
        match self.entries.get_mut(id) {
            Some(entry) => entry
                .doc
                .automerge_mut()
                .get_changes(heads)
                .into_iter()
                .map(|c| c.raw_bytes().to_vec())
                .collect(),
            None => Vec::new(),
        }
    }

    /// Takes another device's changes of `id`. An erased document stays
    /// erased; a document this device lacks is created from them. The
    /// driver opens a stored document first ([`Documents::needs_doc`]).
    pub fn receive(&mut self, id: DocId, changes: &[Vec<u8>]) -> Outcome {
        if self.is_erased(&id) {
            return Outcome::default();
        }
        let refused = |why: String| {
            Outcome::event(FromWorker::Refused {
                id: id.clone(),
                reason: why,
            })
        };
        let mut decoded = Vec::with_capacity(changes.len());
        for (n, bytes) in changes.iter().enumerate() {
            match Change::from_bytes(bytes.clone()) {
                Ok(change) => decoded.push(change),
                Err(e) => return refused(format!("change {n} does not decode: {e}")),
            }
        }
        let mut trial = match self.entries.get_mut(&id) {
            Some(entry) => entry.doc.automerge_mut().clone(),
            None => AutoCommit::new().with_actor(automerge::ActorId::from(self.actor)),
        };
        if let Err(e) = trial.apply_changes(decoded.clone()) {
            return refused(format!("the changes do not apply: {e}"));
        }
        // Changes whose earlier changes have not arrived wait inside
        // automerge; a document is judged once it has something to read.
        if trial.get_heads().is_empty() {
            return Outcome::default();
        }
        let checked = match Doc::from_automerge(trial) {
            Ok(doc) => doc,
            Err(e) => return refused(format!("the document would be unreadable: {e}")),
        };
        match self.entries.get_mut(&id) {
            Some(entry) => {
                if entry.doc.automerge_mut().apply_changes(decoded).is_err() {
                    return refused("the changes do not apply".into());
                }
            }
            None => {
                let stored = StoredDoc::new(id.clone());
                self.entries.insert(
                    id.clone(),
                    Entry {
                        doc: checked,
                        stored,
                    },
                );
            }
        }
        self.changed(&id)
    }

    /// Whether `id` is stored but not open yet, so it must be read before
    /// changes to it are taken.
    pub fn needs_doc(&self, id: &DocId) -> bool {
        self.known.contains_key(id) && !self.entries.contains_key(id) && !self.is_erased(id)
    }
}
