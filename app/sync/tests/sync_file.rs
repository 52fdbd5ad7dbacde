//! The sync file: saved on one device, imported on another of the project
//! that never met a relay, the documents are the same; edits made apart on
//! both survive a swap of files; what was erased or withdrawn stays so; an
//! import is durable, and a second import of one file changes nothing.

mod support;

use heard_core::{
    documents::Documents,
    id::DocId,
    response::{Answer, Feeling},
    session::Card,
    storage::Storage,
    summary::Summary,
    sync::ProjectSecret,
    time::Timestamp,
    worker_api::ToWorker,
};
use heard_sync::{
    Keys,
    sync_file::{FileLimits, ImportReport, SyncFile, export, export_needs, export_recordings},
};
use support::device::{Device, PROJECT, SECRET, project_doc, session_doc};

pub fn keys() -> Keys {
    Keys::new(PROJECT, &ProjectSecret::from_random(SECRET))
}

fn response_doc() -> DocId {
    DocId::from_random([3; 16])
}

/// Opens what `device` has on storage but not in memory (a device that
/// started since).
fn open(device: &Device, ids: Vec<DocId>) {
    for id in ids {
        let chunks = pollster::block_on(device.storage.load_doc(&id)).unwrap();
        device.docs.borrow_mut().open(id, chunks);
    }
}

fn save(device: &Device) -> Vec<u8> {
    let needed = export_needs(&device.docs.borrow(), &project_doc());
    open(device, needed);
    // The recordings it holds, read from storage as the worker does.
    let recordings: Vec<_> = export_recordings(&device.docs.borrow(), &project_doc())
        .into_iter()
        .filter_map(|blob| {
            let bytes = pollster::block_on(device.storage.load_blob(&blob)).unwrap()?;
            Some((blob, bytes))
        })
        .collect();
    export(
        &keys(),
        PROJECT,
        &project_doc(),
        &mut device.docs.borrow_mut(),
        &recordings,
    )
    .bytes
}

/// Imports `bytes` into `device`, writing what it changed and the
/// recordings it brought.
fn import(device: &mut Device, bytes: &[u8]) -> ImportReport {
    let file = SyncFile::decode(bytes, PROJECT, &keys(), &FileLimits::DEFAULT).unwrap();
    let needed = file.needs(&device.docs.borrow());
    open(device, needed);
    let (outcomes, report) = file.import(&keys(), &mut device.docs.borrow_mut(), Timestamp(50));
    for outcome in outcomes {
        device.written(outcome);
    }
    let write = heard_core::storage::Write {
        blob_puts: report.recordings.clone(),
        ..Default::default()
    };
    pollster::block_on(device.storage.apply(&write)).unwrap();
    report
}

/// The coordinator's device: the project, a session with a card, and a
/// response with an answer, all written.
fn coordinator() -> Device {
    let mut a = Device::new(0, true);
    a.create_project();
    a.start_response(response_doc(), 2);
    answer(&mut a, "q1", Feeling::Happy);
    add_card(&mut a, "c1", "The bus is late");
    a
}

fn answer(device: &mut Device, question: &str, feeling: Feeling) {
    device.request(
        ToWorker::SetAnswer {
            id: response_doc(),
            question: question.into(),
            answer: Some(Answer::Feeling(feeling)),
            now: Timestamp(3),
        },
        3,
    );
}

fn cards(device: &Device) -> Vec<(String, String)> {
    match device.summary(&session_doc()) {
        Some(Summary::Session(s)) => s.cards.into_iter().map(|c| (c.id, c.text)).collect(),
        other => panic!("no session: {other:?}"),
    }
}

fn add_card(device: &mut Device, id: &str, text: &str) {
    let Some(Summary::Session(mut session)) = device.summary(&session_doc()) else {
        panic!("no session");
    };
    session.cards.push(Card {
        id: id.into(),
        text: text.into(),
        quote: false,
        feeling: None,
        topic: None,
        audio: None,
        created: Timestamp(4),
        device: None,
    });
    save_session(device, session);
}

fn edit_card(device: &mut Device, id: &str, text: &str) {
    let Some(Summary::Session(mut session)) = device.summary(&session_doc()) else {
        panic!("no session");
    };
    for card in &mut session.cards {
        if card.id == id {
            card.text = text.into();
        }
    }
    save_session(device, session);
}

fn save_session(device: &mut Device, session: heard_core::session::Session) {
    let base = device.heads(&session_doc());
    device.request(
        ToWorker::SaveSession {
            id: session_doc(),
            session,
            base,
            now: Timestamp(5),
        },
        5,
    );
}

