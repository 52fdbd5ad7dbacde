//! The one text layer: every string a person sees comes from a [`Catalog`], with
//! CLDR plural rules per language. English is built from `locales/en.json` at
//! compile time; the other languages are read from their files when chosen.

mod catalog_file;
mod locale;
mod plural;

pub use catalog_file::{CatalogError, MAX_CATALOG_BYTES};
pub use locale::{Direction, Locale};
pub use plural::{Plural, PluralCategory};

include!(concat!(env!("OUT_DIR"), "/messages.rs"));

/// Whether a fluent speaker has checked a language's messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Draft,
    Reviewed,
}

/// One language's messages, with how far its translation has got.
#[derive(Debug)]
pub struct Catalog {
    pub locale: Locale,
    pub status: Status,
    pub messages: &'static Messages,
    /// Keys that fell back to English because the file lacks them.
    pub missing: Vec<&'static str>,
    /// The file's text (empty for English), for the coordinator's module to
    /// read its own section from.
    pub file: &'static str,
}

impl Catalog {
    /// The source catalog, compiled in and always complete.
    pub fn english() -> &'static Catalog {
        &EN
    }
}

/// Replaces each `{name}` in `template` with its value.
///
/// Placeholders without a value are left as they are, so a missing argument shows
/// up on screen and in tests instead of vanishing silently.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// One message from every catalog given that translates it (English always), as
/// survey content.
pub(crate) fn local_text(
    catalogs: &[&Catalog],
    pick: impl Fn(&Messages) -> &'static str,
    key: &str,
) -> crate::survey::LocalText {
    let mut text = crate::survey::LocalText::english(pick(EN.messages));
    for catalog in catalogs {
        if catalog.locale != Locale::English && !catalog.missing.contains(&key) {
            text.0.insert(
                catalog.locale.tag().to_owned(),
                pick(catalog.messages).to_owned(),
            );
        }
    }
    text
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Every locale file in the repository, read as the interface reads it.
    pub(crate) fn shipped_catalogs() -> Vec<&'static Catalog> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
        let mut catalogs = vec![Catalog::english()];
        for locale in Locale::ALL.into_iter().skip(1) {
            let path = dir.join(format!("{}.json", locale.tag()));
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let catalog =
                Catalog::parse(locale, &text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            catalogs.push(Box::leak(Box::new(catalog)));
        }
        catalogs
    }

    #[test]
    fn english_is_the_source_catalog_and_is_complete() {
        assert_eq!(Catalog::english().locale, Locale::English);
        assert!(Catalog::english().missing.is_empty());
        assert_eq!(
            Messages::KEYS.len(),
            Messages::KEYS
                .iter()
                .collect::<std::collections::BTreeSet<_>>()
                .len()
        );
    }

    #[test]
    fn every_language_has_a_valid_complete_file() {
        for catalog in shipped_catalogs() {
            assert!(
                catalog.missing.is_empty(),
                "{}.json lacks {:?}",
                catalog.locale.tag(),
                catalog.missing
            );
            let (coordinator, missing) = CoordinatorMessages::parse(catalog)
                .unwrap_or_else(|e| panic!("{}.json: {e}", catalog.locale.tag()));
            assert!(
                missing.is_empty(),
                "{}.json's coordinator section lacks {missing:?}",
                catalog.locale.tag()
            );
            // Shared messages are reached through the coordinator's own.
            assert_eq!(coordinator.app_name, catalog.messages.app_name);
        }
    }

    #[test]
    fn fill_replaces_named_placeholders_and_keeps_unknown_ones() {
        let check = |template, args: &[(&str, &str)], expected: &str| {
            assert_eq!(fill(template, args), expected);
        };
        check(
            "Question {n} of {total}",
            &[("n", "4"), ("total", "12")],
            "Question 4 of 12",
        );
        check("{count} saved", &[], "{count} saved");
        check("no placeholders", &[("n", "1")], "no placeholders");
    }
}
