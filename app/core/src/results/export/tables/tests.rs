//! The tables file read back with the `csv` crate: every count where the
//! screen has it, and marked for sharing, hidden exactly where a small
//! number is or could be worked out.

use crate::{
    response::Answer,
    results::{
        Answers, Table,
        breakdown::Group,
        export::{CsvOptions, tests::survey},
        query::By,
        tables,
    },
};

use super::tables_csv;

fn answers(list: Vec<(&str, Answer)>) -> Answers {
    list.into_iter().map(|(q, a)| (q.to_owned(), a)).collect()
}

/// `bus` people who came by bus and `walk` who walked, each rating 4 and
/// wanting more of the same; one number and one date each.
fn came(bus: usize, walk: usize) -> Vec<Answers> {
    let one = |how: &str, trips: f64| {
        answers(vec![
            ("safe", Answer::Rating(4)),
            ("how", Answer::Choice(how.into())),
            (
                "more",
                Answer::Choices {
                    chosen: vec![how.into()],
                    other: None,
                },
            ),
            ("trips", Answer::Number(trips)),
            ("since", Answer::Date("2026-03-01".into())),
        ])
    };
    (0..bus)
        .map(|i| one("bus", i as f64))
        .chain((0..walk).map(|i| one("walk", 90.0 + i as f64)))
        .collect()
}

/// The file's rows after its header, without the byte-order mark.
fn read(text: &str) -> Vec<Vec<String>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "breakdown",
            "group",
            "question",
            "question_text",
            "answer",
            "answer_label",
            "count",
            "percent",
            "value"
        ]
    );
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// The (count, percent, value) of one row.
fn cell(
    rows: &[Vec<String>],
    group: &str,
    question: &str,
    answer: &str,
) -> (String, String, String) {
    let row = rows
        .iter()
        .find(|r| r[1] == group && r[2] == question && r[4] == answer)
        .unwrap_or_else(|| panic!("no row {group} {question} {answer}"));
    (row[6].clone(), row[7].clone(), row[8].clone())
}

fn owned(count: &str, percent: &str, value: &str) -> (String, String, String) {
    (count.into(), percent.into(), value.into())
}

#[test]
fn every_count_as_the_screen_has_it_with_labels_and_percentages() {
    let survey = survey();
    let whole = tables(&survey, &came(9, 3));
    let rows = read(&tables_csv(
        &survey,
        &whole,
        None,
        None,
        &CsvOptions::default(),
    ));
    assert_eq!(cell(&rows, "all", "how", "bus"), owned("9", "75.0", ""));
    assert_eq!(cell(&rows, "all", "how", "walk"), owned("3", "25.0", ""));
    assert_eq!(cell(&rows, "all", "how", "n"), owned("12", "", ""));
    assert_eq!(cell(&rows, "all", "feel", "skipped"), owned("12", "", ""));
    assert_eq!(cell(&rows, "all", "safe", "4"), owned("12", "100.0", ""));
    assert_eq!(cell(&rows, "all", "safe", "0"), owned("0", "0.0", ""));
    assert_eq!(cell(&rows, "all", "safe", "mean"), owned("", "", "4.00"));
    assert_eq!(cell(&rows, "all", "trips", "largest"), owned("", "", "92"));
    assert_eq!(
        cell(&rows, "all", "since", "median"),
        owned("", "", "2026-03-01")
    );
    let label = rows
        .iter()
        .find(|r| r[2] == "how" && r[4] == "walk")
        .unwrap();
    assert_eq!(
        (label[3].as_str(), label[5].as_str()),
        ("How did you come?", "Walk")
    );
    let low = rows.iter().find(|r| r[2] == "safe" && r[4] == "0").unwrap();
    assert_eq!(low[5], "not at all");
    // Every question of the survey has its n, free text too.
    assert_eq!(
        rows.iter().filter(|r| r[4] == "n").count(),
        survey.questions.len()
    );
    assert!(rows.iter().all(|r| r[0].is_empty()), "no breakdown");
}

