//! What sync asks of the documents: which of them belong to a project, what
//! of each is durable on this device (only that may leave it), and taking a
//! document another device rewrote into a fresh history.

use automerge::{AutoCommit, ChangeHash};

use super::doc::{PROJECT, SESSION};
use super::{Documents, Outcome, doc::Doc};
use crate::{
    history,
    id::DocId,
    json_doc::{Context, Edit, JsonDoc, diff},
    summary::Summary,
    time::Timestamp,
};

impl Documents {
    /// Every document of the project `project` this device knows, erased
    /// ones excepted: the project itself, its sessions and its responses.
    pub fn project_docs(&self, project: &DocId) -> Vec<DocId> {
        self.known
            .iter()
            .filter(|(id, summary)| match summary {
                Some(Summary::Project(_)) => *id == project,
                Some(Summary::Session(s)) => s.project == *project,
                Some(Summary::Response(r)) => r.project.as_ref() == Some(project),
                _ => false,
            })
            .map(|(id, _)| id.clone())
            .collect()
    }

    /// Whether `id` is a project.
    pub fn is_project(&self, id: &DocId) -> bool {
        matches!(self.known.get(id), Some(Some(Summary::Project(_))))
    }

    /// The heads of `id` in memory, written or not.
    pub fn current_heads(&mut self, id: &DocId) -> Option<Vec<ChangeHash>> {
        self.entries
            .get_mut(id)
            .map(|e| e.doc.automerge_to_store().get_heads())
    }

    /// Whether `id` holds a history rewritten from another (someone's words
    /// withdrawn): a device offers it whole, as a snapshot, never as
    /// changes, since another device holding an older history takes only a
    /// snapshot in place of its own.
    pub fn is_rewritten(&mut self, id: &DocId) -> bool {
        self.entries
            .get_mut(id)
            .is_some_and(|e| !history::name(e.doc.automerge_to_store()).is_empty())
    }

    /// Which history `id` holds, if it is open.
    pub fn lineage(&mut self, id: &DocId) -> Option<history::Lineage> {
        self.entries
            .get_mut(id)
            .map(|e| history::lineage(e.doc.automerge_to_store()))
    }

    /// Whether `id` is open (loaded from storage or made here).
    pub fn is_open(&self, id: &DocId) -> bool {
        self.entries.contains_key(id)
    }

    /// The heads of what of `id` is on this device's storage.
    pub fn durable_heads(&self, id: &DocId) -> Option<Vec<ChangeHash>> {
        self.entries
            .get(id)
            .map(|e| e.stored.durable_heads().to_vec())
    }

    /// Whether `id` holds every change of `heads`: false once it was
    /// rewritten into a fresh history (words withdrawn) after them.
    pub fn holds(&mut self, id: &DocId, heads: &[ChangeHash]) -> bool {
        self.entries.get_mut(id).is_some_and(|e| {
            let doc = e.doc.automerge_to_store();
            heads.iter().all(|h| doc.get_change_by_hash(h).is_some())
        })
    }

    /// The changes of `id` on this device's storage that a device with
    /// `heads` lacks, as bytes (changes not yet written here stay).
    pub fn durable_changes_since(&mut self, id: &DocId, heads: &[ChangeHash]) -> Vec<Vec<u8>> {
        let Some(entry) = self.entries.get_mut(id) else {
            return Vec::new();
        };
        let durable = entry.stored.durable_heads().to_vec();
        let doc = entry.doc.automerge_to_store();
        let unwritten: std::collections::BTreeSet<ChangeHash> = doc
            .get_changes(&durable)
            .into_iter()
            .map(|c| c.hash())
            .collect();
        doc.get_changes(heads)
            .into_iter()
            .filter(|c| !unwritten.contains(&c.hash()))
            .map(|c| c.raw_bytes().to_vec())
            .collect()
    }

