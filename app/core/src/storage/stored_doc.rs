//! When a document's bytes are written: every change at once as an incremental
//! chunk, folded into a fresh snapshot once the chunks outgrow the snapshot.
//!
//! This is a sans-IO state machine: [`StoredDoc::prepare_write`] says what to
//! write, the caller writes it, and [`StoredDoc::write_done`] reports the result.
//! Only one write per document is in flight, so a compaction never races a
//! chunk append, and a failed write is retried whole on the next call.

use automerge::{AutoCommit, ChangeHash};

use super::BlobKey;
use super::{ChunkKey, ChunkKind};
use crate::id::DocId;

/// A batch the storage backend must carry out atomically.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Write {
    pub puts: Vec<(ChunkKey, Vec<u8>)>,
    pub removes: Vec<ChunkKey>,
    /// Media the document's new chunks refer to, written with them.
    pub blob_puts: Vec<(BlobKey, Vec<u8>)>,
    /// Media nothing in the document refers to any more.
    pub blob_removes: Vec<BlobKey>,
    /// The document's new summary for the index, set by the caller.
    pub index: Option<(DocId, String)>,
    /// A response's new row for results (JSON), set by the caller: derived
    /// data like the index, so results never load every response.
    pub row: Option<(DocId, String)>,
}

impl Write {
    pub fn is_compaction(&self) -> bool {
        self.puts.iter().any(|(k, _)| k.kind == ChunkKind::Snapshot)
    }
}

/// What is on storage for one document, and what is not there yet.
#[derive(Debug)]
pub struct StoredDoc {
    id: DocId,
    snapshot: Option<(ChunkKey, usize)>,
    incrementals: Vec<(ChunkKey, usize)>,
    /// Heads of the changes already handed to a write (confirmed or not).
    saved_heads: Vec<ChangeHash>,
    /// Incremental chunks made but not yet confirmed on storage.
    unconfirmed: Vec<(ChunkKey, Vec<u8>)>,
    compaction_due: bool,
    in_flight: Option<Write>,
    /// The heads the write in flight holds, and the heads known to be on
    /// storage: only those changes may leave the device (sync), since
    /// nothing is shared before it is durable here.
    in_flight_heads: Vec<ChangeHash>,
    durable_heads: Vec<ChangeHash>,
}

impl StoredDoc {
    /// A document that has never been written.
    pub fn new(id: DocId) -> StoredDoc {
        StoredDoc {
            id,
            snapshot: None,
            incrementals: Vec::new(),
            saved_heads: Vec::new(),
            unconfirmed: Vec::new(),
            compaction_due: true,
            in_flight: None,
            in_flight_heads: Vec::new(),
            durable_heads: Vec::new(),
        }
    }

    /// A document just loaded from `chunks` (key and byte length of each).
    pub fn loaded(
        id: DocId,
        doc: &mut AutoCommit,
        chunks: impl IntoIterator<Item = (ChunkKey, usize)>,
    ) -> StoredDoc {
        let mut stored = StoredDoc::new(id);
        stored.compaction_due = false;
        stored.saved_heads = doc.get_heads();
        stored.durable_heads = stored.saved_heads.clone();
        for (key, len) in chunks {
            match key.kind {
                // Two snapshots only appear when another copy was merged in;
                // the next write folds them back into one.
                ChunkKind::Snapshot if stored.snapshot.is_some() => {
                    stored.compaction_due = true;
                    stored.incrementals.push((key, len));
                }
                ChunkKind::Snapshot => stored.snapshot = Some((key, len)),
                ChunkKind::Incremental => stored.incrementals.push((key, len)),
            }
        }
        stored.compaction_due |= stored.snapshot.is_none();
        stored
    }

    /// Whether some change is not yet known to be on storage.
    pub fn has_unsaved(&self, doc: &mut AutoCommit) -> bool {
        self.in_flight.is_some()
            || !self.unconfirmed.is_empty()
            || doc.get_heads() != self.saved_heads
    }

