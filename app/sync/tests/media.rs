//! Recordings through the relay: a note's recording goes up sealed once it
//! is stored, its name reaches the other devices with the session, and a
//! device that plays it fetches it, opened and checked against the hash the
//! session names. A table of bad answers each leaves the recording missing
//! and the rest as it was.

mod support;

use heard_core::{
    session::{Card, Session},
    storage::{BlobKey, Storage},
    time::Timestamp,
    worker_api::ToWorker,
};
use heard_protocol::Limits;
use heard_sync::Input;
use support::{
    device::{Device, Link, PROJECT, project_doc, session_doc},
    relay::{Conn, Relay},
};

/// Connects `device` and carries frames both ways until it is quiet.
fn sync(device: &mut Device, relay: &mut Relay, conn: &mut Conn, now: i64) {
    if device.link != Link::Open {
        device.link = Link::Open;
        device.step(Input::Connected, now);
    }
    support::exchange(device, relay, conn, now);
}

fn recording() -> Vec<u8> {
    (0..40_000u32).map(|n| (n * 7 % 251) as u8).collect()
}

/// What a device was answered for each fetch: whether it got the recording.
fn got(device: &Device) -> Vec<(BlobKey, bool)> {
    device
        .fetched
        .iter()
        .map(|(blob, bytes)| (blob.clone(), bytes.as_deref() == Some(&recording()[..])))
        .collect()
}

/// A device of the project that has recorded a note, synced.
fn recorded(relay: &mut Relay) -> (Device, Conn, BlobKey) {
    let mut a = Device::new(1, true);
    a.create_project();
    let mut session = Session::new(project_doc(), "g", "", Timestamp(1));
    session.cards.push(Card {
        id: "c1".into(),
        text: "Likes the Tuesday group.".into(),
        quote: false,
        feeling: None,
        topic: None,
        audio: Some("audio/webm".into()),
        created: Timestamp(2),
        device: None,
    });
    let base = a.heads(&session_doc());
    a.request(
        ToWorker::SaveSession {
            id: session_doc(),
            session,
            base,
            now: Timestamp(2),
        },
        2,
    );
    a.request(
        ToWorker::SetAudio {
            id: session_doc(),
            key: "c1".into(),
            mime: "audio/webm".into(),
            data: recording(),
            now: Timestamp(3),
        },
        3,
    );
    let mut conn = Conn::default();
    sync(&mut a, relay, &mut conn, 4);
    (a, conn, BlobKey::for_bytes(&session_doc(), &recording()))
}

/// A second device that joined and took everything in.
fn joined(relay: &mut Relay) -> (Device, Conn) {
    let mut b = Device::new(2, false);
    let mut conn = Conn::default();
    sync(&mut b, relay, &mut conn, 10);
    assert!(b.has(&session_doc()), "the session came");
    (b, conn)
}

#[test]
fn a_recording_goes_up_sealed_once_and_another_device_fetches_it_when_played() {
    let mut relay = Relay::new(Limits::RELAY);
    let (mut a, mut a_conn, blob) = recorded(&mut relay);
    let stored = relay.media_mut(&PROJECT);
    assert_eq!(stored.len(), 1, "one recording on the relay");
    let sealed = stored[0].clone();
    let start = &recording()[..64];
    assert!(
        !sealed.windows(64).any(|w| w == start),
        "the relay holds no plaintext of it"
    );
    // Synced again: nothing more goes up.
    a.step(Input::Now, 5);
    sync(&mut a, &mut relay, &mut a_conn, 5);
    assert_eq!(relay.media_mut(&PROJECT).len(), 1);

    let (mut b, mut b_conn) = joined(&mut relay);
    let name = b
        .docs
        .borrow()
        .media_on_relay(&session_doc(), &blob.hash)
        .expect("the session names the relay's copy");
    assert!(
        pollster::block_on(b.storage.load_blob(&blob))
            .unwrap()
            .is_none(),
        "recordings are fetched when played, not with the session"
    );
    b.step(
        Input::Fetch {
            blob: blob.clone(),
            relay: name,
        },
        11,
    );
    sync(&mut b, &mut relay, &mut b_conn, 11);
    assert_eq!(got(&b), vec![(blob, true)]);
}

#[test]
fn bad_answers_leave_the_recording_missing() {
    // What is spoiled before the fetch: the relay's copy, or the name.
    type Spoil = fn(&mut Relay, &mut String);
    let cases: [(&str, Spoil); 4] = [
        ("a damaged copy", |relay, _| {
            let copy = &mut relay.media_mut(&PROJECT)[0];
            let last = copy.len() - 1;
            copy[last] ^= 1;
        }),
        ("a copy the relay no longer holds", |relay, _| {
            relay.media_mut(&PROJECT)[0].clear();
        }),
        ("a name the relay does not know", |_, name| {
            *name = "ab".repeat(32);
        }),
        ("a name that is not one", |_, name| {
            *name = "not hex".into();
        }),
    ];
    for (what, spoil) in cases {
        let mut relay = Relay::new(Limits::RELAY);
        let (_, _, blob) = recorded(&mut relay);
        let (mut b, mut b_conn) = joined(&mut relay);
        let mut name = b
            .docs
            .borrow()
            .media_on_relay(&session_doc(), &blob.hash)
            .unwrap();
        spoil(&mut relay, &mut name);
        b.step(
            Input::Fetch {
                blob: blob.clone(),
                relay: name,
            },
            11,
        );
        sync(&mut b, &mut relay, &mut b_conn, 11);
        assert_eq!(b.fetched.len(), 1, "{what}: answered once");
        assert_eq!(b.fetched[0].0, blob, "{what}");
        assert!(
            b.fetched[0].1.is_none(),
            "{what}: missing, never other bytes"
        );
        assert!(b.syncer.is_ready(), "{what}: the connection stays");
        assert!(b.has(&session_doc()), "{what}: the session stays");
    }
}

#[test]
fn offline_a_fetch_is_answered_at_once() {
    let mut relay = Relay::new(Limits::RELAY);
    let (_, _, blob) = recorded(&mut relay);
    let (mut b, _) = joined(&mut relay);
    let name = b
        .docs
        .borrow()
        .media_on_relay(&session_doc(), &blob.hash)
        .unwrap();
    b.cut();
    b.step(Input::Closed, 12);
    b.step(
        Input::Fetch {
            blob: blob.clone(),
            relay: name,
        },
        12,
    );
    assert_eq!(
        got(&b),
        vec![(blob, false)],
        "no screen waits on a relay that is not there"
    );
}
