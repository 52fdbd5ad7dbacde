//! Any table broken down by a single-choice question (a role, a nation):
//! the responses split by the choice each gave, and every question's table
//! over each group, in the survey's order of choices; those who did not
//! answer it make a group of their own.

use serde::{Deserialize, Serialize};

use super::{Answers, Table, tables};
use crate::{
    response::Answer,
    survey::{QuestionKind, Survey},
};

/// One group of a breakdown: the choice (`None`: not answered), how many
/// responses gave it, and every question's table over them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub choice: Option<String>,
    pub responses: usize,
    pub tables: Vec<Table>,
}

/// The groups of `responses` by their answer to single-choice question
/// `by`, or `None` when `survey` has no such question.
pub fn breakdown(survey: &Survey, by: &str, responses: &[Answers]) -> Option<Vec<Group>> {
    let question = survey.questions.iter().find(|q| q.id == by)?;
    let QuestionKind::SingleChoice { choices } = &question.kind else {
        return None;
    };
    let chose = |answers: &Answers| match answers.get(by) {
        Some(Answer::Choice(id)) if choices.iter().any(|c| c.id == *id) => Some(id.clone()),
        _ => None,
    };
    let groups = choices
        .iter()
        .map(|c| Some(c.id.clone()))
        .chain([None])
        .map(|choice| {
            let members: Vec<Answers> = responses
                .iter()
                .filter(|a| chose(a) == choice)
                .cloned()
                .collect();
            Group {
                responses: members.len(),
                tables: tables(survey, &members),
                choice,
            }
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
        Survey {
            id: "s".into(),
            title: text("S"),
            sections: Vec::new(),
            section_per_screen: false,
            archived: false,
            questions: vec![
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
            ],
        }
    }

    fn response(role: Option<&str>, safe: u8) -> Answers {
        let mut a = Answers::new();
        if let Some(role) = role {
            a.insert("role".into(), Answer::Choice(role.into()));
        }
        a.insert("safe".into(), Answer::Rating(safe));
        a
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
        let groups = breakdown(&survey(), "role", &all).unwrap();
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
        assert!(breakdown(&survey(), "safe", &[]).is_none());
        assert!(breakdown(&survey(), "nothing", &[]).is_none());
    }
}
