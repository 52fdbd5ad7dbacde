//! One answer to one question.

use serde::{Deserialize, Serialize};

/// The 3-point picture scale, plus the way out everyone must have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Feeling {
    Happy,
    NotSure,
    Unhappy,
    /// "Skip / don't know": an answer in its own right, not a gap.
    DontKnow,
}

impl Feeling {
    pub const ALL: [Feeling; 4] = [
        Feeling::Happy,
        Feeling::NotSure,
        Feeling::Unhappy,
        Feeling::DontKnow,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Feeling::Happy => "happy",
            Feeling::NotSure => "not_sure",
            Feeling::Unhappy => "unhappy",
            Feeling::DontKnow => "dont_know",
        }
    }

    pub fn parse(text: &str) -> Option<Feeling> {
        Feeling::ALL.into_iter().find(|f| f.as_str() == text)
    }
}

/// What a person chose or wrote. Which variant fits is set by the question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Answer {
    /// A point on the 0-5 scale.
    Rating(u8),
    /// A face on the 3-point picture scale, or "don't know".
    Feeling(Feeling),
    /// The id of the chosen [`crate::survey::Choice`].
    Choice(String),
    /// Several choices, and what the person wrote under "other", if anything.
    Choices {
        chosen: Vec<String>,
        other: Option<String>,
    },
    /// Free text, kept as an automerge text object so edits merge character by character.
    Text(String),
    Number(f64),
    /// A calendar date, `YYYY-MM-DD`.
    Date(String),
}

/// Whether `text` is a real calendar date written `YYYY-MM-DD`.
pub fn is_iso_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    if y.len() != 4
        || m.len() != 2
        || d.len() != 2
        || !text.chars().all(|c| c.is_ascii_digit() || c == '-')
    {
        return false;
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_against_the_calendar() {
        let check = |text, expected| assert_eq!(is_iso_date(text), expected, "{text}");
        check("2027-03-14", true);
        check("2024-02-29", true);
        check("2023-02-29", false);
        check("1900-02-29", false);
        check("2000-02-29", true);
        check("2027-13-01", false);
        check("2027-04-31", false);
        check("2027-4-01", false);
        check("27-04-01", false);
        check("2027-04-01T10:00", false);
        check("", false);
        check("+027-04-01", false);
    }

    #[test]
    fn feelings_round_trip_through_their_names() {
        for feeling in Feeling::ALL {
            assert_eq!(Feeling::parse(feeling.as_str()), Some(feeling));
        }
        assert_eq!(Feeling::parse("angry"), None);
    }
}
