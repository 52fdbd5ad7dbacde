//! What can be wrong with a survey file or a survey being built, and how to
//! say it to a coordinator: plain words that name questions as they are shown
//! (question 3, “How do you feel about the activities?”), never by the ids,
//! field types or parser positions only a developer would know.

use std::fmt;

use super::LocalText;
use crate::i18n::{Catalog, Locale, Messages, fill};

/// A question as a coordinator sees it: its number (from 1) and its text.
#[derive(Clone, Debug, PartialEq)]
pub struct QuestionRef {
    pub number: usize,
    pub text: LocalText,
}

/// Where in a survey something is.
#[derive(Clone, Debug, PartialEq)]
pub enum Place {
    Survey,
    /// A section, numbered from 1.
    Section(usize),
    Question(QuestionRef),
    /// Choice `.1` (from 1) of a question.
    Choice(QuestionRef, usize),
}

#[derive(Clone, Debug, PartialEq)]
pub enum ImportError {
    Empty,
    /// The file could not be read from the device at all.
    Unreadable,
    TooLarge {
        bytes: usize,
    },
    NotText,
    /// The file ends before its last bracket: a copy or download cut short.
    Truncated,
    /// A syntax error, with the line it is on (from 1).
    Broken {
        line: usize,
    },
    NotASurveyFile,
    NewerVersion(u64),
    /// The version is missing, or not a whole number this app wrote.
    UnknownVersion,
    UnknownField {
        place: Place,
        field: String,
    },
    MissingField {
        place: Place,
        field: String,
    },
    UnknownKind {
        place: Place,
        kind: String,
    },
    /// A value of the wrong type (words where a number belongs, say).
    WrongValue {
        place: Place,
    },
    NoQuestions,
    EmptyId(Place),
    DuplicateQuestion {
        question: QuestionRef,
        first: QuestionRef,
    },
    DuplicateChoice {
        question: QuestionRef,
        first: usize,
        choice: usize,
    },
    DuplicateSection {
        first: usize,
        section: usize,
    },
    UnknownSection {
        question: QuestionRef,
    },
    NoChoices {
        question: QuestionRef,
    },
    NoEnglishText {
        question: QuestionRef,
    },
    ChoiceNoEnglishText {
        question: QuestionRef,
        choice: usize,
    },
    BadRange {
        question: QuestionRef,
    },
    ShowIfUnknownQuestion {
        question: QuestionRef,
    },
    ShowIfNotEarlier {
        question: QuestionRef,
        target: QuestionRef,
    },
    ShowIfImpossible {
        question: QuestionRef,
        target: QuestionRef,
    },
}

/// A question's text is cut to this many characters in a message, so a
/// long question does not bury the problem.
const QUOTED_CHARS: usize = 60;

/// `bytes` in megabytes as people say it: "10 MB", "2.5 MB".
pub fn megabytes(bytes: usize) -> String {
    let tenths = (bytes as f64 / (1024.0 * 1024.0) * 10.0).round() as u64;
    if tenths.is_multiple_of(10) {
        format!("{} MB", tenths / 10)
    } else {
        format!("{}.{} MB", tenths / 10, tenths % 10)
    }
}

fn quoted(text: &LocalText, locale: Locale) -> Option<String> {
    let (shown, _) = text.get(locale);
    let shown = if shown.trim().is_empty() {
        text.0.values().find(|t| !t.trim().is_empty())?.as_str()
    } else {
        shown
    };
    let shown = shown.trim();
    Some(if shown.chars().count() > QUOTED_CHARS {
        let cut: String = shown.chars().take(QUOTED_CHARS - 1).collect();
        format!("{}…", cut.trim_end())
    } else {
        shown.to_owned()
    })
}

impl QuestionRef {
    /// The question as a sentence starts with it: "Question 3, “Pick one”,"
    /// (or "Question 3" while it has no text).
    pub fn said(&self, m: &Messages, locale: Locale) -> String {
        let n = self.number.to_string();
        match quoted(&self.text, locale) {
            Some(text) => fill(m.survey_ref_question_named, &[("n", &n), ("text", &text)]),
            None => fill(m.survey_ref_question, &[("n", &n)]),
        }
    }
}

