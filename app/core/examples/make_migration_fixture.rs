//! Writes `tests/fixtures/release-1.json`: a device's whole store as the
//! release of 2026-12-01 (document layout 1) wrote it. Run once, with that
//! release's code, before the layout changed; kept in history with the fixture.

use std::cell::RefCell;

use base64::{Engine, engine::general_purpose::STANDARD};
use heard_core::{
    documents::{Documents, flush},
    guide::tea_and_talk,
    i18n::Catalog,
    id::DocId,
    project::Project,
    response::{Answer, Consent, Feeling, Mode, Presentation, ResponseSetup},
    session::{Card, Session},
    storage::{MemoryStorage, Storage},
    survey::{example_survey, support_survey},
    time::Timestamp,
    worker_api::ToWorker,
};

fn id(n: u8) -> DocId {
    DocId::from_random([n; 16])
}

fn main() {
    pollster::block_on(async {
        let storage = MemoryStorage::new();
        let (docs, _, _) = Documents::load([7; 16], Vec::new(), Vec::new());
        let docs = RefCell::new(docs);
        let english = [Catalog::english()];
        let mut project = Project::new("Day opportunities, spring 2027", Timestamp(1_780_000_000_000));
        project.languages = vec!["cy".into(), "en".into()];
        project.surveys = vec![support_survey(&english), example_survey(&english)];
        project.surveys[0].questions[0].audio = Some("prompt-feel".into());
        project.guides = vec![tea_and_talk(&english)];
        let mut archived = Project::new("Carers' forum 2026", Timestamp(1_780_000_000_500));
        archived.archived = true;
        let mut session = Session::new(id(1), "tea-and-talk", "2027-03-04", Timestamp(1_780_000_001_000));
        session.place = "Greenwich library café".into();
        session.facilitator = "Sam".into();
        session.people = Some(7);
        let card = |id: &str, text: &str, quote, feeling, topic: Option<&str>, audio: Option<&str>| Card {
            id: id.into(),
            text: text.into(),
            quote,
            feeling,
            topic: topic.map(Into::into),
            audio: audio.map(Into::into),
            created: Timestamp(1_780_000_002_000),
        };
        session.cards = vec![
            card("c0ffee00c0ffee00", "The bus to the day centre is often late.", false, Some(Feeling::Unhappy), Some("good-day"), None),
            card("c0ffee01c0ffee01", "\"I like choosing my own lunch.\"", true, Some(Feeling::Happy), None, Some("audio/webm;codecs=opus")),
            card("c0ffee02c0ffee02", "Staff change too often — ਸਾਨੂੰ ਪਤਾ ਨਹੀਂ", false, None, None, None),
        ];
        let now = |n: i64| Timestamp(1_780_000_010_000 + n);
        let mut requests = vec![
            ToWorker::SaveProject { id: id(1), project, now: now(0) },
            ToWorker::SaveProject { id: id(2), project: archived, now: now(1) },
            ToWorker::SetAudio { id: id(1), key: "prompt-feel".into(), mime: "audio/ogg".into(), data: vec![0x4f, 0x67, 0x67, 0x53, 1, 2, 3], now: now(2) },
            ToWorker::SaveSession { id: id(3), session, now: now(3) },
            ToWorker::SetAudio { id: id(3), key: "c0ffee01c0ffee01".into(), mime: "audio/webm;codecs=opus".into(), data: (0..=255).collect(), now: now(4) },
            ToWorker::Start {
                id: id(4),
                project: id(1),
                survey: "what-matters-support".into(),
                setup: ResponseSetup { consent: Consent::Supporter { reason: "Prefers a supporter to confirm".into() }, mode: Mode::Supported { role: "Support worker".into() }, respondent: "R-7F3K9Q".into() },
                presentation: Presentation { easy_read: true, large_print: false },
                now: now(5),
            },
        ];
        let answers = [
            ("feel", Answer::Feeling(Feeling::Happy)),
            ("better", Answer::Choices { chosen: vec!["more-time".into(), "going-out".into()], other: Some("a garden ✿".into()) }),
            ("helped-by", Answer::Choice("family".into())),
            ("choose-day", Answer::Rating(4)),
            ("hours", Answer::Number(12.5)),
            ("last-review", Answer::Date("2026-09-04".into())),
            ("anything-else", Answer::Text("More trips out, please. ধন্যবাদ".into())),
        ];
        for (n, (question, answer)) in answers.into_iter().enumerate() {
            requests.push(ToWorker::SetAnswer { id: id(4), question: question.into(), answer: Some(answer), now: now(6 + n as i64) });
        }
        requests.extend([
            ToWorker::SetSupporterNotes { id: id(4), text: "Used signs for yes and no.".into(), now: now(20) },
            ToWorker::SetPosition { id: id(4), position: 6, now: now(21) },
            ToWorker::Complete { id: id(4), now: now(22) },
            ToWorker::Start {
                id: id(5),
                project: id(1),
                survey: "example-support".into(),
                setup: ResponseSetup { consent: Consent::Person, mode: Mode::Group { name: "Tea and talk".into(), size: 6 }, respondent: "R-ABCDEF".into() },
                presentation: Presentation::STANDARD,
                now: now(30),
            },
            ToWorker::SetPosition { id: id(5), position: 1, now: now(31) },
        ]);
        for request in requests {
            let doc = request.doc().clone();
            let outcome = docs.borrow_mut().handle(request);
            assert!(outcome.events.iter().all(|e| !matches!(e, heard_core::worker_api::FromWorker::Rejected { .. })), "{outcome:?}");
            flush(&docs, &storage, &doc).await;
        }
        let chunks: serde_json::Map<String, serde_json::Value> = storage
            .load_all()
            .await
            .unwrap()
            .into_iter()
            .map(|(k, v)| (k, STANDARD.encode(v).into()))
            .collect();
        let index: serde_json::Map<String, serde_json::Value> = storage
            .load_index()
            .await
            .unwrap()
            .into_iter()
            .map(|(k, v)| (k, v.into()))
            .collect();
        let fixture = serde_json::json!({
            "made_by": "heard release of 2026-12-01 (commit 7249b82), document layout 1",
            "chunks": chunks,
            "index": index,
        });
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/release-1.json");
        std::fs::write(path, serde_json::to_string_pretty(&fixture).unwrap()).unwrap();
        println!("wrote {path}");
    });
}
