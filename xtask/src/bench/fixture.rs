//! The benchmark's data: a project whose 60-question survey has 2,165
//! completed responses (the size of a national adult social care survey),
//! made by the app's own document logic and written the way the worker
//! writes them, one change at a time. Saved as JSON for the browser to load
//! into IndexedDB.

use std::cell::RefCell;

use base64::{Engine, engine::general_purpose::STANDARD};
use heard_core::{
    documents::{Documents, flush},
    id::DocId,
    project::Project,
    response::{Answer, Consent, Feeling, Mode, ResponseSetup},
    storage::{MemoryStorage, Storage},
    survey::{Choice, LocalText, Question, QuestionKind, Survey},
    time::Timestamp,
    worker_api::ToWorker,
};

pub const RESPONSES: usize = 2_165;
pub const QUESTIONS: usize = 60;
pub const SURVEY_ID: &str = "national";

fn id(n: usize, kind: u8) -> DocId {
    let mut bytes = [0u8; 16];
    bytes[0] = kind;
    bytes[8..].copy_from_slice(&(n as u64).to_be_bytes());
    DocId::from_random(bytes)
}

pub fn project_id() -> DocId {
    id(0, 0xb0)
}

fn survey(questions: usize) -> Survey {
    // Five choices: the results benchmark breaks the tables down by one.
    let choices = |n: usize| {
        (1..=5)
            .map(|c| {
                Choice::new(
                    &format!("c{c}"),
                    LocalText::english(&format!("Choice {c} of question {n}")),
                )
            })
            .collect::<Vec<_>>()
    };
    let questions = (1..=questions)
        .map(|n| {
            let kind = match n % 7 {
                0 => QuestionKind::Rating {
                    low_label: LocalText::english("not at all"),
                    high_label: LocalText::english("very much"),
                },
                1 => QuestionKind::PictureScale,
                2 => QuestionKind::SingleChoice {
                    choices: choices(n),
                },
                3 => QuestionKind::MultipleChoice {
                    choices: choices(n),
                    other: true,
                },
                4 => QuestionKind::FreeText,
                5 => QuestionKind::Number {
                    min: Some(0.0),
                    max: Some(100.0),
                },
                _ => QuestionKind::Date,
            };
            Question::new(
                &format!("q{n}"),
                LocalText::english(&format!("Question {n} of the national survey")),
                kind,
            )
        })
        .collect();
    Survey {
        id: SURVEY_ID.into(),
        title: LocalText::english("National adult social care survey"),
        sections: Vec::new(),
        section_per_screen: false,
        archived: false,
        questions,
    }
}

fn answer(question: usize, response: usize) -> Answer {
    let pick = (question * 31 + response * 17) % 4;
    match question % 7 {
        0 => Answer::Rating(pick as u8 + 1),
        1 => Answer::Feeling(
            [
                Feeling::Happy,
                Feeling::NotSure,
                Feeling::Unhappy,
                Feeling::DontKnow,
            ][pick],
        ),
        2 => Answer::Choice(format!("c{}", pick + 1)),
        3 => Answer::Choices {
            chosen: vec![format!("c{}", pick + 1)],
            other: None,
        },
        4 => Answer::Text(format!(
            "Response {response} says the staff are kind but often rushed."
        )),
        5 => Answer::Number((pick * 3) as f64),
        _ => Answer::Date(format!("2026-0{}-1{}", pick + 1, pick)),
    }
}

/// The project and its responses, as a device holds them once every change
/// is written: the documents, with every change durable, and their storage.
pub struct Fixture {
    pub docs: RefCell<Documents>,
    pub storage: MemoryStorage,
    pub project: DocId,
}

