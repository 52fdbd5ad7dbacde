//! The document worker's logic, driven against in-memory storage.

mod import;

use std::cell::RefCell;

use super::*;
use crate::{
    project::Project,
    session::{Card, Session},
    survey::example_survey,
};
use crate::{
    response::{Answer, Presentation},
    storage::{MemoryStorage, Storage},
    time::Timestamp,
};

fn responses_of(items: Vec<(DocId, Summary)>) -> Vec<(DocId, crate::response::ResponseSummary)> {
    items
        .into_iter()
        .filter_map(|(id, s)| match s {
            Summary::Response(r) => Some((id, r)),
            _ => None,
        })
        .collect()
}

fn id(n: u8) -> DocId {
    DocId::from_random([n; 16])
}

fn alone() -> crate::response::ResponseSetup {
    crate::response::ResponseSetup {
        consent: crate::response::Consent::Person,
        mode: crate::response::Mode::Alone,
        respondent: "R-234567".into(),
        device: None,
        language: None,
    }
}

/// Starts response `n` and writes it to `storage`.
async fn start_saved(docs: &RefCell<Documents>, storage: &MemoryStorage, n: u8) {
    docs.borrow_mut().handle(ToWorker::Start {
        id: id(n),
        project: id(200),
        survey: "s".into(),
        setup: alone(),
        presentation: Presentation::STANDARD,
        now: Timestamp(1),
    });
    assert_eq!(flush(docs, storage, &id(n)).await, Ok(()));
}

/// A project `project` with the example survey, saved; returns the survey's id.
async fn project_with_survey(
    docs: &RefCell<Documents>,
    storage: &MemoryStorage,
    project: u8,
) -> String {
    let mut content = Project::new("Greenwich", Timestamp(1));
    let survey = example_survey(&[crate::i18n::Catalog::english()]);
    let survey_id = survey.id.clone();
    content.surveys.push(survey);
    docs.borrow_mut().handle(ToWorker::SaveProject {
        base: None,
        id: id(project),
        project: content,
        now: Timestamp(1),
    });
    assert_eq!(flush(docs, storage, &id(project)).await, Ok(()));
    survey_id
}

/// Response `n` of project `project` rates "feel-safe" `rating`, and is
/// completed when `complete`.
fn rate(docs: &mut Documents, (n, project): (u8, u8), survey: &str, rating: u8, complete: bool) {
    docs.handle(ToWorker::Start {
        id: id(n),
        project: id(project),
        survey: survey.into(),
        setup: alone(),
        presentation: Presentation::STANDARD,
        now: Timestamp(2),
    });
    docs.handle(ToWorker::SetAnswer {
        id: id(n),
        question: "feel-safe".into(),
        answer: Some(Answer::Rating(rating)),
        now: Timestamp(3),
    });
    if complete {
        docs.handle(ToWorker::Complete {
            id: id(n),
            now: Timestamp(4),
        });
    }
}

async fn reload(storage: &MemoryStorage) -> (Documents, FromWorker, Vec<Write>) {
    Documents::load(
        [9; 16],
        storage.load_all().await.unwrap(),
        storage.load_index().await.unwrap(),
    )
}

/// Reads what `request` needs until it needs nothing, as the worker does
/// (writing any repair), and says what was read.
pub(super) async fn read_needs(
    docs: &mut Documents,
    storage: &MemoryStorage,
    request: &ToWorker,
) -> Vec<Need> {
    let mut read = Vec::new();
    while let Some(need) = docs.needs(request) {
        assert!(!read.contains(&need), "{need:?} is read once");
        let repair = match &need {
            Need::Doc(id) => {
                docs.open(id.clone(), storage.load_doc(id).await.unwrap())
                    .repair
            }
            Need::Rows => {
                docs.rows_read(storage.load_rows().await.unwrap());
                None
            }
        };
        if let Some(write) = repair {
            storage.apply(&write).await.unwrap();
        }
        read.push(need);
    }
    read
}

