//! Responses taken in from a CSV file: answers typed in from paper forms,
//! or brought from another survey tool, or this app's own export. Columns
//! are matched to the survey by header ([`columns`]); the rest are mapped
//! by hand on the screen or left out. Every row is checked, and either the
//! whole file is taken in or none of it: one bad row, named by its line and
//! the reason, keeps every row out.
//!
//! Reading is pure: [`read`] turns bytes into responses or problems; the
//! worker stores them (`documents/import.rs`).

mod cells;
mod columns;
mod problem;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use columns::column_label;
pub use problem::{BadRow, FileProblem, ImportError, RowProblem};

use crate::{
    response::{Answer, Mode, Presentation},
    survey::{Survey, missing_required},
    time::Timestamp,
};

use super::Answers;
use columns::{Fixed, Target};

/// A bigger file is not a survey's responses: 2,165 responses of 60
/// questions are under 2 MB.
pub const MAX_IMPORT_BYTES: usize = 20_000_000;
/// Bad rows listed at most; the count says how many there are in all.
pub const MAX_LISTED: usize = 100;
/// A respondent id longer than this is cut short.
const RESPONDENT_MAX_CHARS: usize = 64;

/// Where the screen put headers the survey did not match: a column id
/// (as [`column_label`] names them), or empty to leave the column out.
pub type Mapping = BTreeMap<String, String>;

/// One response of the file, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedResponse {
    pub respondent: Option<String>,
    /// None when the file does not say: stored as typed in from paper.
    pub mode: Option<Mode>,
    pub presentation: Presentation,
    pub started: Option<Timestamp>,
    pub completed: Option<Timestamp>,
    /// The language it was answered in, as a tag, when the file says.
    pub language: Option<String>,
    pub answers: Answers,
}

/// What a file holds, checked against a survey.
#[derive(Debug, PartialEq)]
pub struct Read {
    /// Headers the survey did not match and the mapping did not place.
    pub unmatched: Vec<String>,
    /// Columns of the survey no header fills, by id: where unmatched
    /// headers can be mapped.
    pub free: Vec<String>,
    pub result: Result<Vec<ImportedResponse>, ImportError>,
}

/// What the worker says of an import, to the screen that asked.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    /// Responses the file holds (all of them good).
    pub rows: usize,
    /// Whether they are stored, or were only checked.
    pub stored: bool,
    pub unmatched: Vec<String>,
    pub free: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ImportError>,
    /// The file was good but storage refused the responses: none was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_stored: Option<crate::storage::StorageError>,
}

