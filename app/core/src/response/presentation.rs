//! How the questions look to the person answering: standard, easy read, large
//! print, or easy read in large print. Chosen per device and stored with each
//! response, so results can be looked at by presentation.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Presentation {
    /// Short sentences with a picture beside each, one question per screen,
    /// faces for ratings, bigger text.
    pub easy_read: bool,
    /// At least 24 px text, generous line height, high contrast.
    pub large_print: bool,
}

impl Presentation {
    pub const STANDARD: Presentation = Presentation {
        easy_read: false,
        large_print: false,
    };

    /// Every presentation, standard first.
    pub const ALL: [Presentation; 4] = [
        Presentation::STANDARD,
        Presentation {
            easy_read: true,
            large_print: false,
        },
        Presentation {
            easy_read: false,
            large_print: true,
        },
        Presentation {
            easy_read: true,
            large_print: true,
        },
    ];

    pub fn is_standard(self) -> bool {
        self == Presentation::STANDARD
    }

    /// A stable name for settings and test artifacts, e.g. `easy-read+large-print`.
    pub fn name(self) -> &'static str {
        match (self.easy_read, self.large_print) {
            (false, false) => "standard",
            (true, false) => "easy-read",
            (false, true) => "large-print",
            (true, true) => "easy-read+large-print",
        }
    }

    pub fn from_name(name: &str) -> Option<Presentation> {
        Presentation::ALL.into_iter().find(|p| p.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_names_are_refused() {
        for p in Presentation::ALL {
            assert_eq!(Presentation::from_name(p.name()), Some(p));
        }
        assert_eq!(Presentation::from_name("huge"), None);
        assert_eq!(Presentation::from_name(""), None);
    }

    #[test]
    fn stored_form_is_two_flags_and_old_responses_read_as_standard() {
        let p = Presentation {
            easy_read: true,
            large_print: false,
        };
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(json, r#"{"easy_read":true,"large_print":false}"#);
        assert_eq!(serde_json::from_str::<Presentation>(&json).unwrap(), p);
    }
}
