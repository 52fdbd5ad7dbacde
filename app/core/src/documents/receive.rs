//! Changes from other devices: what sync will hand the worker. They are
//! input like any other: a change that does not decode, or that would leave
//! a document unreadable, is refused and reported by document, and the
//! document stays as it was.

use automerge::{AutoCommit, Change, ChangeHash};

use super::{Documents, Entry, Outcome, doc::Doc};
use crate::{id::DocId, storage::StoredDoc};

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
        let refused = |why: String| Outcome {
            changes_refused: Some(format!("{}: {why}", id.short())),
            ..Outcome::default()
        };
        let mut decoded = Vec::with_capacity(changes.len());
        for (n, bytes) in changes.iter().enumerate() {
            match Change::from_bytes(bytes.clone()) {
                Ok(change) => decoded.push(change),
                Err(e) => return refused(format!("change {n} does not decode: {e}")),
            }
        }
        // A document has one first change. Another one is from a history
        // this device rewrote to withdraw someone's words: never taken.
        let foreign_root = self.entries.get_mut(&id).is_some_and(|entry| {
            let doc = entry.doc.automerge_mut();
            decoded
                .iter()
                .any(|c| c.deps().is_empty() && doc.get_change_by_hash(&c.hash()).is_none())
        });
        if foreign_root {
            return Outcome {
                superseded: true,
                ..Outcome::default()
            };
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
        let (checked, summary) = match Doc::from_automerge_summarised(trial) {
            Ok(checked) => checked,
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
                        media: super::media::Media::default(),
                        indexed: None,
                        row_made: None,
                    },
                );
            }
        }
        // The trial is the document with the changes applied: its summary
        // is the document's.
        self.changed_to(&id, Some(summary))
    }

    /// Whether `id` is stored but not open yet, so it must be read before
    /// changes to it are taken.
    pub fn needs_doc(&self, id: &DocId) -> bool {
        self.known.contains_key(id) && !self.entries.contains_key(id) && !self.is_erased(id)
    }
}

#[cfg(test)]
mod tests {
    use automerge::{ROOT, ReadDoc, transaction::Transactable};

    use super::*;
    use crate::{project::Project, summary::Summary, time::Timestamp, worker_api::ToWorker};

    fn id() -> DocId {
        DocId::from_random([7; 16])
    }

    /// A device with one project, and a second device's copy of it.
    fn devices() -> (Documents, AutoCommit) {
        let (mut docs, _) = Documents::start([1; 16], Vec::new());
        docs.handle(ToWorker::SaveProject {
            id: id(),
            project: Project::new("Carers", Timestamp(1)),
            base: None,
            now: Timestamp(1),
        });
        let mut other = AutoCommit::new().with_actor(automerge::ActorId::from([2u8; 16]));
        other
            .apply_changes(
                docs.changes_since(&id(), &[])
                    .into_iter()
                    .map(|b| Change::from_bytes(b).unwrap()),
            )
            .unwrap();
        (docs, other)
    }

    fn name(docs: &Documents) -> String {
        match docs.summaries().into_iter().next() {
            Some((_, Summary::Project(p))) => p.name,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bad_changes_are_refused_by_document_and_change_nothing() {
        type Make = fn(&mut AutoCommit) -> Vec<Vec<u8>>;
        let cases: [(&str, Make, &str); 4] = [
            (
                "not a change",
                |_| vec![b"hello".to_vec()],
                "change 0 does not decode",
            ),
            (
                "cut short",
                |d| {
                    d.put(ROOT, "x", 1).unwrap();
                    d.commit();
                    let mut bytes = d.get_last_local_change().unwrap().raw_bytes().to_vec();
                    bytes.truncate(bytes.len() / 2);
                    vec![bytes]
                },
                "does not decode",
            ),
            (
                "data no longer a map",
                |d| {
                    d.put(ROOT, "data", 5).unwrap();
                    d.commit();
                    vec![d.get_last_local_change().unwrap().raw_bytes().to_vec()]
                },
                "would be unreadable",
            ),
            (
                "a kind it is not",
                |d| {
                    d.put(ROOT, "type", "session").unwrap();
                    d.commit();
                    vec![d.get_last_local_change().unwrap().raw_bytes().to_vec()]
                },
                "would be unreadable",
            ),
        ];
        for (what, make, reason) in cases {
            let (mut docs, mut other) = devices();
            let before = docs.changes_since(&id(), &[]).len();
            let outcome = docs.receive(id(), &make(&mut other));
            match &outcome.changes_refused {
                Some(why) => {
                    assert!(
                        why.starts_with(id().short()),
                        "{what}: names the document: {why}"
                    );
                    assert!(why.contains(reason), "{what}: {why}");
                }
                None => panic!("{what}: {outcome:?}"),
            }
            assert!(outcome.events.is_empty(), "{what}");
            assert_eq!(outcome.dirty, None, "{what}: nothing to write");
            assert_eq!(
                docs.changes_since(&id(), &[]).len(),
                before,
                "{what}: unchanged"
            );
            assert_eq!(name(&docs), "Carers", "{what}");
        }
    }

    #[test]
    fn a_good_change_is_taken_and_an_erased_document_stays_erased() {
        let (mut docs, mut other) = devices();
        let data = match other.get(ROOT, "data").unwrap() {
            Some((_, data)) => data,
            None => panic!(),
        };
        let (_, name_text) = other.get(&data, "name").unwrap().unwrap();
        other.splice_text(&name_text, 6, 0, " forum").unwrap();
        other.commit();
        let change = vec![other.get_last_local_change().unwrap().raw_bytes().to_vec()];
        let outcome = docs.receive(id(), &change);
        assert_eq!(outcome.dirty, Some(id()));
        assert_eq!(name(&docs), "Carers forum");
        docs.handle(ToWorker::Erase { id: id() });
        let outcome = docs.receive(id(), &change);
        assert_eq!(outcome, Outcome::default());
        assert!(docs.summaries().is_empty());
    }
}