#[test]
fn answers_survive_a_reload_and_the_index_follows_every_write() {
    pollster::block_on(async {
        let storage = MemoryStorage::new();
        let (docs, _, _) = reload(&storage).await;
        let docs = RefCell::new(docs);
        let requests = [
            ToWorker::Start {
                id: id(1),
                project: id(200),
                survey: "s".into(),
                setup: alone(),
                presentation: Presentation {
                    easy_read: true,
                    large_print: false,
                },
                now: Timestamp(1),
            },
            ToWorker::SetPresentation {
                id: id(1),
                presentation: Presentation {
                    easy_read: true,
                    large_print: true,
                },
                now: Timestamp(2),
            },
            ToWorker::SetAnswer {
                id: id(1),
                question: "a".into(),
                answer: Some(Answer::Rating(4)),
                now: Timestamp(2),
            },
            ToWorker::SetAnswer {
                id: id(1),
                question: "b".into(),
                answer: Some(Answer::Text("tea".into())),
                now: Timestamp(3),
            },
            ToWorker::SetPosition {
                id: id(1),
                position: 1,
                now: Timestamp(4),
            },
        ];
        for request in requests {
            let outcome = docs.borrow_mut().handle(request);
            assert!(
                matches!(outcome.events[..], [FromWorker::Changed { .. }]),
                "{outcome:?}"
            );
            assert_eq!(flush(&docs, &storage, &id(1)).await, Ok(()));
        }

        let (mut again, loaded, repairs) = reload(&storage).await;
        assert!(
            repairs.is_empty(),
            "the index was kept up to date: {repairs:?}"
        );
        let FromWorker::Loaded {
            items: responses,
            damaged,
        } = loaded
        else {
            panic!("{loaded:?}")
        };
        let responses = responses_of(responses);
        assert!(damaged.is_empty());
        assert_eq!((responses[0].1.answered, responses[0].1.position), (2, 1));
        // The presentation is stored with the response, so results can be
        // looked at by it; the later change wins.
        assert_eq!(
            responses[0].1.presentation,
            Presentation {
                easy_read: true,
                large_print: true
            }
        );
        let index = storage.load_index().await.unwrap();
        assert_eq!(
            index[0].1,
            serde_json::to_string(&Summary::Response(responses[0].1.clone())).unwrap()
        );
        let opened = again.handle(ToWorker::Open { id: id(1) });
        let expected = vec![
            ("a".to_owned(), Answer::Rating(4)),
            ("b".to_owned(), Answer::Text("tea".into())),
        ];
        assert_eq!(
            opened.events,
            vec![FromWorker::Opened {
                id: id(1),
                answers: expected,
                setup: Some(alone()),
                notes: String::new(),
            }]
        );
    });
}

#[test]
fn a_damaged_document_is_named_and_the_others_load() {
    pollster::block_on(async {
        let storage = MemoryStorage::new();
        let docs = RefCell::new(reload(&storage).await.0);
        for n in [1, 2] {
            start_saved(&docs, &storage, n).await;
        }
        let (key, _) = storage.load_doc(&id(2)).await.unwrap().remove(0);
        storage.corrupt(&key, b"garbage".to_vec());
        let (mut loaded_docs, loaded, _) = reload(&storage).await;
        let FromWorker::Loaded {
            items: responses,
            damaged,
        } = loaded
        else {
            panic!()
        };
        let responses = responses_of(responses);
        assert_eq!(damaged, vec![id(2).short().to_owned()]);
        assert_eq!(responses.len(), 1);
        assert_eq!(responses[0].0, id(1));
        assert_eq!(
            loaded_docs.handle(ToWorker::Open { id: id(2) }).events,
            vec![FromWorker::Missing { id: id(2) }]
        );
    });
}

#[test]
fn a_failed_write_loses_nothing_and_is_retried() {
    pollster::block_on(async {
        let storage = MemoryStorage::new();
        let docs = RefCell::new(reload(&storage).await.0);
        docs.borrow_mut().handle(ToWorker::Start {
            presentation: Presentation::STANDARD,
            id: id(1),
            project: id(200),
            survey: "s".into(),
            setup: alone(),
            now: Timestamp(1),
        });
        assert_eq!(flush(&docs, &storage, &id(1)).await, Ok(()));
        storage.fail_writes(Some(StorageError::QuotaExceeded));
        docs.borrow_mut().handle(ToWorker::SetAnswer {
            id: id(1),
            question: "a".into(),
            answer: Some(Answer::Rating(2)),
            now: Timestamp(2),
        });
        assert_eq!(
            flush(&docs, &storage, &id(1)).await,
            Err(StorageError::QuotaExceeded)
        );
        let before = reload(&storage).await.1;
        let FromWorker::Loaded {
            items: responses, ..
        } = before
        else {
            panic!()
        };
        let responses = responses_of(responses);
        assert_eq!(
            responses[0].1.answered, 0,
            "the failed write changed nothing"
        );

        storage.fail_writes(None);
        docs.borrow_mut().handle(ToWorker::SetAnswer {
            id: id(1),
            question: "b".into(),
            answer: Some(Answer::Rating(3)),
            now: Timestamp(3),
        });
        assert_eq!(flush(&docs, &storage, &id(1)).await, Ok(()));
        let FromWorker::Loaded {
            items: responses, ..
        } = reload(&storage).await.1
        else {
            panic!()
        };
        let responses = responses_of(responses);
        assert_eq!(
            responses[0].1.answered, 2,
            "the retried write carried the earlier answer too"
        );
    });
}