/// Every stored byte of a device, chunks and index.
fn stored_bytes(device: &Device) -> Vec<u8> {
    let chunks = pollster::block_on(device.storage.load_all()).unwrap();
    let index = pollster::block_on(device.storage.load_index()).unwrap();
    let mut bytes = Vec::new();
    for (key, chunk) in chunks {
        bytes.extend(key.as_bytes());
        bytes.extend(chunk);
    }
    for (key, json) in index {
        bytes.extend(key.as_bytes());
        bytes.extend(json.as_bytes());
    }
    bytes
}

fn holds(bytes: &[u8], marker: &str) -> bool {
    bytes.windows(marker.len()).any(|w| w == marker.as_bytes())
}

/// The documents as a device started afresh from its storage reads them.
fn from_storage(device: &Device) -> Vec<(DocId, Summary)> {
    let chunks = pollster::block_on(device.storage.load_all()).unwrap();
    let index = pollster::block_on(device.storage.load_index()).unwrap();
    Documents::load([99; 16], chunks, index).0.summaries()
}

fn same_documents(a: &Device, b: &Device) {
    for id in [project_doc(), session_doc(), response_doc()] {
        assert!(a.has(&id), "{id} on the first device");
        assert_eq!(a.summary(&id), b.summary(&id), "{id}: content");
        assert_eq!(a.heads(&id), b.heads(&id), "{id}: heads");
    }
}

#[test]
fn a_device_that_never_met_a_relay_imports_the_same_documents_durably_and_once() {
    let a = coordinator();
    let bytes = save(&a);
    assert!(
        !holds(&bytes, "The bus is late"),
        "the file is sealed: no word typed is in it"
    );
    // A device of the project that joined by the link and never reached
    // the relay: no syncer step has run, nothing came from a relay.
    let mut b = Device::new(1, false);
    let report = import(&mut b, &bytes);
    assert_eq!(report.project, Some(project_doc()));
    assert_eq!(report.taken.len(), 3, "{report:?}");
    assert!(report.set_aside.is_empty(), "{report:?}");
    same_documents(&a, &b);
    assert_eq!(
        from_storage(&b),
        from_storage(&a),
        "what it took is on its storage"
    );

    // The same file again changes nothing, on storage either.
    let before = stored_bytes(&b);
    let again = import(&mut b, &bytes);
    assert!(again.taken.is_empty(), "{again:?}");
    assert_eq!(again.unchanged, 3);
    assert_eq!(again.project, Some(project_doc()));
    assert_eq!(stored_bytes(&b), before);

    // Started afresh, its documents known from the index and not open,
    // it reads its stored copies first, and again takes nothing.
    let index = pollster::block_on(b.storage.load_index()).unwrap();
    b.docs = std::cell::RefCell::new(Documents::start([77; 16], index).0);
    let restarted = import(&mut b, &bytes);
    assert!(restarted.taken.is_empty(), "{restarted:?}");
    assert_eq!(restarted.unchanged, 3);
    assert_eq!(stored_bytes(&b), before);
    assert_eq!(save(&a), bytes, "saving twice makes the same file");
}