    /// The whole of `id` as this device's storage holds it, as one saved
    /// document (for a device that must replace its copy).
    pub fn durable_snapshot(&mut self, id: &DocId) -> Option<Vec<u8>> {
        let entry = self.entries.get_mut(id)?;
        let durable = entry.stored.durable_heads().to_vec();
        let doc = entry.doc.automerge_to_store();
        if durable.is_empty() {
            return None;
        }
        if doc.get_heads() == durable {
            return Some(doc.save());
        }
        doc.fork_at(&durable).ok().map(|mut d| d.save())
    }

    /// Takes `bytes`, a saved copy of `id` that another device rewrote into
    /// a fresh history, in place of this device's copy and its history. A
    /// copy that does not load, or is another kind of document, is refused
    /// and changes nothing; an erased document stays erased. What this
    /// device changed since the history the rewrite was made from is made
    /// again on the new one (for projects and sessions), and an item this
    /// device withdrew that the new copy still holds is withdrawn again.
    pub fn replace(&mut self, id: DocId, bytes: &[u8], now: Timestamp) -> Outcome {
        if self.is_erased(&id) {
            return Outcome::default();
        }
        let refused = |why: &str| Outcome {
            changes_refused: Some(format!("{}: {why}", id.short())),
            ..Outcome::default()
        };
        let Ok(loaded) = AutoCommit::load(bytes) else {
            return refused("the rewritten copy does not load");
        };
        let actor = crate::history::actor(&self.actor, &loaded);
        let loaded = loaded.with_actor(actor);
        let doc = match Doc::from_automerge(loaded) {
            Ok(doc) => doc,
            Err(e) => return refused(&format!("the rewritten copy is unreadable: {e}")),
        };
        let same_kind = matches!(
            (self.entries.get(&id).map(|e| &e.doc), &doc),
            (None, _)
                | (Some(Doc::Response(_)), Doc::Response(_))
                | (Some(Doc::Project(_)), Doc::Project(_))
                | (Some(Doc::Session(_)), Doc::Session(_))
        );
        if !same_kind {
            return refused("the rewritten copy is another kind of document");
        }
        let mut doc = doc;
        let (edits, withdrawn) = match self.entries.get_mut(&id) {
            Some(entry) => carried_over(&mut entry.doc, &mut doc),
            None => (Vec::new(), Vec::new()),
        };
        match self.entries.get_mut(&id) {
            Some(entry) => {
                entry.doc = doc;
                entry.stored.replace_history();
            }
            None => self.insert(id.clone(), doc),
        }
        if !edits.is_empty()
            && let Some(Doc::Project(json) | Doc::Session(json)) =
                self.entries.get_mut(&id).map(|e| &mut e.doc)
        {
            let _ = json.edit(&edits, now);
        }
        let mut outcome = self.changed(&id);
        for item in withdrawn {
            let again = self.withdraw(id.clone(), &item, now);
            outcome.events.extend(again.events);
        }
        outcome
    }
}

/// What this device's copy `local` holds that the rewritten copy `incoming`
/// must get: the edits made here since the history the rewrite was made
/// from, and the items withdrawn here that it still holds.
fn carried_over(local: &mut Doc, incoming: &mut Doc) -> (Vec<Edit>, Vec<String>) {
    let theirs = history::withdrawn(incoming.automerge_to_store());
    let withdrawn: Vec<String> = history::withdrawn(local.automerge_to_store())
        .into_iter()
        .filter(|item| !theirs.contains(item))
        .collect();
    let from = history::rewritten_from(incoming.automerge_to_store());
    let edits = match local {
        Doc::Project(json) => edits_since(json, &from, PROJECT),
        Doc::Session(json) => edits_since(json, &from, SESSION),
        _ => Vec::new(),
    };
    (edits, withdrawn)
}

