//! How a response began: who consented, and who is answering.

use serde::{Deserialize, Serialize};

/// Who gave consent. Declining stores nothing, so it has no value here.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum Consent {
    /// The person agreed for themselves.
    Person,
    /// A supporter agreed on the person's behalf, and why.
    Supporter { reason: String },
    /// Recorded where the answers were first collected (on the paper form,
    /// or by another survey tool), for responses imported from a file.
    Elsewhere,
}

/// Who is answering.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Mode {
    Alone,
    /// With a supporter, whose role is recorded; their notes are kept apart.
    Supported {
        role: String,
    },
    /// A group answering together.
    Group {
        name: String,
        size: u32,
    },
    /// Answers typed in later from a printed paper form.
    Paper,
}

/// Everything settled before the first question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseSetup {
    pub consent: Consent,
    pub mode: Mode,
    /// A random pseudonymous id such as `R-7F3K9Q`; names are never asked for.
    pub respondent: String,
    /// The name of the device it was started on, as the device was named
    /// then (see [`crate::device_name`]); none when the device had no name,
    /// or for responses made before devices had names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    /// The language the questions were shown in at the start, as a tag
    /// (`cy`); none for responses made before it was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// Letters and digits that cannot be mistaken for each other when read aloud
/// or written down (no I, L, O, U, 0 or 1).
const PSEUDONYM_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A pseudonymous respondent id made from caller-supplied random bytes.
pub fn pseudonym(random: [u8; 16]) -> String {
    let code: String = random
        .iter()
        .take(6)
        .map(|b| PSEUDONYM_ALPHABET[*b as usize % PSEUDONYM_ALPHABET.len()] as char)
        .collect();
    format!("R-{code}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudonyms_use_only_unambiguous_characters() {
        let id = pseudonym([0, 1, 2, 29, 30, 255, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9]);
        assert_eq!(id, "R-234Z2H");
        for n in 0..=255u8 {
            let id = pseudonym([n; 16]);
            assert!(id[2..].chars().all(|c| !"ILOU01".contains(c)), "{id}");
        }
    }
}