#[test]
fn edits_made_apart_on_both_devices_survive_a_swap_of_files() {
    let mut a = coordinator();
    let mut b = Device::new(1, false);
    import(&mut b, &save(&a));
    // Apart: both change the same card and the same response.
    edit_card(&mut a, "c1", "The bus is late, every day");
    answer(&mut a, "q2", Feeling::Unhappy);
    edit_card(&mut b, "c1", "Sometimes the bus is late");
    add_card(&mut b, "c2", "More trips out");
    answer(&mut b, "q3", Feeling::NotSure);

    let from_a = save(&a);
    let from_b = save(&b);
    import(&mut b, &from_a);
    import(&mut a, &from_b);
    same_documents(&a, &b);
    let merged = cards(&a);
    assert_eq!(merged.len(), 2, "{merged:?}");
    assert!(
        merged[0].1.starts_with("Sometimes") && merged[0].1.ends_with(", every day"),
        "both edits of the card: {merged:?}"
    );
    match a.summary(&response_doc()) {
        Some(Summary::Response(r)) => assert_eq!(r.answered, 3, "every answer"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_erased_document_is_erased_by_the_file_and_never_brought_back_by_one() {
    let mut a = coordinator();
    let mut b = Device::new(1, false);
    import(&mut b, &save(&a));
    let old = save(&b);
    a.request(ToWorker::Erase { id: response_doc() }, 10);

    // The erasure reaches B by A's file: gone from its memory and storage.
    let report = import(&mut b, &save(&a));
    assert_eq!(report.taken, [response_doc()], "{report:?}");
    assert!(!b.has(&response_doc()) && b.docs.borrow().is_erased(&response_doc()));
    let chunks = pollster::block_on(b.storage.load_doc(&response_doc())).unwrap();
    assert!(chunks.is_empty(), "no chunk of it is left on storage");

    // An older file that still holds it brings it back to neither.
    for device in [&mut a, &mut b] {
        let report = import(device, &old);
        assert!(!report.taken.contains(&response_doc()), "{report:?}");
        assert!(device.docs.borrow().is_erased(&response_doc()));
    }
    // Nor to a new device that had the erasure from a file first.
    let mut c = Device::new(2, false);
    import(&mut c, &save(&a));
    import(&mut c, &old);
    assert!(!c.has(&response_doc()) && c.docs.borrow().is_erased(&response_doc()));
    assert!(c.has(&session_doc()));
}

#[test]
fn withdrawn_words_leave_every_device_a_file_reaches_and_never_come_back() {
    const MARKER: &str = "Asha said the manager shouts";
    let mut a = coordinator();
    add_card(&mut a, "c2", MARKER);
    let mut b = Device::new(1, false);
    import(&mut b, &save(&a));
    assert!(
        holds(&stored_bytes(&b), MARKER),
        "the search finds stored words"
    );
    let old = save(&b);

    // A withdraws the card; B, not knowing, adds one on the old history.
    a.request(
        ToWorker::Withdraw {
            id: session_doc(),
            item: "c2".into(),
            now: Timestamp(20),
        },
        20,
    );
    assert!(!holds(&stored_bytes(&a), MARKER));
    add_card(&mut b, "c3", "Lunch was good");

    // A's file takes the words off B, and B's card is carried over.
    import(&mut b, &save(&a));
    let on_b: Vec<String> = cards(&b).into_iter().map(|(id, _)| id).collect();
    assert_eq!(on_b, ["c1", "c3"]);
    assert!(
        !holds(&stored_bytes(&b), MARKER),
        "no stored byte holds the words"
    );

    // B's older file, and its newer one, bring the words back to A neither.
    let report = import(&mut a, &old);
    assert_eq!(report.taken, Vec::<DocId>::new(), "{report:?}");
    import(&mut a, &save(&b));
    let on_a: Vec<String> = cards(&a).into_iter().map(|(id, _)| id).collect();
    assert_eq!(on_a, ["c1", "c3"]);
    assert!(!holds(&stored_bytes(&a), MARKER));
    same_documents(&a, &b);
}

#[test]
fn a_recording_travels_in_the_file_and_plays_on_the_other_device() {
    let mut a = coordinator();
    let recording: Vec<u8> = (0..20_000u32).map(|n| (n % 253) as u8).collect();
    a.request(
        ToWorker::SetAudio {
            id: session_doc(),
            key: "c1".into(),
            mime: "audio/webm".into(),
            data: recording.clone(),
            now: Timestamp(7),
        },
        7,
    );
    let bytes = save(&a);
    let start = &recording[..64];
    assert!(
        !bytes.windows(64).any(|w| w == start),
        "the file holds no plaintext of it"
    );

    let mut b = Device::new(1, false);
    let report = import(&mut b, &bytes);
    assert_eq!(report.set_aside, vec![]);
    assert_eq!(report.recordings.len(), 1);
    let blob = heard_core::storage::BlobKey::for_bytes(&session_doc(), &recording);
    assert_eq!(
        pollster::block_on(b.storage.load_blob(&blob))
            .unwrap()
            .as_deref(),
        Some(&recording[..]),
        "stored beside the session"
    );
    let played = b.docs.borrow_mut().handle(ToWorker::GetAudio {
        id: session_doc(),
        key: "c1".into(),
    });
    assert_eq!(
        played.read_blob.map(|r| r.blob),
        Some(blob),
        "read from storage"
    );

    // A recording the file's documents do not name is not kept.
    let mut c = coordinator();
    let other = save(&a);
    let (file, _) = (
        SyncFile::decode(&other, PROJECT, &keys(), &FileLimits::DEFAULT).unwrap(),
        (),
    );
    let mut damaged = file.clone();
    let last = damaged.recordings[0].sealed.len() - 1;
    damaged.recordings[0].sealed[last] ^= 1;
    let report = import(&mut c, &damaged.encode(&keys()));
    assert!(
        report.recordings.is_empty(),
        "a damaged recording is not kept"
    );
    assert_eq!(report.set_aside.len(), 1, "{report:?}");
    assert_eq!(
        report.set_aside[0].doc,
        session_doc(),
        "named by its document"
    );
    assert!(c.has(&session_doc()), "the rest is taken");
}

#[test]
fn a_file_of_the_first_version_is_still_read() {
    let a = coordinator();
    let mut bytes = save(&a);
    // With no recordings, a version-2 file is a version-1 file but for its
    // version byte.
    bytes[heard_sync::sync_file::MAGIC.len()] = 1;
    let mut b = Device::new(1, false);
    let report = import(&mut b, &bytes);
    assert!(report.set_aside.is_empty());
    assert!(b.has(&session_doc()) && b.has(&project_doc()));
}
