//! The one text layer: every string a person sees comes from a [`Catalog`] built
//! from `locales/*.json` at compile time, with CLDR plural rules per language.

mod locale;
mod plural;

pub use locale::{Direction, Locale};
pub use plural::{Plural, PluralCategory};

include!(concat!(env!("OUT_DIR"), "/messages.rs"));

/// One language's messages, with how far its translation has got.
#[derive(Debug)]
pub struct Catalog {
    /// BCP 47 tag of the file, e.g. `cy`.
    pub tag: &'static str,
    /// The language's name in itself, e.g. `Cymraeg`.
    pub native_name: &'static str,
    /// `draft` until a fluent speaker has reviewed it, then `reviewed`.
    pub status: &'static str,
    pub messages: &'static Messages,
    /// Keys that fell back to English because the file lacks them.
    pub missing: &'static [&'static str],
}

impl Catalog {
    /// The catalog for `locale`, or English when that language has no file yet.
    pub fn for_locale(locale: Locale) -> &'static Catalog {
        CATALOGS
            .iter()
            .copied()
            .find(|c| c.tag == locale.tag())
            .unwrap_or(CATALOGS[0])
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

/// One message from every catalog that translates it, as survey content.
pub(crate) fn local_text(
    pick: impl Fn(&Messages) -> &'static str,
    key: &str,
) -> crate::survey::LocalText {
    crate::survey::LocalText(
        CATALOGS
            .iter()
            .filter(|c| c.tag == "en" || !c.missing.contains(&key))
            .map(|c| (c.tag.to_owned(), pick(c.messages).to_owned()))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_is_the_source_catalog_and_is_complete() {
        assert_eq!(CATALOGS[0].tag, "en");
        assert!(CATALOGS[0].missing.is_empty());
    }

    #[test]
    fn every_locale_finds_a_catalog() {
        for locale in Locale::ALL {
            let catalog = Catalog::for_locale(locale);
            assert!(!catalog.messages.app_name.is_empty(), "{locale:?}");
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
