//! The fields a survey file may have. Stored surveys are read leniently, so
//! that what a newer version wrote is kept; a file typed or exported by
//! hand is checked against this list, so that a misspelt field is named.

use serde_json::Value;

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
const SHOW_IF: &[&str] = &["question", "equals"];
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

/// The first field or question kind the file format does not have.
pub fn check(survey: &Value) -> Result<(), String> {
    fields(survey, SURVEY, "survey")?;
    for section in list(survey, "sections") {
        fields(section, SECTION, "section")?;
    }
    for question in list(survey, "questions") {
        fields(question, QUESTION, "question")?;
        if let Some(show_if) = question.get("show_if") {
            fields(show_if, SHOW_IF, "show_if")?;
        }
        let Some(kind) = question.get("kind") else {
            continue;
        };
        let name = kind.get("type").and_then(Value::as_str).unwrap_or_default();
        let Some((_, allowed)) = KINDS.iter().find(|(k, _)| *k == name) else {
            return Err(format!("unknown variant `{name}` of question kind"));
        };
        let allowed: Vec<&str> = allowed.iter().copied().chain(["type"]).collect();
        fields(kind, &allowed, "question kind")?;
        for choice in list(kind, "choices") {
            fields(choice, CHOICE, "choice")?;
        }
    }
    Ok(())
}

fn fields(value: &Value, allowed: &[&str], what: &str) -> Result<(), String> {
    match value.as_object() {
        Some(map) => match map.keys().find(|k| !allowed.contains(&k.as_str())) {
            Some(key) => Err(format!("unknown field `{key}` in a {what}")),
            None => Ok(()),
        },
        None => Ok(()),
    }
}

fn list<'a>(value: &'a Value, key: &str) -> impl Iterator<Item = &'a Value> {
    value
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}
