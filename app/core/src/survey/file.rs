//! Survey definitions as files: a documented, versioned JSON format. Import
//! checks everything and either returns a whole survey or a clear error that
//! names the problem; nothing is half-imported.

use std::{collections::HashSet, fmt};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{QuestionKind, Survey};

/// The value of the file's `format` field.
pub const FORMAT: &str = "heard-survey";
/// The newest format version this app reads and the one it writes.
pub const FORMAT_VERSION: u64 = 1;
/// Files larger than this are refused before parsing (pictures and recorded
/// prompts travel separately, so real surveys are far smaller).
pub const MAX_FILE_BYTES: usize = 2 * 1024 * 1024;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SurveyFile {
    format: String,
    version: u64,
    survey: Survey,
}

#[derive(Debug, PartialEq)]
pub enum ImportError {
    TooLarge {
        bytes: usize,
    },
    NotText,
    NotJson {
        line: usize,
        column: usize,
    },
    NotASurveyFile,
    UnsupportedVersion(Value),
    /// The JSON does not have the survey's shape (a missing or unknown field,
    /// a wrong type); serde's message names the field and position.
    Shape(String),
    NoQuestions,
    EmptyId {
        what: &'static str,
    },
    DuplicateQuestion(String),
    DuplicateChoice {
        question: String,
        choice: String,
    },
    DuplicateSection(String),
    UnknownSection {
        question: String,
        section: String,
    },
    NoChoices {
        question: String,
    },
    NoEnglishText {
        question: String,
    },
    BadRange {
        question: String,
    },
    ShowIfUnknownQuestion {
        question: String,
        target: String,
    },
    ShowIfNotEarlier {
        question: String,
        target: String,
    },
    ShowIfImpossible {
        question: String,
        target: String,
    },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ImportError::*;
        match self {
            TooLarge { bytes } => write!(
                f,
                "the file is {bytes} bytes; a survey file is at most {MAX_FILE_BYTES} bytes"
            ),
            NotText => f.write_str("the file is not text (UTF-8)"),
            NotJson { line, column } => write!(
                f,
                "the file is not valid JSON (line {line}, column {column})"
            ),
            NotASurveyFile => write!(
                f,
                "the file is not a survey file: its \"format\" is not \"{FORMAT}\""
            ),
            UnsupportedVersion(v) => write!(
                f,
                "the file is survey format version {v}; this app reads version {FORMAT_VERSION}"
            ),
            Shape(reason) => write!(f, "the survey is not in the expected shape: {reason}"),
            NoQuestions => f.write_str("the survey has no questions"),
            EmptyId { what } => write!(f, "a {what} has an empty id"),
            DuplicateQuestion(id) => write!(f, "two questions have the id \"{id}\""),
            DuplicateChoice { question, choice } => write!(
                f,
                "question \"{question}\" has two choices with the id \"{choice}\""
            ),
            DuplicateSection(id) => write!(f, "two sections have the id \"{id}\""),
            UnknownSection { question, section } => write!(
                f,
                "question \"{question}\" is in section \"{section}\", which does not exist"
            ),
            NoChoices { question } => write!(f, "question \"{question}\" has no choices"),
            NoEnglishText { question } => write!(f, "question \"{question}\" has no English text"),
            BadRange { question } => {
                write!(f, "question \"{question}\" has a minimum above its maximum")
            }
            ShowIfUnknownQuestion { question, target } => write!(
                f,
                "question \"{question}\" is shown if \"{target}\", which does not exist"
            ),
            ShowIfNotEarlier { question, target } => write!(
                f,
                "question \"{question}\" is shown if \"{target}\", which is not asked before it"
            ),
            ShowIfImpossible { question, target } => write!(
                f,
                "question \"{question}\" is shown on an answer \"{target}\" cannot have"
            ),
        }
    }
}

impl std::error::Error for ImportError {}

