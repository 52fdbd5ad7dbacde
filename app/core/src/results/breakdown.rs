//! Any table broken down: by a single-choice question (a role, a nation),
//! the responses split by the choice each gave, in the survey's order of
//! choices, with those who did not answer it a group of their own; or by
//! how people answered (mode, presentation, language), one group for each
//! that occurs, in the order a report lists them. Every question's table is
//! then computed over each group.

use serde::{Deserialize, Serialize};

use super::{
    Table,
    export::ExportRow,
    query::{Asked, By, tables_of},
    who::{MODES, ModeKind, PRESENTATIONS},
};
use crate::{
    i18n::Locale,
    response::Answer,
    survey::{QuestionKind, Survey},
};

/// One group of a breakdown: its key (a choice id, a mode such as
/// `supported`, a presentation's name, a language tag; `None`: not
/// answered or not recorded), how many responses are in it, and every
/// question's table over them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub choice: Option<String>,
    pub responses: usize,
    pub tables: Vec<Table>,
}

/// The group a response is in.
type KeyOf = Box<dyn Fn(&ExportRow) -> Option<String>>;

/// A mode's key in a breakdown.
pub fn mode_key(mode: ModeKind) -> &'static str {
    match mode {
        ModeKind::Alone => "alone",
        ModeKind::Supported => "supported",
        ModeKind::Group => "group",
        ModeKind::Paper => "paper",
    }
}

