//! Why a document that automerge could read is still not a usable response.

use std::fmt;

/// A field of a response document is missing or has the wrong type, for example
/// because it was written by a newer version of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LayoutError {
    NotAResponse,
    /// Not a document of the expected kind (project, session).
    WrongKind(String),
    NewerLayout(u64),
    Missing(&'static str),
    WrongType(String),
}

impl fmt::Display for LayoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LayoutError::NotAResponse => f.write_str("the document is not a response"),
            LayoutError::WrongKind(kind) => write!(f, "the document is not a {kind}"),
            LayoutError::NewerLayout(v) => {
                write!(f, "the document uses layout {v}, newer than this app knows")
            }
            LayoutError::Missing(field) => write!(f, "the field `{field}` is missing"),
            LayoutError::WrongType(field) => write!(f, "the field `{field}` has the wrong type"),
        }
    }
}

impl std::error::Error for LayoutError {}
