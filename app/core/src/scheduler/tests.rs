//! The scheduler driven input by input, IO results fed back by hand, so
//! every ordering a browser can produce can be tried.

use super::*;
use crate::{
    project::Project,
    response::{Answer, Consent, Mode, Presentation, ResponseSetup},
    session::{Card, Session},
    storage::StorageError,
    summary::Summary,
    survey::FREE_TEXT_MAX_CHARS,
    time::Timestamp,
};

fn id(n: u8) -> DocId {
    DocId::from_random([n; 16])
}

fn scheduler() -> Scheduler {
    Scheduler::new(Documents::start([1; 16], Vec::new()).0)
}

fn start(n: u8) -> ToWorker {
    ToWorker::Start {
        id: id(n),
        project: id(200),
        survey: "s".into(),
        setup: ResponseSetup {
            consent: Consent::Person,
            mode: Mode::Alone,
            respondent: "R-234567".into(),
            device: None,
            language: None,
        },
        presentation: Presentation::STANDARD,
        now: Timestamp(1),
    }
}

fn answer(n: u8, rating: u8) -> ToWorker {
    ToWorker::SetAnswer {
        id: id(n),
        question: "q".into(),
        answer: Some(Answer::Rating(rating)),
        now: Timestamp(2),
    }
}

fn request(s: &mut Scheduler, seq: u64, request: ToWorker) -> Vec<Action> {
    s.step(Input::Request {
        client: 0,
        seq,
        request,
        now_ms: 0.0,
    })
}

fn writes(actions: &[Action]) -> Vec<DocId> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::Write(id, _) => Some(id.clone()),
            _ => None,
        })
        .collect()
}

fn saved(actions: &[Action]) -> Option<u64> {
    actions.iter().find_map(|a| match a {
        Action::Post {
            event: FromWorker::Saved(through),
            ..
        } => Some(*through),
        _ => None,
    })
}

fn wrote(s: &mut Scheduler, n: u8, ok: bool) -> Vec<Action> {
    let result = if ok {
        Ok(())
    } else {
        Err(StorageError::QuotaExceeded)
    };
    s.step(Input::Wrote { id: id(n), result })
}

#[test]
fn saved_through_n_waits_for_every_write_up_to_n() {
    let mut s = scheduler();
    let a = request(&mut s, 1, start(1));
    assert_eq!(writes(&a), [id(1)]);
    assert_eq!(saved(&a), None, "nothing is saved before it is written");
    let b = request(&mut s, 2, start(2));
    assert_eq!(writes(&b), [id(2)]);
    // One write in flight per document: a change made meanwhile waits.
    let c = request(&mut s, 3, answer(1, 4));
    assert_eq!(writes(&c), Vec::<DocId>::new());
    let done = wrote(&mut s, 2, true);
    assert_eq!(saved(&done), None, "request 1 is still being written");
    let done = wrote(&mut s, 1, true);
    assert_eq!(saved(&done), Some(2), "1 and 2 are on disk, 3 is not");
    assert_eq!(writes(&done), [id(1)], "the waiting change goes next");
    assert!(
        !done.contains(&Action::MarkDurable),
        "something is still in flight"
    );
    let done = wrote(&mut s, 1, true);
    assert_eq!(saved(&done), Some(3));
    assert_eq!(done.first(), Some(&Action::MarkDurable));
    assert!(s.is_idle());
}

