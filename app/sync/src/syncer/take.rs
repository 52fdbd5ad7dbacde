//! Taking in what the relay's log holds: batches of entries, each opened,
//! checked against its tag and handed to the documents.

use std::collections::BTreeSet;

use heard_core::{
    documents::{Documents, Outcome},
    id::DocId,
    time::Timestamp,
    worker_api::ToWorker,
};
use heard_protocol::Entry;

use super::{Action, SetAside, Syncer};

/// An entry opened: its document and what it carries, or why not.
type Opened = Result<(DocId, Vec<u8>), String>;

/// A snapshot of a document this device holds, taken.
enum Merged {
    /// Merged into this device's copy.
    Taken(Outcome),
    /// In place of this device's copy (a history rewritten elsewhere).
    Replaced(Outcome),
    /// It did not load.
    SetAside,
}

impl Syncer {
    pub(super) fn take_batch(
        &mut self,
        entries: Vec<Entry>,
        more: bool,
        docs: &mut Documents,
        now: Timestamp,
        out: &mut Vec<Action>,
    ) {
        // Stored documents the entries change are read first.
        let opened: Vec<(Entry, Opened)> = entries
            .into_iter()
            .map(|e| {
                let opened = self.keys.open(&e);
                (e, opened)
            })
            .collect();
        let needed: BTreeSet<DocId> = opened
            .iter()
            .filter_map(|(_, o)| o.as_ref().ok().map(|(doc, _)| doc.clone()))
            .filter(|doc| docs.needs_doc(doc))
            .collect();
        if !needed.is_empty() {
            self.stalled = Some((opened.into_iter().map(|(e, _)| e).collect(), more));
            self.pull = None;
            out.push(Action::Open(needed.into_iter().collect()));
            return;
        }
        let mut changed = Vec::new();
        let mut more = more;
        for (entry, opened) in opened {
            if entry.seq <= self.state.cursor {
                continue;
            }
            if entry.kind == heard_protocol::BlobKind::Snapshot && self.snapshot_in_flight(&entry) {
                self.hold_pulls = true;
                more = true;
                break;
            }
            if !self.own.remove(&entry.id) {
                match opened {
                    Ok((doc, payload)) => {
                        if let Some(outcome) = self.take(&entry, &doc, &payload, docs, now) {
                            changed.extend(outcome.dirty.clone());
                            out.push(Action::Documents(Box::new(outcome)));
                        }
                    }
                    Err(reason) => self.set_aside.push(SetAside {
                        seq: entry.seq,
                        doc: None,
                        reason,
                    }),
                }
            }
            self.state.cursor = entry.seq;
        }
        self.head = self.head.max(self.state.cursor);
        out.push(Action::SaveState {
            state: self.state.clone(),
            after: changed,
        });
        self.pull = None;
        if more {
            self.head = self.head.max(self.state.cursor + 1);
        }
        self.pull_next(out);
    }

    /// Whether this device's own snapshot of the entry's document is on its
    /// way to the relay, not yet acknowledged.
    fn snapshot_in_flight(&self, entry: &Entry) -> bool {
        self.push.as_ref().is_some_and(|push| {
            push.snapshot
                && push
                    .docs
                    .iter()
                    .any(|pushed| self.keys.tag(&pushed.doc) == entry.tag)
        })
    }

