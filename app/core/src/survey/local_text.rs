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
}
