//! Survey definitions as files: a documented, versioned JSON format. Import
//! checks everything and either returns a whole survey or a clear error that
//! names the problem; nothing is half-imported.

use serde::{Deserialize, Serialize};
use serde_json::{Value, error::Category};

use super::{
    Choice, ImportError, Question, Section, Survey,
    problem::Place,
    strict::{list, question_ref},
};

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

/// Writes `survey` in the current file format. Whether it is archived in
/// its project is not part of the survey, so it is left out.
pub fn export(survey: &Survey) -> String {
    let mut survey = survey.clone();
    survey.archived = false;
    let file = SurveyFile {
        format: FORMAT.to_owned(),
        version: FORMAT_VERSION,
        survey,
    };
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

/// Reads and checks a survey file.
pub fn import(bytes: &[u8]) -> Result<Survey, ImportError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge { bytes: bytes.len() });
    }
    let text = std::str::from_utf8(bytes).map_err(|_| ImportError::NotText)?;
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    let value: Value = serde_json::from_str(text).map_err(|e| match e.classify() {
        Category::Eof => ImportError::Truncated,
        _ => ImportError::Broken { line: e.line() },
    })?;
    // Format and version first, so an old or foreign file gets that message
    // rather than a list of fields it lacks.
    if value.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(ImportError::NotASurveyFile);
    }
    match value.get("version").and_then(Value::as_u64) {
        Some(FORMAT_VERSION) => {}
        Some(newer) if newer > FORMAT_VERSION => return Err(ImportError::NewerVersion(newer)),
        _ => return Err(ImportError::UnknownVersion),
    }
    let Some(survey) = value.get("survey") else {
        return Err(ImportError::MissingField {
            place: Place::Survey,
            field: "survey".into(),
        });
    };
    // Stored surveys are read leniently (a newer version's fields are kept),
    // but a file is checked strictly, so a typo is named, not dropped.
    super::strict::check(survey)?;
    if let Some(field) = value.as_object().and_then(|o| {
        o.keys()
            .find(|k| !["format", "version", "survey"].contains(&k.as_str()))
    }) {
        return Err(ImportError::UnknownField {
            place: Place::Survey,
            field: field.clone(),
        });
    }
    let file: SurveyFile =
        serde_json::from_value(value.clone()).map_err(|e| shape_error(survey, e))?;
    super::check_survey(&file.survey)?;
    Ok(file.survey)
}

/// Names the first part of the survey that does not have the shape of its
/// kind, by reading each part on its own.
fn shape_error(survey: &Value, whole: serde_json::Error) -> ImportError {
    for (i, question) in list(survey, "questions").enumerate() {
        let kind = question.get("kind").unwrap_or(&Value::Null);
        for (c, choice) in list(kind, "choices").enumerate() {
            if let Err(e) = serde_json::from_value::<Choice>(choice.clone()) {
                return shape(Place::Choice(question_ref(i, question), c + 1), &e);
            }
        }
        if let Err(e) = serde_json::from_value::<Question>(question.clone()) {
            return shape(Place::Question(question_ref(i, question)), &e);
        }
    }
    for (i, section) in list(survey, "sections").enumerate() {
        if let Err(e) = serde_json::from_value::<Section>(section.clone()) {
            return shape(Place::Section(i + 1), &e);
        }
    }
    shape(Place::Survey, &whole)
}

