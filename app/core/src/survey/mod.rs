//! Surveys: the questions a response answers, with their text in each language.

mod example;
mod local_text;

use serde::{Deserialize, Serialize};

pub use example::example_survey;
pub use local_text::LocalText;

use crate::response::Answer;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Survey {
    pub id: String,
    pub title: LocalText,
    pub questions: Vec<Question>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub text: LocalText,
    pub kind: QuestionKind,
    #[serde(default)]
    pub required: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum QuestionKind {
    /// 0 to 5, with words for both ends of the scale.
    Rating { low_label: LocalText, high_label: LocalText },
    SingleChoice { choices: Vec<Choice> },
    FreeText,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub id: String,
    pub text: LocalText,
}

/// The highest point on a rating scale; the lowest is 0.
pub const RATING_MAX: u8 = 5;

/// Free text longer than this is refused with a message, never cut short.
pub const FREE_TEXT_MAX_CHARS: usize = 100_000;

impl Survey {
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }
}

/// Why an answer does not fit its question.
#[derive(Debug, PartialEq, Eq)]
pub enum AnswerError {
    RatingOutOfRange(u8),
    UnknownChoice(String),
    TextTooLong { chars: usize },
    WrongKind,
}

impl Question {
    /// Checks that `answer` is one this question can hold.
    pub fn check(&self, answer: &Answer) -> Result<(), AnswerError> {
        match (&self.kind, answer) {
            (QuestionKind::Rating { .. }, Answer::Rating(n)) if *n <= RATING_MAX => Ok(()),
            (QuestionKind::Rating { .. }, Answer::Rating(n)) => Err(AnswerError::RatingOutOfRange(*n)),
            (QuestionKind::SingleChoice { choices }, Answer::Choice(id)) => {
                if choices.iter().any(|c| &c.id == id) {
                    Ok(())
                } else {
                    Err(AnswerError::UnknownChoice(id.clone()))
                }
            }
            (QuestionKind::FreeText, Answer::Text(text)) => {
                let chars = text.chars().count();
                if chars > FREE_TEXT_MAX_CHARS { Err(AnswerError::TextTooLong { chars }) } else { Ok(()) }
            }
            _ => Err(AnswerError::WrongKind),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_checked_against_their_question() {
        let survey = example_survey();
        let [rating, choice, text] = [0, 1, 2].map(|i| &survey.questions[i]);
        let check = |q: &Question, a: Answer, expected: Result<(), AnswerError>| {
            assert_eq!(q.check(&a), expected, "{} {a:?}", q.id);
        };
        check(rating, Answer::Rating(0), Ok(()));
        check(rating, Answer::Rating(5), Ok(()));
        check(rating, Answer::Rating(6), Err(AnswerError::RatingOutOfRange(6)));
        check(rating, Answer::Text("5".into()), Err(AnswerError::WrongKind));
        let QuestionKind::SingleChoice { choices } = &choice.kind else { panic!("second question is a choice") };
        check(choice, Answer::Choice(choices[0].id.clone()), Ok(()));
        check(choice, Answer::Choice("nope".into()), Err(AnswerError::UnknownChoice("nope".into())));
        check(text, Answer::Text("é".repeat(FREE_TEXT_MAX_CHARS)), Ok(()));
        check(text, Answer::Text("x".repeat(FREE_TEXT_MAX_CHARS + 1)), Err(AnswerError::TextTooLong { chars: FREE_TEXT_MAX_CHARS + 1 }));
    }
}
