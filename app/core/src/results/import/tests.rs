//! Files of responses read against the export tests' survey: every bad file
//! refused with its line and reason and nothing taken, headers matched by
//! id, by text in any language and by hand, both ways of writing multiple
//! choice, and the export read back into identical tables.

use super::*;
use crate::{
    i18n::Locale,
    response::Feeling,
    results::{
        self,
        export::{
            CsvOptions, ExportRow, responses_csv,
            tests::{row, survey},
        },
    },
};

const HEADER: &str = "safe,feel,how,more.bus,more.walk,more.other,trips,since,else";

fn read_text(text: &str) -> Read {
    read(&survey(), text.as_bytes(), &Mapping::new())
}

fn file(rows: &[&str]) -> String {
    std::iter::once(HEADER)
        .chain(rows.iter().copied())
        .collect::<Vec<_>>()
        .join("\n")
}

fn good() -> &'static str {
    "4,happy,walk,1,0,,3,2024-09-02,fine"
}

#[test]
fn a_good_file_becomes_responses() {
    let read = read_text(&file(&[
        good(),
        "0,dont_know,Bus,0,1,\"Music, loud\",2.5,02/09/2024,",
    ]));
    let responses = read.result.unwrap();
    assert_eq!(responses.len(), 2);
    let a = &responses[0].answers;
    assert_eq!(a["safe"], Answer::Rating(4));
    assert_eq!(a["feel"], Answer::Feeling(Feeling::Happy));
    assert_eq!(a["how"], Answer::Choice("walk".into()));
    assert_eq!(
        a["more"],
        Answer::Choices {
            chosen: vec!["bus".into()],
            other: None
        }
    );
    assert_eq!(a["since"], Answer::Date("2024-09-02".into()));
    let b = &responses[1].answers;
    assert_eq!(b["how"], Answer::Choice("bus".into()), "a label, any case");
    assert_eq!(b["since"], Answer::Date("2024-09-02".into()), "a UK date");
    assert_eq!(
        b["more"],
        Answer::Choices {
            chosen: vec!["walk".into()],
            other: Some("Music, loud".into())
        }
    );
    assert!(!b.contains_key("else"), "an empty cell is no answer");
    assert_eq!(responses[0].mode, None, "no mode column: stored as paper");
    assert!(read.unmatched.is_empty());
}

/// Each bad file, with the line and the problem it must be refused with.
#[test]
fn every_bad_file_is_refused_with_its_line_and_reason_and_nothing_taken() {
    let rows = |problem: RowProblem, line: u64| ImportError::Rows {
        bad: vec![BadRow { line, problem }],
        total: 1,
    };
    let column = |c: &str| c.to_owned();
    let huge = "x".repeat(50 * 1024 * 1024);
    let cases: Vec<(&str, Vec<u8>, ImportError)> = vec![
        (
            "an unknown choice",
            file(&[good(), "4,happy,train,1,0,,3,2024-09-02,"]).into(),
            rows(
                RowProblem::UnknownChoice {
                    column: column("how"),
                },
                3,
            ),
        ),
        (
            "a rating out of range",
            file(&["7,happy,walk,1,0,,3,2024-09-02,"]).into(),
            rows(
                RowProblem::OutOfRange {
                    column: column("safe"),
                },
                2,
            ),
        ),
        (
            "not a number",
            file(&["4,happy,walk,1,0,,three,2024-09-02,"]).into(),
            rows(
                RowProblem::NotANumber {
                    column: column("trips"),
                },
                2,
            ),
        ),
        (
            "a bad date",
            file(&["4,happy,walk,1,0,,3,2024-02-30,"]).into(),
            rows(
                RowProblem::BadDate {
                    column: column("since"),
                },
                2,
            ),
        ),
        (
            "a tick that is not 0 or 1",
            file(&["4,happy,walk,yes,0,,3,2024-09-02,"]).into(),
            rows(
                RowProblem::NotZeroOrOne {
                    column: column("more.bus"),
                },
                2,
            ),
        ),
        (
            "too many fields",
            file(&[good(), good(), "4,happy,walk,1,0,,3,2024-09-02,,extra"]).into(),
            rows(
                RowProblem::FieldCount {
                    expected: 9,
                    found: 10,
                },
                4,
            ),
        ),
        (
            "too few fields",
            file(&["4,happy"]).into(),
            rows(
                RowProblem::FieldCount {
                    expected: 9,
                    found: 2,
                },
                2,
            ),
        ),
        (
            "broken quoting",
            file(&[
                good(),
                "4,happy,walk,1,0,\"never closed,3,2024-09-02,",
                good(),
            ])
            .into(),
            ImportError::File(FileProblem::BrokenQuoting { line: 3 }),
        ),
        (
            "not UTF-8 (Windows-1252)",
            [
                HEADER.as_bytes(),
                b"\n4,happy,walk,1,0,,3,2024-09-02,caf\xe9",
            ]
            .concat(),
            ImportError::File(FileProblem::NotUtf8 { line: 2 }),
        ),
        (
            "UTF-16",
            vec![0xff, 0xfe, b's', 0, b'a', 0],
            ImportError::File(FileProblem::Utf16),
        ),
        (
            "an empty file",
            Vec::new(),
            ImportError::File(FileProblem::Empty),
        ),
        (
            "a byte-order mark and nothing else",
            "\u{feff}\n".into(),
            ImportError::File(FileProblem::Empty),
        ),
        (
            "a header and no rows",
            HEADER.into(),
            ImportError::File(FileProblem::NoRows),
        ),
        (
            "no column is a question",
            "name,age\nAnn,40".into(),
            ImportError::File(FileProblem::NoQuestions),
        ),
        (
            "the same question twice",
            "how,How did you come?\nwalk,bus".into(),
            ImportError::File(FileProblem::SameColumnTwice {
                header: "How did you come?".into(),
            }),
        ),
        (
            "an unknown mode",
            "mode,how\ntelepathy,walk".into(),
            rows(RowProblem::UnknownMode, 2),
        ),
        (
            "a language the app does not have",
            "language,how\nfr,walk".into(),
            rows(RowProblem::UnknownLanguage, 2),
        ),
        (
            "a bad time",
            "started,how\nyesterday,walk".into(),
            rows(
                RowProblem::BadTime {
                    column: column("started"),
                },
                2,
            ),
        ),
        (
            "a 50 MB file",
            huge.into_bytes(),
            ImportError::File(FileProblem::TooLarge {
                bytes: 50 * 1024 * 1024,
                max: MAX_IMPORT_BYTES,
            }),
        ),
    ];
    for (name, bytes, expected) in cases {
        let read = read(&survey(), &bytes, &Mapping::new());
        assert_eq!(read.result, Err(expected), "{name}");
    }
}