/// The edits `json` holds since `from` (as much of it as this copy has).
fn edits_since(json: &mut JsonDoc, from: &[ChangeHash], kind: &str) -> Vec<Edit> {
    let doc = json.automerge_to_store();
    let known: Vec<ChangeHash> = from
        .iter()
        .filter(|h| doc.get_change_by_hash(h).is_some())
        .copied()
        .collect();
    if known.is_empty() {
        return Vec::new();
    }
    let Some(base) = doc
        .fork_at(&known)
        .ok()
        .and_then(|fork| JsonDoc::from_automerge(fork, kind).ok())
    else {
        return Vec::new();
    };
    diff(base.json(), json.json(), Context::default())
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use super::*;
    use crate::{
        documents::flush, project::Project, session::Session, storage::MemoryStorage,
        time::Timestamp, worker_api::ToWorker,
    };

    fn id(n: u8) -> DocId {
        DocId::from_random([n; 16])
    }

    fn with_project() -> Documents {
        let mut docs = Documents::start([1; 16], Vec::new()).0;
        docs.handle(ToWorker::SaveProject {
            id: id(1),
            project: Project::new("Carers", Timestamp(1)),
            base: None,
            now: Timestamp(1),
        });
        docs
    }

    #[test]
    fn a_project_holds_itself_its_sessions_and_its_responses() {
        let mut docs = with_project();
        docs.handle(ToWorker::SaveSession {
            id: id(2),
            session: Session::new(id(1), "g", "", Timestamp(1)),
            base: None,
            now: Timestamp(1),
        });
        docs.handle(ToWorker::SaveSession {
            id: id(3),
            session: Session::new(id(9), "g", "", Timestamp(1)),
            base: None,
            now: Timestamp(1),
        });
        assert_eq!(docs.project_docs(&id(1)), vec![id(1), id(2)]);
        docs.handle(ToWorker::Erase { id: id(2) });
        assert_eq!(docs.project_docs(&id(1)), vec![id(1)]);
    }

    #[test]
    fn only_what_is_written_here_is_shared() {
        pollster::block_on(async {
            let storage = MemoryStorage::new();
            let docs = RefCell::new(with_project());
            assert!(
                docs.borrow_mut()
                    .durable_changes_since(&id(1), &[])
                    .is_empty(),
                "nothing is written yet"
            );
            flush(&docs, &storage, &id(1)).await.unwrap();
            assert_eq!(
                docs.borrow_mut().durable_changes_since(&id(1), &[]).len(),
                1
            );
            docs.borrow_mut().handle(ToWorker::SaveProject {
                id: id(1),
                project: Project::new("Carers' group", Timestamp(2)),
                base: None,
                now: Timestamp(2),
            });
            assert_eq!(
                docs.borrow_mut().durable_changes_since(&id(1), &[]).len(),
                1
            );
            flush(&docs, &storage, &id(1)).await.unwrap();
            assert_eq!(
                docs.borrow_mut().durable_changes_since(&id(1), &[]).len(),
                2
            );
            let heads = docs.borrow().durable_heads(&id(1)).unwrap();
            assert!(
                docs.borrow_mut()
                    .durable_changes_since(&id(1), &heads)
                    .is_empty()
            );
            assert!(docs.borrow_mut().holds(&id(1), &heads));
        });
    }

    #[test]
    fn a_rewritten_copy_replaces_the_document_and_bad_ones_change_nothing() {
        pollster::block_on(async {
            let storage = MemoryStorage::new();
            let docs = RefCell::new(with_project());
            flush(&docs, &storage, &id(1)).await.unwrap();
            let old_heads = docs.borrow().durable_heads(&id(1)).unwrap();
            let mut other = Documents::start([2; 16], Vec::new()).0;
            other.handle(ToWorker::SaveProject {
                id: id(1),
                project: Project::new("Rewritten", Timestamp(3)),
                base: None,
                now: Timestamp(3),
            });
            let other_docs = RefCell::new(other);
            flush(&other_docs, &storage, &id(1)).await.unwrap();
            let good = other_docs.borrow_mut().durable_snapshot(&id(1)).unwrap();
            let mut session = Documents::start([3; 16], Vec::new()).0;
            session.handle(ToWorker::SaveSession {
                id: id(1),
                session: Session::new(id(1), "g", "", Timestamp(1)),
                base: None,
                now: Timestamp(1),
            });
            let session_copy = session
                .entries
                .get_mut(&id(1))
                .unwrap()
                .doc
                .automerge_mut()
                .save();
            let cases: [(&str, Vec<u8>, &str); 3] = [
                ("garbage", vec![1, 2, 3], "does not load"),
                (
                    "truncated",
                    good[..good.len() / 2].to_vec(),
                    "does not load",
                ),
                ("another kind", session_copy, "another kind"),
            ];
            for (name, bytes, why) in cases {
                let outcome = docs.borrow_mut().replace(id(1), &bytes, Timestamp(5));
                let refused = outcome.changes_refused.unwrap_or_default();
                assert!(refused.contains(why), "{name}: {refused}");
                assert!(docs.borrow_mut().holds(&id(1), &old_heads), "{name}");
            }
            let outcome = docs.borrow_mut().replace(id(1), &good, Timestamp(5));
            assert_eq!(outcome.changes_refused, None);
            assert!(!docs.borrow_mut().holds(&id(1), &old_heads));
            match docs.borrow().summaries().into_iter().next() {
                Some((_, Summary::Project(p))) => assert_eq!(p.name, "Rewritten"),
                other => panic!("{other:?}"),
            }
            docs.borrow_mut().handle(ToWorker::Erase { id: id(1) });
            let after = docs.borrow_mut().replace(id(1), &good, Timestamp(5));
            assert!(after.events.is_empty() && docs.borrow().is_erased(&id(1)));
        });
    }
}

