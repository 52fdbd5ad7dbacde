//! Everything that would stop a survey being used: checked on every imported
//! file, listed in the builder as it is edited, and asked before a response
//! is started.

use std::collections::HashMap;

use super::{
    ImportError, QuestionKind, Survey,
    problem::{Place, QuestionRef},
    show_if::{Compare, ShowIf},
};
use crate::response::Answer;

impl Survey {
    /// Question `index` (from 0) as a coordinator sees it.
    pub fn question_ref(&self, index: usize) -> QuestionRef {
        QuestionRef {
            number: index + 1,
            text: self
                .questions
                .get(index)
                .map(|q| q.text.clone())
                .unwrap_or_default(),
        }
    }

    /// Every problem with the survey, in the order they appear in it.
    pub fn problems(&self) -> Vec<ImportError> {
        use ImportError::*;
        let mut out = Vec::new();
        if self.id.is_empty() {
            out.push(EmptyId(Place::Survey));
        }
        if self.questions.is_empty() {
            out.push(NoQuestions);
        }
        let mut sections = HashMap::new();
        for (i, section) in self.sections.iter().enumerate() {
            if section.id.is_empty() {
                out.push(EmptyId(Place::Section(i + 1)));
            } else if let Some(first) = sections.insert(section.id.as_str(), i + 1) {
                out.push(DuplicateSection {
                    first,
                    section: i + 1,
                });
                sections.insert(section.id.as_str(), first);
            }
        }
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (index, question) in self.questions.iter().enumerate() {
            let me = || self.question_ref(index);
            if question.id.is_empty() {
                out.push(EmptyId(Place::Question(me())));
            } else if let Some(&first) = seen.get(question.id.as_str()) {
                out.push(DuplicateQuestion {
                    question: me(),
                    first: self.question_ref(first),
                });
            } else {
                seen.insert(question.id.as_str(), index);
            }
            if question
                .text
                .0
                .get("en")
                .is_none_or(|t| t.trim().is_empty())
            {
                out.push(NoEnglishText { question: me() });
            }
            if let Some(section) = &question.section
                && !sections.contains_key(section.as_str())
            {
                out.push(UnknownSection { question: me() });
            }
            self.kind_problems(index, &mut out);
            if let Some(rule) = &question.show_if {
                self.rule_problem(index, rule, &mut out);
            }
        }
        out
    }

    fn kind_problems(&self, index: usize, out: &mut Vec<ImportError>) {
        use ImportError::*;
        let me = || self.question_ref(index);
        match &self.questions[index].kind {
            QuestionKind::SingleChoice { choices }
            | QuestionKind::MultipleChoice { choices, .. } => {
                if choices.is_empty() {
                    out.push(NoChoices { question: me() });
                }
                let mut ids = HashMap::new();
                for (c, choice) in choices.iter().enumerate() {
                    if choice.id.is_empty() {
                        out.push(EmptyId(Place::Choice(me(), c + 1)));
                    } else if let Some(&first) = ids.get(choice.id.as_str()) {
                        out.push(DuplicateChoice {
                            question: me(),
                            first,
                            choice: c + 1,
                        });
                    } else {
                        ids.insert(choice.id.as_str(), c + 1);
                    }
                    if choice.text.0.get("en").is_none_or(|t| t.trim().is_empty()) {
                        out.push(ChoiceNoEnglishText {
                            question: me(),
                            choice: c + 1,
                        });
                    }
                }
            }
            QuestionKind::Number {
                min: Some(min),
                max: Some(max),
            } if min > max => out.push(BadRange { question: me() }),
            _ => {}
        }
    }

    fn rule_problem(&self, index: usize, rule: &ShowIf, out: &mut Vec<ImportError>) {
        use ImportError::*;
        let me = || self.question_ref(index);
        let Some(at) = self.questions.iter().position(|q| q.id == rule.question) else {
            out.push(ShowIfUnknownQuestion { question: me() });
            return;
        };
        let target = self.question_ref(at);
        if at >= index {
            out.push(ShowIfNotEarlier {
                question: me(),
                target,
            });
            return;
        }
        let kind = &self.questions[at].kind;
        let possible = match (kind, &rule.equals, rule.compare) {
            // A condition on a multiple-choice question names one choice.
            (QuestionKind::MultipleChoice { choices, .. }, Answer::Choice(c), Compare::Exactly) => {
                choices.iter().any(|x| &x.id == c)
            }
            // A rating, number or date compared in order with a value it could
            // itself be answered with is always possible.
            (_, value, Compare::AtLeast | Compare::AtMost) => {
                ShowIf::is_ordered(value) && self.questions[at].check(value).is_ok()
            }
            _ => self.questions[at].check(&rule.equals).is_ok(),
        };
        if !possible {
            out.push(ShowIfImpossible {
                question: me(),
                target,
            });
        }
    }

    /// Why a response to this survey cannot be started yet, if it cannot:
    /// its first problem. A survey with no questions would be "completed"
    /// with nothing asked; one with a question of no text would ask nothing.
    pub fn start_problem(&self) -> Option<ImportError> {
        self.problems().into_iter().next()
    }
}

/// Every check an imported survey must pass: its first problem, if any.
pub fn check_survey(survey: &Survey) -> Result<(), ImportError> {
    match survey.problems().into_iter().next() {
        Some(problem) => Err(problem),
        None => Ok(()),
    }
}