    /// Takes one entry into the documents.
    fn take(
        &mut self,
        entry: &Entry,
        doc: &DocId,
        payload: &[u8],
        docs: &mut Documents,
        now: Timestamp,
    ) -> Option<Outcome> {
        use heard_protocol::BlobKind;
        if self.keys.tag(doc) != entry.tag {
            self.put_aside(entry, doc, "the blob names another document than its tag");
            return None;
        }
        // Whether everything of this document made here is on the relay:
        // then, once the entry is in, so is everything the device holds.
        let all_pushed = docs.durable_heads(doc).is_none_or(|durable| {
            durable.is_empty() || self.state.docs.get(doc).is_some_and(|s| s.is_at(&durable))
        });
        let outcome = match entry.kind {
            BlobKind::Tombstone => {
                let outcome = docs.handle(ToWorker::Erase { id: doc.clone() });
                self.state.docs.entry(doc.clone()).or_default().erased = true;
                return Some(outcome);
            }
            BlobKind::Changes => match crate::payload::decode(payload) {
                Ok(changes) => docs.receive(doc.clone(), &changes),
                Err(e) => {
                    self.put_aside(entry, doc, format!("the changes in it do not read: {e:?}"));
                    return None;
                }
            },
            BlobKind::Snapshot => {
                let known = self.state.docs.get(doc).map_or(0, |s| s.snapshot_seq);
                if entry.seq < known {
                    return None;
                }
                if !docs.is_open(doc) && !docs.needs_doc(doc) {
                    // A document this device lacks (nearly every one, when
                    // joining): loaded whole, not applied change by change,
                    // which costs twice as much.
                    docs.replace(doc.clone(), payload, now)
                } else {
                    match self.merge_snapshot(entry, doc, payload, docs, now) {
                        Merged::Taken(outcome) => outcome,
                        Merged::Replaced(outcome) => return Some(outcome),
                        Merged::SetAside => return None,
                    }
                }
            }
        };
        self.taken(entry, doc, all_pushed, &outcome, docs);
        Some(outcome)
    }

    /// What taking an entry changed in the sync state.
    fn taken(
        &mut self,
        entry: &Entry,
        doc: &DocId,
        all_pushed: bool,
        outcome: &Outcome,
        docs: &mut Documents,
    ) {
        if let Some(reason) = &outcome.changes_refused {
            self.put_aside(entry, doc, reason);
            return;
        }
        if self.project_doc.is_none() && docs.is_project(doc) {
            self.project_doc = Some(doc.clone());
        }
        let heads = all_pushed.then(|| docs.current_heads(doc)).flatten();
        let synced = self.state.docs.entry(doc.clone()).or_default();
        if entry.kind == heard_protocol::BlobKind::Snapshot {
            synced.snapshot_seq = synced.snapshot_seq.max(entry.seq);
            synced.entries = 0;
        } else {
            synced.entries += 1;
        }
        if let Some(heads) = heads {
            synced.set_heads(&heads);
        }
    }

    /// Sets `entry` of `doc` aside, with why: the rest of the sync goes on.
    fn put_aside(&mut self, entry: &Entry, doc: &DocId, reason: impl Into<String>) {
        self.set_aside.push(SetAside {
            seq: entry.seq,
            doc: Some(doc.clone()),
            reason: reason.into(),
        });
    }

    /// Takes a snapshot of a document this device holds: merged, or, if it
    /// is a history rewritten elsewhere, in place of this device's copy.
    fn merge_snapshot(
        &mut self,
        entry: &Entry,
        doc: &DocId,
        payload: &[u8],
        docs: &mut Documents,
        now: Timestamp,
    ) -> Merged {
        let loaded = automerge::AutoCommit::load(payload).map(|mut d| {
            let changes = d
                .get_changes(&[])
                .into_iter()
                .map(|c| c.raw_bytes().to_vec())
                .collect::<Vec<_>>();
            (changes, d.get_heads())
        });
        let (changes, heads) = match loaded {
            Ok(loaded) => loaded,
            Err(e) => {
                self.put_aside(entry, doc, format!("the snapshot in it does not load: {e}"));
                return Merged::SetAside;
            }
        };
        let taken = docs.receive(doc.clone(), &changes);
        if !taken.superseded {
            return Merged::Taken(taken);
        }
        // A history rewritten elsewhere (words withdrawn) replaces this
        // device's copy; what this device carries over to it is not on the
        // relay yet.
        let replaced = docs.replace(doc.clone(), payload, now);
        match &replaced.changes_refused {
            None => {
                let synced = self.state.docs.entry(doc.clone()).or_default();
                synced.set_heads(&heads);
                synced.snapshot_seq = entry.seq;
                synced.entries = 0;
            }
            Some(reason) => self.put_aside(entry, doc, reason),
        }
        Merged::Replaced(replaced)
    }
}