#[test]
fn a_required_question_left_empty_is_named_and_every_bad_row_is_listed() {
    let mut survey = survey();
    survey.questions[2].required = true;
    let text = file(&[
        good(),
        "4,happy,,1,0,,3,2024-09-02,",
        "9,happy,,1,0,,3,2024-09-02,",
    ]);
    let read = read(&survey, text.as_bytes(), &Mapping::new());
    let Err(ImportError::Rows { bad, total }) = read.result else {
        panic!("refused");
    };
    assert_eq!(total, 2);
    assert_eq!(
        bad[0],
        BadRow {
            line: 3,
            problem: RowProblem::RequiredEmpty {
                column: "how".into()
            }
        }
    );
    assert_eq!(bad[1].line, 4, "{bad:?}");
    // The message names the line and the column, never the cell's value.
    let message = ImportError::Rows { bad, total }.to_string();
    assert!(
        message.contains("line 3") && message.contains("\"how\""),
        "{message}"
    );
}

#[test]
fn a_line_break_inside_quotes_keeps_the_next_rows_line_numbers_true() {
    let text = file(&[
        "4,happy,walk,1,0,\"two\nlines\",3,2024-09-02,",
        "4,happy,train,1,0,,3,2024-09-02,",
    ]);
    let read = read_text(&text);
    let Err(ImportError::Rows { bad, .. }) = read.result else {
        panic!("refused");
    };
    assert_eq!(bad[0].line, 4);
}

#[test]
fn headers_match_by_text_in_any_language_and_the_rest_are_mapped_or_left_out() {
    let mut survey = survey();
    survey.questions[2]
        .text
        .0
        .insert("cy".into(), "Sut daethoch chi?".into());
    let text = "Sut daethoch chi?,\"  HOW SAFE, 0-5?  \",What would you like more of?: Bus,Notes,Postcode\nwalk,3,1,x,AB1\n";
    let read_with = |mapping: &Mapping| read(&survey, text.as_bytes(), mapping);

    let first = read_with(&Mapping::new());
    assert_eq!(first.unmatched, ["Notes", "Postcode"]);
    assert!(first.free.contains(&"else".to_owned()));
    assert!(!first.free.contains(&"how".to_owned()));
    let answers = &first.result.as_ref().unwrap()[0].answers;
    assert_eq!(answers["how"], Answer::Choice("walk".into()));
    assert_eq!(answers["safe"], Answer::Rating(3));
    assert_eq!(
        answers["more"],
        Answer::Choices {
            chosen: vec!["bus".into()],
            other: None
        }
    );

    let mapping = Mapping::from([
        ("Notes".to_owned(), "else".to_owned()),
        ("Postcode".to_owned(), String::new()),
    ]);
    let mapped = read_with(&mapping);
    assert!(mapped.unmatched.is_empty());
    let answers = &mapped.result.unwrap()[0].answers;
    assert_eq!(answers["else"], Answer::Text("x".into()));
    assert_eq!(answers.len(), 4, "the postcode is left out");

    let wrong = Mapping::from([("Notes".to_owned(), "nope".to_owned())]);
    assert_eq!(
        read_with(&wrong).result,
        Err(ImportError::File(FileProblem::UnknownTarget {
            header: "Notes".into()
        }))
    );
    assert_eq!(
        column_label(&survey, "more.bus", Locale::English).as_deref(),
        Some("What would you like more of?: Bus")
    );
}