#[test]
fn a_refused_request_is_answered_by_number_and_does_not_hold_back_the_rest() {
    let mut s = scheduler();
    let session = |text: String| {
        let mut session = Session::new(id(200), "g", "", Timestamp(1));
        session.cards.push(Card {
            id: "c1".into(),
            text,
            quote: false,
            feeling: None,
            topic: None,
            audio: None,
            created: Timestamp(1),
            device: None,
        });
        ToWorker::SaveSession {
            id: id(3),
            session,
            base: None,
            now: Timestamp(1),
        }
    };
    let a = request(&mut s, 1, session("tea".into()));
    wrote(&mut s, 3, true);
    let _ = a;
    let too_long = request(&mut s, 2, session("x".repeat(FREE_TEXT_MAX_CHARS + 1)));
    assert!(
        too_long.contains(&Action::Post {
            to: Some(0),
            event: FromWorker::TooLong {
                seq: 2,
                id: id(3),
                field: "c1".into(),
                chars: FREE_TEXT_MAX_CHARS + 1,
                max: FREE_TEXT_MAX_CHARS,
            },
        }),
        "{too_long:?}"
    );
    assert_eq!(writes(&too_long), Vec::<DocId>::new(), "nothing to write");
    assert_eq!(saved(&too_long), Some(2), "settled: refused");
    let Some(Summary::Session(kept)) = s.documents().summaries().into_iter().next().map(|(_, s)| s)
    else {
        panic!()
    };
    assert_eq!(
        kept.cards[0].text, "tea",
        "the refused text changed nothing"
    );
}

#[test]
fn a_failed_write_holds_confirmation_until_a_retry_succeeds() {
    let mut s = scheduler();
    request(&mut s, 1, start(1));
    let failed = wrote(&mut s, 1, false);
    assert!(failed.iter().any(|a| matches!(
        a,
        Action::Post {
            event: FromWorker::SaveFailed { .. },
            ..
        }
    )));
    assert_eq!(saved(&failed), None);
    // Another document's write succeeds: the failed one is retried.
    request(&mut s, 2, start(2));
    let done = wrote(&mut s, 2, true);
    assert_eq!(writes(&done), [id(1)], "the failed document is retried");
    assert_eq!(saved(&done), None, "request 1 is still not on disk");
    let done = wrote(&mut s, 1, true);
    assert_eq!(saved(&done), Some(2));
}

#[test]
fn a_request_waits_for_its_document_to_be_read_and_later_ones_keep_their_order() {
    let index = vec![(
        id(1).to_string(),
        r#"{"type":"project","name":"p","languages":["en"],"created":1,"updated":1}"#.to_owned(),
    )];
    let mut s = Scheduler::new(Documents::start([1; 16], index).0);
    let rename = |name: &str| {
        let mut project = Project::new(name, Timestamp(1));
        project.updated = Timestamp(1);
        ToWorker::SaveProject {
            id: id(1),
            project,
            base: None,
            now: Timestamp(2),
        }
    };
    let a = request(&mut s, 1, rename("p2"));
    assert_eq!(a, [Action::Read(id(1))]);
    let b = request(&mut s, 2, start(9));
    assert_eq!(b, [], "queued behind the read");
    // The stored document (made elsewhere with the same content).
    let mut stored = crate::json_doc::JsonDoc::new(
        [7; 16],
        "project",
        &Project::new("p", Timestamp(1)),
        Timestamp(1),
    );
    let bytes = stored.automerge_mut().save();
    let key =
        crate::storage::ChunkKey::for_bytes(&id(1), crate::storage::ChunkKind::Snapshot, &bytes);
    let c = s.step(Input::Read {
        id: id(1),
        chunks: vec![(key.to_string(), bytes)],
    });
    assert_eq!(writes(&c), [id(1), id(9)], "both requests, in order");
}

#[test]
fn an_erase_during_a_write_runs_after_it_and_no_check_brings_the_document_back() {
    let mut s = scheduler();
    request(&mut s, 1, start(1));
    let erase = request(&mut s, 2, ToWorker::Erase { id: id(1) });
    assert!(
        !erase.contains(&Action::Erase(id(1))),
        "waits for the write"
    );
    let done = wrote(&mut s, 1, true);
    assert!(done.contains(&Action::Erase(id(1))));
    assert_eq!(saved(&done), Some(1));
    let done = s.step(Input::Erased {
        id: id(1),
        result: Ok(()),
    });
    assert_eq!(saved(&done), Some(2));
    assert!(s.documents().is_erased(&id(1)));
    // A background check that read it before the erase finds nothing to do.
    let late = s.step(Input::ReadForCheck {
        id: id(1),
        chunks: Vec::new(),
    });
    assert_eq!(late, []);
}

