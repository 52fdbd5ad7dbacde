//! Offering the relay what is durable here and not there yet: changes of
//! several documents together, or one erasure, or one document whole.

use std::collections::BTreeSet;

use heard_core::{documents::Documents, id::DocId};
use heard_protocol::{BlobId, ClientFrame};

use super::{Action, Syncer};

/// After this many entries of changes to one document, a device that holds
/// it whole compacts it: a new device then downloads one snapshot in place
/// of every keystroke.
const COMPACT_AFTER: u32 = 32;

/// A document first pushed with at least this many changes goes whole.
const WHOLE_FROM: usize = 16;

/// One document of a push.
#[derive(Debug)]
pub(super) struct Pushed {
    pub(super) doc: DocId,
    /// The heads the relay holds once the push is acked.
    pub(super) heads: Vec<automerge::ChangeHash>,
    /// The push erases the document.
    pub(super) erased: bool,
    /// Entries of changes the push adds to the relay's log.
    pub(super) blobs: u32,
}

#[derive(Debug)]
pub(super) struct Push {
    pub(super) request: u32,
    pub(super) docs: Vec<Pushed>,
    pub(super) blobs: Vec<BlobId>,
    /// The push is a snapshot of a document rewritten here.
    pub(super) snapshot: bool,
}

impl Syncer {
    /// Pushes what is durable here and not on the relay yet, one request at
    /// a time: an erasure, or a whole document (rewritten here, or compacted),
    /// goes alone; changes of several documents go together.
    pub(super) fn push_next(&mut self, docs: &mut Documents, out: &mut Vec<Action>) {
        if self.push.is_some() || self.stalled.is_some() {
            return;
        }
        let Some(project) = self.project_doc.clone() else {
            return;
        };
        // Every document of the project seen here is remembered, so that
        // its erasure reaches the relay even if it is erased before its
        // first push was acknowledged.
        for doc in docs.project_docs(&project) {
            self.state.docs.entry(doc).or_default();
        }
        let ids: BTreeSet<DocId> = self.state.docs.keys().cloned().collect();
        let unopened: Vec<DocId> = ids
            .iter()
            .filter(|d| docs.needs_doc(d) && !self.opening.contains(*d))
            .cloned()
            .collect();
        if !unopened.is_empty() {
            self.opening.extend(unopened.iter().cloned());
            out.push(Action::Open(unopened));
        }
        let request = self.next_request;
        let mut push = Push {
            request,
            docs: Vec::new(),
            blobs: Vec::new(),
            snapshot: false,
        };
        let mut blobs = Vec::new();
        let mut bytes = 64usize;
        for doc in ids {
            let synced = self.state.docs.get(&doc).cloned().unwrap_or_default();
            if docs.is_erased(&doc) {
                if !synced.erased && push.docs.is_empty() {
                    self.push_erasure(doc, out);
                    return;
                }
                continue;
            }
            let Some(durable) = docs.durable_heads(&doc) else {
                continue;
            };
            if durable.is_empty() {
                continue;
            }
            if synced.is_at(&durable) {
                // On the relay already: compacted once its changes there
                // are many, if everything of it here is written.
                let whole = docs.current_heads(&doc).is_some_and(|h| synced.is_at(&h));
                if synced.entries >= COMPACT_AFTER && whole && push.docs.is_empty() {
                    self.push_snapshot(doc, durable, docs, out);
                    return;
                }
                continue;
            }
            let synced_heads = synced.heads();
            let rewritten_here = !synced_heads.is_empty() && !docs.holds(&doc, &synced_heads);
            // A rewritten history the relay may not hold (first offered, or
            // offered again to a restored log) also goes whole.
            if rewritten_here || (synced_heads.is_empty() && docs.is_rewritten(&doc)) {
                if push.docs.is_empty() {
                    self.push_snapshot(doc, durable, docs, out);
                    return;
                }
                continue;
            }
            let changes = docs.durable_changes_since(&doc, &synced_heads);
            if changes.is_empty() {
                continue;
            }
            // A document the relay has nothing of, made of many changes (a
            // response answered offline), goes as one snapshot: a fraction
            // of the bytes, and loaded whole by the devices that take it.
            let whole = (synced_heads.is_empty() && changes.len() >= WHOLE_FROM)
                .then(|| docs.durable_snapshot(&doc))
                .flatten()
                .filter(|s| s.len() <= self.limits.max_blob as usize / 2);
            let parts: Vec<(heard_protocol::BlobKind, Vec<u8>)> = match whole {
                Some(snapshot) => vec![(heard_protocol::BlobKind::Snapshot, snapshot)],
                None => split(&changes, self.limits.max_blob as usize / 2)
                    .into_iter()
                    .map(|part| {
                        (
                            heard_protocol::BlobKind::Changes,
                            crate::payload::encode(part),
                        )
                    })
                    .collect(),
            };
            let mut count = 0;
            for (kind, payload) in parts {
                let blob = self.keys.seal(&doc, kind, &payload);
                if blobs.len() + 1 > self.limits.max_batch as usize
                    || bytes + blob.encoded_len() > self.limits.max_frame as usize
                {
                    break;
                }
                bytes += blob.encoded_len();
                push.blobs.push(BlobId::of(&blob.bytes));
                blobs.push(blob);
                count += 1;
            }
            push.docs.push(Pushed {
                doc,
                heads: durable,
                erased: false,
                blobs: count,
            });
            if blobs.len() >= self.limits.max_batch as usize {
                break;
            }
        }
        if blobs.is_empty() {
            return;
        }
        self.request();
        self.push = Some(push);
        out.push(self.send(ClientFrame::Push { request, blobs }));
    }

