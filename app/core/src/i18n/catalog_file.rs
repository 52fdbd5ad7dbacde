//! Reading another language's catalog from its JSON file at run time.
//!
//! Only English is compiled in; the other six are fetched when a language is
//! chosen, so the first screen does not carry every language. A file comes from
//! the network or a cache, so it is checked like any other input: unknown keys,
//! the wrong kind of value, a lost `{placeholder}` or plural forms that do not
//! match the language's CLDR categories are errors that name the key.

use std::fmt;

use serde_json::{Map, Value};

use super::{
    COORDINATOR_EN_MESSAGES, Catalog, CoordinatorMessages, Locale, Messages, Plural, Status,
};

/// Larger than any real catalog by far; a bigger file is not a catalog.
pub const MAX_CATALOG_BYTES: usize = 1_000_000;

#[derive(Debug, PartialEq, Eq)]
pub enum CatalogError {
    TooBig(usize),
    NotJson(String),
    MissingSection(&'static str),
    BadStatus(String),
    UnknownKey(String),
    WrongKind {
        key: String,
        expected: &'static str,
    },
    Empty(String),
    Placeholders {
        key: String,
        expected: Vec<String>,
        found: Vec<String>,
    },
    PluralForms {
        key: String,
        expected: Vec<String>,
        found: Vec<String>,
    },
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CatalogError::TooBig(bytes) => write!(
                f,
                "the file is {bytes} bytes; a catalog is at most {MAX_CATALOG_BYTES}"
            ),
            CatalogError::NotJson(e) => write!(f, "the file is not valid JSON: {e}"),
            CatalogError::MissingSection(name) => write!(f, "the `{name}` object is missing"),
            CatalogError::BadStatus(status) => write!(
                f,
                "meta.status must be \"draft\" or \"reviewed\", not {status:?}"
            ),
            CatalogError::UnknownKey(key) => write!(f, "`{key}` is not a message of the app"),
            CatalogError::WrongKind { key, expected } => {
                write!(f, "`{key}` must be {expected}, as in English")
            }
            CatalogError::Empty(key) => write!(f, "`{key}` is empty"),
            CatalogError::Placeholders {
                key,
                expected,
                found,
            } => write!(
                f,
                "`{key}` must use the placeholders {expected:?}, but has {found:?}"
            ),
            CatalogError::PluralForms {
                key,
                expected,
                found,
            } => write!(
                f,
                "`{key}` must have the plural forms {expected:?} for this language, but has {found:?}"
            ),
        }
    }
}

impl std::error::Error for CatalogError {}

impl Catalog {
    /// Reads `locale`'s catalog from the text of its file. Keys the file lacks
    /// fall back to English and are listed in `missing`. The `coordinator`
    /// section is left for [`CoordinatorMessages::parse`].
    ///
    /// The strings are leaked to get `'static` messages like the compiled-in
    /// English ones; the interface reads each language once per page.
    pub fn parse(locale: Locale, text: &str) -> Result<Catalog, CatalogError> {
        let json = file_json(text)?;
        let status = match json.get("meta").and_then(|m| m.get("status")) {
            None => return Err(CatalogError::MissingSection("meta")),
            Some(Value::String(s)) if s == "draft" => Status::Draft,
            Some(Value::String(s)) if s == "reviewed" => Status::Reviewed,
            Some(other) => return Err(CatalogError::BadStatus(other.to_string())),
        };
        let (messages, missing) = section(&json, locale, "messages", Messages::KEYS, |reader| {
            Messages::read(reader)
        })?;
        Ok(Catalog {
            locale,
            status,
            messages: Box::leak(Box::new(messages)),
            missing,
            file: leak(text),
        })
    }
}

impl CoordinatorMessages {
    /// The English coordinator messages, compiled into the coordinator's module.
    pub fn english() -> &'static CoordinatorMessages {
        &COORDINATOR_EN_MESSAGES
    }

    /// Reads the `coordinator` section of the file `catalog` was read from,
    /// checked as [`Catalog::parse`] checks `messages`, on top of `catalog`'s
    /// shared messages. Keys the file lacks fall back to English and are
    /// returned beside the messages.
    pub fn parse(
        catalog: &'static Catalog,
    ) -> Result<(&'static CoordinatorMessages, Vec<&'static str>), CatalogError> {
        if catalog.locale == Locale::English {
            return Ok((CoordinatorMessages::english(), Vec::new()));
        }
        let json = file_json(catalog.file)?;
        let (messages, missing) = section(
            &json,
            catalog.locale,
            "coordinator",
            CoordinatorMessages::KEYS,
            |reader| CoordinatorMessages::read(reader, catalog.messages),
        )?;
        Ok((Box::leak(Box::new(messages)), missing))
    }
}

