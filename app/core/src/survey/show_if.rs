//! Simple show-if logic: show this question when that answer is X.

use serde::{Deserialize, Serialize};

use super::Survey;
use crate::response::Answer;

/// Shows a question only when an earlier question's answer matches `equals`
/// (for a multiple-choice question: when `equals` is among the ticked choices).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShowIf {
    pub question: String,
    pub equals: Answer,
}

impl ShowIf {
    pub fn holds(&self, answer: Option<&Answer>) -> bool {
        match (answer, &self.equals) {
            (Some(Answer::Choices { chosen, .. }), Answer::Choice(id)) => chosen.contains(id),
            (Some(given), wanted) => given == wanted,
            (None, _) => false,
        }
    }
}

impl Survey {
    /// Whether question `index` is shown, given the answers so far. A question
    /// whose condition depends on a hidden question is hidden too.
    pub fn is_shown<'a>(&self, index: usize, answer: &impl Fn(&str) -> Option<&'a Answer>) -> bool {
        let Some(question) = self.questions.get(index) else {
            return false;
        };
        let Some(rule) = &question.show_if else {
            return true;
        };
        let Some(target) = self.questions.iter().position(|q| q.id == rule.question) else {
            return false;
        };
        // Import guarantees conditions point backwards, so this recursion ends.
        target < index && self.is_shown(target, answer) && rule.holds(answer(&rule.question))
    }

    /// The next shown question after `index`, if any.
    pub fn next_shown<'a>(
        &self,
        index: usize,
        answer: &impl Fn(&str) -> Option<&'a Answer>,
    ) -> Option<usize> {
        (index + 1..self.questions.len()).find(|&i| self.is_shown(i, answer))
    }

    /// The shown question before `index`, if any.
    pub fn previous_shown<'a>(
        &self,
        index: usize,
        answer: &impl Fn(&str) -> Option<&'a Answer>,
    ) -> Option<usize> {
        (0..index.min(self.questions.len()))
            .rev()
            .find(|&i| self.is_shown(i, answer))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::survey::{Choice, LocalText, Question, QuestionKind};

    fn survey() -> Survey {
        let t = LocalText::english;
        let choices = |ids: &[&str]| ids.iter().map(|id| Choice::new(id, t(id))).collect();
        let mut questions = vec![
            Question::new(
                "uses-transport",
                t("Do you use transport?"),
                QuestionKind::SingleChoice {
                    choices: choices(&["yes", "no"]),
                },
            ),
            Question::new(
                "which",
                t("Which?"),
                QuestionKind::MultipleChoice {
                    choices: choices(&["bus", "taxi"]),
                    other: true,
                },
            ),
            Question::new(
                "bus-rating",
                t("How is the bus?"),
                QuestionKind::PictureScale,
            ),
            Question::new("anything-else", t("Anything else?"), QuestionKind::FreeText),
        ];
        questions[1].show_if = Some(ShowIf {
            question: "uses-transport".into(),
            equals: Answer::Choice("yes".into()),
        });
        questions[2].show_if = Some(ShowIf {
            question: "which".into(),
            equals: Answer::Choice("bus".into()),
        });
        Survey {
            id: "s".into(),
            title: t("S"),
            sections: vec![],
            section_per_screen: false,
            questions,
        }
    }

    fn check(answers: &[(&str, Answer)], shown: [bool; 4]) {
        let answers: HashMap<&str, &Answer> = answers.iter().map(|(q, a)| (*q, a)).collect();
        let lookup = |q: &str| answers.get(q).copied();
        let got: Vec<bool> = (0..4).map(|i| survey().is_shown(i, &lookup)).collect();
        assert_eq!(got, shown, "{answers:?}");
    }

    #[test]
    fn questions_show_when_their_condition_holds() {
        let bus = Answer::Choices {
            chosen: vec!["bus".into()],
            other: None,
        };
        let taxi = Answer::Choices {
            chosen: vec!["taxi".into()],
            other: None,
        };
        check(&[], [true, false, false, true]);
        check(
            &[("uses-transport", Answer::Choice("no".into()))],
            [true, false, false, true],
        );
        check(
            &[("uses-transport", Answer::Choice("yes".into()))],
            [true, true, false, true],
        );
        check(
            &[
                ("uses-transport", Answer::Choice("yes".into())),
                ("which", bus.clone()),
            ],
            [true, true, true, true],
        );
        check(
            &[
                ("uses-transport", Answer::Choice("yes".into())),
                ("which", taxi),
            ],
            [true, true, false, true],
        );
        // Changing the first answer hides the chain that hung off it.
        check(
            &[
                ("uses-transport", Answer::Choice("no".into())),
                ("which", bus),
            ],
            [true, false, false, true],
        );
    }

    #[test]
    fn next_and_previous_skip_hidden_questions() {
        let survey = survey();
        let none = |_: &str| None;
        assert_eq!(survey.next_shown(0, &none), Some(3));
        assert_eq!(survey.previous_shown(3, &none), Some(0));
        assert_eq!(survey.next_shown(3, &none), None);
        assert_eq!(survey.previous_shown(0, &none), None);
    }
}