    /// Sends `doc`'s erasure: every blob of it leaves the relay.
    fn push_erasure(&mut self, doc: DocId, out: &mut Vec<Action>) {
        let tombstone = self
            .keys
            .seal(&doc, heard_protocol::BlobKind::Tombstone, &[]);
        let request = self.request();
        self.push = Some(Push {
            request,
            docs: vec![Pushed {
                doc,
                heads: Vec::new(),
                erased: true,
                blobs: 0,
            }],
            blobs: Vec::new(),
            snapshot: false,
        });
        out.push(self.send(ClientFrame::Erase {
            request,
            tag: tombstone.tag,
            tombstone,
        }));
    }

    /// Sends `doc` whole, as far as it is written here, in place of what
    /// the relay holds of it up to the cursor: a history rewritten here
    /// (the withdrawn words leave the relay too), or a compaction.
    fn push_snapshot(
        &mut self,
        doc: DocId,
        durable: Vec<automerge::ChangeHash>,
        docs: &mut Documents,
        out: &mut Vec<Action>,
    ) {
        let Some(snapshot) = docs.durable_snapshot(&doc) else {
            return;
        };
        let blob = self
            .keys
            .seal(&doc, heard_protocol::BlobKind::Snapshot, &snapshot);
        let request = self.request();
        self.push = Some(Push {
            request,
            docs: vec![Pushed {
                doc,
                heads: durable,
                erased: false,
                blobs: 0,
            }],
            blobs: vec![BlobId::of(&blob.bytes)],
            snapshot: true,
        });
        // Only what this device has taken in is dropped from the relay: an
        // entry of this document pushed since, by a device that had not
        // heard yet, stays for it to be seen.
        out.push(self.send(ClientFrame::Compact {
            request,
            tag: blob.tag,
            covers: self.state.cursor,
            blob,
        }));
    }
}

/// Groups `changes` into runs of at most about `max` bytes (a change larger
/// than that goes alone).
fn split(changes: &[Vec<u8>], max: usize) -> Vec<&[Vec<u8>]> {
    let mut out = Vec::new();
    let (mut start, mut size) = (0, 0);
    for (i, change) in changes.iter().enumerate() {
        if i > start && size + change.len() > max {
            out.push(&changes[start..i]);
            start = i;
            size = 0;
        }
        size += change.len() + 4;
    }
    if start < changes.len() {
        out.push(&changes[start..]);
    }
    out
}