fn file_json(text: &str) -> Result<Value, CatalogError> {
    if text.len() > MAX_CATALOG_BYTES {
        return Err(CatalogError::TooBig(text.len()));
    }
    serde_json::from_str(text).map_err(|e| CatalogError::NotJson(e.to_string()))
}

/// Reads one section of a catalog file with `read`, refusing keys that are not
/// in `keys` and keeping the first problem met.
fn section<T>(
    json: &Value,
    locale: Locale,
    name: &'static str,
    keys: &[&str],
    read: impl FnOnce(&mut Reader<'_>) -> T,
) -> Result<(T, Vec<&'static str>), CatalogError> {
    let map = json
        .get(name)
        .and_then(Value::as_object)
        .ok_or(CatalogError::MissingSection(name))?;
    if let Some(key) = map.keys().find(|k| !keys.contains(&k.as_str())) {
        return Err(CatalogError::UnknownKey(key.clone()));
    }
    let mut reader = Reader {
        locale,
        map,
        missing: Vec::new(),
        error: None,
    };
    let messages = read(&mut reader);
    match reader.error {
        Some(error) => Err(error),
        None => Ok((messages, reader.missing)),
    }
}

/// Fills one `Messages` from a file's `messages` object, keeping the first
/// problem it meets.
pub(super) struct Reader<'a> {
    locale: Locale,
    map: &'a Map<String, Value>,
    missing: Vec<&'static str>,
    error: Option<CatalogError>,
}

impl Reader<'_> {
    pub(super) fn text(&mut self, key: &'static str, english: &'static str) -> &'static str {
        match self.map.get(key) {
            None => {
                self.missing.push(key);
                english
            }
            Some(Value::String(text)) => match self.checked(key, english, text) {
                true => leak(text),
                false => english,
            },
            Some(_) => {
                self.fail(CatalogError::WrongKind {
                    key: key.to_owned(),
                    expected: "text",
                });
                english
            }
        }
    }

    pub(super) fn plural(&mut self, key: &'static str, english: &Plural) -> Plural {
        let forms = match self.map.get(key) {
            None => {
                self.missing.push(key);
                return *english;
            }
            Some(Value::Object(forms)) => forms,
            Some(_) => {
                self.fail(CatalogError::WrongKind {
                    key: key.to_owned(),
                    expected: "a plural object",
                });
                return *english;
            }
        };
        let expected = self.locale.plural_categories();
        let mut found: Vec<&str> = forms.keys().map(String::as_str).collect();
        found.sort_by_key(|f| expected.iter().position(|e| e == f));
        if found != expected {
            self.fail(CatalogError::PluralForms {
                key: key.to_owned(),
                expected: expected.iter().map(|s| s.to_string()).collect(),
                found: forms.keys().cloned().collect(),
            });
            return *english;
        }
        let mut form = |name: &str| -> Option<&'static str> {
            match forms.get(name)? {
                Value::String(text) if self.checked(key, english.other, text) => Some(leak(text)),
                Value::String(_) => None,
                _ => {
                    self.fail(CatalogError::WrongKind {
                        key: key.to_owned(),
                        expected: "a plural object of texts",
                    });
                    None
                }
            }
        };
        Plural {
            zero: form("zero"),
            one: form("one"),
            two: form("two"),
            few: form("few"),
            many: form("many"),
            other: form("other").unwrap_or(english.other),
        }
    }

    fn checked(&mut self, key: &str, english: &str, text: &str) -> bool {
        if text.trim().is_empty() {
            self.fail(CatalogError::Empty(key.to_owned()));
            return false;
        }
        let (expected, found) = (placeholders(english), placeholders(text));
        if expected != found {
            self.fail(CatalogError::Placeholders {
                key: key.to_owned(),
                expected,
                found,
            });
            return false;
        }
        true
    }

    fn fail(&mut self, error: CatalogError) {
        self.error.get_or_insert(error);
    }
}

fn leak(text: &str) -> &'static str {
    Box::leak(text.to_owned().into_boxed_str())
}

