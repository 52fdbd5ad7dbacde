//! Edits: what a person did to a project or session, addressed by ids, not
//! by positions, so an edit lands on the same item whatever moved around it.

use serde_json::Value;

/// One step from a map or list to what it holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// A key of a map.
    Key(String),
    /// An item of a collection by its id, or an element of a list of
    /// strings (such as a project's languages) by its value.
    Item(String),
    /// An element of a list without ids, by position.
    Index(usize),
}

pub type Path = Vec<Step>;

#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Make the value at `path` this (a field set, or a new field).
    Set { path: Path, value: Value },
    /// Remove the field, item or element at `path`.
    Remove { path: Path },
    /// Add an item (or a string element) `id` to the collection at `path`,
    /// right after `after` (first when `None`).
    Insert {
        path: Path,
        id: String,
        after: Option<String>,
        value: Value,
    },
    /// Put item `id` right after `after` (first when `None`).
    Move {
        path: Path,
        id: String,
        after: Option<String>,
    },
    /// Replace `del` characters at `pos` of the text at `path` with `text`.
    Splice {
        path: Path,
        pos: usize,
        del: usize,
        text: String,
    },
}
