//! The results tables against small surveys whose every count is worked out by hand.

use super::*;
use crate::survey::{Choice, Compare, LocalText, Question, ShowIf};

fn text(s: &str) -> LocalText {
    LocalText::english(s)
}

/// A survey of every kind of question; the second is shown only when the
/// rating is 0 or 1.
fn survey() -> Survey {
    let choices = || vec![Choice::new("a", text("A")), Choice::new("b", text("B"))];
    let mut why = Question::new("why", text("Why?"), QuestionKind::FreeText);
    why.show_if = Some(ShowIf {
        question: "rate".into(),
        equals: Answer::Rating(1),
        compare: Compare::AtMost,
    });
    Survey::of_questions(vec![
        Question::new(
            "rate",
            text("Rate"),
            QuestionKind::Rating {
                low_label: text("low"),
                high_label: text("high"),
            },
        ),
        why,
        Question::new("feel", text("Feel"), QuestionKind::PictureScale),
        Question::new(
            "one",
            text("One"),
            QuestionKind::SingleChoice { choices: choices() },
        ),
        Question::new(
            "many",
            text("Many"),
            QuestionKind::MultipleChoice {
                choices: choices(),
                other: true,
            },
        ),
        Question::new(
            "hours",
            text("Hours"),
            QuestionKind::Number {
                min: None,
                max: None,
            },
        ),
        Question::new("when", text("When"), QuestionKind::Date),
    ])
}

fn response(answers: &[(&str, Answer)]) -> Answers {
    answers
        .iter()
        .map(|(q, a)| ((*q).to_owned(), a.clone()))
        .collect()
}

fn counted(n: usize, skipped: usize, unreadable: usize) -> Counted {
    Counted {
        n,
        skipped,
        unreadable,
    }
}

#[test]
fn a_rating_counts_each_point_with_n_skipped_and_the_mean() {
    let responses = [
        response(&[("rate", Answer::Rating(4))]),
        response(&[("rate", Answer::Rating(5))]),
        response(&[("rate", Answer::Rating(0))]),
        response(&[]),
        // A face given by an older easy read is not a point of the scale.
        response(&[("rate", Answer::Feeling(Feeling::Happy))]),
    ];
    let Table::Rating {
        points,
        mean_hundredths,
        counted: c,
    } = table(&survey(), 0, &responses)
    else {
        panic!("a rating's table");
    };
    assert_eq!(points, [1, 0, 0, 0, 1, 1]);
    assert_eq!(mean_hundredths, Some(300));
    assert_eq!(c, counted(3, 1, 1));
    assert_eq!(stats::percent_tenths(points[4], c.n), Some(333));
}

#[test]
fn skipped_counts_only_those_shown_the_question() {
    let responses = [
        // Rated 1: "why" was shown; one answered it, one left it.
        response(&[
            ("rate", Answer::Rating(1)),
            ("why", Answer::Text("Too slow".into())),
        ]),
        response(&[("rate", Answer::Rating(1))]),
        // Rated 5: "why" was never shown, so it was not skipped.
        response(&[("rate", Answer::Rating(5))]),
    ];
    assert_eq!(
        table(&survey(), 1, &responses),
        Table::FreeText {
            counted: counted(1, 1, 0),
        }
    );
}

#[test]
fn the_picture_scale_keeps_dont_know_apart() {
    let responses = [
        response(&[("feel", Answer::Feeling(Feeling::Happy))]),
        response(&[("feel", Answer::Feeling(Feeling::Happy))]),
        response(&[("feel", Answer::Feeling(Feeling::Unhappy))]),
        response(&[("feel", Answer::Feeling(Feeling::DontKnow))]),
        response(&[]),
    ];
    assert_eq!(
        table(&survey(), 2, &responses),
        Table::PictureScale {
            faces: [2, 0, 1],
            dont_know: 1,
            counted: counted(4, 1, 0),
        }
    );
}

#[test]
fn single_choice_counts_in_the_surveys_order_and_refuses_unknown_choices() {
    let responses = [
        response(&[("one", Answer::Choice("b".into()))]),
        response(&[("one", Answer::Choice("b".into()))]),
        response(&[("one", Answer::Choice("a".into()))]),
        // A choice since deleted from the survey is not counted as any.
        response(&[("one", Answer::Choice("gone".into()))]),
    ];
    assert_eq!(
        table(&survey(), 3, &responses),
        Table::SingleChoice {
            choices: vec![("a".into(), 1), ("b".into(), 2)],
            counted: counted(3, 0, 1),
        }
    );
}

#[test]
fn multiple_choice_counts_respondents_so_percentages_can_pass_100_and_counts_other_texts() {
    let chosen = |ids: &[&str], other: Option<&str>| Answer::Choices {
        chosen: ids.iter().map(|s| (*s).to_owned()).collect(),
        other: other.map(str::to_owned),
    };
    let responses = [
        response(&[("many", chosen(&["a", "b"], None))]),
        response(&[("many", chosen(&["a"], Some(" Gardening ")))]),
        response(&[("many", chosen(&[], Some("  ")))]),
    ];
    let table = table(&survey(), 4, &responses);
    assert_eq!(
        table,
        Table::MultipleChoice {
            choices: vec![("a".into(), 2), ("b".into(), 1)],
            others: 1,
            counted: counted(3, 0, 0),
        }
    );
    // 66.7% + 33.3%, of respondents.
    assert_eq!(stats::percent_tenths(2, 3), Some(667));
}

#[test]
fn numbers_and_dates_give_n_min_median_and_max() {
    let responses = [
        response(&[
            ("hours", Answer::Number(10.0)),
            ("when", Answer::Date("2026-03-01".into())),
        ]),
        response(&[
            ("hours", Answer::Number(2.5)),
            ("when", Answer::Date("2025-12-31".into())),
        ]),
        response(&[
            ("hours", Answer::Number(40.0)),
            ("when", Answer::Date("2026-13-01".into())),
        ]),
        response(&[("hours", Answer::Number(4.0))]),
    ];
    assert_eq!(
        table(&survey(), 5, &responses),
        Table::Number {
            range: Some((2.5, 7.0, 40.0)),
            counted: counted(4, 0, 0),
        }
    );
    assert_eq!(
        table(&survey(), 6, &responses),
        Table::Date {
            range: Some((
                "2025-12-31".into(),
                "2025-12-31".into(),
                "2026-03-01".into()
            )),
            // Not a real date: unreadable, not a day of the range.
            counted: counted(2, 1, 1),
        }
    );
    assert_eq!(
        table(&survey(), 5, &[]),
        Table::Number {
            range: None,
            counted: counted(0, 0, 0),
        }
    );
}

#[test]
fn every_question_gets_a_table_in_order() {
    let all = tables(&survey(), &[response(&[("rate", Answer::Rating(2))])]);
    assert_eq!(all.len(), 7);
    assert!(matches!(all[0], Table::Rating { .. }));
    assert!(matches!(all[6], Table::Date { .. }));
}
