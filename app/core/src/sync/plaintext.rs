//! What a sealed blob holds once opened: a format version, the document id and
//! the payload.

use std::fmt;

use crate::id::DocId;

/// The layout of [`Plaintext`] written today. A device that meets a newer one
/// sets the blob aside instead of misreading it.
pub const PLAINTEXT_VERSION: u8 = 1;

/// A blob's content before padding and sealing. The document id travels inside
/// the ciphertext, so a receiving device learns which document a blob belongs to
/// without the relay ever seeing it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plaintext {
    pub doc: DocId,
    /// An automerge change chunk or snapshot, a tombstone, or a recording's bytes.
    pub payload: Vec<u8>,
}

/// Why opened bytes are not a [`Plaintext`].
#[derive(Debug, PartialEq, Eq)]
pub enum PlaintextError {
    /// Shorter than a version byte and a document id.
    Truncated { len: usize },
    /// Written by a newer version of the app.
    UnknownVersion { got: u8 },
}

impl fmt::Display for PlaintextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlaintextError::Truncated { len } => {
                write!(f, "{len} bytes are too few for a blob's content")
            }
            PlaintextError::UnknownVersion { got } => {
                write!(f, "blob content of version {got} is newer than this app")
            }
        }
    }
}

impl std::error::Error for PlaintextError {}

const HEADER: usize = 1 + 16;

impl Plaintext {
    /// Version byte, the id's 16 bytes, then the payload to the end: the
    /// padding's length header already says where the content ends.
    pub fn encode(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(HEADER + self.payload.len());
        bytes.push(PLAINTEXT_VERSION);
        bytes.extend_from_slice(&self.doc.to_bytes());
        bytes.extend_from_slice(&self.payload);
        bytes
    }

    pub fn decode(bytes: &[u8]) -> Result<Plaintext, PlaintextError> {
        let Some((&version, rest)) = bytes.split_first() else {
            return Err(PlaintextError::Truncated { len: 0 });
        };
        if version != PLAINTEXT_VERSION {
            return Err(PlaintextError::UnknownVersion { got: version });
        }
        let Some((doc, payload)) = rest.split_first_chunk::<16>() else {
            return Err(PlaintextError::Truncated { len: bytes.len() });
        };
        Ok(Plaintext {
            doc: DocId::from_random(*doc),
            payload: payload.to_vec(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plaintext_round_trips_with_any_payload() {
        for payload in [vec![], vec![0], b"an automerge change".to_vec()] {
            let plaintext = Plaintext {
                doc: DocId::from_random([0x5a; 16]),
                payload,
            };
            let bytes = plaintext.encode();
            assert_eq!(bytes[0], PLAINTEXT_VERSION);
            assert_eq!(bytes[1..17], [0x5a; 16]);
            assert_eq!(Plaintext::decode(&bytes), Ok(plaintext));
        }
    }

    #[test]
    fn malformed_content_is_named() {
        let check = |bytes: &[u8], expected| {
            assert_eq!(Plaintext::decode(bytes), Err(expected), "{bytes:?}")
        };
        check(&[], PlaintextError::Truncated { len: 0 });
        check(&[1], PlaintextError::Truncated { len: 1 });
        check(&[1; 16], PlaintextError::Truncated { len: 16 });
        check(&[2; 40], PlaintextError::UnknownVersion { got: 2 });
        check(&[0], PlaintextError::UnknownVersion { got: 0 });
    }
}