impl ImportError {
    /// The problem in the coordinator's language, as one or two sentences.
    pub fn message(&self, m: &Messages, locale: Locale) -> String {
        use ImportError::*;
        // A question at the start of a sentence ("Question 3, “Pick one”,")
        // and in the middle of one ("question 3, “Pick one”").
        let start = |q: &QuestionRef| q.said(m, locale);
        let middle = |q: &QuestionRef| {
            let n = q.number.to_string();
            match quoted(&q.text, locale) {
                Some(text) => fill(m.survey_ref_target_named, &[("n", &n), ("text", &text)]),
                None => fill(m.survey_ref_target, &[("n", &n)]),
            }
        };
        let place = |p: &Place| match p {
            Place::Survey => m.survey_ref_survey.to_owned(),
            Place::Section(n) => fill(m.survey_ref_section, &[("n", &n.to_string())]),
            Place::Question(q) => start(q),
            Place::Choice(q, c) => {
                let (n, c) = (q.number.to_string(), c.to_string());
                match quoted(&q.text, locale) {
                    Some(text) => fill(
                        m.survey_ref_choice_named,
                        &[("n", &n), ("c", &c), ("text", &text)],
                    ),
                    None => fill(m.survey_ref_choice, &[("n", &n), ("c", &c)]),
                }
            }
        };
        let q = |template: &str, question: &QuestionRef| {
            fill(template, &[("question", &start(question))])
        };
        let two = |template: &str, question: &QuestionRef, target: &QuestionRef| {
            fill(
                template,
                &[("question", &start(question)), ("target", &middle(target))],
            )
        };
        match self {
            Empty => m.import_empty.to_owned(),
            Unreadable => m.import_unreadable.to_owned(),
            TooLarge { bytes } => fill(
                m.import_too_large,
                &[
                    ("size", &megabytes(*bytes)),
                    ("max", &megabytes(super::MAX_FILE_BYTES)),
                ],
            ),
            NotText => m.import_not_text.to_owned(),
            Truncated => m.import_truncated.to_owned(),
            Broken { line } => fill(m.import_broken, &[("line", &line.to_string())]),
            NotASurveyFile => m.import_not_survey.to_owned(),
            NewerVersion(_) => m.import_newer.to_owned(),
            UnknownVersion => m.import_unknown_version.to_owned(),
            UnknownField { place: p, field } => fill(
                m.import_unknown_field,
                &[("place", &place(p)), ("field", field)],
            ),
            MissingField { place: p, field } => fill(
                m.import_missing_field,
                &[("place", &place(p)), ("field", field)],
            ),
            UnknownKind { place: p, kind } => fill(
                m.import_unknown_kind,
                &[("place", &place(p)), ("kind", kind)],
            ),
            WrongValue { place: p } => fill(m.import_wrong_value, &[("place", &place(p))]),
            NoQuestions => m.survey_no_questions.to_owned(),
            EmptyId(p) => fill(m.survey_empty_id, &[("place", &place(p))]),
            DuplicateQuestion { question, first } => {
                two(m.survey_duplicate_question, question, first)
            }
            DuplicateChoice {
                question,
                first,
                choice,
            } => fill(
                m.survey_duplicate_choice,
                &[
                    ("question", &start(question)),
                    ("first", &first.to_string()),
                    ("c", &choice.to_string()),
                ],
            ),
            DuplicateSection { first, section } => fill(
                m.survey_duplicate_section,
                &[("first", &first.to_string()), ("n", &section.to_string())],
            ),
            UnknownSection { question } => q(m.survey_unknown_section, question),
            NoChoices { question } => q(m.survey_no_choices, question),
            NoEnglishText { question } => q(m.survey_no_english, question),
            ChoiceNoEnglishText { question, choice } => fill(
                m.survey_choice_no_english,
                &[("place", &place(&Place::Choice(question.clone(), *choice)))],
            ),
            BadRange { question } => q(m.survey_bad_range, question),
            ShowIfUnknownQuestion { question } => q(m.survey_show_if_missing, question),
            ShowIfNotEarlier { question, target } => two(m.survey_show_if_later, question, target),
            ShowIfImpossible { question, target } => {
                two(m.survey_show_if_impossible, question, target)
            }
        }
    }
}

/// English, for logs and tests; the screens call [`ImportError::message`].
impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Catalog::english().messages, Locale::English))
    }
}

impl std::error::Error for ImportError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_said_in_megabytes() {
        let check = |bytes, expected: &str| assert_eq!(megabytes(bytes), expected, "{bytes}");
        check(5_242_880, "5 MB");
        check(2 * 1024 * 1024, "2 MB");
        check(10 * 1024 * 1024 + 512 * 1024, "10.5 MB");
        check(2_200_000, "2.1 MB");
    }

    #[test]
    fn a_long_question_is_cut_and_a_question_with_no_text_goes_by_number() {
        let long = LocalText::english(&"very ".repeat(30));
        let question = QuestionRef {
            number: 2,
            text: long,
        };
        let text = ImportError::NoChoices { question }.to_string();
        assert!(text.starts_with("Question 2, “very very"), "{text}");
        assert!(text.contains("…”,"), "{text}");
        let bare = QuestionRef {
            number: 4,
            text: LocalText::default(),
        };
        assert_eq!(
            ImportError::NoEnglishText { question: bare }.to_string(),
            "Question 4 has no text in English."
        );
        // Only Welsh text: the question is named by it, so it can be found.
        let mut welsh = LocalText::default();
        welsh.0.insert("cy".into(), "Sut mae?".into());
        let question = QuestionRef {
            number: 1,
            text: welsh,
        };
        assert_eq!(
            ImportError::NoEnglishText { question }.to_string(),
            "Question 1, “Sut mae?”, has no text in English."
        );
    }
}