/// Writes `survey` in the current file format.
pub fn export(survey: &Survey) -> String {
    let file = SurveyFile {
        format: FORMAT.to_owned(),
        version: FORMAT_VERSION,
        survey: survey.clone(),
    };
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

/// Reads and checks a survey file.
pub fn import(bytes: &[u8]) -> Result<Survey, ImportError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge { bytes: bytes.len() });
    }
    let text = std::str::from_utf8(bytes).map_err(|_| ImportError::NotText)?;
    let value: Value = serde_json::from_str(text).map_err(|e| ImportError::NotJson {
        line: e.line(),
        column: e.column(),
    })?;
    // Format and version first, so an old or foreign file gets that message
    // rather than a list of fields it lacks.
    if value.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(ImportError::NotASurveyFile);
    }
    match value.get("version") {
        Some(v) if v.as_u64() == Some(FORMAT_VERSION) => {}
        other => {
            return Err(ImportError::UnsupportedVersion(
                other.cloned().unwrap_or(Value::Null),
            ));
        }
    }
    let file: SurveyFile =
        serde_json::from_str(text).map_err(|e| ImportError::Shape(e.to_string()))?;
    // Stored surveys are read leniently (a newer version's fields are kept),
    // but a file is checked strictly, so a typo is named, not dropped.
    if let Some(survey) = value.get("survey") {
        super::strict::check(survey).map_err(ImportError::Shape)?;
    }
    check_survey(&file.survey)?;
    Ok(file.survey)
}