#[test]
fn the_background_check_waits_for_a_quiet_second_and_checks_hashes() {
    let summary = r#"{"type":"project","name":"p","languages":["en"],"created":1,"updated":1}"#;
    let index = vec![(id(1).to_string(), summary.to_owned())];
    let mut s = Scheduler::new(Documents::start([1; 16], index).0);
    s.step(Input::Request {
        client: 0,
        seq: 1,
        request: ToWorker::Open { id: id(5) },
        now_ms: 1000.0,
    });
    assert_eq!(s.step(Input::Tick { now_ms: 1500.0 }), [], "not quiet yet");
    let tick = s.step(Input::Tick { now_ms: 2100.0 });
    assert_eq!(tick, [Action::ReadForCheck(id(1))]);
    assert_eq!(s.step(Input::Tick { now_ms: 2300.0 }), [], "one at a time");
    // A chunk whose bytes do not match its key is damage.
    let key =
        crate::storage::ChunkKey::for_bytes(&id(1), crate::storage::ChunkKind::Snapshot, b"good");
    let checked = s.step(Input::ReadForCheck {
        id: id(1),
        chunks: vec![(key.to_string(), b"overwritten".to_vec())],
    });
    assert_eq!(
        checked,
        [Action::Post {
            to: None,
            event: FromWorker::Damaged { id: id(1) }
        }]
    );
    assert_eq!(
        s.step(Input::Tick { now_ms: 2600.0 }),
        [],
        "each document is checked once, not again and again"
    );
}

#[test]
fn a_request_for_a_damaged_document_reads_it_once_and_is_answered() {
    let summary = r#"{"type":"project","name":"p","languages":["en"],"created":1,"updated":1}"#;
    let mut s =
        Scheduler::new(Documents::start([1; 16], vec![(id(1).to_string(), summary.to_owned())]).0);
    assert_eq!(
        request(&mut s, 1, ToWorker::Open { id: id(1) }),
        [Action::Read(id(1))]
    );
    let read = s.step(Input::Read {
        id: id(1),
        chunks: vec![("not a key".into(), vec![1])],
    });
    assert!(
        !read.iter().any(|a| matches!(a, Action::Read(_))),
        "not read again: {read:?}"
    );
    assert!(read.contains(&Action::Post {
        to: None,
        event: FromWorker::Damaged { id: id(1) }
    }));
    assert!(read.contains(&Action::Post {
        to: Some(0),
        event: FromWorker::Missing { id: id(1) }
    }));
    assert_eq!(saved(&read), Some(1));
    let again = request(&mut s, 2, ToWorker::Open { id: id(1) });
    assert!(
        !again.iter().any(|a| matches!(a, Action::Read(_))),
        "{again:?}"
    );
    assert!(again.contains(&Action::Post {
        to: Some(0),
        event: FromWorker::Missing { id: id(1) }
    }));
}