#[test]
fn multiple_choice_in_one_column_separated_by_semicolons() {
    let read = read_text("more\nbus; Walk\n\n");
    assert_eq!(
        read.result.unwrap()[0].answers["more"],
        Answer::Choices {
            chosen: vec!["bus".into(), "walk".into()],
            other: None
        }
    );
    assert!(matches!(
        read_text("more\nbus;plane").result,
        Err(ImportError::Rows { .. })
    ));
}

/// Responses of every kind of answer, the way the results tests make them.
fn rows() -> Vec<ExportRow> {
    (0..40)
        .map(|i| {
            let feelings = Feeling::ALL;
            let mut answers = vec![
                ("safe", Answer::Rating((i % 6) as u8)),
                ("feel", Answer::Feeling(feelings[i % 4])),
                ("how", Answer::Choice(["bus", "walk"][i % 2].into())),
                ("trips", Answer::Number(i as f64 / 4.0)),
                (
                    "since",
                    Answer::Date(format!("2024-0{}-1{}", 1 + i % 9, i % 10)),
                ),
            ];
            if i % 3 != 0 {
                answers.push((
                    "more",
                    Answer::Choices {
                        chosen: ["bus", "walk"][..i % 3]
                            .iter()
                            .map(|s| (*s).into())
                            .collect(),
                        other: (i % 5 == 0).then(|| format!("more, \"{i}\"\nplease")),
                    },
                ));
            }
            if i % 7 == 0 {
                answers.push(("else", Answer::Text("খুব ভালো".into())));
            }
            if i % 11 == 0 {
                answers[0] = ("safe", Answer::Feeling(Feeling::Unhappy));
            }
            row(answers)
        })
        .collect()
}

#[test]
fn an_export_read_back_gives_identical_tables_whatever_its_options() {
    let survey = survey();
    let rows = rows();
    let answers: Vec<Answers> = rows.iter().map(|r| (*r.answers).clone()).collect();
    let expected = results::tables(&survey, &answers);
    for (text_headers, labels, byte_order_mark) in [
        (false, false, true),
        (true, true, false),
        (true, false, true),
        (false, true, false),
    ] {
        let options = CsvOptions {
            text_headers,
            labels,
            byte_order_mark,
            locale: Locale::English,
        };
        let csv = responses_csv(&survey, &rows, &options);
        let read = read(&survey, csv.as_bytes(), &Mapping::new());
        assert!(
            read.unmatched.is_empty(),
            "{options:?}: {:?}",
            read.unmatched
        );
        let imported = read.result.unwrap_or_else(|e| panic!("{options:?}: {e}"));
        let again: Vec<Answers> = imported.iter().map(|r| r.answers.clone()).collect();
        assert_eq!(results::tables(&survey, &again), expected, "{options:?}");
        assert_eq!(imported[3].respondent.as_deref(), Some("R-7F3K9Q"));
        assert_eq!(imported[3].started, Some(rows[3].started));
        assert_eq!(imported[3].completed, rows[3].completed);
        assert_eq!(imported[3].presentation, rows[3].presentation);
        assert_eq!(
            imported[3].language.as_deref(),
            Some("cy"),
            "the language kept"
        );
        assert!(matches!(
            imported[3].mode,
            Some(Mode::Group { size: 6, .. })
        ));
    }
}

#[test]
fn windows_line_ends_count_lines_as_they_show() {
    let text = file(&[good(), "4,happy,train,1,0,,3,2024-09-02,"]).replace('\n', "\r\n");
    let Err(ImportError::Rows { bad, .. }) = read_text(&text).result else {
        panic!("refused");
    };
    assert_eq!(bad[0].line, 3);
}