/// Every check an imported survey must pass; the builder shows the same
/// problems while a survey is edited.
pub fn check_survey(survey: &Survey) -> Result<(), ImportError> {
    use ImportError::*;
    if survey.id.is_empty() {
        return Err(EmptyId { what: "survey" });
    }
    if survey.questions.is_empty() {
        return Err(NoQuestions);
    }
    let mut sections = HashSet::new();
    for section in &survey.sections {
        if section.id.is_empty() {
            return Err(EmptyId { what: "section" });
        }
        if !sections.insert(section.id.as_str()) {
            return Err(DuplicateSection(section.id.clone()));
        }
    }
    let mut seen = HashSet::new();
    for (index, question) in survey.questions.iter().enumerate() {
        let id = || question.id.clone();
        if question.id.is_empty() {
            return Err(EmptyId { what: "question" });
        }
        if !seen.insert(question.id.as_str()) {
            return Err(DuplicateQuestion(id()));
        }
        if question
            .text
            .0
            .get("en")
            .is_none_or(|t| t.trim().is_empty())
        {
            return Err(NoEnglishText { question: id() });
        }
        if let Some(section) = &question.section
            && !sections.contains(section.as_str())
        {
            return Err(UnknownSection {
                question: id(),
                section: section.clone(),
            });
        }
        match &question.kind {
            QuestionKind::SingleChoice { choices }
            | QuestionKind::MultipleChoice { choices, .. } => {
                if choices.is_empty() {
                    return Err(NoChoices { question: id() });
                }
                let mut ids = HashSet::new();
                for choice in choices {
                    if choice.id.is_empty() {
                        return Err(EmptyId { what: "choice" });
                    }
                    if !ids.insert(choice.id.as_str()) {
                        return Err(DuplicateChoice {
                            question: id(),
                            choice: choice.id.clone(),
                        });
                    }
                }
            }
            QuestionKind::Number {
                min: Some(min),
                max: Some(max),
            } if min > max => return Err(BadRange { question: id() }),
            _ => {}
        }
        if let Some(rule) = &question.show_if {
            let target = || rule.question.clone();
            let Some(at) = survey.questions.iter().position(|q| q.id == rule.question) else {
                return Err(ShowIfUnknownQuestion {
                    question: id(),
                    target: target(),
                });
            };
            if at >= index {
                return Err(ShowIfNotEarlier {
                    question: id(),
                    target: target(),
                });
            }
            let target_question = &survey.questions[at];
            // A condition on a multiple-choice question names one choice.
            let possible = match (&target_question.kind, &rule.equals) {
                (
                    QuestionKind::MultipleChoice { choices, .. },
                    crate::response::Answer::Choice(c),
                ) => choices.iter().any(|x| &x.id == c),
                _ => target_question.check(&rule.equals).is_ok(),
            };
            if !possible {
                return Err(ShowIfImpossible {
                    question: id(),
                    target: target(),
                });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        response::{Answer, Feeling},
        survey::{Choice, LocalText, Question, Section, ShowIf, example_survey, support_survey},
    };

    /// A survey with one question of every kind, sections, pictures and a condition.
    fn every_kind() -> Survey {
        let t = LocalText::english;
        let mut welsh = t("How do you feel?");
        welsh
            .0
            .insert("cy".into(), "Sut ydych chi'n teimlo?".into());
        let choices = |ids: &[&str]| {
            ids.iter()
                .map(|id| Choice::new(id, t(id)))
                .collect::<Vec<_>>()
        };
        let mut questions = vec![
            Question::new(
                "rating",
                t("How important?"),
                QuestionKind::Rating {
                    low_label: t("not important at all"),
                    high_label: t("very important"),
                },
            ),
            Question::new("feel", welsh, QuestionKind::PictureScale),
            Question::new(
                "single",
                t("Pick one"),
                QuestionKind::SingleChoice {
                    choices: choices(&["a", "b"]),
                },
            ),
            Question::new(
                "multi",
                t("Pick any"),
                QuestionKind::MultipleChoice {
                    choices: choices(&["x", "y"]),
                    other: true,
                },
            ),
            Question::new("text", t("Tell us"), QuestionKind::FreeText),
            Question::new(
                "number",
                t("How many?"),
                QuestionKind::Number {
                    min: Some(0.0),
                    max: Some(99.5),
                },
            ),
            Question::new("date", t("When?"), QuestionKind::Date),
        ];
        questions[1].easy_read = t("Are you happy?");
        questions[1].picture = Some("face-happy".into());
        questions[1].audio = Some("prompt-17".into());
        questions[2].required = true;
        questions[2].section = Some("about-you".into());
        questions[4].show_if = Some(ShowIf {
            question: "feel".into(),
            equals: Answer::Feeling(Feeling::Unhappy),
        });
        questions[5].show_if = Some(ShowIf {
            question: "multi".into(),
            equals: Answer::Choice("y".into()),
        });
        Survey {
            id: "all".into(),
            title: t("All kinds"),
            sections: vec![Section {
                id: "about-you".into(),
                title: t("About you"),
            }],
            section_per_screen: true,
            questions,
        }
    }

    #[test]
    fn every_question_kind_round_trips() {
        for survey in [
            every_kind(),
            example_survey(&[crate::i18n::Catalog::english()]),
            support_survey(&[crate::i18n::Catalog::english()]),
        ] {
            let file = export(&survey);
            assert_eq!(import(file.as_bytes()), Ok(survey));
        }
    }

    /// Exports a survey after `change`, then replaces `from` with `to` in the text.
    fn file_with(change: impl Fn(&mut Survey), edit: Option<(&str, &str)>) -> Vec<u8> {
        let mut survey = every_kind();
        change(&mut survey);
        let mut text = export(&survey);
        if let Some((from, to)) = edit {
            assert!(text.contains(from), "{from} not in the file");
            text = text.replacen(from, to, 1);
        }
        text.into_bytes()
    }

    #[test]
    fn bad_files_are_refused_with_an_error_naming_the_problem() {
        use ImportError::*;
        let same = |_: &mut Survey| {};
        let junk: Vec<u8> = (0..10 * 1024 * 1024u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
            .collect();
        let cases: Vec<(&str, Vec<u8>, ImportError)> = vec![
            (
                "10 MB of junk",
                junk,
                TooLarge {
                    bytes: 10 * 1024 * 1024,
                },
            ),
            ("not UTF-8", vec![0xff, 0xfe, 0x00], NotText),
            (
                "not JSON",
                b"{\"format\": \"heard-survey\",\n oops".to_vec(),
                NotJson { line: 2, column: 2 },
            ),
            ("empty file", Vec::new(), NotJson { line: 1, column: 0 }),
            (
                "another format",
                file_with(
                    same,
                    Some((r#""format": "heard-survey""#, r#""format": "odk""#)),
                ),
                NotASurveyFile,
            ),
            ("a JSON list", b"[1, 2]".to_vec(), NotASurveyFile),
            (
                "wrong version",
                file_with(same, Some((r#""version": 1"#, r#""version": 2"#))),
                UnsupportedVersion(Value::from(2)),
            ),
            (
                "version as text",
                file_with(same, Some((r#""version": 1"#, r#""version": "1""#))),
                UnsupportedVersion(Value::from("1")),
            ),
            (
                "missing version",
                file_with(same, Some((r#""version": 1,"#, ""))),
                UnsupportedVersion(Value::Null),
            ),
            (
                "duplicate question id",
                file_with(|s| s.questions[6].id = "rating".into(), None),
                DuplicateQuestion("rating".into()),
            ),
            (
                "duplicate choice id",
                file_with(
                    |s| {
                        if let QuestionKind::SingleChoice { choices } = &mut s.questions[2].kind {
                            choices[1].id = "a".into()
                        }
                    },
                    None,
                ),
                DuplicateChoice {
                    question: "single".into(),
                    choice: "a".into(),
                },
            ),
            (
                "duplicate section",
                file_with(|s| s.sections.push(s.sections[0].clone()), None),
                DuplicateSection("about-you".into()),
            ),
            (
                "unknown section",
                file_with(|s| s.questions[0].section = Some("nowhere".into()), None),
                UnknownSection {
                    question: "rating".into(),
                    section: "nowhere".into(),
                },
            ),
            (
                "show-if on a missing question",
                file_with(
                    |s| s.questions[4].show_if.as_mut().unwrap().question = "ghost".into(),
                    None,
                ),
                ShowIfUnknownQuestion {
                    question: "text".into(),
                    target: "ghost".into(),
                },
            ),
            (
                "show-if on a later question",
                file_with(
                    |s| {
                        s.questions[0].show_if = Some(ShowIf {
                            question: "date".into(),
                            equals: Answer::Date("2027-01-01".into()),
                        })
                    },
                    None,
                ),
                ShowIfNotEarlier {
                    question: "rating".into(),
                    target: "date".into(),
                },
            ),
            (
                "show-if on itself",
                file_with(
                    |s| {
                        s.questions[2].show_if = Some(ShowIf {
                            question: "single".into(),
                            equals: Answer::Choice("a".into()),
                        })
                    },
                    None,
                ),
                ShowIfNotEarlier {
                    question: "single".into(),
                    target: "single".into(),
                },
            ),
            (
                "show-if on an impossible answer",
                file_with(
                    |s| {
                        s.questions[5].show_if.as_mut().unwrap().equals =
                            Answer::Choice("zzz".into())
                    },
                    None,
                ),
                ShowIfImpossible {
                    question: "number".into(),
                    target: "multi".into(),
                },
            ),
            (
                "no choices",
                file_with(
                    |s| s.questions[2].kind = QuestionKind::SingleChoice { choices: vec![] },
                    None,
                ),
                NoChoices {
                    question: "single".into(),
                },
            ),
            (
                "no English text",
                file_with(|s| s.questions[3].text = LocalText::default(), None),
                NoEnglishText {
                    question: "multi".into(),
                },
            ),
            (
                "minimum above maximum",
                file_with(
                    |s| {
                        s.questions[5].kind = QuestionKind::Number {
                            min: Some(5.0),
                            max: Some(1.0),
                        }
                    },
                    None,
                ),
                BadRange {
                    question: "number".into(),
                },
            ),
            (
                "empty question id",
                file_with(|s| s.questions[1].id = String::new(), None),
                EmptyId { what: "question" },
            ),
            (
                "no questions",
                file_with(|s| s.questions.clear(), None),
                NoQuestions,
            ),
        ];
        for (name, bytes, expected) in cases {
            assert_eq!(import(&bytes), Err(expected), "{name}");
        }
    }

    #[test]
    fn shape_errors_name_the_field() {
        let check = |edit: (&str, &str), needle: &str| {
            let err = import(&file_with(|_| {}, Some(edit))).unwrap_err();
            assert!(
                matches!(&err, ImportError::Shape(reason) if reason.contains(needle)),
                "{edit:?}: {err}"
            );
        };
        check((r#""id": "all","#, ""), "missing field `id`");
        check(
            (r#""type": "picture_scale""#, r#""type": "hologram""#),
            "unknown variant `hologram`",
        );
        check(
            (r#""required": true"#, r#""required": "yes""#),
            "invalid type",
        );
        check(
            (r#""id": "all","#, r#""id": "all", "colour": "red","#),
            "unknown field `colour`",
        );
    }
}