#[test]
fn for_sharing_a_small_count_is_hidden_and_so_is_one_that_would_give_it_away() {
    let survey = survey();
    let whole = tables(&survey, &came(9, 3));
    let rows = read(&tables_csv(
        &survey,
        &whole,
        None,
        Some(5),
        &CsvOptions::default(),
    ));
    // 3 walked: hidden. 9 came by bus, and 12 answered: 12 - 9 = 3, so the
    // 9 is withheld too, and neither has a percentage.
    assert_eq!(cell(&rows, "all", "how", "walk"), owned("<5", "", ""));
    assert_eq!(cell(&rows, "all", "how", "bus"), owned("withheld", "", ""));
    assert_eq!(cell(&rows, "all", "how", "n"), owned("12", "", ""));
    // Several choices a person: the counts do not add up to n, so hiding
    // the small one is enough.
    assert_eq!(cell(&rows, "all", "more", "walk"), owned("<5", "", ""));
    assert_eq!(cell(&rows, "all", "more", "bus"), owned("9", "75.0", ""));
    // No small count: nothing hidden.
    assert_eq!(cell(&rows, "all", "safe", "4"), owned("12", "100.0", ""));
    assert_eq!(cell(&rows, "all", "safe", "mean"), owned("", "", "4.00"));
    // No number a small count leaves anywhere in the file.
    assert!(!rows.iter().any(|r| r[6] == "3"), "{rows:?}");
}

#[test]
fn for_sharing_a_breakdown_hides_across_its_groups_and_a_small_groups_values() {
    let survey = survey();
    let all = came(12, 3);
    let whole = tables(&survey, &all);
    let groups = vec![
        Group {
            choice: Some("bus".into()),
            responses: 12,
            tables: tables(&survey, &all[..12]),
        },
        Group {
            choice: Some("walk".into()),
            responses: 3,
            tables: tables(&survey, &all[12..]),
        },
    ];
    let by = By::Question("how".into());
    let text = tables_csv(
        &survey,
        &whole,
        Some((&by, &groups)),
        Some(5),
        &CsvOptions::default(),
    );
    let rows = read(&text);
    // The walkers' group is 3 people: its n is hidden, and the bus group's
    // beside it (15 answered in all, so 15 - 12 = 3).
    assert_eq!(cell(&rows, "walk", "safe", "n").0, "<5");
    assert_eq!(cell(&rows, "bus", "safe", "n").0, "withheld");
    // Their rating of 4: 3 in one group, so the other group's 12 goes too
    // (the whole table prints 15).
    assert_eq!(cell(&rows, "walk", "safe", "4").0, "<5");
    assert_eq!(cell(&rows, "bus", "safe", "4").0, "withheld");
    // A small group's values could be one person's.
    assert_eq!(
        cell(&rows, "walk", "trips", "largest"),
        owned("", "", "withheld")
    );
    assert_eq!(cell(&rows, "bus", "trips", "largest"), owned("", "", "11"));
    assert!(rows.iter().filter(|r| r[1] != "all").all(|r| r[0] == "how"));
    // Not for sharing, the same breakdown keeps every count.
    let plain = read(&tables_csv(
        &survey,
        &whole,
        Some((&by, &groups)),
        None,
        &CsvOptions::default(),
    ));
    assert_eq!(cell(&plain, "walk", "safe", "4").0, "3");
    assert_eq!(cell(&plain, "bus", "safe", "4").0, "12");
}

#[test]
fn a_newer_kind_and_a_missing_table_write_only_who_answered() {
    let survey = survey();
    let mut whole = tables(&survey, &came(5, 5));
    whole[2] = Table::Newer;
    whole.truncate(6);
    let rows = read(&tables_csv(
        &survey,
        &whole,
        None,
        None,
        &CsvOptions::default(),
    ));
    assert_eq!(cell(&rows, "all", "how", "n"), owned("0", "", ""));
    assert!(!rows.iter().any(|r| r[2] == "how" && r[4] == "bus"));
    assert_eq!(cell(&rows, "all", "else", "n"), owned("0", "", ""));
}
