//! Survey content in several languages, falling back visibly to English.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::i18n::Locale;

/// One piece of survey text keyed by language tag.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalText(pub BTreeMap<String, String>);

impl LocalText {
    pub fn english(text: &str) -> LocalText {
        LocalText(BTreeMap::from([("en".to_owned(), text.to_owned())]))
    }

    pub fn is_empty(&self) -> bool {
        self.0.values().all(|t| t.is_empty())
    }

    /// The text in `locale`, or the English text with `false` when that
    /// language lacks one, so the interface can mark the fallback.
    pub fn get(&self, locale: Locale) -> (&str, bool) {
        match self.0.get(locale.tag()) {
            Some(text) => (text, true),
            None => (
                self.0.get("en").map(String::as_str).unwrap_or_default(),
                locale == Locale::English,
            ),
        }
    }

    /// The text to show in `locale`, and the language it is in: the easy-read
    /// text (`easy`) when `easy_read` is on and it has one in that language,
    /// else this text, else English (which the interface marks as a fallback).
    pub fn shown<'a>(
        &'a self,
        easy: &'a LocalText,
        locale: Locale,
        easy_read: bool,
    ) -> (&'a str, Locale) {
        if easy_read {
            match easy.get(locale) {
                (text, true) if !text.is_empty() => return (text, locale),
                _ => {}
            }
        }
        match self.get(locale) {
            (text, true) => (text, locale),
            (text, false) => (text, Locale::English),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_translations_fall_back_to_english_and_say_so() {
        let mut text = LocalText::english("Hello");
        text.0.insert("cy".into(), "Helo".into());
        assert_eq!(text.get(Locale::Welsh), ("Helo", true));
        assert_eq!(text.get(Locale::English), ("Hello", true));
        assert_eq!(text.get(Locale::Polish), ("Hello", false));
    }

    #[test]
    fn easy_read_text_is_shown_when_asked_for_and_written_in_that_language() {
        let mut text = LocalText::english("How satisfied are you with your care?");
        text.0
            .insert("cy".into(), "Pa mor fodlon ydych chi?".into());
        let easy = LocalText::english("Do you like your care?");
        let check = |locale, easy_read, expected: (&str, Locale)| {
            assert_eq!(
                text.shown(&easy, locale, easy_read),
                expected,
                "{locale:?} {easy_read}"
            );
        };
        check(
            Locale::English,
            true,
            ("Do you like your care?", Locale::English),
        );
        check(
            Locale::English,
            false,
            ("How satisfied are you with your care?", Locale::English),
        );
        // No Welsh easy read: the Welsh standard text beats English easy read.
        check(
            Locale::Welsh,
            true,
            ("Pa mor fodlon ydych chi?", Locale::Welsh),
        );
        // No Polish at all: English, and said to be English.
        check(
            Locale::Polish,
            false,
            ("How satisfied are you with your care?", Locale::English),
        );
    }
}
