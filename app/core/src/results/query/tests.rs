//! Filters and the rule that a question counts only the versions that asked it the same way.

use super::*;
use crate::{
    response::{Answer, Presentation},
    survey::{Choice, LocalText, Question, QuestionKind},
};

fn row(completed: Option<i64>, started: i64, version: Option<&VersionRef>) -> ExportRow {
    ExportRow {
        respondent: String::new(),
        version: version.map(|v| v.version),
        version_id: version.map(|v| v.id.clone()),
        mode: None,
        presentation: Presentation::STANDARD,
        started: Timestamp(started),
        completed: completed.map(Timestamp),
        language: None,
        answers: Default::default(),
    }
}

#[test]
fn filters_keep_completed_ones_in_the_days_and_version_chosen() {
    let v2 = VersionRef {
        version: 2,
        id: "two".into(),
    };
    let rows = [
        row(Some(100), 10, None),
        row(Some(200), 20, Some(&v2)),
        row(None, 150, Some(&v2)),
        row(Some(300), 30, Some(&v2)),
    ];
    let kept = |filter: Filter| -> Vec<usize> {
        (0..rows.len())
            .filter(|i| filter.keeps(&rows[*i]))
            .collect()
    };
    assert_eq!(kept(Filter::default()), [0, 1, 3], "completed only");
    let drafts = Filter {
        drafts: true,
        ..Filter::default()
    };
    assert_eq!(kept(drafts.clone()), [0, 1, 2, 3]);
    let days = Filter {
        from: Some(Timestamp(150)),
        until: Some(Timestamp(300)),
        ..drafts
    };
    assert_eq!(
        kept(days),
        [1, 2],
        "from is in, until is out; a draft by when it started"
    );
    let first = Filter {
        version: Some(1),
        ..Filter::default()
    };
    assert_eq!(kept(first), [0], "no version recorded reads as version 1");
    let second = Filter {
        version: Some(2),
        ..Filter::default()
    };
    assert_eq!(kept(second), [1, 3]);
}

#[test]
fn across_versions_a_changed_question_counts_only_the_versions_that_asked_it_so() {
    let text = LocalText::english;
    let rating = Question::new(
        "safe",
        text("How safe?"),
        QuestionKind::Rating {
            low_label: text("no"),
            high_label: text("yes"),
        },
    );
    let mut survey = Survey::of_questions(vec![
        rating,
        Question::new(
            "how",
            text("How?"),
            QuestionKind::SingleChoice {
                choices: vec![Choice::new("a", text("A")), Choice::new("b", text("B"))],
            },
        ),
    ]);
    let mut project = Project::new("P", Timestamp(0));
    project.add_survey(survey.clone(), "s".into(), "{title} {n}");
    let first = project.publish("s").unwrap();
    // Version 2 gives "how" a third choice; "safe" stays as it was.
    survey.questions[1].kind = QuestionKind::SingleChoice {
        choices: vec![
            Choice::new("a", text("A")),
            Choice::new("b", text("B")),
            Choice::new("c", text("C")),
        ],
    };
    project.surveys[0] = survey.clone();
    let second = project.publish("s").unwrap();
    assert_ne!(first.id, second.id);

    let answered = |version: &VersionRef, safe: u8, how: &str| {
        let mut r = row(Some(1), 0, Some(version));
        let answers = std::rc::Rc::make_mut(&mut r.answers);
        answers.insert("safe".into(), Answer::Rating(safe));
        answers.insert("how".into(), Answer::Choice(how.into()));
        r
    };
    let all = [
        answered(&first, 1, "a"),
        answered(&first, 2, "b"),
        answered(&second, 3, "c"),
    ];
    let rows: Vec<&ExportRow> = all.iter().collect();
    let asked = Asked::of(&project, &survey, &rows);
    let tables = tables_of(&survey, &rows, &asked);
    let Table::Rating { counted, .. } = &tables[0] else {
        panic!("{:?}", tables[0])
    };
    assert_eq!(counted.n, 3, "the same rating in both versions");
    let Table::SingleChoice { choices, counted } = &tables[1] else {
        panic!("{:?}", tables[1])
    };
    assert_eq!(
        (choices.clone(), counted.n, counted.skipped),
        (
            vec![("a".into(), 0), ("b".into(), 0), ("c".into(), 1)],
            1,
            0
        ),
        "only the version with three choices, and the others not as skipped"
    );
}
