//! A device's store as the layout-1 release wrote it (the committed fixture,
//! made by that release's own code) opens in this version, is upgraded, and
//! keeps every answer, card, recording and setting, field by field.

use std::cell::RefCell;

use base64::{Engine, engine::general_purpose::STANDARD};
use heard_core::{
    documents::{Documents, flush},
    id::DocId,
    project::Project,
    response::{Answer, Consent, Feeling, Mode, Presentation, ResponseSetup},
    session::Session,
    storage::{MemoryStorage, RawChunk, Storage, Write},
    summary::Summary,
    survey::QuestionKind,
    time::Timestamp,
    worker_api::{FromWorker, ToWorker},
};

/// One card as the test compares it: id, text, quote, feeling, topic, audio.
type Row<'a> = (
    &'a str,
    &'a str,
    bool,
    Option<Feeling>,
    Option<&'a str>,
    Option<&'a str>,
);

const FIXTURE: &str = include_str!("fixtures/release-1.json");

fn id(n: u8) -> DocId {
    DocId::from_random([n; 16])
}

fn fixture() -> (Vec<RawChunk>, Vec<(String, String)>) {
    let value: serde_json::Value = serde_json::from_str(FIXTURE).unwrap();
    let chunks = value["chunks"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), STANDARD.decode(v.as_str().unwrap()).unwrap()))
        .collect();
    let index = value["index"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
        .collect();
    (chunks, index)
}

fn open(docs: &mut Documents, id: &DocId) -> FromWorker {
    let mut events = docs.handle(ToWorker::Open { id: id.clone() }).events;
    events.remove(0)
}

fn audio(docs: &mut Documents, id: &DocId, key: &str) -> (String, Vec<u8>) {
    match docs
        .handle(ToWorker::GetAudio {
            id: id.clone(),
            key: key.into(),
        })
        .events
        .remove(0)
    {
        FromWorker::Audio { mime, data, .. } => (mime, data),
        other => panic!("no audio {key}: {other:?}"),
    }
}

