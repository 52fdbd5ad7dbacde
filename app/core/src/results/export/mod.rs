//! A survey's responses as CSV, one row per response and one column per
//! question (a multiple-choice question gets a 0/1 column per choice, and
//! one for its "other" text), with a codebook beside it: one row per column,
//! and one per code of a coded column, so R, SPSS or Stata users can label
//! their data. Written with the `csv` crate; UTF-8, with a byte-order mark
//! unless asked not to (Excel reads Bengali, Urdu and Welsh right with it).
//!
//! Supporter notes and recordings are never in it: it holds the answers.

use crate::{
    i18n::Locale,
    response::{Answer, Feeling, Mode, Presentation},
    survey::{Question, QuestionKind, Survey},
    time::Timestamp,
};

use super::Answers;

mod json;
mod tables;
pub use json::{JSON_FORMAT, JSON_VERSION, responses_json};
pub use tables::tables_csv;

/// One response, as the export sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportRow {
    /// The pseudonymous respondent id (`R-7F3K9Q`), never a name.
    pub respondent: String,
    /// The survey version it answered (`3`), if known, and that version's
    /// id (its fingerprint), by which results compare versions.
    pub version: Option<u32>,
    pub version_id: Option<String>,
    pub mode: Option<Mode>,
    pub presentation: Presentation,
    pub started: Timestamp,
    pub completed: Option<Timestamp>,
    /// The language it was answered in, as a tag (`cy`), if recorded.
    pub language: Option<String>,
    /// Shared with the row results keep, so listing thousands of responses
    /// copies no answer.
    pub answers: std::rc::Rc<Answers>,
}

/// How the file is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CsvOptions {
    /// Headers as question text (in `locale`), or as ids.
    pub text_headers: bool,
    /// Values as labels (in `locale`), or as codes.
    pub labels: bool,
    pub byte_order_mark: bool,
    pub locale: Locale,
}

impl Default for CsvOptions {
    fn default() -> CsvOptions {
        CsvOptions {
            text_headers: false,
            labels: false,
            byte_order_mark: true,
            locale: Locale::English,
        }
    }
}

const BOM: &str = "\u{feff}";

/// The columns before the questions': who answered, how and when.
const FIXED: [&str; 8] = [
    "respondent_id",
    "survey_version",
    "mode",
    "presentation",
    "started",
    "completed",
    "group_size",
    "language",
];

/// One column of a question.
enum Column<'a> {
    /// The whole answer.
    Whole(&'a Question),
    /// 1 when choice `choice` is among the answer's, 0 when not.
    Chose(&'a Question, &'a str),
    /// The "other – please say" text of a multiple-choice question.
    Other(&'a Question),
}

fn columns(survey: &Survey) -> Vec<Column<'_>> {
    let mut out = Vec::new();
    for question in &survey.questions {
        match &question.kind {
            QuestionKind::MultipleChoice { choices, other } => {
                out.extend(choices.iter().map(|c| Column::Chose(question, &c.id)));
                if *other {
                    out.push(Column::Other(question));
                }
            }
            _ => out.push(Column::Whole(question)),
        }
    }
    out
}

fn choice_text(question: &Question, id: &str, locale: Locale) -> String {
    question.kind.choice_text(id, locale)
}

impl Column<'_> {
    fn id(&self) -> String {
        match self {
            Column::Whole(q) => q.id.clone(),
            Column::Chose(q, choice) => format!("{}.{choice}", q.id),
            Column::Other(q) => format!("{}.other", q.id),
        }
    }

    fn header(&self, options: &CsvOptions) -> String {
        if !options.text_headers {
            return self.id();
        }
        let text = |q: &Question| q.text.get(options.locale).0.to_owned();
        match self {
            Column::Whole(q) => text(q),
            Column::Chose(q, choice) => {
                format!("{}: {}", text(q), choice_text(q, choice, options.locale))
            }
            Column::Other(q) => format!("{}: other", text(q)),
        }
    }

    fn value(&self, answers: &Answers, options: &CsvOptions) -> String {
        let question = match self {
            Column::Whole(q) | Column::Chose(q, _) | Column::Other(q) => q,
        };
        let Some(answer) = answers.get(&question.id) else {
            return String::new();
        };
        match (self, answer) {
            (Column::Chose(_, choice), Answer::Choices { chosen, .. }) => {
                if chosen.iter().any(|c| c == choice) {
                    "1"
                } else {
                    "0"
                }
                .to_owned()
            }
            (Column::Other(_), Answer::Choices { other, .. }) => other.clone().unwrap_or_default(),
            (Column::Whole(q), Answer::Choice(id)) if options.labels => {
                choice_text(q, id, options.locale)
            }
            (Column::Whole(_), Answer::Choice(id)) => id.clone(),
            (Column::Whole(_), Answer::Rating(n)) => n.to_string(),
            (Column::Whole(_), Answer::Feeling(f)) => feeling_code(*f).to_owned(),
            (Column::Whole(_), Answer::Text(text)) => text.clone(),
            (Column::Whole(_), Answer::Number(n)) => number(*n),
            (Column::Whole(_), Answer::Date(day)) => day.clone(),
            // An answer of another kind than its question's (an older
            // version's): left empty rather than put in the wrong column.
            _ => String::new(),
        }
    }
}

