//! Taking a sync file into the documents, entry by entry, the way entries
//! from the relay are taken ([`crate::Syncer`]): each is opened with the
//! project's keys and handed to [`Documents::receive`], which checks it per
//! document; a tombstone erases; a snapshot of a history rewritten
//! elsewhere (someone's words withdrawn) replaces this device's copy. An
//! entry that does not open or apply is set aside by document, and the rest
//! goes on. What this device already holds changes nothing, so a file
//! imported twice changes nothing the second time.
//!
//! One thing differs from the relay: a file has no log order to say which
//! of two histories of a document is the newer, so [`incoming_wins`] decides
//! it from the histories themselves.

use std::collections::BTreeSet;

use automerge::{AutoCommit, Change, ChangeHash};
use heard_core::{
    documents::{Documents, Outcome},
    history::{self, Lineage},
    id::DocId,
    time::Timestamp,
    worker_api::ToWorker,
};
use heard_protocol::BlobKind;

use super::format::{FileEntry, SyncFile};
use crate::sealed::Keys;

/// An entry that could not be taken, and why (the reason names no content).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileSetAside {
    pub doc: DocId,
    pub reason: String,
}

/// What importing a file did.
#[derive(Debug, Default, PartialEq)]
pub struct ImportReport {
    /// The project's document, if the file holds it.
    pub project: Option<DocId>,
    /// Documents that took something from the file: merged, replaced or
    /// erased.
    pub taken: Vec<DocId>,
    /// Entries that changed nothing: already here, or an older history of
    /// a document than this device's.
    pub unchanged: usize,
    pub set_aside: Vec<FileSetAside>,
    /// Recordings the file's documents name, opened and checked, for the
    /// driver to store.
    pub recordings: Vec<(heard_core::storage::BlobKey, Vec<u8>)>,
}

enum Taken {
    Changed(Box<Outcome>),
    Unchanged,
    SetAside(String),
}

impl SyncFile {
    /// The stored documents the file changes, to open before it is taken.
    pub fn needs(&self, docs: &Documents) -> Vec<DocId> {
        let needed: BTreeSet<DocId> = self
            .entries
            .iter()
            .filter(|e| docs.needs_doc(&e.doc))
            .map(|e| e.doc.clone())
            .collect();
        needed.into_iter().collect()
    }

    /// Takes every entry into `docs`. The outcomes are for the driver to
    /// write (and tell the screens) as for changes from the relay; the
    /// import is done once they are all written.
    pub fn import(
        &self,
        keys: &Keys,
        docs: &mut Documents,
        now: Timestamp,
    ) -> (Vec<Outcome>, ImportReport) {
        let mut outcomes = Vec::new();
        let mut report = ImportReport::default();
        for entry in &self.entries {
            match take(keys, entry, docs, now) {
                Taken::Changed(outcome) => {
                    report.taken.push(entry.doc.clone());
                    outcomes.push(*outcome);
                }
                Taken::Unchanged => report.unchanged += 1,
                Taken::SetAside(reason) => {
                    report.set_aside.push(FileSetAside {
                        doc: entry.doc.clone(),
                        reason,
                    });
                    continue;
                }
            }
            if report.project.is_none() && docs.is_project(&entry.doc) {
                report.project = Some(entry.doc.clone());
            }
        }
        // Recordings after the documents, so that each is kept only for a
        // document that names it as it is now.
        for recording in &self.recordings {
            match keys.open_media(&recording.doc, &recording.sealed) {
                Ok(bytes) => {
                    let blob = heard_core::storage::BlobKey::for_bytes(&recording.doc, &bytes);
                    if docs.refers_to(&recording.doc, &blob.hash) {
                        docs.recording_stored(&blob);
                        report.recordings.push((blob, bytes));
                    }
                }
                Err(e) => report.set_aside.push(FileSetAside {
                    doc: recording.doc.clone(),
                    reason: format!("a recording: {e}"),
                }),
            }
        }
        (outcomes, report)
    }
}

