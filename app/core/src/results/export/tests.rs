//! The CSV export read back with the `csv` crate: every column where it
//! should be, codes and labels, text headers, the byte-order mark, and
//! texts that need quoting.

use super::*;
use crate::survey::{Choice, LocalText};

fn text(s: &str) -> LocalText {
    LocalText::english(s)
}

pub(crate) fn survey() -> Survey {
    let choices = || {
        vec![
            Choice::new("bus", text("Bus")),
            Choice::new("walk", text("Walk")),
        ]
    };
    Survey::of_questions(vec![
        Question::new(
            "safe",
            text("How safe, 0-5?"),
            QuestionKind::Rating {
                low_label: text("not at all"),
                high_label: text("very"),
            },
        ),
        Question::new("feel", text("How do you feel?"), QuestionKind::PictureScale),
        Question::new(
            "how",
            text("How did you come?"),
            QuestionKind::SingleChoice { choices: choices() },
        ),
        Question::new(
            "more",
            text("What would you like more of?"),
            QuestionKind::MultipleChoice {
                choices: choices(),
                other: true,
            },
        ),
        Question::new(
            "trips",
            text("Trips"),
            QuestionKind::Number {
                min: None,
                max: None,
            },
        ),
        Question::new("since", text("Since when?"), QuestionKind::Date),
        Question::new("else", text("Anything else?"), QuestionKind::FreeText),
    ])
}

pub(crate) fn row(answers: Vec<(&str, Answer)>) -> ExportRow {
    ExportRow {
        respondent: "R-7F3K9Q".into(),
        version: Some(2),
        version_id: None,
        mode: Some(Mode::Group {
            name: "Tuesday".into(),
            size: 6,
        }),
        presentation: Presentation {
            easy_read: true,
            large_print: false,
        },
        started: Timestamp(1_764_626_400_000),
        completed: Some(Timestamp(1_764_627_000_000)),
        answers: std::rc::Rc::new(
            answers
                .into_iter()
                .map(|(q, a)| (q.to_owned(), a))
                .collect(),
        ),
        language: Some("cy".into()),
    }
}

fn read(csv_text: &str) -> Vec<Vec<String>> {
    let text = csv_text.strip_prefix(BOM).unwrap_or(csv_text);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn one_row_per_response_one_column_per_question_and_per_choice() {
    let rows = [
        row(vec![
            ("safe", Answer::Rating(4)),
            ("feel", Answer::Feeling(Feeling::NotSure)),
            ("how", Answer::Choice("walk".into())),
            (
                "more",
                Answer::Choices {
                    chosen: vec!["bus".into()],
                    other: Some("Music, \"loud\"\nand late".into()),
                },
            ),
            ("trips", Answer::Number(3.0)),
            ("since", Answer::Date("2024-09-02".into())),
            ("else", Answer::Text("খুব ভালো".into())),
        ]),
        row(vec![("safe", Answer::Rating(0))]),
    ];
    let out = responses_csv(&survey(), &rows, &CsvOptions::default());
    assert!(out.starts_with(BOM), "a byte-order mark by default");
    let table = read(&out);
    assert_eq!(
        table[0],
        [
            "respondent_id",
            "survey_version",
            "mode",
            "presentation",
            "started",
            "completed",
            "group_size",
            "language",
            "safe",
            "feel",
            "how",
            "more.bus",
            "more.walk",
            "more.other",
            "trips",
            "since",
            "else",
        ]
    );
    assert_eq!(
        table[1],
        [
            "R-7F3K9Q",
            "2",
            "group",
            "easy_read",
            "2025-12-01T22:00:00Z",
            "2025-12-01T22:10:00Z",
            "6",
            "cy",
            "4",
            "not_sure",
            "walk",
            "1",
            "0",
            "Music, \"loud\"\nand late",
            "3",
            "2024-09-02",
            "খুব ভালো",
        ],
        "quotes, commas and a line break survive, and Bengali"
    );
    assert_eq!(
        &table[2][8..],
        ["0", "", "", "", "", "", "", "", ""],
        "unanswered is empty, not 0"
    );
    assert_eq!(table.len(), 3);
}

#[test]
fn labels_and_text_headers_when_asked_and_no_mark() {
    let rows = [row(vec![("how", Answer::Choice("walk".into()))])];
    let options = CsvOptions {
        text_headers: true,
        labels: true,
        byte_order_mark: false,
        locale: Locale::English,
    };
    let out = responses_csv(&survey(), &rows, &options);
    assert!(!out.starts_with(BOM));
    let table = read(&out);
    assert_eq!(table[0][10], "How did you come?");
    assert_eq!(table[0][11], "What would you like more of?: Bus");
    assert_eq!(table[1][10], "Walk");
}

#[test]
fn the_codebook_names_every_column_and_labels_every_code() {
    let book = read(&codebook_csv(&survey(), &CsvOptions::default()));
    assert_eq!(book[0], ["column", "question", "type", "code", "label"]);
    let columns: Vec<&str> = book[1..]
        .iter()
        .filter(|r| !r[2].is_empty())
        .map(|r| r[0].as_str())
        .collect();
    let header = read(&responses_csv(&survey(), &[], &CsvOptions::default()))[0].clone();
    assert_eq!(columns, header, "one described row per column, in order");
    let code = |column: &str, code: &str| {
        book.iter()
            .find(|r| r[0] == column && r[3] == code)
            .map(|r| r[4].clone())
    };
    assert_eq!(code("safe", "0").as_deref(), Some("not at all"));
    assert_eq!(code("how", "walk").as_deref(), Some("Walk"));
    assert_eq!(code("more.bus", "1").as_deref(), Some("chosen"));
    assert_eq!(code("feel", "dont_know").as_deref(), Some("dont know"));
    assert_eq!(
        code("mode", "paper").as_deref(),
        Some("typed in from paper")
    );
}
