//! Storage keys: `<doc id>/<s|i>/<hash>`, so one document's chunks sort together
//! and a chunk's key changes whenever its bytes do.

use std::fmt;

use sha2::{Digest, Sha256};

use crate::id::{DocId, DocIdError};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChunkKind {
    /// The whole document, compressed.
    Snapshot,
    /// Changes made after the snapshot.
    Incremental,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ChunkKey {
    pub doc: DocId,
    pub kind: ChunkKind,
    /// The first 128 bits of the SHA-256 of the chunk's bytes, in hex.
    pub hash: String,
}

#[derive(Debug, PartialEq, Eq)]
pub enum ChunkKeyError {
    WrongShape,
    BadDocId(DocIdError),
    UnknownKind(String),
    BadHash,
}

impl fmt::Display for ChunkKeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChunkKeyError::WrongShape => {
                f.write_str("a chunk key has three parts separated by '/'")
            }
            ChunkKeyError::BadDocId(e) => write!(f, "bad document id in chunk key: {e}"),
            ChunkKeyError::UnknownKind(k) => write!(f, "unknown chunk kind {k:?}"),
            ChunkKeyError::BadHash => f.write_str("a chunk hash has 32 hex digits"),
        }
    }
}

impl std::error::Error for ChunkKeyError {}

pub(crate) fn hash_of(bytes: &[u8]) -> String {
    Sha256::digest(bytes)[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl ChunkKey {
    pub fn for_bytes(doc: &DocId, kind: ChunkKind, bytes: &[u8]) -> ChunkKey {
        ChunkKey {
            doc: doc.clone(),
            kind,
            hash: hash_of(bytes),
        }
    }

    /// The smallest key of `doc` and the first key after all of `doc`'s, for range reads.
    pub fn range_of(doc: &DocId) -> (String, String) {
        (format!("{doc}/"), format!("{doc}0"))
    }

    pub fn parse(text: &str) -> Result<ChunkKey, ChunkKeyError> {
        let mut parts = text.split('/');
        let (Some(doc), Some(kind), Some(hash), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(ChunkKeyError::WrongShape);
        };
        let doc = DocId::parse(doc).map_err(ChunkKeyError::BadDocId)?;
        let kind = match kind {
            "s" => ChunkKind::Snapshot,
            "i" => ChunkKind::Incremental,
            other => return Err(ChunkKeyError::UnknownKind(other.to_owned())),
        };
        if hash.len() != 32 || !hash.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')) {
            return Err(ChunkKeyError::BadHash);
        }
        Ok(ChunkKey {
            doc,
            kind,
            hash: hash.to_owned(),
        })
    }

    /// Whether `bytes` are the bytes this key was made for.
    pub fn matches(&self, bytes: &[u8]) -> bool {
        hash_of(bytes) == self.hash
    }
}

impl fmt::Display for ChunkKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            ChunkKind::Snapshot => "s",
            ChunkKind::Incremental => "i",
        };
        write!(f, "{}/{kind}/{}", self.doc, self.hash)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> DocId {
        DocId::from_random([1; 16])
    }

    #[test]
    fn keys_round_trip_and_sort_inside_their_document_range() {
        let key = ChunkKey::for_bytes(&doc(), ChunkKind::Incremental, b"abc");
        let text = key.to_string();
        assert_eq!(ChunkKey::parse(&text), Ok(key.clone()));
        assert!(key.matches(b"abc"));
        assert!(!key.matches(b"abd"));
        let (low, high) = ChunkKey::range_of(&doc());
        assert!(low.as_str() < text.as_str() && text.as_str() < high.as_str());
        let other = ChunkKey::for_bytes(&DocId::from_random([2; 16]), ChunkKind::Snapshot, b"abc")
            .to_string();
        assert!(!(low.as_str() < other.as_str() && other.as_str() < high.as_str()));
    }

    #[test]
    fn malformed_keys_name_what_is_wrong() {
        let id = doc().to_string();
        let hash = "0".repeat(32);
        let check = |text: String, expected: ChunkKeyError| {
            assert_eq!(ChunkKey::parse(&text), Err(expected), "{text}")
        };
        check(String::new(), ChunkKeyError::WrongShape);
        check(format!("{id}/s"), ChunkKeyError::WrongShape);
        check(format!("{id}/s/{hash}/extra"), ChunkKeyError::WrongShape);
        check(
            format!("short/s/{hash}"),
            ChunkKeyError::BadDocId(DocIdError::NotHex('s')),
        );
        check(
            format!("{id}/x/{hash}"),
            ChunkKeyError::UnknownKind("x".into()),
        );
        check(format!("{id}/i/abc"), ChunkKeyError::BadHash);
        check(format!("{id}/i/{}", "G".repeat(32)), ChunkKeyError::BadHash);
    }
}
