//! What can be wrong with a file of responses: with the file as a whole, or
//! with one of its rows, named by line so the person can find and fix it.
//! The screen words each problem in the language on screen; `Display` is for
//! tests and logs, and never holds a cell's value (answers are personal).
//! Externally tagged: an internally tagged enum makes serde buffer what it
//! decodes, which costs the coordinator's module kilobytes of code.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why a file cannot be taken in at all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileProblem {
    TooLarge {
        bytes: usize,
        max: usize,
    },
    Empty,
    /// UTF-16 (Excel's "Unicode text"): not CSV UTF-8.
    Utf16,
    /// A header or row is not UTF-8 text.
    NotUtf8 {
        line: u64,
    },
    /// A quote opened on `line` is never closed, so the rest of the file
    /// would be read as one cell.
    BrokenQuoting {
        line: u64,
    },
    /// Two columns would fill the same answer.
    SameColumnTwice {
        header: String,
    },
    /// No column is a question of the survey.
    NoQuestions,
    /// A header only, no responses.
    NoRows,
    /// The screen mapped a header to a column the survey does not have.
    UnknownTarget {
        header: String,
    },
}

/// Why one row cannot be taken in. `column` is the file's header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowProblem {
    FieldCount {
        expected: usize,
        found: usize,
    },
    UnknownChoice {
        column: String,
    },
    OutOfRange {
        column: String,
    },
    NotANumber {
        column: String,
    },
    BadDate {
        column: String,
    },
    BadTime {
        column: String,
    },
    NotZeroOrOne {
        column: String,
    },
    TooLong {
        column: String,
    },
    UnknownMode,
    UnknownPresentation,
    /// Not one of the app's seven languages' tags.
    UnknownLanguage,
    RequiredEmpty {
        column: String,
    },
}

/// One bad row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BadRow {
    pub line: u64,
    pub problem: RowProblem,
}

/// Why nothing of a file was imported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportError {
    File(FileProblem),
    /// Every bad row, up to [`super::MAX_LISTED`], and how many there are.
    Rows {
        bad: Vec<BadRow>,
        total: usize,
    },
}

impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileProblem::TooLarge { bytes, max } => {
                write!(
                    f,
                    "the file is {bytes} bytes; at most {max} can be imported"
                )
            }
            FileProblem::Empty => write!(f, "the file is empty"),
            FileProblem::Utf16 => write!(f, "the file is UTF-16: save it as CSV UTF-8"),
            FileProblem::NotUtf8 { line } => {
                write!(
                    f,
                    "line {line} is not UTF-8 text: save the file as CSV UTF-8"
                )
            }
            FileProblem::BrokenQuoting { line } => {
                write!(f, "a quote opened on line {line} is never closed")
            }
            FileProblem::SameColumnTwice { header } => {
                write!(
                    f,
                    "column \"{header}\" fills an answer another column fills"
                )
            }
            FileProblem::NoQuestions => write!(f, "no column is a question of this survey"),
            FileProblem::NoRows => write!(f, "the file has a header but no responses"),
            FileProblem::UnknownTarget { header } => {
                write!(
                    f,
                    "column \"{header}\" is matched to no question of this survey"
                )
            }
        }
    }
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RowProblem::FieldCount { expected, found } => {
                write!(f, "{found} fields where the header has {expected}")
            }
            RowProblem::UnknownChoice { column } => {
                write!(f, "\"{column}\": not one of the question's choices")
            }
            RowProblem::OutOfRange { column } => write!(f, "\"{column}\": out of range"),
            RowProblem::NotANumber { column } => write!(f, "\"{column}\": not a number"),
            RowProblem::BadDate { column } => {
                write!(f, "\"{column}\": not a date (YYYY-MM-DD or DD/MM/YYYY)")
            }
            RowProblem::BadTime { column } => write!(f, "\"{column}\": not a date and time"),
            RowProblem::NotZeroOrOne { column } => write!(f, "\"{column}\": not 0 or 1"),
            RowProblem::TooLong { column } => write!(f, "\"{column}\": text too long"),
            RowProblem::UnknownMode => write!(f, "mode: not alone, supported, group or paper"),
            RowProblem::UnknownPresentation => write!(f, "presentation: not a presentation"),
            RowProblem::UnknownLanguage => write!(f, "language: not a language of the app"),
            RowProblem::RequiredEmpty { column } => {
                write!(f, "\"{column}\": a required question left empty")
            }
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::File(problem) => problem.fmt(f),
            ImportError::Rows { bad, total } => {
                write!(f, "{total} bad rows:")?;
                for row in bad {
                    write!(f, " line {}: {};", row.line, row.problem)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ImportError {}