#[test]
fn an_erased_response_is_gone_for_good() {
    pollster::block_on(async {
        let storage = MemoryStorage::new();
        let docs = RefCell::new(reload(&storage).await.0);
        for n in [1, 2] {
            start_saved(&docs, &storage, n).await;
        }
        let outcome = docs.borrow_mut().handle(ToWorker::Erase { id: id(1) });
        assert_eq!(outcome.erase, Some(id(1)));
        assert_eq!(
            erase(&storage, &id(1)).await,
            FromWorker::Erased { id: id(1) }
        );
        assert!(storage.load_doc(&id(1)).await.unwrap().is_empty());
        let FromWorker::Loaded {
            items: responses, ..
        } = reload(&storage).await.1
        else {
            panic!()
        };
        let responses = responses_of(responses);
        assert_eq!(
            responses.iter().map(|(i, _)| i.clone()).collect::<Vec<_>>(),
            vec![id(2)]
        );
        let index = storage.load_index().await.unwrap();
        assert_eq!(
            index
                .iter()
                .find(|(k, _)| k == id(1).as_str())
                .map(|(_, v)| v.as_str()),
            Some(r#"{"type":"erased"}"#),
            "a tombstone stays in the index, with no content"
        );
        let reloaded = reload(&storage).await.0;
        assert!(reloaded.is_erased(&id(1)));
        assert_eq!(reloaded.needs(&ToWorker::Open { id: id(1) }), None);
        assert_eq!(
            docs.borrow_mut()
                .handle(ToWorker::Open { id: id(1) })
                .events,
            vec![FromWorker::Missing { id: id(1) }]
        );
    });
}

#[test]
fn requests_for_unknown_responses_say_so() {
    let mut docs = Documents::load([1; 16], vec![], vec![]).0;
    let outcome = docs.handle(ToWorker::Complete {
        id: id(3),
        now: Timestamp(1),
    });
    assert_eq!(
        outcome,
        Outcome {
            events: vec![FromWorker::Missing { id: id(3) }],
            ..Outcome::default()
        }
    );
}

fn card(n: u8, text: &str) -> Card {
    Card {
        id: format!("card-{n}"),
        text: text.into(),
        quote: n == 2,
        feeling: None,
        topic: Some("good-day".into()),
        audio: None,
        created: Timestamp(i64::from(n)),
        device: None,
    }
}

#[test]
fn projects_and_sessions_are_saved_and_listed_with_their_content() {
    pollster::block_on(async {
        let storage = MemoryStorage::new();
        let docs = RefCell::new(reload(&storage).await.0);
        let mut project = Project::new("Greenwich day opportunities", Timestamp(1));
        project
            .surveys
            .push(example_survey(&[crate::i18n::Catalog::english()]));
        project.guides.push(crate::guide::tea_and_talk(&[
            crate::i18n::Catalog::english(),
        ]));
        let save = |project: &Project, now| ToWorker::SaveProject {
            base: None,
            id: id(200),
            project: project.clone(),
            now: Timestamp(now),
        };
        docs.borrow_mut().handle(save(&project, 2));
        project.name = "Greenwich, spring 2027".into();
        project.archived = true;
        project.surveys[0].questions.swap(0, 2);
        docs.borrow_mut().handle(save(&project, 3));
        assert_eq!(flush(&docs, &storage, &id(200)).await, Ok(()));

        let mut session = Session::new(id(200), "tea-and-talk", "2027-03-04", Timestamp(4));
        session.cards = (1..=5).map(|n| card(n, &format!("note {n}"))).collect();
        let outcome = docs.borrow_mut().handle(ToWorker::SaveSession {
            base: None,
            id: id(201),
            session: session.clone(),
            now: Timestamp(5),
        });
        assert_eq!(outcome.dirty, Some(id(201)));
        session.cards.remove(1);
        session.cards.swap(0, 1);
        docs.borrow_mut().handle(ToWorker::SaveSession {
            base: None,
            id: id(201),
            session: session.clone(),
            now: Timestamp(6),
        });
        docs.borrow_mut().handle(ToWorker::SetAudio {
            id: id(201),
            key: "card-3".into(),
            mime: "audio/webm".into(),
            data: vec![1, 2, 3],
            now: Timestamp(7),
        });
        assert_eq!(flush(&docs, &storage, &id(201)).await, Ok(()));

        let (mut again, loaded, repairs) = reload(&storage).await;
        assert!(repairs.is_empty(), "{repairs:?}");
        let FromWorker::Loaded { items, damaged } = loaded else {
            panic!("{loaded:?}")
        };
        assert!(damaged.is_empty());
        project.updated = Timestamp(3);
        session.updated = Timestamp(6);
        assert_eq!(
            items,
            vec![
                (id(200), Summary::Project(project)),
                (id(201), Summary::Session(session.clone())),
            ]
        );
        // The recording is a blob beside the session, read when asked for.
        let read = again
            .handle(ToWorker::GetAudio {
                id: id(201),
                key: "card-3".into(),
            })
            .read_blob
            .expect("a stored recording is read from its blob");
        assert_eq!(
            (read.key.as_str(), read.mime.as_str()),
            ("card-3", "audio/webm")
        );
        assert_eq!(
            storage.load_blob(&read.blob).await.unwrap(),
            Some(vec![1, 2, 3])
        );
        assert_eq!(
            again
                .handle(ToWorker::GetAudio {
                    id: id(201),
                    key: "card-1".into()
                })
                .events,
            vec![FromWorker::Missing { id: id(201) }],
            "a card without audio"
        );
        // A project keeps recorded question prompts the same way.
        again.handle(ToWorker::SetAudio {
            id: id(200),
            key: "prompt-1".into(),
            mime: "audio/ogg".into(),
            data: vec![9; 10],
            now: Timestamp(9),
        });
        assert!(matches!(
            &again
                .handle(ToWorker::GetAudio {
                    id: id(200),
                    key: "prompt-1".into()
                })
                .events[..],
            [FromWorker::Audio { mime, data, .. }] if mime == "audio/ogg" && data.len() == 10
        ));
    });
}

#[test]
fn invalid_projects_sessions_and_audio_are_refused_and_change_nothing() {
    let mut docs = Documents::load([1; 16], vec![], vec![]).0;
    let session = Session::new(id(200), "g", "2027-01-01", Timestamp(1));
    docs.handle(ToWorker::SaveSession {
        base: None,
        id: id(1),
        session: session.clone(),
        now: Timestamp(1),
    });
    let mut bad_date = session.clone();
    bad_date.date = "yesterday".into();
    let cases = [
        (
            ToWorker::SaveProject {
                base: None,
                id: id(2),
                project: Project::new(" ", Timestamp(1)),
                now: Timestamp(2),
            },
            "the project needs a name",
        ),
        (
            ToWorker::SaveSession {
                base: None,
                id: id(1),
                session: bad_date,
                now: Timestamp(2),
            },
            "`yesterday` is not a date",
        ),
        (
            ToWorker::SetAudio {
                id: id(1),
                key: "c".into(),
                mime: "text/html".into(),
                data: vec![1],
                now: Timestamp(2),
            },
            "`text/html` is not an audio type",
        ),
        (
            ToWorker::SaveProject {
                base: None,
                id: id(1),
                project: Project::new("p", Timestamp(1)),
                now: Timestamp(2),
            },
            "is not a project",
        ),
    ];
    for (request, reason) in cases {
        let outcome = docs.handle(request);
        let got = match &outcome.refused {
            Some(Refusal::Invalid { reason }) => reason.clone(),
            Some(Refusal::TooLong { field, chars, max }) => {
                format!("note {field} has {chars} characters; at most {max} fit")
            }
            other => panic!("{other:?}"),
        };
        assert!(got.contains(reason), "{got} should say {reason}");
        assert!(outcome.events.is_empty());
        assert_eq!(outcome.dirty, None);
    }
    assert_eq!(
        docs.summaries(),
        vec![(id(1), Summary::Session(session))],
        "nothing changed"
    );
    assert_eq!(
        docs.handle(ToWorker::SetAnswer {
            id: id(1),
            question: "q".into(),
            answer: None,
            now: Timestamp(3)
        })
        .events,
        vec![FromWorker::Missing { id: id(1) }],
        "a session takes no answers"
    );
}

#[test]
fn start_up_reads_only_the_index_and_documents_open_when_needed() {
    pollster::block_on(async {
        let storage = MemoryStorage::new();
        let docs = RefCell::new(reload(&storage).await.0);
        for n in [1, 2, 3] {
            start_saved(&docs, &storage, n).await;
        }
        let (key, _) = storage.load_doc(&id(3)).await.unwrap().remove(0);
        storage.corrupt(&key, b"garbage".to_vec());

        let (mut lazy, loaded) = Documents::start([9; 16], storage.load_index().await.unwrap());
        let FromWorker::Loaded { items, damaged } = loaded else {
            panic!("{loaded:?}")
        };
        assert!(items.is_empty(), "the interface reads the index itself");
        assert!(damaged.is_empty(), "nothing is opened yet");
        assert_eq!(lazy.unopened(), vec![id(1), id(2), id(3)]);

        let answer = ToWorker::SetAnswer {
            id: id(1),
            question: "a".into(),
            answer: Some(Answer::Rating(3)),
            now: Timestamp(5),
        };
        assert_eq!(lazy.needs(&answer), Some(Need::Doc(id(1))));
        let checked = lazy.open(id(1), storage.load_doc(&id(1)).await.unwrap());
        assert_eq!(checked, Checked::default());
        assert_eq!(lazy.needs(&answer), None);
        assert!(matches!(
            lazy.handle(answer).events[..],
            [FromWorker::Changed { .. }]
        ));
        assert_eq!(
            lazy.needs(&ToWorker::Erase { id: id(2) }),
            None,
            "erasing needs nothing opened"
        );

        // The background check names the damaged one and keeps nothing open.
        let checked = lazy.check(id(3), storage.load_doc(&id(3)).await.unwrap());
        assert_eq!(checked.event, Some(FromWorker::Damaged { id: id(3) }));
        assert_eq!(
            lazy.check(id(2), storage.load_doc(&id(2)).await.unwrap()),
            Checked::default()
        );
        assert_eq!(lazy.unopened(), Vec::<DocId>::new(), "each is checked once");
        assert_eq!(
            lazy.needs(&ToWorker::Open { id: id(2) }),
            Some(Need::Doc(id(2))),
            "a checked document is not kept open"
        );
    });
}

#[test]
fn a_check_repairs_an_index_entry_that_lags_its_document() {
    pollster::block_on(async {
        let storage = MemoryStorage::new();
        let docs = RefCell::new(reload(&storage).await.0);
        start_saved(&docs, &storage, 1).await;
        let stale = vec![(id(1).to_string(), "{\"type\":\"response\"}".to_owned())];
        let (mut lazy, _) = Documents::start([9; 16], stale);
        let checked = lazy.check(id(1), storage.load_doc(&id(1)).await.unwrap());
        let repair = checked.repair.expect("the index is rewritten");
        assert_eq!(
            repair.index,
            storage
                .load_index()
                .await
                .unwrap()
                .pop()
                .map(|(k, v)| (DocId::parse(&k).unwrap(), v))
        );
        assert!(repair.puts.is_empty() && repair.removes.is_empty());
    });
}

#[test]
fn a_document_of_a_newer_layout_is_named_as_such_kept_and_never_changed() {
    use automerge::transaction::Transactable;
    let cases = [("project", 3u64), ("session", 9), ("response", 2)];
    for (kind, layout) in cases {
        let mut am = automerge::AutoCommit::new().with_actor(automerge::ActorId::from([5u8; 16]));
        am.put(automerge::ROOT, "type", kind).unwrap();
        am.put(automerge::ROOT, "layout", layout).unwrap();
        am.put(automerge::ROOT, "hologram", "from the future")
            .unwrap();
        let bytes = am.save();
        let key = crate::storage::ChunkKey::for_bytes(
            &id(1),
            crate::storage::ChunkKind::Snapshot,
            &bytes,
        );
        let (mut docs, loaded, _) =
            Documents::load([1; 16], vec![(key.to_string(), bytes.clone())], vec![]);
        let FromWorker::Loaded { items, damaged } = loaded else {
            panic!()
        };
        assert!(damaged.is_empty(), "{kind}: never called damaged");
        assert_eq!(items, vec![(id(1), Summary::Newer)], "{kind}");
        let outcome = match kind {
            "project" => docs.handle(ToWorker::SaveProject {
                id: id(1),
                project: Project::new("mine now", Timestamp(1)),
                base: None,
                now: Timestamp(2),
            }),
            "session" => docs.handle(ToWorker::SaveSession {
                id: id(1),
                session: Session::new(id(2), "g", "", Timestamp(1)),
                base: None,
                now: Timestamp(2),
            }),
            _ => docs.handle(ToWorker::SetAnswer {
                id: id(1),
                question: "q".into(),
                answer: Some(Answer::Rating(1)),
                now: Timestamp(2),
            }),
        };
        assert_eq!(outcome.dirty, None, "{kind}: nothing to write over it");
        assert!(
            outcome.refused.is_some() || !outcome.events.is_empty(),
            "{kind}: {outcome:?}"
        );
        assert_eq!(
            docs.next_write(&id(1)).map(|w| w.puts.len()).unwrap_or(0),
            0,
            "{kind}: never written"
        );
    }
}

#[test]
fn two_tabs_each_save_against_their_own_view_and_neither_undoes_the_other() {
    let mut docs = Documents::start([1; 16], Vec::new()).0;
    let mut session = Session::new(id(9), "g", "", Timestamp(1));
    session.cards = vec![card(1, "tea"), card(2, "bus")];
    let created = docs.handle_from(
        1,
        ToWorker::SaveSession {
            id: id(1),
            session: session.clone(),
            base: None,
            now: Timestamp(1),
        },
    );
    // Both tabs show the session as created.
    let base = match &created.events[..] {
        [FromWorker::Changed { heads, .. }] => Some(heads.clone()),
        other => panic!("{other:?}"),
    };
    let mut a = session.clone();
    a.place = "Library".into();
    docs.handle_from(
        1,
        ToWorker::SaveSession {
            id: id(1),
            session: a,
            base: base.clone(),
            now: Timestamp(2),
        },
    );
    // The second tab has not shown the place yet; it edits a card.
    let mut b = session.clone();
    b.cards[1].text = "bus late".into();
    docs.handle_from(
        2,
        ToWorker::SaveSession {
            id: id(1),
            session: b,
            base,
            now: Timestamp(3),
        },
    );
    let Some((_, Summary::Session(merged))) = docs.summaries().into_iter().next() else {
        panic!()
    };
    assert_eq!(merged.place, "Library", "the first tab's edit is kept");
    assert_eq!(
        merged.cards[1].text, "bus late",
        "the second tab's edit is kept"
    );
}

#[test]
fn a_screen_about_to_edit_is_sent_the_content_as_it_now_is_and_its_save_applies() {
    let mut docs = Documents::start([1; 16], Vec::new()).0;
    let mut session = Session::new(id(9), "g", "", Timestamp(1));
    session.cards = vec![card(1, "tea")];
    docs.handle_from(
        1,
        ToWorker::SaveSession {
            id: id(1),
            session: session.clone(),
            base: None,
            now: Timestamp(1),
        },
    );
    let mut placed = session.clone();
    placed.place = "Library".into();
    docs.handle_from(
        1,
        ToWorker::SaveSession {
            id: id(1),
            session: placed,
            base: None,
            now: Timestamp(2),
        },
    );
    // Tab 2 opens the session: it is sent what tab 1 saved, with the heads.
    let opened = docs.handle_from(2, ToWorker::Open { id: id(1) });
    let (shown, heads) = match &opened.events[..] {
        [
            FromWorker::Changed {
                summary: Summary::Session(s),
                heads,
                ..
            },
        ] => (s.clone(), heads.clone()),
        other => panic!("{other:?}"),
    };
    assert_eq!(shown.place, "Library");
    assert_eq!(opened.dirty, None, "opening writes nothing");
    let mut typed = shown;
    typed.cards[0].text = "tea and cake".into();
    docs.handle_from(
        2,
        ToWorker::SaveSession {
            id: id(1),
            session: typed,
            base: Some(heads),
            now: Timestamp(3),
        },
    );
    let Some((_, Summary::Session(merged))) = docs.summaries().into_iter().next() else {
        panic!()
    };
    assert_eq!(
        (merged.place.as_str(), merged.cards[0].text.as_str()),
        ("Library", "tea and cake")
    );
}

#[test]
fn a_save_sent_again_to_the_next_owner_after_its_commit_is_not_made_twice() {
    pollster::block_on(async {
        let storage = MemoryStorage::new();
        let docs = RefCell::new(Documents::start([1; 16], Vec::new()).0);
        let mut session = Session::new(id(9), "g", "", Timestamp(1));
        session.cards = vec![card(1, "tea")];
        let created = docs.borrow_mut().handle_from(
            7,
            ToWorker::SaveSession {
                id: id(1),
                session: session.clone(),
                base: None,
                now: Timestamp(1),
            },
        );
        let base = match &created.events[..] {
            [FromWorker::Changed { heads, .. }] => heads.clone(),
            other => panic!("{other:?}"),
        };
        flush(&docs, &storage, &id(1)).await.unwrap();
        // Screen 7 types twice, faster than the worker's news of the first
        // save reaches it (both saves name the same base). The owner commits
        // both; the first is confirmed, then the owner's tab closes before
        // the second's confirmation reaches the screen.
        let save = |text: &str, now| {
            let mut typed = session.clone();
            typed.cards[0].text = text.into();
            ToWorker::SaveSession {
                id: id(1),
                session: typed,
                base: Some(base.clone()),
                now: Timestamp(now),
            }
        };
        docs.borrow_mut().handle_from(7, save("tea and", 2));
        flush(&docs, &storage, &id(1)).await.unwrap();
        docs.borrow_mut().handle_from(7, save("tea and cake", 3));
        flush(&docs, &storage, &id(1)).await.unwrap();
        // The next owner loads what was committed; the screen sends its
        // unconfirmed save again, with the base it had.
        let next = RefCell::new(
            Documents::load(
                [2; 16],
                storage.load_all().await.unwrap(),
                storage.load_index().await.unwrap(),
            )
            .0,
        );
        let again = next.borrow_mut().handle_from(7, save("tea and cake", 3));
        assert_eq!(again.refused, None);
        assert!(
            !again
                .events
                .iter()
                .any(|e| matches!(e, FromWorker::Rejected { .. })),
            "{:?}",
            again.events
        );
        let Some((_, Summary::Session(merged))) = next.borrow().summaries().into_iter().next()
        else {
            panic!()
        };
        assert_eq!(merged.cards[0].text, "tea and cake");
    });
}

#[test]
fn results_read_every_completed_response_of_the_survey_and_count_only_those() {
    pollster::block_on(async {
        let storage = MemoryStorage::new();
        let docs = RefCell::new(reload(&storage).await.0);
        let survey_id = project_with_survey(&docs, &storage, 200).await;
        // Ratings 4, 2 and 5; the last is a draft, and a response of
        // another survey also rates 0.
        for (n, rating, complete, survey) in [
            (1, 4, true, survey_id.as_str()),
            (2, 2, true, survey_id.as_str()),
            (3, 5, false, survey_id.as_str()),
            (4, 0, true, "other"),
        ] {
            rate(&mut docs.borrow_mut(), (n, 200), survey, rating, complete);
            assert_eq!(flush(&docs, &storage, &id(n)).await, Ok(()));
            assert_eq!(flush(&docs, &storage, &id(200)).await, Ok(()));
        }

        // A worker started from the index reads the rows written with the
        // responses, and opens no document: the project is in the index.
        let request = ToWorker::Results {
            id: id(200),
            survey: survey_id.clone(),
            query: r#"{"by":{"question":"best-day"}}"#.into(),
        };
        let (mut lazy, _) = Documents::start([9; 16], storage.load_index().await.unwrap());
        let read = read_needs(&mut lazy, &storage, &request).await;
        assert_eq!(read, [Need::Rows]);
        assert_eq!(
            storage.load_rows().await.unwrap().len(),
            4,
            "a row per response"
        );

        // Responses stored before rows existed are opened, once: not the
        // draft, not the other survey's; their rows are written then.
        let old = MemoryStorage::new();
        for (key, bytes) in storage.load_all().await.unwrap() {
            old.corrupt(&key, bytes);
        }
        for (doc, summary) in storage.load_index().await.unwrap() {
            let index = Some((DocId::parse(&doc).unwrap(), summary));
            old.apply(&Write {
                index,
                ..Write::default()
            })
            .await
            .unwrap();
        }
        let (mut upgraded, _) = Documents::start([9; 16], old.load_index().await.unwrap());
        let mut read = read_needs(&mut upgraded, &old, &request).await;
        read.sort_by_key(|need| format!("{need:?}"));
        assert_eq!(read, [Need::Doc(id(1)), Need::Doc(id(2)), Need::Rows]);
        assert_eq!(
            upgraded.handle(request.clone()),
            lazy.handle(request.clone()),
            "the same results either way"
        );
        let (mut again, _) = Documents::start([9; 16], old.load_index().await.unwrap());
        let read = read_needs(&mut again, &old, &request).await;
        assert_eq!(read, [Need::Rows], "the rows were repaired");
        let outcome = lazy.handle(request);
        let [
            FromWorker::Results {
                responses, tables, ..
            },
        ] = &outcome.events[..]
        else {
            panic!("{:?}", outcome.events)
        };
        assert_eq!(*responses, 2);
        let tables = FromWorker::results_tables(tables).unwrap();
        let [FromWorker::Results { groups, .. }] = &outcome.events[..] else {
            unreachable!()
        };
        let groups = FromWorker::results_groups(groups).unwrap();
        let sizes: usize = groups.iter().map(|g| g.responses).sum();
        assert_eq!(
            sizes, 2,
            "broken down by the time of day, every response in a group"
        );
        match &tables[0] {
            crate::results::Table::Rating {
                points, counted, ..
            } => {
                assert_eq!(points, &[0, 0, 1, 0, 1, 0]);
                assert_eq!(counted.n, 2);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(outcome.dirty, None, "reading results changes nothing");
        assert_eq!(outcome.keep_tables, None, "a breakdown is not kept");
        let plain = lazy.handle(ToWorker::Results {
            id: id(200),
            survey: survey_id.clone(),
            query: "{}".into(),
        });
        let (Some((key, kept)), [FromWorker::Results { tables, .. }]) =
            (&plain.keep_tables, &plain.events[..])
        else {
            panic!("{plain:?}")
        };
        assert_eq!(key, &crate::results::saved::key(&id(200), &survey_id));
        let kept = crate::results::saved::SavedTables::read(kept).unwrap();
        assert_eq!((kept.responses, &kept.tables), (2, tables));

        // The same responses as CSV, a row each.
        let exported = lazy.handle(ToWorker::ExportResponses {
            id: id(200),
            survey: survey_id.clone(),
            text_headers: false,
            labels: false,
            byte_order_mark: false,
            language: "en".into(),
            json: false,
        });
        let [FromWorker::ResponsesExported { responses, csv, .. }] = &exported.events[..] else {
            panic!("{:?}", exported.events)
        };
        assert_eq!(*responses, 2);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 3, "a header and two rows: {csv}");
        assert!(lines[0].starts_with("respondent_id,"));
        let mut ratings: Vec<&str> = lines[1..]
            .iter()
            .map(|l| l.split(',').nth(8).unwrap_or_default())
            .collect();
        ratings.sort();
        assert_eq!(ratings, ["2", "4"], "the ratings, not the draft's");
        assert!(lines[1].starts_with("R-234567,"), "the pseudonymous id");
    });
}

#[test]
fn texts_are_read_a_page_at_a_time_and_a_quote_marked_is_kept_in_the_row() {
    pollster::block_on(async {
        let storage = MemoryStorage::new();
        let docs = RefCell::new(reload(&storage).await.0);
        let survey = project_with_survey(&docs, &storage, 200).await;
        for (n, text) in [
            (1, "More buses"),
            (2, "Tea on Tuesdays"),
            (3, "More BUSES please"),
        ] {
            rate(&mut docs.borrow_mut(), (n, 200), &survey, 3, true);
            docs.borrow_mut().handle(ToWorker::SetAnswer {
                id: id(n),
                question: "change-one-thing".into(),
                answer: Some(Answer::Text(text.into())),
                now: Timestamp(5),
            });
            assert_eq!(flush(&docs, &storage, &id(n)).await, Ok(()));
        }
        let ask = |docs: &mut Documents, search: &str, quotes_only: bool| {
            let query = crate::results::free_text::Query {
                question: "change-one-thing".into(),
                search: search.into(),
                quotes_only,
                ..Default::default()
            };
            let outcome = docs.handle(ToWorker::FreeText {
                id: id(200),
                survey: survey.clone(),
                query: serde_json::to_string(&query).unwrap(),
            });
            let [FromWorker::FreeText { page, .. }] = &outcome.events[..] else {
                panic!("{:?}", outcome.events)
            };
            serde_json::from_str::<crate::results::free_text::Page>(page).unwrap()
        };
        let buses = ask(&mut docs.borrow_mut(), "bus", false);
        assert_eq!((buses.total, buses.matching), (3, 2));
        let marked = buses.items[1].response.clone();
        docs.borrow_mut().handle(ToWorker::MarkQuote {
            id: marked.clone(),
            question: "change-one-thing".into(),
            quote: true,
            now: Timestamp(6),
        });
        assert_eq!(flush(&docs, &storage, &marked).await, Ok(()));

        // Another worker reads the mark from the stored rows alone.
        let (mut lazy, _) = Documents::start([9; 16], storage.load_index().await.unwrap());
        let request = ToWorker::FreeText {
            id: id(200),
            survey: survey.clone(),
            query: String::new(),
        };
        assert_eq!(
            read_needs(&mut lazy, &storage, &request).await,
            [Need::Rows]
        );
        let quotes = ask(&mut lazy, "", true);
        assert_eq!((quotes.quotes, quotes.matching), (1, 1));
        assert_eq!(quotes.items[0].response, marked);
        assert_eq!(quotes.items[0].text, "More BUSES please");
        assert!(quotes.items[0].quote);
    });
}
