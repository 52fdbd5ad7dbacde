//! Rebuilding documents from stored chunks, and saying precisely which ones are damaged.

use std::{collections::BTreeMap, fmt};

use automerge::{AutoCommit, LoadOptions, OnPartialLoad};

use super::{ChunkKey, ChunkKind, RawChunk, StoredDoc};
use crate::id::DocId;

/// Why a stored document cannot be opened. Other documents are unaffected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Damage {
    /// A stored key is not one this app writes.
    BadKey { key: String, reason: String },
    /// A chunk's bytes are not the bytes its key was made for.
    Corrupted { key: ChunkKey },
    /// The bytes match their key but automerge cannot read them. (Automerge's
    /// own error text is left out: it would add its whole error catalogue to
    /// the browser bundle, and the key is what a person can act on.)
    Unreadable { key: ChunkKey },
}

impl Damage {
    /// The document this damage belongs to, when the key says.
    pub fn doc(&self) -> Option<&DocId> {
        match self {
            Damage::BadKey { .. } => None,
            Damage::Corrupted { key } | Damage::Unreadable { key } => Some(&key.doc),
        }
    }
}

impl fmt::Display for Damage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Damage::BadKey { key, reason } => {
                write!(f, "stored item {key:?} has an unknown key: {reason}")
            }
            Damage::Corrupted { key } => write!(f, "chunk {key} does not match its checksum"),
            Damage::Unreadable { key } => write!(f, "chunk {key} is not an automerge chunk"),
        }
    }
}

/// A document rebuilt from storage, with what storage holds of it.
#[derive(Debug)]
pub struct LoadedDoc {
    pub doc: AutoCommit,
    pub stored: StoredDoc,
}

/// A document's chunks with their parsed keys.
pub type DocChunks = Vec<(ChunkKey, Vec<u8>)>;

/// Sorts raw chunks by document; keys this app never writes come back as damage.
pub fn group_by_doc(chunks: Vec<RawChunk>) -> (BTreeMap<DocId, DocChunks>, Vec<Damage>) {
    let mut docs: BTreeMap<DocId, DocChunks> = BTreeMap::new();
    let mut damage = Vec::new();
    for (raw, bytes) in chunks {
        match ChunkKey::parse(&raw) {
            Ok(key) => docs.entry(key.doc.clone()).or_default().push((key, bytes)),
            Err(e) => damage.push(Damage::BadKey {
                key: raw,
                reason: e.to_string(),
            }),
        }
    }
    (docs, damage)
}

/// Finds the first chunk that stops the document loading strictly.
fn first_unreadable(chunks: &[(ChunkKey, Vec<u8>)]) -> Option<Damage> {
    let mut prefix = Vec::new();
    for (key, bytes) in chunks {
        prefix.extend_from_slice(bytes);
        if AutoCommit::load_with_options(
            &prefix,
            LoadOptions::new().on_partial_load(OnPartialLoad::Error),
        )
        .is_err()
        {
            return Some(Damage::Unreadable { key: key.clone() });
        }
    }
    None
}

/// Rebuilds one document from its chunks: snapshots first, then incrementals.
pub fn load_doc(id: DocId, mut chunks: DocChunks) -> Result<LoadedDoc, Damage> {
    if chunks.is_empty() {
        return Ok(LoadedDoc {
            doc: AutoCommit::new(),
            stored: StoredDoc::new(id),
        });
    }
    chunks.sort_by_key(|(key, _)| (key.kind != ChunkKind::Snapshot, key.hash.clone()));
    for (key, bytes) in &chunks {
        if !key.matches(bytes) {
            return Err(Damage::Corrupted { key: key.clone() });
        }
    }
    let all: Vec<u8> = chunks.iter().flat_map(|(_, b)| b.iter().copied()).collect();
    let mut doc = match AutoCommit::load_with_options(
        &all,
        LoadOptions::new().on_partial_load(OnPartialLoad::Error),
    ) {
        Ok(doc) => doc,
        Err(_) => {
            return Err(first_unreadable(&chunks).unwrap_or(Damage::Unreadable {
                key: chunks[0].0.clone(),
            }));
        }
    };
    let sizes = chunks.iter().map(|(k, b)| (k.clone(), b.len()));
    let stored = StoredDoc::loaded(id, &mut doc, sizes);
    Ok(LoadedDoc { doc, stored })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::response::{Answer, ResponseDoc};
    use crate::time::Timestamp;

    /// Writes a response as a snapshot plus one incremental and returns the chunks.
    fn stored_response() -> (DocId, Vec<(ChunkKey, Vec<u8>)>) {
        let id = DocId::from_random([5; 16]);
        let mut r = ResponseDoc::new(
            [1; 16],
            &crate::id::DocId::from_random([0; 16]),
            "s",
            Timestamp(0),
        );
        let mut stored = StoredDoc::new(id.clone());
        let mut chunks = Vec::new();
        for step in 0..2 {
            if step == 1 {
                r.set_answer("q", Some(&Answer::Text("hello".into())), Timestamp(1))
                    .unwrap();
            }
            let write = stored.prepare_write(r.automerge_mut()).unwrap();
            chunks.extend(write.puts);
            stored.write_done(true);
        }
        (id, chunks)
    }

    #[test]
    fn a_document_loads_from_snapshot_and_incrementals_in_any_order() {
        let (id, mut chunks) = stored_response();
        assert_eq!(chunks.len(), 2);
        chunks.reverse();
        let loaded = load_doc(id, chunks).unwrap();
        let r = ResponseDoc::from_automerge(loaded.doc).unwrap();
        assert_eq!(r.answer("q").unwrap(), Some(Answer::Text("hello".into())));
        assert_eq!(loaded.stored.stored_keys().len(), 2);
    }

    #[test]
    fn damaged_chunks_are_named() {
        let (id, chunks) = stored_response();
        let key = chunks[1].0.clone();
        let garbage = b"\x00\x01garbage".to_vec();

        let mut corrupted = chunks.clone();
        corrupted[1].1 = garbage.clone();
        assert_eq!(
            load_doc(id.clone(), corrupted).unwrap_err(),
            Damage::Corrupted { key: key.clone() }
        );

        let mut unreadable = chunks.clone();
        let garbage_key = ChunkKey::for_bytes(&id, ChunkKind::Incremental, &garbage);
        unreadable[1] = (garbage_key.clone(), garbage);
        let err = load_doc(id.clone(), unreadable).unwrap_err();
        assert_eq!(err, Damage::Unreadable { key: garbage_key });
        assert_eq!(err.doc(), Some(&id));
        assert!(err.to_string().contains(&id.to_string()));
    }

    #[test]
    fn unknown_keys_are_reported_and_the_rest_grouped() {
        let (id, chunks) = stored_response();
        let mut raw: Vec<RawChunk> = chunks
            .into_iter()
            .map(|(k, b)| (k.to_string(), b))
            .collect();
        raw.push(("not-a-key".into(), vec![1]));
        let (docs, damage) = group_by_doc(raw);
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[&id].len(), 2);
        assert_eq!(damage.len(), 1);
        assert!(matches!(&damage[0], Damage::BadKey { key, .. } if key == "not-a-key"));
    }
}
