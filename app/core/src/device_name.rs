//! The name a device goes by among a project's devices ("Hall tablet",
//! "Asha's phone"): chosen once on the device, and recorded in what the
//! device adds (a response's setup, a session, a note card) as it was then,
//! so the team can tell who added what.
//!
//! A name is checked when it is typed ([`DeviceName::parse`]). A name read
//! from a document is not checked again (another device, or a newer
//! version, may allow what this one does not, and refusing it would stop a
//! response or session from opening): it is only made safe to show
//! ([`shown`]).

use std::fmt;

/// The longest name kept, in characters: enough for "Community centre
/// tablet 2", short enough to fit beside a date in a list on a phone.
pub const DEVICE_NAME_MAX_CHARS: usize = 40;

/// A device name as typed, trimmed, and known to be fit to record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceName(String);

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeviceNameError {
    /// Only spaces: a device with no name is left unnamed instead.
    Empty,
    TooLong {
        chars: usize,
    },
    /// A line break, tab or other control character, or a character that
    /// reorders the text around it (a bidirectional embedding, override or
    /// isolate), which could make a list read as something else.
    Control(char),
}

impl fmt::Display for DeviceNameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeviceNameError::Empty => write!(f, "a device name has at least one letter"),
            DeviceNameError::TooLong { chars } => write!(
                f,
                "the name has {chars} characters; at most {DEVICE_NAME_MAX_CHARS} fit"
            ),
            DeviceNameError::Control(c) => {
                write!(
                    f,
                    "a device name cannot hold the character U+{:04X}",
                    *c as u32
                )
            }
        }
    }
}

impl std::error::Error for DeviceNameError {}

impl DeviceName {
    /// Checks a name as the person typed it; spaces around it are dropped.
    pub fn parse(text: &str) -> Result<DeviceName, DeviceNameError> {
        let name = text.trim();
        if name.is_empty() {
            return Err(DeviceNameError::Empty);
        }
        if let Some(c) = name.chars().find(|c| unsafe_char(*c)) {
            return Err(DeviceNameError::Control(c));
        }
        let chars = name.chars().count();
        if chars > DEVICE_NAME_MAX_CHARS {
            return Err(DeviceNameError::TooLong { chars });
        }
        Ok(DeviceName(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// A recorded name as it can be shown: without characters that would break
/// or reorder the line, cut to the longest name this version keeps, and
/// `None` when nothing is left (a document that records no name).
pub fn shown(recorded: Option<&str>) -> Option<String> {
    let clean: String = recorded?
        .chars()
        .map(|c| if unsafe_char(c) { ' ' } else { c })
        .collect();
    let clean = clean.trim();
    if clean.is_empty() {
        return None;
    }
    if clean.chars().count() <= DEVICE_NAME_MAX_CHARS {
        return Some(clean.to_owned());
    }
    let mut cut: String = clean.chars().take(DEVICE_NAME_MAX_CHARS - 1).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    Some(cut)
}

/// Characters a name may not hold. Joiners (U+200C, U+200D) and the
/// direction marks (U+200E, U+200F) stay allowed: Bengali, Gujarati and
/// Urdu are written with them.
fn unsafe_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(typed: &str, expected: Result<&str, DeviceNameError>) {
        assert_eq!(
            DeviceName::parse(typed).map(DeviceName::into_string),
            expected.map(str::to_owned),
            "{typed:?}"
        );
    }

    #[test]
    fn names_are_checked_as_typed() {
        check("Hall tablet", Ok("Hall tablet"));
        check("  Asha's phone \n", Ok("Asha's phone"));
        check("হলের ট্যাবলেট", Ok("হলের ট্যাবলেট"));
        check("ہال کا ٹیبلیٹ", Ok("ہال کا ٹیبلیٹ"));
        // Bengali written with a zero-width joiner, and an Urdu name
        // followed by a direction mark, are fine.
        check("র\u{200D}্যাব", Ok("র\u{200D}্যাব"));
        check("ٹیبلیٹ\u{200F} 2", Ok("ٹیبلیٹ\u{200F} 2"));
        check(&"x".repeat(DEVICE_NAME_MAX_CHARS), Ok(&"x".repeat(40)));
        // Counted in characters, not bytes.
        check(&"ট".repeat(DEVICE_NAME_MAX_CHARS), Ok(&"ট".repeat(40)));
    }

    #[test]
    fn bad_names_are_named() {
        check("", Err(DeviceNameError::Empty));
        check("   \t ", Err(DeviceNameError::Empty));
        check(
            &"x".repeat(DEVICE_NAME_MAX_CHARS + 1),
            Err(DeviceNameError::TooLong { chars: 41 }),
        );
        check("Hall\ntablet", Err(DeviceNameError::Control('\n')));
        check("Hall\ttablet", Err(DeviceNameError::Control('\t')));
        check("Hall\u{0}", Err(DeviceNameError::Control('\u{0}')));
        check(
            "\u{202E}telbat llaH",
            Err(DeviceNameError::Control('\u{202E}')),
        );
        check("Hall \u{2067}x", Err(DeviceNameError::Control('\u{2067}')));
        // A control character is named even in a name that is also too long.
        check(
            &format!("{}\u{7}", "x".repeat(50)),
            Err(DeviceNameError::Control('\u{7}')),
        );
    }

    #[test]
    fn recorded_names_are_made_safe_to_show() {
        let show = |recorded: Option<&str>, expected: Option<&str>| {
            assert_eq!(shown(recorded).as_deref(), expected, "{recorded:?}");
        };
        show(None, None);
        show(Some(""), None);
        show(Some(" \u{202E} "), None);
        show(Some("Hall tablet"), Some("Hall tablet"));
        show(Some(" Hall\ntablet "), Some("Hall tablet"));
        show(Some("\u{202E}Hall"), Some("Hall"));
        // Cut to the longest name kept, ellipsis included, with no space
        // left before the ellipsis.
        let long = format!("{} tablet", "x".repeat(DEVICE_NAME_MAX_CHARS - 2));
        let expected = format!("{}…", "x".repeat(DEVICE_NAME_MAX_CHARS - 2));
        show(Some(&long), Some(&expected));
        let cut = shown(Some(&"ট".repeat(100))).unwrap();
        assert_eq!(cut.chars().count(), DEVICE_NAME_MAX_CHARS);
    }
}