#[test]
fn what_sync_changes_is_written_and_told_to_every_screen_and_an_erasure_waits_for_a_write() {
    let mut s = scheduler();
    request(&mut s, 1, start(1));
    // Another device's changes to response 1 arrive while its first write
    // is in flight: the change waits for that write, then goes.
    let other = {
        let ours = s.documents_mut().changes_since(&id(1), &[]);
        let mut far = Documents::start([2; 16], Vec::new()).0;
        far.receive(id(1), &ours);
        far.handle(answer(1, 4));
        far.changes_since(&id(1), &[])
    };
    let outcome = s.documents_mut().receive(id(1), &other);
    let actions = s.absorb(outcome);
    assert!(
        actions.iter().any(|a| matches!(
            a,
            Action::Post {
                to: None,
                event: FromWorker::Changed { .. }
            }
        )),
        "every screen hears of it: {actions:?}"
    );
    assert!(
        actions.contains(&Action::Post {
            to: None,
            event: FromWorker::Arrived { id: id(1) }
        }),
        "a screen showing the response reads its answers again: {actions:?}"
    );
    assert!(
        writes(&actions).is_empty(),
        "one write in flight per document"
    );
    assert!(!s.is_written(&id(1)));
    let next = s.step(Input::Wrote {
        id: id(1),
        result: Ok(()),
    });
    assert_eq!(writes(&next), [id(1)], "the synced change goes next");
    // An erasure from another device while that write is in flight.
    let erase = s.documents_mut().handle(ToWorker::Erase { id: id(1) });
    let actions = s.absorb(erase);
    assert!(
        !actions.iter().any(|a| matches!(a, Action::Erase(_))),
        "after the write"
    );
    assert!(!s.is_written(&id(1)), "the erasure waits for the write");
    let done = s.step(Input::Wrote {
        id: id(1),
        result: Ok(()),
    });
    assert!(
        done.iter()
            .any(|a| matches!(a, Action::Erase(e) if *e == id(1))),
        "{done:?}"
    );
    assert!(!s.is_written(&id(1)), "the erasure is under way");
    s.step(Input::Erased {
        id: id(1),
        result: Ok(()),
    });
    assert!(s.is_written(&id(1)));
}

