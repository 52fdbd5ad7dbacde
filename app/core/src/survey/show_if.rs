//! Simple show-if logic: show this question when that answer is X, or (for
//! a rating, a number or a date) at least or at most X.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use super::Survey;
use crate::response::Answer;

/// Shows a question only when an earlier question's answer matches `equals`
/// (for a multiple-choice question: when `equals` is among the ticked
/// choices), or for a rating, number or date compares with it as `compare`
/// says.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShowIf {
    pub question: String,
    /// The answer compared with (the name is kept from when every rule was
    /// "equals", so files and documents from then read the same).
    pub equals: Answer,
    /// Absent means exactly: a version that does not know this field reads
    /// an "at least" rule as "exactly", which shows the question less often,
    /// never on an answer it cannot hold.
    #[serde(default, skip_serializing_if = "Compare::is_exactly")]
    pub compare: Compare,
}

/// How an answer is compared with a show-if rule's value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Compare {
    #[default]
    Exactly,
    /// The answer is the value or more (later, for a date).
    AtLeast,
    /// The answer is the value or less (earlier, for a date).
    AtMost,
}

impl Compare {
    pub fn is_exactly(&self) -> bool {
        *self == Compare::Exactly
    }
}

impl ShowIf {
    /// Shown when `question` is answered `answer`.
    pub fn equals(question: &str, answer: Answer) -> ShowIf {
        ShowIf::compared(question, Compare::Exactly, answer)
    }

    pub fn compared(question: &str, compare: Compare, answer: Answer) -> ShowIf {
        ShowIf {
            question: question.to_owned(),
            equals: answer,
            compare,
        }
    }

    pub fn holds(&self, answer: Option<&Answer>) -> bool {
        let Some(given) = answer else {
            return false;
        };
        match self.compare {
            Compare::Exactly => match (given, &self.equals) {
                (Answer::Choices { chosen, .. }, Answer::Choice(id)) => chosen.contains(id),
                (given, wanted) => given == wanted,
            },
            Compare::AtLeast => order(given, &self.equals).is_some_and(Ordering::is_ge),
            Compare::AtMost => order(given, &self.equals).is_some_and(Ordering::is_le),
        }
    }

    /// Whether this rule can compare in order at all: only ratings, numbers
    /// and dates have one.
    pub fn is_ordered(answer: &Answer) -> bool {
        matches!(
            answer,
            Answer::Rating(_) | Answer::Number(_) | Answer::Date(_)
        )
    }
}

/// How an answer compares with a rule's value, when both are of a kind that
/// has an order. Dates are `YYYY-MM-DD`, so their text order is their order.
fn order(given: &Answer, wanted: &Answer) -> Option<Ordering> {
    match (given, wanted) {
        (Answer::Rating(a), Answer::Rating(b)) => Some(a.cmp(b)),
        (Answer::Number(a), Answer::Number(b)) => a.partial_cmp(b),
        (Answer::Date(a), Answer::Date(b)) => Some(a.cmp(b)),
        _ => None,
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
        questions[1].show_if = Some(ShowIf::equals(
            "uses-transport",
            Answer::Choice("yes".into()),
        ));
        questions[2].show_if = Some(ShowIf::equals("which", Answer::Choice("bus".into())));
        Survey {
            id: "s".into(),
            title: t("S"),
            sections: vec![],
            section_per_screen: false,
            archived: false,
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

    #[test]
    fn ratings_numbers_and_dates_compare_in_order() {
        use Compare::*;
        let check = |compare, wanted: Answer, given: Option<Answer>, expected: bool| {
            let rule = ShowIf::compared("q", compare, wanted.clone());
            assert_eq!(
                rule.holds(given.as_ref()),
                expected,
                "{compare:?} {wanted:?} given {given:?}"
            );
        };
        let (r, n, d) = (Answer::Rating, Answer::Number, |s: &str| {
            Answer::Date(s.to_owned())
        });
        check(AtLeast, r(4), Some(r(4)), true);
        check(AtLeast, r(4), Some(r(5)), true);
        check(AtLeast, r(4), Some(r(3)), false);
        check(AtMost, r(1), Some(r(0)), true);
        check(AtMost, r(1), Some(r(2)), false);
        check(Exactly, r(3), Some(r(3)), true);
        check(Exactly, r(3), Some(r(4)), false);
        check(AtLeast, n(2.5), Some(n(3.0)), true);
        check(AtLeast, n(2.5), Some(n(2.0)), false);
        check(AtMost, n(10.0), Some(n(10.0)), true);
        check(AtMost, n(10.0), Some(n(f64::NAN)), false);
        check(AtLeast, d("2024-01-31"), Some(d("2024-02-01")), true);
        check(AtMost, d("2024-01-31"), Some(d("2024-02-01")), false);
        check(Exactly, d("2024-01-31"), Some(d("2024-01-31")), true);
        // Unanswered, or answered with another kind: never shown.
        check(AtLeast, r(0), None, false);
        check(AtLeast, r(0), Some(n(3.0)), false);
    }

    #[test]
    fn a_rule_on_a_rating_hides_and_shows_a_later_question() {
        let mut survey = survey();
        survey.questions.insert(
            0,
            Question::new(
                "how-good",
                LocalText::english("How good?"),
                QuestionKind::Rating {
                    low_label: LocalText::english("bad"),
                    high_label: LocalText::english("good"),
                },
            ),
        );
        survey.questions[4].show_if = Some(ShowIf::compared(
            "how-good",
            Compare::AtMost,
            Answer::Rating(2),
        ));
        let shown = |rating: u8| {
            let answer = Answer::Rating(rating);
            survey.is_shown(4, &|q: &str| (q == "how-good").then_some(&answer))
        };
        assert!(shown(1));
        assert!(shown(2));
        assert!(!shown(3));
        assert!(!survey.is_shown(4, &|_: &str| None));
    }

    #[test]
    fn an_exact_rule_is_written_as_before_and_a_comparison_is_named() {
        let exact = ShowIf::equals("q", Answer::Rating(3));
        assert_eq!(
            serde_json::to_value(&exact).unwrap(),
            serde_json::json!({"question": "q", "equals": {"type": "rating", "value": 3}})
        );
        let old: ShowIf = serde_json::from_value(
            serde_json::json!({"question": "q", "equals": {"type": "rating", "value": 3}}),
        )
        .unwrap();
        assert_eq!(old, exact);
        let at_least = ShowIf::compared("q", Compare::AtLeast, Answer::Number(2.0));
        let value = serde_json::to_value(&at_least).unwrap();
        assert_eq!(value["compare"], "at_least");
        assert_eq!(serde_json::from_value::<ShowIf>(value).unwrap(), at_least);
    }
}
