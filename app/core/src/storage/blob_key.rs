//! Keys of media blobs (recorded audio, pictures a coordinator adds):
//! `<doc id>/<sha256 of the bytes, 64 hex digits>`. A blob belongs to the one
//! document that refers to it, so erasing the document removes its media with
//! a range, and a blob's key changes whenever its bytes do.

use std::fmt;

use sha2::{Digest, Sha256};

use crate::id::DocId;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BlobKey {
    pub doc: DocId,
    /// The whole SHA-256 of the bytes, in hex: documents refer to it.
    pub hash: String,
}

#[derive(Debug, PartialEq, Eq)]
pub enum BlobKeyError {
    WrongShape,
    BadDocId,
    BadHash,
}

impl fmt::Display for BlobKeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BlobKeyError::WrongShape => f.write_str("a blob key has two parts separated by '/'"),
            BlobKeyError::BadDocId => f.write_str("bad document id in blob key"),
            BlobKeyError::BadHash => f.write_str("a blob hash has 64 hex digits"),
        }
    }
}

impl std::error::Error for BlobKeyError {}

pub fn blob_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl BlobKey {
    pub fn for_bytes(doc: &DocId, bytes: &[u8]) -> BlobKey {
        BlobKey {
            doc: doc.clone(),
            hash: blob_hash(bytes),
        }
    }

    pub fn new(doc: &DocId, hash: &str) -> Result<BlobKey, BlobKeyError> {
        if hash.len() != 64 || !hash.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')) {
            return Err(BlobKeyError::BadHash);
        }
        Ok(BlobKey {
            doc: doc.clone(),
            hash: hash.to_owned(),
        })
    }

    pub fn parse(text: &str) -> Result<BlobKey, BlobKeyError> {
        let Some((doc, hash)) = text.split_once('/') else {
            return Err(BlobKeyError::WrongShape);
        };
        let doc = DocId::parse(doc).map_err(|_| BlobKeyError::BadDocId)?;
        BlobKey::new(&doc, hash)
    }

    /// Whether `bytes` are the bytes this key names.
    pub fn matches(&self, bytes: &[u8]) -> bool {
        blob_hash(bytes) == self.hash
    }
}

impl fmt::Display for BlobKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.doc, self.hash)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_bad_ones_are_named() {
        let doc = DocId::from_random([3; 16]);
        let key = BlobKey::for_bytes(&doc, b"audio");
        assert_eq!(BlobKey::parse(&key.to_string()), Ok(key.clone()));
        assert!(key.matches(b"audio") && !key.matches(b"other"));
        let cases = [
            ("", BlobKeyError::WrongShape),
            ("nohash", BlobKeyError::WrongShape),
            (&format!("zz/{}", key.hash), BlobKeyError::BadDocId),
            (&format!("{doc}/abc"), BlobKeyError::BadHash),
            (&format!("{doc}/{}", "G".repeat(64)), BlobKeyError::BadHash),
            (&format!("{doc}/{}/x", key.hash), BlobKeyError::BadHash),
        ];
        for (text, expected) in cases {
            assert_eq!(BlobKey::parse(text), Err(expected), "{text:?}");
        }
    }
}