pub(super) fn feeling_code(feeling: Feeling) -> &'static str {
    match feeling {
        Feeling::Happy => "happy",
        Feeling::NotSure => "not_sure",
        Feeling::Unhappy => "unhappy",
        Feeling::DontKnow => "dont_know",
    }
}

pub(super) fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        value.to_string()
    }
}

pub(super) fn mode_code(mode: &Option<Mode>) -> &'static str {
    match mode {
        None => "",
        Some(Mode::Alone) => "alone",
        Some(Mode::Supported { .. }) => "supported",
        Some(Mode::Group { .. }) => "group",
        Some(Mode::Paper) => "paper",
    }
}

pub(super) fn presentation_code(p: Presentation) -> &'static str {
    match (p.easy_read, p.large_print) {
        (false, false) => "standard",
        (true, false) => "easy_read",
        (false, true) => "large_print",
        (true, true) => "easy_read_large_print",
    }
}

/// Milliseconds since 1970 as an RFC 3339 time in UTC.
pub(super) fn when(at: Timestamp) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(at.0) * 1_000_000)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

fn finish(writer: csv::Writer<Vec<u8>>, options: &CsvOptions) -> String {
    let bytes = writer.into_inner().unwrap_or_default();
    // The writer is given only strings, so its bytes are UTF-8.
    let text = String::from_utf8(bytes).unwrap_or_default();
    if options.byte_order_mark {
        format!("{BOM}{text}")
    } else {
        text
    }
}

/// The responses of `survey`, one row each.
pub fn responses_csv(survey: &Survey, rows: &[ExportRow], options: &CsvOptions) -> String {
    let columns = columns(survey);
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = FIXED
        .iter()
        .map(|s| (*s).to_owned())
        .chain(columns.iter().map(|c| c.header(options)));
    let _ = writer.write_record(header);
    for row in rows {
        let group = match &row.mode {
            Some(Mode::Group { size, .. }) => size.to_string(),
            _ => String::new(),
        };
        let fixed = [
            row.respondent.clone(),
            row.version.map(|v| v.to_string()).unwrap_or_default(),
            mode_code(&row.mode).to_owned(),
            presentation_code(row.presentation).to_owned(),
            when(row.started),
            row.completed.map(when).unwrap_or_default(),
            group,
            row.language.clone().unwrap_or_default(),
        ];
        let record = fixed
            .into_iter()
            .chain(columns.iter().map(|c| c.value(&row.answers, options)));
        let _ = writer.write_record(record);
    }
    finish(writer, options)
}

/// The codebook of [`responses_csv`]: for every column its id, the question
/// text (in `options.locale`), its type, and, for coded columns, one row per
/// code with its label.
pub fn codebook_csv(survey: &Survey, options: &CsvOptions) -> String {
    let locale = options.locale;
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(["column", "question", "type", "code", "label"]);
    let mut row = |cells: [&str; 5]| {
        let _ = writer.write_record(cells);
    };
    for fixed in FIXED {
        row([fixed, "", "fixed", "", ""]);
    }
    for (code, label) in [
        ("alone", "answered alone"),
        ("supported", "with a supporter"),
        ("group", "as a group"),
        ("paper", "typed in from paper"),
    ] {
        row(["mode", "", "", code, label]);
    }
    for column in columns(survey) {
        let id = column.id();
        match column {
            Column::Whole(q) => {
                let text = q.text.get(locale).0.to_owned();
                match &q.kind {
                    QuestionKind::Rating {
                        low_label,
                        high_label,
                    } => {
                        row([&id, &text, "rating 0-5", "", ""]);
                        row([&id, "", "", "0", low_label.get(locale).0]);
                        row([&id, "", "", "5", high_label.get(locale).0]);
                    }
                    QuestionKind::PictureScale => {
                        row([&id, &text, "picture scale", "", ""]);
                        for f in [
                            Feeling::Happy,
                            Feeling::NotSure,
                            Feeling::Unhappy,
                            Feeling::DontKnow,
                        ] {
                            let label = feeling_code(f).replace('_', " ");
                            row([&id, "", "", feeling_code(f), &label]);
                        }
                    }
                    QuestionKind::SingleChoice { choices } => {
                        row([&id, &text, "single choice", "", ""]);
                        for c in choices {
                            row([&id, "", "", &c.id, c.text.get(locale).0]);
                        }
                    }
                    QuestionKind::Number { .. } => row([&id, &text, "number", "", ""]),
                    QuestionKind::Date => row([&id, &text, "date (YYYY-MM-DD)", "", ""]),
                    QuestionKind::FreeText => row([&id, &text, "free text", "", ""]),
                    QuestionKind::MultipleChoice { .. } | QuestionKind::Newer => {
                        row([&id, &text, "not counted by this version", "", ""])
                    }
                }
            }
            Column::Chose(q, choice) => {
                let text = format!(
                    "{}: {}",
                    q.text.get(locale).0,
                    choice_text(q, choice, locale)
                );
                row([&id, &text, "chosen (multiple choice)", "", ""]);
                row([&id, "", "", "1", "chosen"]);
                row([&id, "", "", "0", "not chosen"]);
            }
            Column::Other(q) => {
                let text = format!("{}: other", q.text.get(locale).0);
                row([&id, &text, "free text (other)", "", ""]);
            }
        }
    }
    finish(writer, options)
}

#[cfg(test)]
pub(crate) mod tests;