/// The groups of `rows` by `by`, or `None` when `by` names no
/// single-choice question of `survey`.
pub fn breakdown(
    survey: &Survey,
    by: &By,
    rows: &[&ExportRow],
    asked: &Asked,
) -> Option<Vec<Group>> {
    let (keys, key_of): (Vec<Option<String>>, KeyOf) = match by {
        By::Question(id) => {
            let question = survey.questions.iter().find(|q| q.id == *id)?;
            let QuestionKind::SingleChoice { choices } = &question.kind else {
                return None;
            };
            let keys = choices
                .iter()
                .map(|c| Some(c.id.clone()))
                .chain([None])
                .collect();
            let (id, choices) = (id.clone(), choices.clone());
            (
                keys,
                Box::new(move |row: &ExportRow| match row.answers.get(&id) {
                    Some(Answer::Choice(c)) if choices.iter().any(|x| x.id == *c) => {
                        Some(c.clone())
                    }
                    _ => None,
                }),
            )
        }
        By::Mode => (
            MODES
                .iter()
                .map(|m| m.map(|m| mode_key(m).to_owned()))
                .collect(),
            Box::new(|row: &ExportRow| {
                row.mode
                    .as_ref()
                    .map(|m| mode_key(ModeKind::of(m)).to_owned())
            }),
        ),
        By::Presentation => (
            PRESENTATIONS
                .iter()
                .map(|p| Some(p.name().to_owned()))
                .collect(),
            Box::new(|row: &ExportRow| Some(row.presentation.name().to_owned())),
        ),
        By::Language => (
            Locale::ALL
                .iter()
                .map(|l| Some(l.tag().to_owned()))
                .chain([None])
                .collect(),
            Box::new(|row: &ExportRow| {
                row.language
                    .as_deref()
                    .and_then(Locale::from_tag)
                    .map(|l| l.tag().to_owned())
            }),
        ),
    };
    let every_choice = matches!(by, By::Question(_));
    let groups = keys
        .into_iter()
        .filter_map(|key| {
            let members: Vec<&ExportRow> =
                rows.iter().copied().filter(|r| key_of(r) == key).collect();
            // A question's choices are all shown, even when nobody chose
            // one; how people answered shows only what occurred.
            (every_choice || !members.is_empty()).then(|| Group {
                responses: members.len(),
                tables: tables_of(survey, &members, asked),
                choice: key,
            })
        })
        .collect();
    Some(groups)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::{Choice, LocalText, Question};

    fn survey() -> Survey {
        let text = LocalText::english;
        Survey::of_questions(vec![
            Question::new(
                "role",
                text("Are you a carer?"),
                QuestionKind::SingleChoice {
                    choices: vec![
                        Choice::new("carer", text("Carer")),
                        Choice::new("person", text("Person")),
                    ],
                },
            ),
            Question::new(
                "safe",
                text("How safe?"),
                QuestionKind::Rating {
                    low_label: text("no"),
                    high_label: text("yes"),
                },
            ),
        ])
    }

    fn response(role: Option<&str>, safe: u8) -> ExportRow {
        let mut a = crate::results::Answers::new();
        if let Some(role) = role {
            a.insert("role".into(), Answer::Choice(role.into()));
        }
        a.insert("safe".into(), Answer::Rating(safe));
        ExportRow {
            respondent: String::new(),
            version: None,
            version_id: None,
            mode: None,
            presentation: crate::response::Presentation::STANDARD,
            started: crate::time::Timestamp(0),
            completed: Some(crate::time::Timestamp(1)),
            language: None,
            answers: a.into(),
        }
    }

    fn by(question: &str) -> By {
        By::Question(question.into())
    }

    #[test]
    fn each_choice_is_a_group_with_its_own_tables_and_the_unanswered_last() {
        let all = [
            response(Some("carer"), 5),
            response(Some("carer"), 3),
            response(Some("person"), 1),
            response(None, 4),
            response(Some("gone"), 2),
        ];
        let rows: Vec<&ExportRow> = all.iter().collect();
        let groups = breakdown(&survey(), &by("role"), &rows, &Asked::default()).unwrap();
        let sizes: Vec<(Option<&str>, usize)> = groups
            .iter()
            .map(|g| (g.choice.as_deref(), g.responses))
            .collect();
        assert_eq!(
            sizes,
            [(Some("carer"), 2), (Some("person"), 1), (None, 2)],
            "a choice the survey no longer has is unanswered"
        );
        let Table::Rating { points, .. } = &groups[0].tables[1] else {
            panic!("{:?}", groups[0].tables[1])
        };
        assert_eq!(points, &[0, 0, 0, 1, 0, 1], "the carers' ratings only");
        let total: usize = groups.iter().map(|g| g.responses).sum();
        assert_eq!(total, all.len(), "every response is in one group");
    }

    #[test]
    fn only_a_single_choice_question_breaks_down() {
        let none = Asked::default();
        assert!(breakdown(&survey(), &by("safe"), &[], &none).is_none());
        assert!(breakdown(&survey(), &by("nothing"), &[], &none).is_none());
    }

    #[test]
    fn how_people_answered_makes_a_group_of_each_that_occurs_in_report_order() {
        use crate::response::{Mode, Presentation};
        let mut all = [
            response(None, 5),
            response(None, 3),
            response(None, 1),
            response(None, 0),
        ];
        all[0].mode = Some(Mode::Paper);
        all[1].mode = Some(Mode::Alone);
        all[2].mode = Some(Mode::Paper);
        all[0].presentation = Presentation::ALL[1];
        all[1].language = Some("cy".into());
        all[2].language = Some("ur".into());
        all[3].language = Some("xx".into());
        let rows: Vec<&ExportRow> = all.iter().collect();
        let none = Asked::default();
        let keys = |by: By| -> Vec<(Option<String>, usize)> {
            breakdown(&survey(), &by, &rows, &none)
                .unwrap()
                .into_iter()
                .map(|g| (g.choice, g.responses))
                .collect()
        };
        let key = |k: &str, n| (Some(k.to_owned()), n);
        assert_eq!(
            keys(By::Mode),
            [key("alone", 1), key("paper", 2), (None, 1)]
        );
        assert_eq!(
            keys(By::Presentation),
            [key("standard", 3), key("easy-read", 1)]
        );
        assert_eq!(
            keys(By::Language),
            [key("cy", 1), key("ur", 1), (None, 2)],
            "a language this version does not know is not recorded"
        );
        let groups = breakdown(&survey(), &By::Mode, &rows, &none).unwrap();
        let Table::Rating { points, .. } = &groups[1].tables[1] else {
            panic!()
        };
        assert_eq!(points, &[0, 1, 0, 0, 0, 1], "the paper responses' ratings");
    }
}