/// Reads `bytes` as responses to `survey`.
pub fn read(survey: &Survey, bytes: &[u8], mapping: &Mapping) -> Read {
    let targets = columns::targets(survey);
    let mut out = Read {
        unmatched: Vec::new(),
        free: Vec::new(),
        result: Ok(Vec::new()),
    };
    let fail = |mut out: Read, problem| {
        out.result = Err(ImportError::File(problem));
        out
    };
    if bytes.len() > MAX_IMPORT_BYTES {
        let (bytes, max) = (bytes.len(), MAX_IMPORT_BYTES);
        return fail(out, FileProblem::TooLarge { bytes, max });
    }
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return fail(out, FileProblem::Utf16);
    }
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return fail(out, FileProblem::Empty);
    }
    if let Some(line) = unclosed_quote(bytes) {
        return fail(out, FileProblem::BrokenQuoting { line });
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut records = reader.byte_records();
    // Lines counted from the bytes: the csv crate counts a Windows line end
    // (what Excel writes) as no line at all.
    let mut lines = Lines {
        bytes,
        at: 0,
        line: 1,
    };
    let mut line_of =
        |record: &csv::ByteRecord| lines.of(record.position().map_or(0, |p| p.byte()));
    let text = |record: csv::ByteRecord, line: u64| {
        csv::StringRecord::from_byte_record(record).map_err(|_| FileProblem::NotUtf8 { line })
    };
    let headers: Vec<String> = match records.next() {
        None => return fail(out, FileProblem::Empty),
        Some(Err(_)) => return fail(out, FileProblem::BrokenQuoting { line: 1 }),
        Some(Ok(record)) => match text(record, 1) {
            Ok(record) => record.iter().map(|h| h.trim().to_owned()).collect(),
            Err(problem) => return fail(out, problem),
        },
    };
    let matched = match columns::match_headers(&targets, &headers, mapping) {
        Ok(matched) => matched,
        Err(problem) => return fail(out, problem),
    };
    out.unmatched = headers
        .iter()
        .zip(&matched)
        .filter(|(h, m)| m.is_none() && !mapping.contains_key(*h) && !h.is_empty())
        .map(|(h, _)| h.clone())
        .collect();
    out.free = targets
        .iter()
        .enumerate()
        .filter(|(i, t)| t.question().is_some() && !matched.contains(&Some(*i)))
        .map(|(_, t)| t.id())
        .collect();

    let columns: Vec<Option<(Target<'_>, &str)>> = matched
        .iter()
        .zip(&headers)
        .map(|(m, h)| m.map(|i| (targets[i], h.as_str())))
        .collect();
    let mut responses = Vec::new();
    let mut bad = Vec::new();
    let mut total_bad = 0;
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = lines_at(bytes, e.position().map_or(0, |p| p.byte()));
                return fail(out, FileProblem::BrokenQuoting { line });
            }
        };
        let line = line_of(&record);
        let record = match text(record, line) {
            Ok(record) => record,
            Err(problem) => return fail(out, problem),
        };
        match row(survey, &columns, &record) {
            Ok(response) => responses.push(response),
            Err(problem) => {
                total_bad += 1;
                if bad.len() < MAX_LISTED {
                    bad.push(BadRow { line, problem });
                }
            }
        }
    }
    out.result = match (total_bad, responses.is_empty()) {
        (0, true) => Err(ImportError::File(FileProblem::NoRows)),
        (0, false) => Ok(responses),
        (total, _) => Err(ImportError::Rows { bad, total }),
    };
    out
}

/// Line numbers of byte offsets met in order, counted once.
struct Lines<'a> {
    bytes: &'a [u8],
    at: usize,
    line: u64,
}

impl Lines<'_> {
    fn of(&mut self, byte: u64) -> u64 {
        let mut to = (byte as usize).clamp(self.at, self.bytes.len());
        // After a Windows line end the csv crate's offset is that of its
        // '\n': a record never starts with a line end, so step over them.
        while self
            .bytes
            .get(to)
            .is_some_and(|b| *b == b'\n' || *b == b'\r')
        {
            to += 1;
        }
        self.line += self.bytes[self.at..to]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64;
        self.at = to;
        self.line
    }
}

fn lines_at(bytes: &[u8], byte: u64) -> u64 {
    Lines {
        bytes,
        at: 0,
        line: 1,
    }
    .of(byte)
}

/// The line on which a quote opens that never closes, if one does. Quotes
/// come in pairs in CSV (a quote inside a quoted cell is doubled).
fn unclosed_quote(bytes: &[u8]) -> Option<u64> {
    let (mut line, mut open, mut opened_on) = (1u64, false, 0u64);
    for &b in bytes {
        match b {
            b'\n' => line += 1,
            b'"' => {
                open = !open;
                if open {
                    opened_on = line;
                }
            }
            _ => {}
        }
    }
    open.then_some(opened_on)
}

/// A multiple-choice answer gathered from its columns.
#[derive(Default)]
struct Ticks {
    chosen: Vec<String>,
    other: Option<String>,
}