fn shape(place: Place, error: &serde_json::Error) -> ImportError {
    let text = error.to_string();
    match text
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next())
    {
        Some(field) => ImportError::MissingField {
            place,
            field: field.to_owned(),
        },
        None => ImportError::WrongValue { place },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::{Compare, QuestionKind};
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
        questions[4].show_if = Some(ShowIf::equals("feel", Answer::Feeling(Feeling::Unhappy)));
        questions[5].show_if = Some(ShowIf::equals("multi", Answer::Choice("y".into())));
        questions[6].show_if = Some(ShowIf::compared(
            "number",
            crate::survey::Compare::AtLeast,
            Answer::Number(2.0),
        ));
        Survey {
            id: "all".into(),
            title: t("All kinds"),
            sections: vec![Section {
                id: "about-you".into(),
                title: t("About you"),
            }],
            section_per_screen: true,
            archived: false,
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

    /// Each bad file, and the exact words the coordinator reads. The
    /// survey's questions are: 1 “How important?” (rating), 2 “How do you
    /// feel?” (picture scale), 3 “Pick one”, 4 “Pick any”, 5 “Tell us”,
    /// 6 “How many?” (number), 7 “When?” (date).
    #[test]
    fn bad_files_are_refused_in_plain_words() {
        let same = |_: &mut Survey| {};
        let junk: Vec<u8> = (0..10 * 1024 * 1024u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
            .collect();
        let whole = export(&every_kind());
        let truncated = whole.as_bytes()[..whole.len() / 2].to_vec();
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            ("empty file", Vec::new(), "The file is empty."),
            ("only spaces", b"  \n ".to_vec(), "The file is empty."),
            (
                "10 MB of junk",
                junk,
                "The file is 10 MB; a survey file can be at most 2 MB.",
            ),
            (
                "5 MB",
                vec![b' '; 5_242_880],
                "The file is 5 MB; a survey file can be at most 2 MB.",
            ),
            (
                "not UTF-8",
                vec![0xff, 0xfe, 0x00],
                "The file is not text, so it is not a survey file.",
            ),
            (
                "cut short",
                truncated,
                "The file stops part-way through: it may not have finished copying or downloading.",
            ),
            (
                "broken",
                b"{\"format\": \"heard-survey\",\n oops}".to_vec(),
                "Something in the file is broken near line 2, so it cannot be read.",
            ),
            (
                "another format",
                file_with(
                    same,
                    Some((r#""format": "heard-survey""#, r#""format": "odk""#)),
                ),
                "This is not a Heard survey file.",
            ),
            (
                "a JSON list",
                b"[1, 2]".to_vec(),
                "This is not a Heard survey file.",
            ),
            (
                "newer version",
                file_with(same, Some((r#""version": 1"#, r#""version": 2"#))),
                "This survey file was made by a newer version of Heard. Update the app to open it.",
            ),
            (
                "version as text",
                file_with(same, Some((r#""version": 1"#, r#""version": "1""#))),
                "This survey file does not say which version of the format it uses.",
            ),
            (
                "missing version",
                file_with(same, Some((r#""version": 1,"#, ""))),
                "This survey file does not say which version of the format it uses.",
            ),
            (
                "unknown field in the survey",
                file_with(
                    same,
                    Some((r#""id": "all","#, r#""id": "all", "colour": "red","#)),
                ),
                "The survey has “colour”, which survey files do not have.",
            ),
            (
                "unknown field in a question",
                file_with(
                    same,
                    Some((
                        r#""required": true"#,
                        r#""required": true, "mandatory": true"#,
                    )),
                ),
                "Question 3, “Pick one”, has “mandatory”, which survey files do not have.",
            ),
            (
                "unknown field in a choice",
                file_with(
                    same,
                    Some((r#""id": "x","#, r#""id": "x", "colour": "red","#)),
                ),
                "Choice 1 of question 4, “Pick any”, has “colour”, which survey files do not have.",
            ),
            (
                "unknown field beside the survey",
                file_with(
                    same,
                    Some((r#""version": 1,"#, r#""version": 1, "author": "me","#)),
                ),
                "The survey has “author”, which survey files do not have.",
            ),
            (
                "unknown answer type",
                file_with(
                    same,
                    Some((r#""type": "picture_scale""#, r#""type": "hologram""#)),
                ),
                "Question 2, “How do you feel?”, has an answer type this app does not know (“hologram”). It may come from a newer version of Heard.",
            ),
            (
                "missing survey id",
                file_with(same, Some((r#""id": "all","#, ""))),
                "The survey is missing “id”, which every survey file needs.",
            ),
            (
                "missing question text",
                file_with(
                    |s| s.questions[4].text = LocalText::english("XX"),
                    Some((
                        r#""text": {
          "en": "XX"
        },"#,
                        "",
                    )),
                ),
                "Question 5 is missing “text”, which every survey file needs.",
            ),
            (
                "wrong kind of value",
                file_with(same, Some((r#""required": true"#, r#""required": "yes""#))),
                "Question 3, “Pick one”, has something of the wrong kind in it, such as words where a number belongs.",
            ),
            (
                "duplicate question id",
                file_with(|s| s.questions[6].id = "rating".into(), None),
                "Question 7, “When?”, has the same id as question 1, “How important?”: each question needs its own.",
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
                "Question 3, “Pick one”, has two choices with the same id (choices 1 and 2).",
            ),
            (
                "duplicate section",
                file_with(|s| s.sections.push(s.sections[0].clone()), None),
                "Sections 1 and 2 have the same id.",
            ),
            (
                "unknown section",
                file_with(|s| s.questions[0].section = Some("nowhere".into()), None),
                "Question 1, “How important?”, is in a section the survey does not have.",
            ),
            (
                "show-if on a missing question",
                file_with(
                    |s| s.questions[4].show_if.as_mut().unwrap().question = "ghost".into(),
                    None,
                ),
                "Question 5, “Tell us”, is shown only after an answer to a question that is not in the survey.",
            ),
            (
                "show-if on a later question",
                file_with(
                    |s| {
                        s.questions[0].show_if =
                            Some(ShowIf::equals("date", Answer::Date("2027-01-01".into())))
                    },
                    None,
                ),
                "Question 1, “How important?”, is shown only after an answer to question 7, “When?”, which is not asked before it.",
            ),
            (
                "show-if on itself",
                file_with(
                    |s| {
                        s.questions[2].show_if =
                            Some(ShowIf::equals("single", Answer::Choice("a".into())))
                    },
                    None,
                ),
                "Question 3, “Pick one”, is shown only after an answer to question 3, “Pick one”, which is not asked before it.",
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
                "Question 6, “How many?”, is shown only after an answer that is not possible for question 4, “Pick any”.",
            ),
            (
                "show-if comparing a choice in order",
                file_with(
                    |s| {
                        s.questions[5].show_if = Some(ShowIf::compared(
                            "single",
                            Compare::AtLeast,
                            Answer::Choice("a".into()),
                        ))
                    },
                    None,
                ),
                "Question 6, “How many?”, is shown only after an answer that is not possible for question 3, “Pick one”.",
            ),
            (
                "show-if on a rating out of its scale",
                file_with(
                    |s| {
                        s.questions[4].show_if = Some(ShowIf::compared(
                            "rating",
                            Compare::AtMost,
                            Answer::Rating(9),
                        ))
                    },
                    None,
                ),
                "Question 5, “Tell us”, is shown only after an answer that is not possible for question 1, “How important?”.",
            ),
            (
                "no choices",
                file_with(
                    |s| s.questions[2].kind = QuestionKind::SingleChoice { choices: vec![] },
                    None,
                ),
                "Question 3, “Pick one”, has no choices to pick from.",
            ),
            (
                "a choice with no English text",
                file_with(
                    |s| {
                        if let QuestionKind::SingleChoice { choices } = &mut s.questions[2].kind {
                            choices[1].text = LocalText::default()
                        }
                    },
                    None,
                ),
                "Choice 2 of question 3, “Pick one”, has no text in English.",
            ),
            (
                "no English text",
                file_with(|s| s.questions[3].text = LocalText::default(), None),
                "Question 4 has no text in English.",
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
                "Question 6, “How many?”, allows a smallest number that is more than its largest.",
            ),
            (
                "empty question id",
                file_with(|s| s.questions[1].id = String::new(), None),
                "Question 2, “How do you feel?”, has no id.",
            ),
            (
                "no questions",
                file_with(|s| s.questions.clear(), None),
                "The survey has no questions yet.",
            ),
        ];
        for (name, bytes, expected) in cases {
            let error = import(&bytes).expect_err(name);
            assert_eq!(error.to_string(), expected, "{name}");
        }
    }

    /// No message a coordinator reads carries what only a developer knows:
    /// ids, backticks, the word JSON, columns or byte counts.
    #[test]
    fn no_message_names_ids_or_parser_words() {
        let ids = [
            "rating",
            "feel",
            "single",
            "multi",
            "number",
            "date",
            "about-you",
        ];
        for (bytes, _) in [
            (file_with(|s| s.questions[6].id = "rating".into(), None), ()),
            (
                file_with(|s| s.questions[0].section = Some("nowhere".into()), None),
                (),
            ),
            (b"{ oops".to_vec(), ()),
            (vec![b' '; 3 * 1024 * 1024], ()),
        ] {
            let text = import(&bytes).unwrap_err().to_string();
            for word in ["`", "JSON", "column", "bytes", "\"nowhere\""] {
                assert!(!text.contains(word), "{text}");
            }
            for id in ids {
                assert!(!text.contains(&format!("“{id}”")), "{text}");
            }
        }
    }

    #[test]
    fn the_builder_sees_every_problem_at_once_in_the_language_shown() {
        let mut survey = every_kind();
        survey.questions[2].kind = QuestionKind::SingleChoice { choices: vec![] };
        survey.questions[3].text = LocalText::default();
        let problems = survey.problems();
        assert_eq!(problems.len(), 2, "{problems:?}");
        let welsh = crate::i18n::tests::shipped_catalogs()
            .into_iter()
            .find(|c| c.locale == crate::i18n::Locale::Welsh)
            .unwrap();
        let said = ImportError::NoChoices {
            question: survey.question_ref(1),
        }
        .message(welsh.messages, crate::i18n::Locale::Welsh);
        assert!(said.contains("“Sut ydych chi'n teimlo?”"), "{said}");
    }

    #[test]
    fn a_survey_with_no_questions_cannot_be_started() {
        let mut survey = every_kind();
        assert_eq!(survey.start_problem(), None);
        survey.questions[0].text = LocalText::default();
        assert_eq!(
            survey.start_problem(),
            Some(ImportError::NoEnglishText {
                question: survey.question_ref(0)
            })
        );
        survey.questions.clear();
        assert_eq!(survey.start_problem(), Some(ImportError::NoQuestions));
    }
}
