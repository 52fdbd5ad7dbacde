//! One cell read as what its column holds: a code or a label (in any of
//! the survey's languages) for a choice, digits for a rating or a number,
//! a date as `YYYY-MM-DD` or as the UK writes it, `DD/MM/YYYY`.

use crate::{
    response::{Answer, Feeling, Presentation, is_iso_date},
    survey::{AnswerError, FREE_TEXT_MAX_CHARS, Question, QuestionKind},
    time::Timestamp,
};

use super::{RowProblem, columns::normal};

/// A choice of `question` named by its id or its words in any language.
pub(super) fn choice(question: &Question, cell: &str, column: &str) -> Result<String, RowProblem> {
    let wanted = normal(cell);
    question
        .kind
        .choices()
        .iter()
        .find(|c| normal(&c.id) == wanted || c.text.0.values().any(|t| normal(t) == wanted))
        .map(|c| c.id.clone())
        .ok_or_else(|| RowProblem::UnknownChoice {
            column: column.to_owned(),
        })
}

/// The whole answer to `question` from a non-empty cell.
pub(super) fn answer(question: &Question, cell: &str, column: &str) -> Result<Answer, RowProblem> {
    let col = || column.to_owned();
    let answer = match &question.kind {
        QuestionKind::Rating { .. } => match cell.trim().parse::<u8>() {
            Ok(n) => Answer::Rating(n),
            // A face given to a rating in easy read, as the export writes it.
            Err(_) if Feeling::parse(cell.trim()).is_some() => {
                Answer::Feeling(Feeling::parse(cell.trim()).unwrap_or(Feeling::DontKnow))
            }
            Err(_) if cell.trim().parse::<f64>().is_ok() => {
                return Err(RowProblem::OutOfRange { column: col() });
            }
            Err(_) => return Err(RowProblem::NotANumber { column: col() }),
        },
        QuestionKind::PictureScale => {
            let wanted = normal(cell).replace([' ', '\''], "_").replace("__", "_");
            let feeling = Feeling::ALL
                .into_iter()
                .find(|f| f.as_str() == wanted || f.as_str().replace('_', "") == wanted)
                .ok_or(RowProblem::UnknownChoice { column: col() })?;
            Answer::Feeling(feeling)
        }
        QuestionKind::SingleChoice { .. } => Answer::Choice(choice(question, cell, column)?),
        QuestionKind::MultipleChoice { .. } => Answer::Choices {
            chosen: cell
                .split(';')
                .filter(|part| !part.trim().is_empty())
                .map(|part| choice(question, part, column))
                .collect::<Result<_, _>>()?,
            other: None,
        },
        QuestionKind::FreeText => Answer::Text(cell.to_owned()),
        QuestionKind::Number { .. } => match cell.trim().parse::<f64>() {
            Ok(n) if n.is_finite() => Answer::Number(n),
            _ => return Err(RowProblem::NotANumber { column: col() }),
        },
        QuestionKind::Date => {
            Answer::Date(date(cell).ok_or(RowProblem::BadDate { column: col() })?)
        }
        QuestionKind::Newer => return Err(RowProblem::UnknownChoice { column: col() }),
    };
    checked(question, answer, column)
}

/// `answer` if its question can hold it, or the row's problem.
pub(super) fn checked(
    question: &Question,
    answer: Answer,
    column: &str,
) -> Result<Answer, RowProblem> {
    let column = column.to_owned();
    match question.check(&answer) {
        Ok(()) => Ok(answer),
        Err(AnswerError::RatingOutOfRange(_) | AnswerError::NumberOutOfRange { .. }) => {
            Err(RowProblem::OutOfRange { column })
        }
        Err(AnswerError::TextTooLong { .. }) => Err(RowProblem::TooLong { column }),
        Err(AnswerError::NotANumber) => Err(RowProblem::NotANumber { column }),
        Err(AnswerError::NotADate(_)) => Err(RowProblem::BadDate { column }),
        Err(
            AnswerError::UnknownChoice(_) | AnswerError::NoOtherChoice | AnswerError::WrongKind,
        ) => Err(RowProblem::UnknownChoice { column }),
    }
}

/// `YYYY-MM-DD`, or `DD/MM/YYYY` turned into it.
fn date(cell: &str) -> Option<String> {
    let cell = cell.trim();
    let iso = match cell.split('/').collect::<Vec<_>>().as_slice() {
        [d, m, y] if y.len() == 4 && d.len() <= 2 && m.len() <= 2 => {
            format!("{y}-{:0>2}-{:0>2}", m, d)
        }
        _ => cell.to_owned(),
    };
    is_iso_date(&iso).then_some(iso)
}

/// 1 or 0.
pub(super) fn tick(cell: &str, column: &str) -> Result<bool, RowProblem> {
    match cell.trim() {
        "1" => Ok(true),
        "0" => Ok(false),
        _ => Err(RowProblem::NotZeroOrOne {
            column: column.to_owned(),
        }),
    }
}

/// Free text that fits.
pub(super) fn text(cell: &str, column: &str) -> Result<String, RowProblem> {
    if cell.chars().count() > FREE_TEXT_MAX_CHARS {
        return Err(RowProblem::TooLong {
            column: column.to_owned(),
        });
    }
    Ok(cell.to_owned())
}

/// A time as the export writes it (RFC 3339), in milliseconds since 1970.
pub(super) fn time(cell: &str, column: &str) -> Result<Timestamp, RowProblem> {
    time::OffsetDateTime::parse(cell.trim(), &time::format_description::well_known::Rfc3339)
        .ok()
        .map(|t| Timestamp((t.unix_timestamp_nanos() / 1_000_000) as i64))
        .ok_or_else(|| RowProblem::BadTime {
            column: column.to_owned(),
        })
}

pub(super) fn presentation(cell: &str) -> Result<Presentation, RowProblem> {
    let (easy_read, large_print) = match normal(cell).replace(' ', "_").as_str() {
        "standard" => (false, false),
        "easy_read" => (true, false),
        "large_print" => (false, true),
        "easy_read_large_print" => (true, true),
        _ => return Err(RowProblem::UnknownPresentation),
    };
    Ok(Presentation {
        easy_read,
        large_print,
    })
}