fn row(
    survey: &Survey,
    columns: &[Option<(Target<'_>, &str)>],
    record: &csv::StringRecord,
) -> Result<ImportedResponse, RowProblem> {
    if record.len() != columns.len() {
        return Err(RowProblem::FieldCount {
            expected: columns.len(),
            found: record.len(),
        });
    }
    let mut response = ImportedResponse {
        respondent: None,
        mode: None,
        presentation: Presentation::STANDARD,
        started: None,
        completed: None,
        language: None,
        answers: Answers::new(),
    };
    let (mut mode, mut group_size) = (None::<String>, 0u32);
    let mut ticks: BTreeMap<&str, Ticks> = BTreeMap::new();
    for (cell, column) in record.iter().zip(columns) {
        let Some((target, header)) = column else {
            continue;
        };
        if cell.trim().is_empty() {
            continue;
        }
        match target {
            Target::Fixed(Fixed::Respondent) => {
                response.respondent = Some(cell.trim().chars().take(RESPONDENT_MAX_CHARS).collect())
            }
            // Imported responses answer the survey as it is now.
            Target::Fixed(Fixed::Version) => {}
            Target::Fixed(Fixed::Mode) => mode = Some(cell.trim().to_lowercase()),
            Target::Fixed(Fixed::GroupSize) => {
                group_size = cell.trim().parse().map_err(|_| RowProblem::NotANumber {
                    column: (*header).to_owned(),
                })?
            }
            Target::Fixed(Fixed::Presentation) => {
                response.presentation = cells::presentation(cell)?
            }
            Target::Fixed(Fixed::Started) => response.started = Some(cells::time(cell, header)?),
            Target::Fixed(Fixed::Completed) => {
                response.completed = Some(cells::time(cell, header)?)
            }
            Target::Fixed(Fixed::Language) => {
                let tag = crate::i18n::Locale::from_tag(cell.trim())
                    .ok_or(RowProblem::UnknownLanguage)?;
                response.language = Some(tag.tag().to_owned());
            }
            Target::Whole(q) => match cells::answer(q, cell, header)? {
                Answer::Choices { chosen, .. } => ticks
                    .entry(q.id.as_str())
                    .or_default()
                    .chosen
                    .extend(chosen),
                answer => {
                    response.answers.insert(q.id.clone(), answer);
                }
            },
            Target::Chose(q, choice) => {
                let entry = ticks.entry(q.id.as_str()).or_default();
                if cells::tick(cell, header)? && !entry.chosen.iter().any(|c| c == choice) {
                    entry.chosen.push((*choice).to_owned());
                }
            }
            Target::Other(q) => {
                ticks.entry(q.id.as_str()).or_default().other = Some(cells::text(cell, header)?)
            }
        }
    }
    for (id, Ticks { chosen, other }) in ticks {
        let Some(question) = survey.questions.iter().find(|q| q.id == id) else {
            continue;
        };
        let header = header_of(columns, id);
        let answer = cells::checked(question, Answer::Choices { chosen, other }, &header)?;
        response.answers.insert(id.to_owned(), answer);
    }
    response.mode = match mode.as_deref() {
        None => None,
        Some("alone") => Some(Mode::Alone),
        Some("supported") => Some(Mode::Supported {
            role: String::new(),
        }),
        Some("group") => Some(Mode::Group {
            name: String::new(),
            size: group_size,
        }),
        Some("paper") => Some(Mode::Paper),
        Some(_) => return Err(RowProblem::UnknownMode),
    };
    let answers = &response.answers;
    if let Some(&missing) = missing_required(survey, &|id| answers.get(id)).first() {
        let id = &survey.questions[missing].id;
        return Err(RowProblem::RequiredEmpty {
            column: header_of(columns, id),
        });
    }
    Ok(response)
}

/// The file's header of question `id`'s first column, or the id when the
/// file has none.
fn header_of(columns: &[Option<(Target<'_>, &str)>], id: &str) -> String {
    columns
        .iter()
        .flatten()
        .find(|(t, _)| t.question().is_some_and(|q| q.id == id))
        .map_or_else(|| id.to_owned(), |(_, h)| (*h).to_owned())
}

#[cfg(test)]
mod tests;