    /// The next write to carry out, or `None` when everything is written or a
    /// write is still in flight (call again after [`StoredDoc::write_done`]).
    pub fn prepare_write(&mut self, doc: &mut AutoCommit) -> Option<Write> {
        if self.in_flight.is_some() {
            return None;
        }
        let heads = doc.get_heads();
        if heads != self.saved_heads {
            // A snapshot that is due holds these changes: they are not
            // encoded a second time as a chunk it would replace (for a
            // document that came whole from another device, that encoding
            // cost several times the snapshot).
            if !self.compaction_due {
                let bytes = doc.save_after(&self.saved_heads);
                if !bytes.is_empty() {
                    self.unconfirmed.push((
                        ChunkKey::for_bytes(&self.id, ChunkKind::Incremental, &bytes),
                        bytes,
                    ));
                }
            }
            self.saved_heads = heads;
        }
        if self.unconfirmed.is_empty() && !self.compaction_due {
            return None;
        }
        let incremental_bytes: usize = self
            .incrementals
            .iter()
            .map(|(_, n)| *n)
            .chain(self.unconfirmed.iter().map(|(_, b)| b.len()))
            .sum();
        let snapshot_bytes = self.snapshot.as_ref().map_or(0, |(_, n)| *n);
        let write = if self.compaction_due || incremental_bytes > snapshot_bytes {
            self.compaction_due = true;
            let bytes = doc.save();
            let key = ChunkKey::for_bytes(&self.id, ChunkKind::Snapshot, &bytes);
            let removes = self
                .snapshot
                .iter()
                .chain(&self.incrementals)
                .map(|(k, _)| k.clone())
                .filter(|k| *k != key)
                .collect();
            Write {
                puts: vec![(key, bytes)],
                removes,
                index: None,
                ..Write::default()
            }
        } else {
            Write {
                puts: self.unconfirmed.clone(),
                removes: Vec::new(),
                index: None,
                ..Write::default()
            }
        };
        self.in_flight = Some(write.clone());
        self.in_flight_heads = self.saved_heads.clone();
        Some(write)
    }

    /// The document was rewritten into a fresh history (words withdrawn):
    /// the next write is one snapshot of it that replaces every chunk stored
    /// so far, and unwritten changes of the old history are dropped (the
    /// rewrite holds what they changed).
    pub fn replace_history(&mut self) {
        self.saved_heads.clear();
        self.unconfirmed.clear();
        self.compaction_due = true;
    }

    /// Reports how the write from [`StoredDoc::prepare_write`] went. After a
    /// failure everything it held stays pending and is written next time.
    pub fn write_done(&mut self, succeeded: bool) {
        let Some(write) = self.in_flight.take() else {
            return;
        };
        if !succeeded {
            return;
        }
        self.durable_heads = std::mem::take(&mut self.in_flight_heads);
        if write.is_compaction() {
            let (key, bytes) = &write.puts[0];
            self.snapshot = Some((key.clone(), bytes.len()));
            self.incrementals.clear();
            // The snapshot holds every change made up to it, including any
            // incremental chunk that was never confirmed.
            self.unconfirmed.clear();
            self.compaction_due = false;
        } else {
            for (key, bytes) in &write.puts {
                self.incrementals.push((key.clone(), bytes.len()));
            }
            self.unconfirmed
                .retain(|(k, _)| !write.puts.iter().any(|(p, _)| p == k));
        }
    }

    /// The heads of what is known to be on storage.
    pub fn durable_heads(&self) -> &[ChangeHash] {
        &self.durable_heads
    }

