//! One answer to one question.

/// What a person chose or wrote. Which variant fits is set by the question.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Answer {
    /// A point on the 0-5 scale.
    Rating(u8),
    /// The id of the chosen [`crate::survey::Choice`].
    Choice(String),
    /// Free text, kept as an automerge text object so edits merge character by character.
    Text(String),
}
