//! Why an import was refused, in the language on screen: one line for a
//! problem with the file, or one per bad row with its line number.

use heard_core::{
    i18n::{CoordinatorMessages, fill},
    results::import::{FileProblem, ImportError, RowProblem},
};

pub fn problem_text(error: &ImportError, t: &CoordinatorMessages) -> Vec<String> {
    match error {
        ImportError::File(problem) => vec![file_problem(problem, t)],
        ImportError::Rows { bad, total } => {
            let mut lines: Vec<String> = bad
                .iter()
                .map(|row| {
                    fill(
                        t.results_import_line,
                        &[
                            ("line", &row.line.to_string()),
                            ("reason", &row_problem(&row.problem, t)),
                        ],
                    )
                })
                .collect();
            if *total > bad.len() {
                let more = (total - bad.len()).to_string();
                lines.push(fill(t.results_import_more, &[("n", &more)]));
            }
            lines
        }
    }
}

fn file_problem(problem: &FileProblem, t: &CoordinatorMessages) -> String {
    let megabytes = |bytes: usize| (bytes.div_ceil(1_000_000)).to_string();
    match problem {
        FileProblem::TooLarge { bytes, max } => fill(
            t.import_file_too_large,
            &[("size", &megabytes(*bytes)), ("max", &megabytes(*max))],
        ),
        FileProblem::Empty => t.import_file_empty.to_owned(),
        FileProblem::Utf16 => t.import_file_utf16.to_owned(),
        FileProblem::NotUtf8 { line } => {
            fill(t.import_file_not_utf8, &[("line", &line.to_string())])
        }
        FileProblem::BrokenQuoting { line } => {
            fill(t.import_file_quoting, &[("line", &line.to_string())])
        }
        FileProblem::SameColumnTwice { header } => fill(t.import_file_twice, &[("column", header)]),
        FileProblem::NoQuestions => t.import_file_no_questions.to_owned(),
        FileProblem::NoRows => t.import_file_no_rows.to_owned(),
        FileProblem::UnknownTarget { header } => {
            fill(t.import_file_unknown_column, &[("column", header)])
        }
    }
}

fn row_problem(problem: &RowProblem, t: &CoordinatorMessages) -> String {
    let column = |template: &str, column: &str| fill(template, &[("column", column)]);
    match problem {
        RowProblem::FieldCount { expected, found } => fill(
            t.import_row_fields,
            &[
                ("found", &found.to_string()),
                ("expected", &expected.to_string()),
            ],
        ),
        RowProblem::UnknownChoice { column: c } => column(t.import_row_choice, c),
        RowProblem::OutOfRange { column: c } => column(t.import_row_range, c),
        RowProblem::NotANumber { column: c } => column(t.import_row_number, c),
        RowProblem::BadDate { column: c } => column(t.import_row_date, c),
        RowProblem::BadTime { column: c } => column(t.import_row_time, c),
        RowProblem::NotZeroOrOne { column: c } => column(t.import_row_tick, c),
        RowProblem::TooLong { column: c } => column(t.import_row_long, c),
        RowProblem::UnknownMode => t.import_row_mode.to_owned(),
        RowProblem::UnknownPresentation => t.import_row_presentation.to_owned(),
        RowProblem::UnknownLanguage => t.import_row_language.to_owned(),
        RowProblem::RequiredEmpty { column: c } => column(t.import_row_required, c),
    }
}