    /// Keys this document occupies on storage as far as it knows.
    pub fn stored_keys(&self) -> Vec<ChunkKey> {
        self.snapshot
            .iter()
            .chain(&self.incrementals)
            .map(|(k, _)| k.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::response::{Answer, ResponseDoc};
    use crate::time::Timestamp;

    fn response() -> ResponseDoc {
        ResponseDoc::new(
            [3; 16],
            &crate::id::DocId::from_random([0; 16]),
            "s",
            Timestamp(0),
        )
    }

    fn id() -> DocId {
        DocId::from_random([9; 16])
    }

    #[test]
    fn the_first_write_is_a_snapshot_and_later_changes_are_incremental() {
        let mut r = response();
        let mut stored = StoredDoc::new(id());
        let first = stored.prepare_write(r.automerge_mut()).unwrap();
        assert!(first.is_compaction());
        assert!(first.removes.is_empty());
        stored.write_done(true);
        assert_eq!(
            stored.prepare_write(r.automerge_mut()),
            None,
            "nothing changed"
        );

        r.set_answer("q", Some(&Answer::Rating(2)), Timestamp(1))
            .unwrap();
        let second = stored.prepare_write(r.automerge_mut()).unwrap();
        assert!(!second.is_compaction());
        assert_eq!(second.puts.len(), 1);
        assert_eq!(second.puts[0].0.kind, ChunkKind::Incremental);
        stored.write_done(true);
        assert!(!stored.has_unsaved(r.automerge_mut()));
    }

    #[test]
    fn only_what_a_write_committed_counts_as_durable() {
        let mut r = response();
        let mut stored = StoredDoc::new(id());
        stored.prepare_write(r.automerge_mut()).unwrap();
        assert!(stored.durable_heads().is_empty(), "not before the commit");
        stored.write_done(true);
        let first = r.automerge_mut().get_heads();
        assert_eq!(stored.durable_heads(), first);
        r.set_answer("q", Some(&Answer::Rating(2)), Timestamp(1))
            .unwrap();
        stored.prepare_write(r.automerge_mut()).unwrap();
        stored.write_done(false);
        assert_eq!(stored.durable_heads(), first, "a failed write adds nothing");
        stored.prepare_write(r.automerge_mut()).unwrap();
        stored.write_done(true);
        assert_eq!(stored.durable_heads(), r.automerge_mut().get_heads());
    }

    #[test]
    fn incrementals_are_compacted_once_they_outgrow_the_snapshot() {
        let mut r = response();
        let mut stored = StoredDoc::new(id());
        stored.prepare_write(r.automerge_mut()).unwrap();
        stored.write_done(true);
        let mut compacted_after = None;
        for i in 0..200u64 {
            r.set_answer(
                &format!("q{i}"),
                Some(&Answer::Rating((i % 6) as u8)),
                Timestamp(i as i64),
            )
            .unwrap();
            let write = stored.prepare_write(r.automerge_mut()).unwrap();
            let before = stored.stored_keys();
            stored.write_done(true);
            if write.is_compaction() {
                assert_eq!(
                    write.removes, before,
                    "a compaction removes every older chunk"
                );
                compacted_after = Some(i);
                break;
            }
        }
        assert!(compacted_after.is_some(), "chunks were never compacted");
        assert_eq!(stored.stored_keys().len(), 1);
    }

    #[test]
    fn a_failed_write_is_retried_with_everything_it_held() {
        let mut r = response();
        let mut stored = StoredDoc::new(id());
        stored.prepare_write(r.automerge_mut()).unwrap();
        stored.write_done(true);

        r.set_answer("a", Some(&Answer::Rating(1)), Timestamp(1))
            .unwrap();
        let failed = stored.prepare_write(r.automerge_mut()).unwrap();
        stored.write_done(false);
        r.set_answer("b", Some(&Answer::Rating(2)), Timestamp(2))
            .unwrap();
        let retry = stored.prepare_write(r.automerge_mut()).unwrap();
        assert!(retry.puts.len() == 2 || retry.is_compaction(), "{retry:?}");
        if !retry.is_compaction() {
            assert_eq!(retry.puts[0], failed.puts[0]);
        }
        stored.write_done(true);
        assert!(!stored.has_unsaved(r.automerge_mut()));
    }

    #[test]
    fn only_one_write_is_in_flight() {
        let mut r = response();
        let mut stored = StoredDoc::new(id());
        let _first = stored.prepare_write(r.automerge_mut()).unwrap();
        r.set_answer("a", Some(&Answer::Rating(1)), Timestamp(1))
            .unwrap();
        assert_eq!(stored.prepare_write(r.automerge_mut()), None);
        stored.write_done(true);
        let next = stored.prepare_write(r.automerge_mut()).unwrap();
        assert!(!next.puts.is_empty());
    }
}