/// The distinct `{name}` placeholders of a message, sorted.
fn placeholders(text: &str) -> Vec<String> {
    let mut names: Vec<String> = text
        .split('{')
        .skip(1)
        .filter_map(|rest| {
            let name = rest.split_once('}')?.0;
            (!name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
                .then(|| name.to_owned())
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(messages: &str) -> String {
        format!(r#"{{"meta": {{"status": "draft"}}, "messages": {messages}}}"#)
    }

    #[test]
    fn a_partial_file_falls_back_to_english_and_lists_what_is_missing() {
        let catalog = Catalog::parse(
            Locale::Welsh,
            &file(r#"{"app_tagline": "Eich barn, wedi'i chlywed."}"#),
        )
        .unwrap();
        assert_eq!(catalog.messages.app_tagline, "Eich barn, wedi'i chlywed.");
        assert_eq!(
            catalog.messages.home_title,
            Catalog::english().messages.home_title
        );
        assert!(catalog.missing.contains(&"home_title"));
        assert!(!catalog.missing.contains(&"app_tagline"));
        assert_eq!(catalog.status, Status::Draft);
    }

    #[test]
    fn every_bad_file_is_refused_with_the_problem_named() {
        let junk = "x".repeat(MAX_CATALOG_BYTES + 1);
        let cases: Vec<(Locale, String, &str)> = vec![
            (Locale::Welsh, junk, "at most"),
            (Locale::Welsh, "{".into(), "not valid JSON"),
            (Locale::Welsh, r#"{"messages": {}}"#.into(), "`meta`"),
            (
                Locale::Welsh,
                r#"{"meta": {"status": "final"}, "messages": {}}"#.into(),
                "meta.status",
            ),
            (
                Locale::Welsh,
                r#"{"meta": {"status": "draft"}}"#.into(),
                "`messages`",
            ),
            (
                Locale::Welsh,
                file(r#"{"no_such_key": "x"}"#),
                "`no_such_key` is not",
            ),
            (
                Locale::Welsh,
                file(r#"{"home_title": 3}"#),
                "`home_title` must be text",
            ),
            (
                Locale::Welsh,
                file(r#"{"home_title": " "}"#),
                "`home_title` is empty",
            ),
            (
                Locale::Welsh,
                file(r#"{"question_progress": "Cwestiwn {n}"}"#),
                "`question_progress` must use the placeholders [\"n\", \"total\"]",
            ),
            (
                Locale::Welsh,
                file(r#"{"home_draft_count": "{count}"}"#),
                "must be a plural object",
            ),
            (
                Locale::Welsh,
                file(
                    r#"{"home_draft_count": {"one": "{count} drafft", "other": "{count} drafft"}}"#,
                ),
                "plural forms [\"zero\", \"one\", \"two\", \"few\", \"many\", \"other\"]",
            ),
            (
                Locale::Polish,
                file(
                    r#"{"home_draft_count": {"one": "1 szkic", "few": "{count} szkice", "many": "{count} szkiców", "other": "{count} szkicu"}}"#,
                ),
                "`home_draft_count` must use the placeholders [\"count\"], but has []",
            ),
        ];
        for (locale, text, expected) in cases {
            let error = Catalog::parse(locale, &text).unwrap_err().to_string();
            assert!(error.contains(expected), "{expected:?} not in {error:?}");
        }
    }

    #[test]
    fn the_coordinator_section_is_read_apart_and_checked_like_messages() {
        let parse = |coordinator: &str| {
            let text = format!(
                r#"{{"meta": {{"status": "draft"}}, "messages": {{"app_tagline": "Eich barn."}}{coordinator}}}"#
            );
            // The first module reads a file whatever its coordinator section holds.
            let catalog = Catalog::parse(Locale::Welsh, &text).unwrap();
            CoordinatorMessages::parse(Box::leak(Box::new(catalog)))
        };
        let (messages, missing) =
            parse(r#", "coordinator": {"builder_title": "Adeiladu arolwg"}"#).unwrap();
        assert_eq!(messages.builder_title, "Adeiladu arolwg");
        assert_eq!(messages.app_tagline, "Eich barn.");
        assert!(missing.contains(&"results_title") && !missing.contains(&"builder_title"));

        let cases = [
            ("", "`coordinator` object is missing"),
            (
                r#", "coordinator": {"app_tagline": "x"}"#,
                "`app_tagline` is not",
            ),
            (
                r#", "coordinator": {"builder_title": 1}"#,
                "`builder_title` must be text",
            ),
            (
                r#", "coordinator": {"project_add_template": "Ychwanegu"}"#,
                "`project_add_template` must use the placeholders [\"title\"]",
            ),
        ];
        for (section, expected) in cases {
            let error = parse(section).unwrap_err().to_string();
            assert!(error.contains(expected), "{expected:?} not in {error:?}");
        }
    }

    #[test]
    fn placeholders_are_named_fields_in_braces() {
        assert_eq!(placeholders("{n} of {total}, {n}"), ["n", "total"]);
        assert!(placeholders("no {Braces} or { spaces }").is_empty());
    }
}