/// Builds the project, its survey of `questions` questions and `responses`
/// completed responses that answer every one, one request at a time as the
/// worker takes them, each written before the next.
pub async fn build(responses: usize, questions: usize) -> Fixture {
    let storage = MemoryStorage::new();
    let docs = RefCell::new(Documents::load([7; 16], vec![], vec![]).0);
    let project = project_id();
    let mut content = Project::new(
        &format!("National survey, {} responses", thousands(responses)),
        Timestamp(1),
    );
    content.surveys.push(survey(questions));
    // Every document a request changed: starting a response also
    // publishes its survey's version in the project.
    let handle = |request: ToWorker| {
        let outcome = docs.borrow_mut().handle(request);
        outcome.dirty.into_iter().chain(outcome.also_dirty)
    };
    let dirty = handle(ToWorker::SaveProject {
        base: None,
        id: project.clone(),
        project: content,
        now: Timestamp(1),
    });
    for id in dirty {
        flush(&docs, &storage, &id)
            .await
            .expect("the bench fixture is written to memory, which cannot fail");
    }
    let mut now = 1_767_225_600_000i64; // 2026-01-01
    for r in 0..responses {
        let response = id(r, 0xa0);
        let mut requests = vec![ToWorker::Start {
            id: response.clone(),
            project: project.clone(),
            survey: SURVEY_ID.into(),
            setup: ResponseSetup {
                consent: Consent::Person,
                mode: Mode::Alone,
                respondent: format!("R-{r:06}"),
                device: None,
                language: Some("en".into()),
            },
            presentation: Default::default(),
            now: Timestamp(now),
        }];
        for q in 1..=questions {
            now += 7_000;
            requests.push(ToWorker::SetAnswer {
                id: response.clone(),
                question: format!("q{q}"),
                answer: Some(answer(q, r)),
                now: Timestamp(now),
            });
        }
        requests.push(ToWorker::Complete {
            id: response.clone(),
            now: Timestamp(now),
        });
        for request in requests {
            for id in handle(request) {
                flush(&docs, &storage, &id)
                    .await
                    .expect("the bench fixture is written to memory, which cannot fail");
            }
        }
        now += 3_600_000;
    }
    Fixture {
        docs,
        storage,
        project,
    }
}

/// `n` with a comma between thousands, as the project's name reads.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// Builds `responses` completed responses and returns them as JSON:
/// `{project, responses, chunks: [[key, base64]], index: [[id, json]],
/// rows: [[id, json]]}`.
pub fn generate(responses: usize) -> String {
    pollster::block_on(async {
        let Fixture {
            storage, project, ..
        } = build(responses, QUESTIONS).await;
        let chunks: Vec<(String, String)> = storage
            .load_all()
            .await
            .unwrap_or_default()
            .into_iter()
            .map(|(key, bytes)| (key, STANDARD.encode(bytes)))
            .collect();
        let index = storage.load_index().await.unwrap_or_default();
        let rows = storage.load_rows().await.unwrap_or_default();
        serde_json::json!({
            "project": project.to_string(),
            "responses": responses,
            "chunks": chunks,
            "index": index,
            "rows": rows,
        })
        .to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use heard_core::{summary::Summary, worker_api::FromWorker};

    #[test]
    fn the_name_counts_in_thousands() {
        let names: Vec<String> = [0, 7, 999, 1_000, 2_165, 1_234_567]
            .into_iter()
            .map(thousands)
            .collect();
        assert_eq!(names, ["0", "7", "999", "1,000", "2,165", "1,234,567"]);
    }

    #[test]
    fn the_data_is_what_the_app_itself_would_load() {
        let json: serde_json::Value = serde_json::from_str(&generate(3)).unwrap();
        let chunks = json["chunks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                let bytes = STANDARD.decode(c[1].as_str().unwrap()).unwrap();
                (c[0].as_str().unwrap().to_owned(), bytes)
            })
            .collect();
        let index: Vec<(String, String)> = serde_json::from_value(json["index"].clone()).unwrap();
        let (_, loaded, repairs) = Documents::load([1; 16], chunks, index);
        assert!(repairs.is_empty(), "the index matches the documents");
        let FromWorker::Loaded { items, damaged } = loaded else {
            panic!("{loaded:?}")
        };
        assert!(damaged.is_empty());
        let answered: Vec<_> = items
            .iter()
            .filter_map(|(_, s)| match s {
                Summary::Response(r) => Some((r.answered, r.completed.is_some())),
                _ => None,
            })
            .collect();
        assert_eq!(answered, vec![(QUESTIONS, true); 3]);
        let rows: Vec<(String, String)> = serde_json::from_value(json["rows"].clone()).unwrap();
        let answers: Vec<usize> = rows
            .iter()
            .map(|(_, row)| {
                let row: heard_core::results::row::ResponseRow = serde_json::from_str(row).unwrap();
                row.answers.len()
            })
            .collect();
        assert_eq!(answers, vec![QUESTIONS; 3], "a row per response, as stored");
    }
}
