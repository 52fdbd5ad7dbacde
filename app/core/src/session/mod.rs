//! Structured conversations and "tea and talk" sessions: when and where they
//! happened, who facilitated, how many took part, and the note cards the
//! facilitator took, each tied to a topic of the session's guide.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{
    id::DocId,
    response::{Feeling, is_iso_date},
    survey::FREE_TEXT_MAX_CHARS,
    time::Timestamp,
};

/// The longest audio note kept, in bytes (about two minutes of speech).
pub const AUDIO_MAX_BYTES: usize = 3 * 1024 * 1024;
pub const PEOPLE_MAX: u32 = 10_000;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub project: DocId,
    /// The conversation guide used, by id within the project.
    pub guide: String,
    /// The day it took place (YYYY-MM-DD), or empty until filled in.
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub facilitator: String,
    #[serde(default)]
    pub people: Option<u32>,
    pub created: Timestamp,
    pub updated: Timestamp,
    #[serde(default)]
    pub cards: Vec<Card>,
    /// The name of the device it was started on, as the device was named
    /// then (see [`crate::device_name`]); none when the device had no name,
    /// or for sessions made before devices had names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
}

/// One note taken during a session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Card {
    /// Random, so cards added on two devices never clash.
    pub id: String,
    #[serde(default)]
    pub text: String,
    /// The text is what someone said, in their own words.
    #[serde(default)]
    pub quote: bool,
    #[serde(default)]
    pub feeling: Option<Feeling>,
    /// The guide topic this card belongs to.
    #[serde(default)]
    pub topic: Option<String>,
    /// The audio note's media type, when there is one; its bytes are kept
    /// beside the cards, not in the content every list reads.
    #[serde(default)]
    pub audio: Option<String>,
    pub created: Timestamp,
    /// The name of the device it was added on, as the device was named
    /// then; written once, when the card is added, and never edited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionError {
    BadDate(String),
    TooManyPeople(u32),
    CardTooLong { card: String, chars: usize },
    DuplicateCard(String),
    AudioTooLarge { bytes: usize },
    AudioNotAudio(String),
}

impl fmt::Display for SessionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SessionError::BadDate(date) => write!(f, "`{date}` is not a date (YYYY-MM-DD)"),
            SessionError::TooManyPeople(n) => {
                write!(
                    f,
                    "{n} people is more than the {PEOPLE_MAX} a session can record"
                )
            }
            SessionError::CardTooLong { card, chars } => write!(
                f,
                "note {card} has {chars} characters; at most {FREE_TEXT_MAX_CHARS} fit"
            ),
            SessionError::DuplicateCard(id) => write!(f, "two notes have the id `{id}`"),
            SessionError::AudioTooLarge { bytes } => write!(
                f,
                "the audio note is {bytes} bytes; at most {AUDIO_MAX_BYTES} are kept"
            ),
            SessionError::AudioNotAudio(mime) => write!(f, "`{mime}` is not an audio type"),
        }
    }
}

impl std::error::Error for SessionError {}

impl Session {
    pub fn new(project: DocId, guide: &str, date: &str, now: Timestamp) -> Session {
        Session {
            project,
            guide: guide.to_owned(),
            date: date.to_owned(),
            place: String::new(),
            facilitator: String::new(),
            people: None,
            created: now,
            updated: now,
            cards: Vec::new(),
            device: None,
        }
    }

    pub fn check(&self) -> Result<(), SessionError> {
        if !self.date.is_empty() && !is_iso_date(&self.date) {
            return Err(SessionError::BadDate(self.date.clone()));
        }
        if let Some(n) = self.people.filter(|n| *n > PEOPLE_MAX) {
            return Err(SessionError::TooManyPeople(n));
        }
        let mut seen = std::collections::BTreeSet::new();
        for card in &self.cards {
            let chars = card.text.chars().count();
            if chars > FREE_TEXT_MAX_CHARS {
                return Err(SessionError::CardTooLong {
                    card: card.id.clone(),
                    chars,
                });
            }
            if !seen.insert(card.id.as_str()) {
                return Err(SessionError::DuplicateCard(card.id.clone()));
            }
        }
        Ok(())
    }
}

/// Checks an audio note before it is stored.
pub fn check_audio(mime: &str, bytes: usize) -> Result<(), SessionError> {
    if !mime.starts_with("audio/") {
        return Err(SessionError::AudioNotAudio(mime.to_owned()));
    }
    if bytes > AUDIO_MAX_BYTES {
        return Err(SessionError::AudioTooLarge { bytes });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(id: &str, text: &str) -> Card {
        Card {
            id: id.into(),
            text: text.into(),
            quote: false,
            feeling: None,
            topic: None,
            audio: None,
            created: Timestamp(2),
            device: None,
        }
    }

    fn check(edit: impl Fn(&mut Session), expected: Result<(), SessionError>) {
        let mut session =
            Session::new(DocId::from_random([1; 16]), "g", "2027-03-04", Timestamp(1));
        session.cards.push(card("a", "We like the new café."));
        edit(&mut session);
        assert_eq!(session.check(), expected);
    }

    #[test]
    fn bad_sessions_are_named() {
        check(|_| {}, Ok(()));
        check(|s| s.date.clear(), Ok(()));
        check(
            |s| s.date = "4/3/2027".into(),
            Err(SessionError::BadDate("4/3/2027".into())),
        );
        check(
            |s| s.people = Some(10_001),
            Err(SessionError::TooManyPeople(10_001)),
        );
        check(
            |s| s.cards.push(card("a", "again")),
            Err(SessionError::DuplicateCard("a".into())),
        );
        check(
            |s| s.cards[0].text = "x".repeat(FREE_TEXT_MAX_CHARS + 1),
            Err(SessionError::CardTooLong {
                card: "a".into(),
                chars: FREE_TEXT_MAX_CHARS + 1,
            }),
        );
    }

    #[test]
    fn audio_is_checked_before_it_is_kept() {
        assert_eq!(check_audio("audio/webm;codecs=opus", 10), Ok(()));
        assert_eq!(
            check_audio("video/webm", 10),
            Err(SessionError::AudioNotAudio("video/webm".into()))
        );
        assert_eq!(
            check_audio("audio/ogg", AUDIO_MAX_BYTES + 1),
            Err(SessionError::AudioTooLarge {
                bytes: AUDIO_MAX_BYTES + 1
            })
        );
    }
}