#[cfg(test)]
mod rewrite_tests {
    use super::*;
    use crate::{
        session::{Card, Session},
        worker_api::ToWorker,
    };

    fn id(n: u8) -> DocId {
        DocId::from_random([n; 16])
    }

    fn card(n: u8, text: &str) -> Card {
        Card {
            id: format!("c{n}"),
            text: text.into(),
            quote: false,
            feeling: None,
            topic: None,
            audio: None,
            created: Timestamp(1),
            device: None,
        }
    }

    fn snapshot(docs: &mut Documents, doc: &DocId) -> Vec<u8> {
        docs.entries
            .get_mut(doc)
            .unwrap()
            .doc
            .automerge_to_store()
            .save()
    }

    /// Every change of a saved document, as another device receives them.
    fn changes_in(saved: &[u8]) -> Vec<Vec<u8>> {
        AutoCommit::load(saved)
            .unwrap()
            .get_changes(&[])
            .into_iter()
            .map(|c| c.raw_bytes().to_vec())
            .collect()
    }

    fn cards(docs: &Documents) -> Vec<String> {
        match docs.summaries().into_iter().find(|(d, _)| *d == id(1)) {
            Some((_, Summary::Session(s))) => s.cards.iter().map(|c| c.text.clone()).collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn rewrites_made_at_once_on_two_devices_end_without_either_withdrawn_card() {
        let mut a = Documents::start([1; 16], Vec::new()).0;
        let mut session = Session::new(id(9), "g", "", Timestamp(1));
        session.cards = vec![card(1, "one"), card(2, "two"), card(3, "three")];
        a.handle(ToWorker::SaveSession {
            id: id(1),
            session,
            base: None,
            now: Timestamp(1),
        });
        let history = a.changes_since(&id(1), &[]);
        let mut b = Documents::start([2; 16], Vec::new()).0;
        let mut c = Documents::start([3; 16], Vec::new()).0;
        b.receive(id(1), &history);
        c.receive(id(1), &history);
        b.withdraw(id(1), "c1", Timestamp(2));
        c.withdraw(id(1), "c2", Timestamp(3));
        let (from_b, from_c) = (snapshot(&mut b, &id(1)), snapshot(&mut c, &id(1)));
        // A, on the old history, takes B's rewrite, then C's.
        let taken = a.receive(id(1), &changes_in(&from_b));
        assert!(taken.superseded, "{taken:?}");
        a.replace(id(1), &from_b, Timestamp(4));
        assert_eq!(cards(&a), ["two", "three"]);
        let taken = a.receive(id(1), &changes_in(&from_c));
        assert!(taken.superseded, "{taken:?}");
        a.replace(id(1), &from_c, Timestamp(5));
        assert_eq!(cards(&a), ["three"], "c1 withdrawn again from C's rewrite");
    }
}
