//! A survey's responses as JSON: the same answers as the CSV, in the
//! shapes they have (a multiple-choice answer is a list of codes, a rating
//! a number), with the questions and their codes beside them, so a script
//! needs no codebook. Documented in `docs/results-files.md`.

use serde_json::{Map, Value, json};

use super::{ExportRow, feeling_code, mode_code, presentation_code, when};
use crate::{
    response::{Answer, Mode},
    survey::{Question, QuestionKind, Survey},
};

/// The file's `format`, and its version: raised when a field changes
/// meaning, never for a field added.
pub const JSON_FORMAT: &str = "heard-responses";
pub const JSON_VERSION: u32 = 1;

fn kind(question: &Question) -> &'static str {
    match question.kind {
        QuestionKind::Rating { .. } => "rating",
        QuestionKind::PictureScale => "picture_scale",
        QuestionKind::SingleChoice { .. } => "single_choice",
        QuestionKind::MultipleChoice { .. } => "multiple_choice",
        QuestionKind::FreeText => "free_text",
        QuestionKind::Number { .. } => "number",
        QuestionKind::Date => "date",
        QuestionKind::Newer => "newer",
    }
}

fn question(question: &Question) -> Value {
    let mut out = json!({
        "id": question.id,
        "text": question.text.0,
        "type": kind(question),
        "required": question.required,
    });
    let choices: Vec<Value> = question
        .kind
        .choices()
        .iter()
        .map(|c| json!({ "code": c.id, "label": c.text.0 }))
        .collect();
    if !choices.is_empty() {
        out["choices"] = Value::Array(choices);
    }
    if let QuestionKind::MultipleChoice { other: true, .. } = question.kind {
        out["other"] = Value::Bool(true);
    }
    out
}

fn answer(answer: &Answer) -> Value {
    match answer {
        Answer::Rating(n) => json!(n),
        Answer::Feeling(f) => json!(feeling_code(*f)),
        Answer::Choice(id) => json!(id),
        Answer::Choices { chosen, other } => match other {
            Some(text) => json!({ "chosen": chosen, "other": text }),
            None => json!({ "chosen": chosen }),
        },
        Answer::Text(text) => json!(text),
        Answer::Number(n) => json!(n),
        Answer::Date(day) => json!(day),
    }
}

fn response(row: &ExportRow) -> Value {
    let answers: Map<String, Value> = row
        .answers
        .iter()
        .map(|(id, a)| (id.clone(), answer(a)))
        .collect();
    let mut out = json!({
        "respondent_id": row.respondent,
        "survey_version": row.version,
        "mode": match mode_code(&row.mode) { "" => Value::Null, code => json!(code) },
        "presentation": presentation_code(row.presentation),
        "started": when(row.started),
        "completed": row.completed.map(when),
        "language": row.language,
        "answers": answers,
    });
    if let Some(Mode::Group { size, .. }) = &row.mode {
        out["group_size"] = json!(size);
    }
    out
}

/// The responses of `survey` as one JSON document.
pub fn responses_json(survey: &Survey, rows: &[ExportRow]) -> String {
    let file = json!({
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "survey": { "id": survey.id, "title": survey.title.0 },
        "questions": survey.questions.iter().map(question).collect::<Vec<_>>(),
        "responses": rows.iter().map(response).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        response::Feeling,
        results::export::tests::{row, survey},
    };

    #[test]
    fn every_answer_in_its_own_shape_beside_the_questions_and_their_codes() {
        let rows = [row(vec![
            ("safe", Answer::Rating(4)),
            ("feel", Answer::Feeling(Feeling::DontKnow)),
            ("how", Answer::Choice("walk".into())),
            (
                "more",
                Answer::Choices {
                    chosen: vec!["bus".into()],
                    other: Some("Music \"loud\"".into()),
                },
            ),
            ("trips", Answer::Number(2.5)),
            ("since", Answer::Date("2024-09-02".into())),
            ("else", Answer::Text("খুব ভালো".into())),
        ])];
        let file: Value = serde_json::from_str(&responses_json(&survey(), &rows)).unwrap();
        assert_eq!(file["format"], JSON_FORMAT);
        assert_eq!(file["version"], 1);
        assert_eq!(file["questions"][2]["type"], "single_choice");
        assert_eq!(file["questions"][2]["choices"][1]["code"], "walk");
        assert_eq!(file["questions"][2]["choices"][1]["label"]["en"], "Walk");
        assert_eq!(file["questions"][3]["other"], true);
        let r = &file["responses"][0];
        assert_eq!(r["respondent_id"], "R-7F3K9Q");
        assert_eq!(r["mode"], "group");
        assert_eq!(r["group_size"], 6);
        assert_eq!(r["presentation"], "easy_read");
        assert_eq!(r["started"], "2025-12-01T22:00:00Z");
        assert_eq!(r["language"], "cy");
        let a = &r["answers"];
        assert_eq!(a["safe"], 4);
        assert_eq!(a["feel"], "dont_know");
        assert_eq!(a["how"], "walk");
        assert_eq!(a["more"]["chosen"][0], "bus");
        assert_eq!(a["more"]["other"], "Music \"loud\"");
        assert_eq!(a["trips"], 2.5);
        assert_eq!(a["since"], "2024-09-02");
        assert_eq!(a["else"], "খুব ভালো");
        assert_eq!(file["responses"].as_array().unwrap().len(), 1);
    }
}
