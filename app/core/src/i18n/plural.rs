//! Plural messages chosen by CLDR cardinal rules (Welsh has six forms, Polish four).

pub use intl_pluralrules::PluralCategory;
use intl_pluralrules::{PluralRuleType, PluralRules};

use super::{Locale, fill};

/// A message with one text per CLDR plural category; `other` is always present.
#[derive(Clone, Copy, Debug)]
pub struct Plural {
    pub zero: Option<&'static str>,
    pub one: Option<&'static str>,
    pub two: Option<&'static str>,
    pub few: Option<&'static str>,
    pub many: Option<&'static str>,
    pub other: &'static str,
}

impl Plural {
    /// The text for `count` in `locale`, with `{count}` filled in.
    pub fn format(&self, locale: Locale, count: u64) -> String {
        let template = match category(locale, count) {
            PluralCategory::ZERO => self.zero,
            PluralCategory::ONE => self.one,
            PluralCategory::TWO => self.two,
            PluralCategory::FEW => self.few,
            PluralCategory::MANY => self.many,
            PluralCategory::OTHER => None,
        }
        .unwrap_or(self.other);
        fill(template, &[("count", &count.to_string())])
    }
}

/// The CLDR cardinal plural category of `count` in `locale`.
pub fn category(locale: Locale, count: u64) -> PluralCategory {
    let langid: unic_langid::LanguageIdentifier = locale
        .tag()
        .parse()
        .expect("locale tags are valid language ids");
    PluralRules::create(langid, PluralRuleType::CARDINAL)
        .and_then(|rules| rules.select(count))
        .unwrap_or(PluralCategory::OTHER)
}

#[cfg(test)]
mod tests {
    use super::*;
    use PluralCategory::*;

    fn check(locale: Locale, cases: &[(u64, PluralCategory)]) {
        for (n, expected) in cases {
            assert_eq!(&category(locale, *n), expected, "{locale:?} {n}");
        }
    }

    #[test]
    fn welsh_uses_all_six_categories() {
        check(
            Locale::Welsh,
            &[
                (0, ZERO),
                (1, ONE),
                (2, TWO),
                (3, FEW),
                (4, OTHER),
                (6, MANY),
            ],
        );
    }

    #[test]
    fn polish_distinguishes_few_and_many() {
        check(
            Locale::Polish,
            &[(1, ONE), (2, FEW), (5, MANY), (22, FEW), (12, MANY)],
        );
    }

    #[test]
    fn english_and_south_asian_languages() {
        check(Locale::English, &[(0, OTHER), (1, ONE), (2, OTHER)]);
        check(Locale::Bengali, &[(0, ONE), (1, ONE), (2, OTHER)]);
        check(Locale::Gujarati, &[(0, ONE), (1, ONE), (5, OTHER)]);
        check(Locale::Punjabi, &[(0, ONE), (1, ONE), (2, OTHER)]);
        check(Locale::Urdu, &[(0, OTHER), (1, ONE), (2, OTHER)]);
    }

    #[test]
    fn format_falls_back_to_other_when_a_form_is_absent() {
        let plural = Plural {
            zero: None,
            one: Some("{count} draft"),
            two: None,
            few: None,
            many: None,
            other: "{count} drafts",
        };
        assert_eq!(plural.format(Locale::Welsh, 0), "0 drafts");
        assert_eq!(plural.format(Locale::English, 1), "1 draft");
        assert_eq!(plural.format(Locale::English, 7), "7 drafts");
    }
}