#[test]
fn a_document_opened_for_sync_keeps_what_sync_did_when_a_request_read_lands_too() {
    // Response 1 is stored; a fresh worker knows it from the index only.
    let storage = crate::storage::MemoryStorage::new();
    let first = std::cell::RefCell::new(Documents::start([1; 16], Vec::new()).0);
    first.borrow_mut().handle(start(1));
    pollster::block_on(crate::documents::flush(&first, &storage, &id(1))).unwrap();
    let index = pollster::block_on(crate::storage::Storage::load_index(&storage)).unwrap();
    let chunks = pollster::block_on(crate::storage::Storage::load_doc(&storage, &id(1))).unwrap();
    let mut s = Scheduler::new(Documents::start([3; 16], index).0);
    // A screen asks for it (a read goes out), and sync opens it meanwhile
    // and merges another device's answer into it.
    let read = request(&mut s, 1, answer(1, 2));
    assert!(
        read.iter()
            .any(|a| matches!(a, Action::Read(d) if *d == id(1)))
    );
    s.open_for_sync(id(1), chunks.clone());
    let ours = s.documents_mut().changes_since(&id(1), &[]);
    let mut far = Documents::start([2; 16], Vec::new()).0;
    far.receive(id(1), &ours);
    far.handle(ToWorker::SetAnswer {
        id: id(1),
        question: "other".into(),
        answer: Some(Answer::Rating(5)),
        now: Timestamp(3),
    });
    let theirs = far.changes_since(&id(1), &[]);
    let outcome = s.documents_mut().receive(id(1), &theirs);
    s.absorb(outcome);
    // The request's read lands: the open document is kept, not reloaded.
    s.step(Input::Read { id: id(1), chunks });
    let opened = request(&mut s, 2, ToWorker::Open { id: id(1) });
    let answers = opened
        .iter()
        .find_map(|a| match a {
            Action::Post {
                event: FromWorker::Opened { answers, .. },
                ..
            } => Some(answers.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(
        answers,
        [
            ("other".to_owned(), Answer::Rating(5)),
            ("q".to_owned(), Answer::Rating(2))
        ]
    );
}

#[test]
fn a_change_is_told_to_every_screen_as_the_answer_to_the_request_that_made_it() {
    let mut s = scheduler();
    let save = |place: &str| {
        let mut session = Session::new(id(200), "g", "", Timestamp(1));
        session.place = place.into();
        ToWorker::SaveSession {
            id: id(4),
            session,
            base: None,
            now: Timestamp(1),
        }
    };
    let echoes = |actions: &[Action]| -> Vec<(Option<ClientId>, Option<crate::worker_api::Echo>)> {
        actions
            .iter()
            .filter_map(|a| match a {
                Action::Post {
                    to,
                    event: FromWorker::Changed { echo, .. },
                } => Some((*to, *echo)),
                _ => None,
            })
            .collect()
    };
    let first = s.step(Input::Request {
        client: 7,
        seq: 3,
        request: save("Library"),
        now_ms: 0.0,
    });
    let echo = crate::worker_api::Echo { client: 7, seq: 3 };
    assert_eq!(echoes(&first), [(None, Some(echo))], "{first:?}");
    // Screen 9 opening the session: news for screen 7, an echo for 9.
    let opened = s.step(Input::Request {
        client: 9,
        seq: 1,
        request: ToWorker::Open { id: id(4) },
        now_ms: 1.0,
    });
    let echo = crate::worker_api::Echo { client: 9, seq: 1 };
    assert_eq!(echoes(&opened), [(None, Some(echo))], "{opened:?}");
    assert_eq!(crate::worker_api::Echo::for_screen(Some(echo), 7), None);
    assert_eq!(
        crate::worker_api::Echo::for_screen(Some(echo), 9),
        Some(echo)
    );
    // Another device's change answers no screen's request.
    let far = {
        let ours = s.documents_mut().changes_since(&id(4), &[]);
        let mut far = Documents::start([2; 16], Vec::new()).0;
        far.receive(id(4), &ours);
        let mut session = Session::new(id(200), "g", "", Timestamp(1));
        session.place = "Café".into();
        far.handle(ToWorker::SaveSession {
            id: id(4),
            session,
            base: None,
            now: Timestamp(2),
        });
        far.changes_since(&id(4), &[])
    };
    let outcome = s.documents_mut().receive(id(4), &far);
    let absorbed = s.absorb(outcome);
    assert_eq!(echoes(&absorbed), [(None, None)], "{absorbed:?}");
}

#[test]
fn a_recording_this_device_lacks_is_fetched_from_the_relay_kept_and_played() {
    let mut s = scheduler();
    let mut session = Session::new(id(200), "g", "", Timestamp(1));
    session.cards.push(Card {
        id: "c1".into(),
        text: "tea".into(),
        quote: false,
        feeling: None,
        topic: None,
        audio: Some("audio/webm".into()),
        created: Timestamp(1),
        device: None,
    });
    request(
        &mut s,
        1,
        ToWorker::SaveSession {
            id: id(5),
            session,
            base: None,
            now: Timestamp(1),
        },
    );
    let recording = b"a recording made on another device".to_vec();
    request(
        &mut s,
        2,
        ToWorker::SetAudio {
            id: id(5),
            key: "c1".into(),
            mime: "audio/webm".into(),
            data: recording.clone(),
            now: Timestamp(2),
        },
    );
    wrote(&mut s, 5, true);
    wrote(&mut s, 5, true);
    let blob = BlobKey::for_bytes(&id(5), &recording);
    let upload = crate::documents::MediaUpload {
        doc: id(5),
        key: "c1".into(),
        hash: blob.hash.clone(),
    };
    s.documents_mut()
        .media_uploaded(&upload, &"ab".repeat(32), Timestamp(3));
    let play = || ToWorker::GetAudio {
        id: id(5),
        key: "c1".into(),
    };
    // Not on this device's storage (as when the session came by sync).
    let asked = request(&mut s, 3, play());
    assert!(asked.contains(&Action::ReadBlob(blob.clone())), "{asked:?}");
    let read = s.step(Input::BlobRead {
        blob: blob.clone(),
        bytes: None,
    });
    assert_eq!(
        read,
        vec![Action::Fetch {
            blob: blob.clone(),
            relay: "ab".repeat(32)
        }]
    );
    let fetched = s.step(Input::Fetched {
        blob: blob.clone(),
        bytes: Some(recording.clone()),
    });
    assert!(
        fetched.iter().any(|a| matches!(a, Action::Repair(w) if w.blob_puts == vec![(blob.clone(), recording.clone())])),
        "kept for next time: {fetched:?}"
    );
    assert!(
        fetched.iter().any(|a| matches!(a,
        Action::Post { to: Some(0), event: FromWorker::Audio { data, .. } } if *data == recording))
    );

    // Bytes that are not the recording the session names are never played.
    request(&mut s, 4, play());
    s.step(Input::BlobRead {
        blob: blob.clone(),
        bytes: None,
    });
    let wrong = s.step(Input::Fetched {
        blob: blob.clone(),
        bytes: Some(b"something else".to_vec()),
    });
    assert!(!wrong.iter().any(|a| matches!(a, Action::Repair(_))));
    assert!(wrong.iter().any(|a| matches!(a,
        Action::Post { event: FromWorker::Missing { id: missing }, .. } if *missing == id(5))));
}

fn kept(actions: &[Action]) -> Option<crate::results::saved::SavedTables> {
    actions.iter().find_map(|a| match a {
        Action::KeepTables(key, json) => {
            assert_eq!(key, &crate::results::saved::key(&id(200), "example"));
            crate::results::saved::SavedTables::read(json)
        }
        _ => None,
    })
}

fn results(s: &mut Scheduler, seq: u64, query: &str) -> Vec<Action> {
    request(
        s,
        seq,
        ToWorker::Results {
            id: id(200),
            survey: "example".into(),
            query: query.into(),
        },
    )
}

#[test]
fn results_are_kept_for_the_screen_only_when_everything_is_written() {
    let mut s = scheduler();
    let mut project = Project::new("Greenwich", Timestamp(1));
    let mut survey = crate::survey::example_survey(&[crate::i18n::Catalog::english()]);
    survey.id = "example".into();
    project.surveys.push(survey);
    let saving = request(
        &mut s,
        1,
        ToWorker::SaveProject {
            base: None,
            id: id(200),
            project,
            now: Timestamp(1),
        },
    );
    assert_eq!(writes(&saving), [id(200)]);
    let asked = results(&mut s, 2, "{}");
    assert!(asked.contains(&Action::ReadRows), "{asked:?}");
    let counted = s.step(Input::Rows(Vec::new()));
    assert!(
        counted.iter().any(|a| matches!(
            a,
            Action::Post {
                event: FromWorker::Results { .. },
                ..
            }
        )),
        "{counted:?}"
    );
    assert_eq!(kept(&counted), None, "the project is still being written");

    wrote(&mut s, 200, true);
    let counted = results(&mut s, 3, "{}");
    let Some(Action::Post {
        event: FromWorker::Results {
            responses, tables, ..
        },
        ..
    }) = counted.iter().find(|a| {
        matches!(
            a,
            Action::Post {
                event: FromWorker::Results { .. },
                ..
            }
        )
    })
    else {
        panic!("{counted:?}")
    };
    let saved = kept(&counted).expect("kept once everything is written");
    assert_eq!((saved.responses, &saved.tables), (*responses, tables));
    assert_eq!(saved.query, "{}", "the query as the screen asked it");

    // A breakdown or a filter is not what the screen opens with.
    let by = results(&mut s, 4, r#"{"by":"mode"}"#);
    assert_eq!(kept(&by), None);

    // A response being written: not kept until it is.
    let started = request(&mut s, 5, start(1));
    assert_eq!(writes(&started), [id(1)]);
    assert_eq!(kept(&results(&mut s, 6, "{}")), None);
    wrote(&mut s, 1, false);
    assert_eq!(kept(&results(&mut s, 7, "{}")), None, "its write failed");
    let retried = request(&mut s, 8, answer(1, 3));
    assert_eq!(writes(&retried), [id(1)]);
    wrote(&mut s, 1, true);
    assert!(kept(&results(&mut s, 9, "{}")).is_some());
}