fn check_everything(docs: &mut Documents) {
    let summaries: std::collections::BTreeMap<DocId, Summary> =
        docs.summaries().into_iter().collect();
    assert_eq!(summaries.len(), 5, "every document opens");

    let Some(Summary::Project(project)) = summaries.get(&id(1)) else {
        panic!()
    };
    assert_eq!(project.name, "Day opportunities, spring 2027");
    assert!(!project.archived);
    assert_eq!(project.languages, ["cy", "en"]);
    let ids: Vec<&str> = project.surveys.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["what-matters-support", "example-support"]);
    let support = &project.surveys[0];
    let questions: Vec<&str> = support.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(
        questions,
        [
            "feel",
            "better",
            "helped-by",
            "choose-day",
            "hours",
            "last-review",
            "anything-else"
        ]
    );
    assert_eq!(support.questions[0].audio.as_deref(), Some("prompt-feel"));
    assert_eq!(support.questions[0].picture.as_deref(), Some("1F60A"));
    assert!(support.questions[0].required);
    assert!(support.questions[1].show_if.is_some());
    let QuestionKind::MultipleChoice { choices, other } = &support.questions[1].kind else {
        panic!()
    };
    assert!(*other);
    let choice_ids: Vec<&str> = choices.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        choice_ids,
        ["more-time", "same-people", "going-out", "money"]
    );
    assert_eq!(choices[0].picture.as_deref(), Some("23F0"));
    assert!(matches!(
        support.questions[4].kind,
        QuestionKind::Number { .. }
    ));
    assert_eq!(project.guides[0].id, "tea-and-talk");
    assert_eq!(project.guides[0].topics.len(), 4);
    assert_eq!(
        audio(docs, &id(1), "prompt-feel"),
        ("audio/ogg".into(), vec![0x4f, 0x67, 0x67, 0x53, 1, 2, 3])
    );

    let Some(Summary::Project(archived)) = summaries.get(&id(2)) else {
        panic!()
    };
    assert_eq!(archived.name, "Carers' forum 2026");
    assert!(archived.archived);

    let Some(Summary::Session(session)) = summaries.get(&id(3)) else {
        panic!()
    };
    assert_eq!(session.project, id(1));
    assert_eq!(session.guide, "tea-and-talk");
    assert_eq!(session.date, "2027-03-04");
    assert_eq!(session.place, "Greenwich library café");
    assert_eq!(session.facilitator, "Sam");
    assert_eq!(session.people, Some(7));
    let cards: Vec<Row> = session
        .cards
        .iter()
        .map(|c| {
            (
                c.id.as_str(),
                c.text.as_str(),
                c.quote,
                c.feeling,
                c.topic.as_deref(),
                c.audio.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        cards,
        [
            (
                "c0ffee00c0ffee00",
                "The bus to the day centre is often late.",
                false,
                Some(Feeling::Unhappy),
                Some("good-day"),
                None
            ),
            (
                "c0ffee01c0ffee01",
                "\"I like choosing my own lunch.\"",
                true,
                Some(Feeling::Happy),
                None,
                Some("audio/webm;codecs=opus")
            ),
            (
                "c0ffee02c0ffee02",
                "Staff change too often — ਸਾਨੂੰ ਪਤਾ ਨਹੀਂ",
                false,
                None,
                None,
                None
            ),
        ]
    );
    assert_eq!(
        audio(docs, &id(3), "c0ffee01c0ffee01"),
        (
            "audio/webm;codecs=opus".into(),
            (0..=255).collect::<Vec<u8>>()
        )
    );

    let Some(Summary::Response(done)) = summaries.get(&id(4)) else {
        panic!()
    };
    assert_eq!(done.survey, "what-matters-support");
    assert_eq!(done.position, 6);
    assert_eq!(done.answered, 7);
    assert!(done.completed.is_some());
    assert_eq!(
        done.presentation,
        Presentation {
            easy_read: true,
            large_print: false
        }
    );
    let FromWorker::Opened {
        answers,
        setup,
        notes,
        ..
    } = open(docs, &id(4))
    else {
        panic!()
    };
    let answers: std::collections::BTreeMap<String, Answer> = answers.into_iter().collect();
    let expected = [
        ("feel", Answer::Feeling(Feeling::Happy)),
        (
            "better",
            Answer::Choices {
                chosen: vec!["going-out".into(), "more-time".into()],
                other: Some("a garden ✿".into()),
            },
        ),
        ("helped-by", Answer::Choice("family".into())),
        ("choose-day", Answer::Rating(4)),
        ("hours", Answer::Number(12.5)),
        ("last-review", Answer::Date("2026-09-04".into())),
        (
            "anything-else",
            Answer::Text("More trips out, please. ধন্যবাদ".into()),
        ),
    ];
    for (question, answer) in expected {
        let mut got = answers.get(question).cloned();
        if let Some(Answer::Choices { chosen, .. }) = &mut got {
            chosen.sort();
        }
        assert_eq!(got, Some(answer), "{question}");
    }
    assert_eq!(notes, "Used signs for yes and no.");
    assert_eq!(
        setup,
        Some(ResponseSetup {
            consent: Consent::Supporter {
                reason: "Prefers a supporter to confirm".into()
            },
            mode: Mode::Supported {
                role: "Support worker".into()
            },
            respondent: "R-7F3K9Q".into(),
            device: None,
            language: None,
        })
    );

    let Some(Summary::Response(draft)) = summaries.get(&id(5)) else {
        panic!()
    };
    assert_eq!(draft.position, 1);
    assert!(draft.completed.is_none());
    assert_eq!(
        draft.mode,
        Some(Mode::Group {
            name: "Tea and talk".into(),
            size: 6
        })
    );
}

#[test]
fn the_layout_1_store_opens_upgraded_with_everything_in_it() {
    let (chunks, index) = fixture();
    let (mut docs, loaded, _) = Documents::load([9; 16], chunks, index);
    assert!(
        matches!(&loaded, FromWorker::Loaded { damaged, .. } if damaged.is_empty()),
        "{loaded:?}"
    );
    check_everything(&mut docs);
}

#[test]
fn an_upgraded_store_is_edited_written_and_read_again_without_loss() {
    pollster::block_on(async {
        let (chunks, index) = fixture();
        let storage = MemoryStorage::new();
        let mut write = Write::default();
        for (key, bytes) in chunks {
            write
                .puts
                .push((heard_core::storage::ChunkKey::parse(&key).unwrap(), bytes));
        }
        storage.apply(&write).await.unwrap();
        for (doc, summary) in index {
            let entry = Write {
                index: Some((DocId::parse(&doc).unwrap(), summary)),
                ..Write::default()
            };
            storage.apply(&entry).await.unwrap();
        }
        let (docs, _, _) = Documents::load(
            [9; 16],
            storage.load_all().await.unwrap(),
            storage.load_index().await.unwrap(),
        );
        let docs = RefCell::new(docs);
        // Edit the upgraded project and session as their screens would.
        let Some(Summary::Project(mut project)) = docs
            .borrow()
            .summaries()
            .into_iter()
            .find(|(i, _)| *i == id(1))
            .map(|(_, s)| s)
        else {
            panic!()
        };
        project.name.push_str(" (Lewisham)");
        project.surveys[0].questions.swap(0, 1);
        let outcome = docs.borrow_mut().handle(ToWorker::SaveProject {
            id: id(1),
            project,
            base: None,
            now: Timestamp(1_790_000_000_000),
        });
        assert!(outcome.dirty.is_some(), "{outcome:?}");
        assert_eq!(flush(&docs, &storage, &id(1)).await, Ok(()));
        let Some(Summary::Session(mut session)) = docs
            .borrow()
            .summaries()
            .into_iter()
            .find(|(i, _)| *i == id(3))
            .map(|(_, s)| s)
        else {
            panic!()
        };
        session.cards[2].text.push_str(" — and nobody tells us");
        docs.borrow_mut().handle(ToWorker::SaveSession {
            id: id(3),
            session,
            base: None,
            now: Timestamp(1_790_000_000_001),
        });
        assert_eq!(flush(&docs, &storage, &id(3)).await, Ok(()));

        let (mut again, loaded, _) = Documents::load(
            [8; 16],
            storage.load_all().await.unwrap(),
            storage.load_index().await.unwrap(),
        );
        assert!(matches!(&loaded, FromWorker::Loaded { damaged, .. } if damaged.is_empty()));
        let summaries: std::collections::BTreeMap<DocId, Summary> =
            again.summaries().into_iter().collect();
        let Some(Summary::Project(p)) = summaries.get(&id(1)) else {
            panic!()
        };
        let p: &Project = p;
        assert_eq!(p.name, "Day opportunities, spring 2027 (Lewisham)");
        assert_eq!(p.surveys[0].questions[0].id, "better");
        assert_eq!(p.surveys[0].questions[1].id, "feel");
        // The completed response from before versions existed still shows
        // the survey as it answered it: the worker kept that version before
        // the change landed.
        let answered = p
            .survey_version("what-matters-support", None)
            .expect("the answered version is kept");
        assert_eq!(answered.questions[0].id, "feel");
        assert_eq!(answered.questions[1].id, "better");
        let Some(Summary::Session(s)) = summaries.get(&id(3)) else {
            panic!()
        };
        let s: &Session = s;
        assert_eq!(
            s.cards[2].text,
            "Staff change too often — ਸਾਨੂੰ ਪਤਾ ਨਹੀਂ — and nobody tells us"
        );
        assert_eq!(s.cards[0].text, "The bus to the day centre is often late.");
        assert_eq!(audio(&mut again, &id(3), "c0ffee01c0ffee01").1.len(), 256);
    });
}
