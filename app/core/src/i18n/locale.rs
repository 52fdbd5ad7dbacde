//! The languages Heard offers and the facts about each that layout depends on.

/// Which way a language's text runs; drives `dir` on `<html>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// The seven languages of the national adult social care surveys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Locale {
    English,
    Welsh,
    Polish,
    Bengali,
    Urdu,
    /// Punjabi in Gurmukhi script, the usual script for Punjabi in the UK.
    Punjabi,
    Gujarati,
}

impl Locale {
    pub const ALL: [Locale; 7] = [
        Locale::English,
        Locale::Welsh,
        Locale::Polish,
        Locale::Bengali,
        Locale::Urdu,
        Locale::Punjabi,
        Locale::Gujarati,
    ];

    /// The BCP 47 tag used for `lang`, the locale file name and speech voices.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::English => "en",
            Locale::Welsh => "cy",
            Locale::Polish => "pl",
            Locale::Bengali => "bn",
            Locale::Urdu => "ur",
            Locale::Punjabi => "pa",
            Locale::Gujarati => "gu",
        }
    }

    /// The language's own name for itself, so a speaker finds it in any
    /// interface language.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::English => "English",
            Locale::Welsh => "Cymraeg",
            Locale::Polish => "Polski",
            Locale::Bengali => "বাংলা",
            Locale::Urdu => "اردو",
            Locale::Punjabi => "ਪੰਜਾਬੀ",
            Locale::Gujarati => "ગુજરાતી",
        }
    }

    /// The language's name in English, shown beside its own name in lists of
    /// languages.
    pub fn english_name(self) -> &'static str {
        match self {
            Locale::English => "English",
            Locale::Welsh => "Welsh",
            Locale::Polish => "Polish",
            Locale::Bengali => "Bengali",
            Locale::Urdu => "Urdu",
            Locale::Punjabi => "Punjabi",
            Locale::Gujarati => "Gujarati",
        }
    }

    /// The CLDR cardinal plural categories the language uses, in CLDR order;
    /// a plural message in its catalog has exactly these forms.
    pub fn plural_categories(self) -> &'static [&'static str] {
        match self {
            Locale::Welsh => &["zero", "one", "two", "few", "many", "other"],
            Locale::Polish => &["one", "few", "many", "other"],
            _ => &["one", "other"],
        }
    }

    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        Locale::ALL.into_iter().find(|l| l.tag() == primary)
    }

    pub fn direction(self) -> Direction {
        match self {
            Locale::Urdu => Direction::Rtl,
            _ => Direction::Ltr,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip_and_accept_regional_variants() {
        for locale in Locale::ALL {
            assert_eq!(Locale::from_tag(locale.tag()), Some(locale));
        }
        let check = |tag, expected| assert_eq!(Locale::from_tag(tag), expected, "{tag}");
        check("en-GB", Some(Locale::English));
        check("pa_Guru", Some(Locale::Punjabi));
        check("CY", Some(Locale::Welsh));
        check("fr", None);
        check("", None);
    }

    #[test]
    fn plural_categories_are_exactly_those_cldr_uses() {
        use crate::i18n::plural::category;
        for locale in Locale::ALL {
            let mut seen: Vec<&str> = (0..1000)
                .map(|n| match category(locale, n) {
                    crate::i18n::PluralCategory::ZERO => "zero",
                    crate::i18n::PluralCategory::ONE => "one",
                    crate::i18n::PluralCategory::TWO => "two",
                    crate::i18n::PluralCategory::FEW => "few",
                    crate::i18n::PluralCategory::MANY => "many",
                    crate::i18n::PluralCategory::OTHER => "other",
                })
                .collect();
            seen.sort_by_key(|c| {
                ["zero", "one", "two", "few", "many", "other"]
                    .iter()
                    .position(|x| x == c)
            });
            seen.dedup();
            // `other` is always a form, even where (as in Polish) only
            // fractions select it.
            if seen.last() != Some(&"other") {
                seen.push("other");
            }
            assert_eq!(seen, locale.plural_categories(), "{locale:?}");
        }
    }

    #[test]
    fn only_urdu_runs_right_to_left() {
        let rtl: Vec<_> = Locale::ALL
            .into_iter()
            .filter(|l| l.direction() == Direction::Rtl)
            .collect();
        assert_eq!(rtl, [Locale::Urdu]);
    }
}