fn take(keys: &Keys, entry: &FileEntry, docs: &mut Documents, now: Timestamp) -> Taken {
    let doc = &entry.doc;
    if docs.needs_doc(doc) {
        // Never taken over a stored copy this device could not read.
        return Taken::SetAside("this device's copy could not be read".into());
    }
    let payload = match keys.open_for(doc, entry.kind, &entry.sealed) {
        Ok(payload) => payload,
        Err(e) => return Taken::SetAside(e.to_string()),
    };
    if docs.is_erased(doc) {
        return Taken::Unchanged;
    }
    match entry.kind {
        BlobKind::Tombstone => {
            Taken::Changed(Box::new(docs.handle(ToWorker::Erase { id: doc.clone() })))
        }
        BlobKind::Changes => {
            let changes = match crate::payload::decode(&payload) {
                Ok(changes) => changes,
                Err(e) => return Taken::SetAside(format!("the changes in it do not read: {e:?}")),
            };
            let hashes: Option<Vec<ChangeHash>> = changes
                .iter()
                .map(|c| Change::from_bytes(c.clone()).ok().map(|c| c.hash()))
                .collect();
            if hashes.is_some_and(|h| docs.holds(doc, &h)) {
                return Taken::Unchanged;
            }
            let outcome = docs.receive(doc.clone(), &changes);
            // Changes of a history rewritten since: the device that made
            // them carries them over itself.
            if outcome.superseded {
                return Taken::Unchanged;
            }
            checked(outcome)
        }
        BlobKind::Snapshot => {
            let mut loaded = match AutoCommit::load(&payload) {
                Ok(loaded) => loaded,
                Err(e) => return Taken::SetAside(format!("the snapshot in it does not load: {e}")),
            };
            if docs.holds(doc, &loaded.get_heads()) {
                return Taken::Unchanged;
            }
            let changes: Vec<Vec<u8>> = loaded
                .get_changes(&[])
                .into_iter()
                .map(|c| c.raw_bytes().to_vec())
                .collect();
            let outcome = docs.receive(doc.clone(), &changes);
            if !outcome.superseded {
                return checked(outcome);
            }
            // Two histories of one document: someone's words were
            // withdrawn on one device or the other.
            let incoming = history::lineage(&loaded);
            let local = docs.lineage(doc).unwrap_or_default();
            let from_here = !incoming.from.is_empty() && docs.holds(doc, &incoming.from);
            let from_file = !local.from.is_empty()
                && local
                    .from
                    .iter()
                    .all(|h| loaded.get_change_by_hash(h).is_some());
            if incoming_wins(&local, &incoming, from_here, from_file) {
                checked(docs.replace(doc.clone(), &payload, now))
            } else {
                Taken::Unchanged
            }
        }
    }
}

fn checked(outcome: Outcome) -> Taken {
    match &outcome.changes_refused {
        Some(reason) => Taken::SetAside(reason.clone()),
        None => Taken::Changed(Box::new(outcome)),
    }
}

/// Whether a copy of another history than this device's replaces it:
/// - a copy rewritten from this device's history is newer (`from_here`),
///   and one this device's copy was rewritten from is older (`from_file`);
/// - otherwise (two rewrites made apart) the one that withdrew something
///   the other still holds wins, and this device then withdraws its own
///   withdrawn items from it again ([`Documents::replace`]); when both
///   withdrew the same items, the greater history name wins, on every
///   device alike, so devices swapping files end on one history.
///
/// Either way no withdrawn words come back: a copy is only kept over the
/// file's when everything the file's withdrew is withdrawn from it too.
fn incoming_wins(local: &Lineage, incoming: &Lineage, from_here: bool, from_file: bool) -> bool {
    if from_here {
        return true;
    }
    if from_file {
        let ours: BTreeSet<&String> = local.withdrawn.iter().collect();
        return !incoming.withdrawn.iter().all(|item| ours.contains(item));
    }
    let ours: BTreeSet<&String> = local.withdrawn.iter().collect();
    let theirs: BTreeSet<&String> = incoming.withdrawn.iter().collect();
    if !theirs.is_subset(&ours) {
        return true;
    }
    if !ours.is_subset(&theirs) {
        return false;
    }
    incoming.name > local.name
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lineage(name: &str, withdrawn: &[&str]) -> Lineage {
        Lineage {
            name: name.into(),
            from: Vec::new(),
            withdrawn: withdrawn.iter().map(|w| w.to_string()).collect(),
        }
    }

    #[test]
    fn devices_swapping_files_end_on_one_history_with_every_withdrawal() {
        // (case, this copy, the file's, from here, from the file, the
        // file's wins here, this copy wins on the device holding the file's)
        type Case = (&'static str, Lineage, Lineage, bool, bool, bool, bool);
        let cases: [Case; 6] = [
            (
                "rewritten from this copy",
                lineage("", &[]),
                lineage("b", &["x"]),
                true,
                false,
                true,
                false,
            ),
            (
                "this copy rewritten from the file's",
                lineage("b", &["x"]),
                lineage("", &[]),
                false,
                true,
                false,
                true,
            ),
            // Each takes the other's and withdraws its own item again: then
            // both hold the same withdrawals, and the names decide.
            (
                "each withdrew another item",
                lineage("a", &["x"]),
                lineage("b", &["y"]),
                false,
                false,
                true,
                true,
            ),
            (
                "this copy withdrew more",
                lineage("a", &["x", "y"]),
                lineage("b", &["x"]),
                false,
                false,
                false,
                true,
            ),
            (
                "the same withdrawals, a greater name",
                lineage("a", &["x"]),
                lineage("b", &["x"]),
                false,
                false,
                true,
                false,
            ),
            (
                "the same withdrawals, a lesser name",
                lineage("b", &["x"]),
                lineage("a", &["x"]),
                false,
                false,
                false,
                true,
            ),
        ];
        for (name, local, incoming, from_here, from_file, wins, swapped) in cases {
            assert_eq!(
                incoming_wins(&local, &incoming, from_here, from_file),
                wins,
                "{name}"
            );
            assert_eq!(
                incoming_wins(&incoming, &local, from_file, from_here),
                swapped,
                "{name}, swapped"
            );
        }
    }
}
