//! Document ids: 128 random bits, written as 32 lower-case hex digits.

use std::fmt;

/// Names one automerge document on every device. The caller supplies the
/// randomness, so the core stays deterministic under test.
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct DocId(String);

impl TryFrom<String> for DocId {
    type Error = DocIdError;

    fn try_from(text: String) -> Result<DocId, DocIdError> {
        DocId::parse(&text)
    }
}

impl From<DocId> for String {
    fn from(id: DocId) -> String {
        id.0
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum DocIdError {
    WrongLength(usize),
    NotHex(char),
}

impl fmt::Display for DocIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocIdError::WrongLength(n) => write!(f, "a document id has 32 hex digits, not {n}"),
            DocIdError::NotHex(c) => write!(f, "a document id has only hex digits, not {c:?}"),
        }
    }
}

impl std::error::Error for DocIdError {}

impl DocId {
    pub fn from_random(bytes: [u8; 16]) -> DocId {
        DocId(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// The 16 bytes the id was made from: what sync tags and seals, since the
    /// hex spelling would double the bytes and add nothing.
    pub fn to_bytes(&self) -> [u8; 16] {
        let digit = |c: u8| match c {
            b'0'..=b'9' => c - b'0',
            _ => c - b'a' + 10,
        };
        let hex = self.0.as_bytes();
        std::array::from_fn(|i| digit(hex[2 * i]) << 4 | digit(hex[2 * i + 1]))
    }

    pub fn parse(text: &str) -> Result<DocId, DocIdError> {
        if let Some(c) = text.chars().find(|c| !matches!(c, '0'..='9' | 'a'..='f')) {
            return Err(DocIdError::NotHex(c));
        }
        if text.len() != 32 {
            return Err(DocIdError::WrongLength(text.len()));
        }
        Ok(DocId(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The first eight digits: enough for a person to tell documents apart in a message.
    pub fn short(&self) -> &str {
        &self.0[..8]
    }
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A new id for an item inside a document (a survey, section, question,
/// choice, guide, topic or card): 64 random bits in hex, so ids made on two
/// devices never clash and a deleted item's id is never made again.
pub fn item_id(random: [u8; 8]) -> String {
    random.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_bytes_make_a_parseable_id() {
        let id = DocId::from_random([0xab; 16]);
        assert_eq!(id.as_str(), "ab".repeat(16));
        assert_eq!(DocId::parse(id.as_str()), Ok(id.clone()));
        assert_eq!(id.short(), "abababab");
        let bytes: [u8; 16] = std::array::from_fn(|i| (i as u8) * 17);
        assert_eq!(DocId::from_random(bytes).to_bytes(), bytes);
    }

    #[test]
    fn bad_ids_are_rejected_with_the_reason() {
        let check =
            |text: &str, expected| assert_eq!(DocId::parse(text), Err(expected), "{text:?}");
        check("", DocIdError::WrongLength(0));
        check("abc", DocIdError::WrongLength(3));
        check(&"a".repeat(33), DocIdError::WrongLength(33));
        check(&"A".repeat(32), DocIdError::NotHex('A'));
        check("0123456789abcdef0123456789abcdeg", DocIdError::NotHex('g'));
        check("../../../etc/passwd", DocIdError::NotHex('.'));
    }
}
