//! The fields a survey file may have. Stored surveys are read leniently, so
//! that what a newer version wrote is kept; a file typed or exported by
//! hand is checked against this list, so that a misspelt field is named.

use serde_json::Value;

use super::{
    ImportError, LocalText,
    problem::{Place, QuestionRef},
};

const SURVEY: &[&str] = &["id", "title", "sections", "section_per_screen", "questions"];
const SECTION: &[&str] = &["id", "title"];
const QUESTION: &[&str] = &[
    "id",
    "text",
    "easy_read",
    "picture",
    "audio",
    "kind",
    "required",
    "show_if",
    "section",
];
const CHOICE: &[&str] = &["id", "text", "easy_read", "picture", "audio"];
const SHOW_IF: &[&str] = &["question", "equals", "compare"];
/// Each question kind with the fields it has besides `type`.
const KINDS: &[(&str, &[&str])] = &[
    ("rating", &["low_label", "high_label"]),
    ("picture_scale", &[]),
    ("single_choice", &["choices"]),
    ("multiple_choice", &["choices", "other"]),
    ("free_text", &[]),
    ("number", &["min", "max"]),
    ("date", &[]),
];

/// The first field or question kind the file format does not have, named
/// where it is.
pub fn check(survey: &Value) -> Result<(), ImportError> {
    fields(survey, SURVEY, &|| Place::Survey)?;
    for (i, section) in list(survey, "sections").enumerate() {
        fields(section, SECTION, &|| Place::Section(i + 1))?;
    }
    for (i, question) in list(survey, "questions").enumerate() {
        let place = || Place::Question(question_ref(i, question));
        fields(question, QUESTION, &place)?;
        if let Some(show_if) = question.get("show_if") {
            fields(show_if, SHOW_IF, &place)?;
        }
        let Some(kind) = question.get("kind") else {
            continue;
        };
        let name = kind.get("type").and_then(Value::as_str).unwrap_or_default();
        let Some((_, allowed)) = KINDS.iter().find(|(k, _)| *k == name) else {
            return Err(ImportError::UnknownKind {
                place: place(),
                kind: name.to_owned(),
            });
        };
        let allowed: Vec<&str> = allowed.iter().copied().chain(["type"]).collect();
        fields(kind, &allowed, &place)?;
        for (c, choice) in list(kind, "choices").enumerate() {
            fields(choice, CHOICE, &|| {
                Place::Choice(question_ref(i, question), c + 1)
            })?;
        }
    }
    Ok(())
}

/// Question `index` of a file, named by whatever text it has.
pub fn question_ref(index: usize, question: &Value) -> QuestionRef {
    QuestionRef {
        number: index + 1,
        text: question
            .get("text")
            .and_then(|t| serde_json::from_value::<LocalText>(t.clone()).ok())
            .unwrap_or_default(),
    }
}

fn fields(value: &Value, allowed: &[&str], place: &dyn Fn() -> Place) -> Result<(), ImportError> {
    match value.as_object() {
        Some(map) => match map.keys().find(|k| !allowed.contains(&k.as_str())) {
            Some(key) => Err(ImportError::UnknownField {
                place: place(),
                field: key.clone(),
            }),
            None => Ok(()),
        },
        None => Ok(()),
    }
}

pub fn list<'a>(value: &'a Value, key: &str) -> impl Iterator<Item = &'a Value> {
    value
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}
