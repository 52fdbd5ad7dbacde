//! A document edited many times is compacted by a device that holds it
//! whole: the relay then keeps one snapshot and what follows in place of
//! every change, a device that joins afterwards ends with the same
//! document, and compaction does not repeat while nothing new comes.

mod support;

use heard_core::{
    id::item_id, session::Card, summary::Summary, sync::ProjectSecret, time::Timestamp,
    worker_api::ToWorker,
};
use heard_protocol::{BlobKind, Limits};
use heard_sync::{Input, Keys};
use support::{
    device::{Device, PROJECT, SECRET, session_doc},
    relay::Relay,
    settle,
};

/// Adds a card to the session, or types a word into its last card.
fn edit_session(device: &mut Device, n: u32, now: i64) {
    let Some(Summary::Session(mut session)) = device.summary(&session_doc()) else {
        panic!("the device has no session");
    };
    if n.is_multiple_of(10) {
        session.cards.push(Card {
            id: item_id([n as u8; 8]),
            text: String::new(),
            quote: false,
            feeling: None,
            topic: None,
            audio: None,
            created: Timestamp(now),
            device: None,
        });
    } else if let Some(card) = session.cards.last_mut() {
        card.text.push_str(" word");
    }
    let base = device.heads(&session_doc());
    device.request(
        ToWorker::SaveSession {
            id: session_doc(),
            session,
            base,
            now: Timestamp(now),
        },
        now,
    );
}

#[test]
fn many_edits_of_one_document_leave_a_snapshot_and_a_joining_device_gets_it_all() {
    let mut relay = Relay::new(Limits::RELAY);
    let mut devices = vec![Device::new(0, true), Device::new(1, false)];
    let mut conns = vec![None, None];
    devices[0].create_project();
    devices[0].step(Input::Tick, 10);
    settle(&mut devices[..1], &mut relay, &mut conns[..1], 10);
    // A session edited card by card, each edit pushed on its own.
    let tag = Keys::new(PROJECT, &ProjectSecret::from_random(SECRET)).tag(&session_doc());
    let mut edits = 0;
    for n in 0..300 {
        let now = 100 + i64::from(n);
        edit_session(&mut devices[0], n, now);
        settle(&mut devices[..1], &mut relay, &mut conns[..1], now);
        edits += 1;
    }
    let entries: Vec<_> = relay
        .entries(&PROJECT)
        .into_iter()
        .filter(|e| e.tag == tag)
        .collect();
    assert!(
        entries.iter().any(|e| e.kind == BlobKind::Snapshot),
        "{edits} edits and no snapshot of the session"
    );
    assert!(
        entries.len() <= 33,
        "{} entries of the session are left of {edits} edits",
        entries.len()
    );
    // Nothing new: no compaction again.
    let before = relay.entries(&PROJECT);
    devices[0].step(Input::Changed, 500);
    settle(&mut devices[..1], &mut relay, &mut conns[..1], 500);
    assert_eq!(relay.entries(&PROJECT).len(), before.len());

    // A device joining now takes the snapshot and what follows.
    devices[1].step(Input::Tick, 600);
    settle(&mut devices, &mut relay, &mut conns, 600);
    assert_eq!(
        devices[1].summary(&session_doc()),
        devices[0].summary(&session_doc()),
        "the joining device has the session as it is"
    );
}

#[test]
fn a_document_made_offline_of_many_changes_goes_whole_and_a_joining_device_takes_it() {
    use heard_core::{
        id::DocId,
        response::{Answer, Feeling},
    };
    let mut relay = Relay::new(Limits::RELAY);
    let mut devices = vec![Device::new(0, true), Device::new(1, false)];
    let mut conns = vec![None, None];
    devices[0].create_project();
    let response = DocId::from_random([77; 16]);
    devices[0].start_response(response.clone(), 5);
    let feelings = [Feeling::Happy, Feeling::NotSure, Feeling::Unhappy];
    for n in 0..30 {
        devices[0].request(
            ToWorker::SetAnswer {
                id: response.clone(),
                question: format!("q{}", n % 3 + 1),
                answer: Some(Answer::Feeling(feelings[n % 3])),
                now: Timestamp(10 + n as i64),
            },
            10 + n as i64,
        );
    }
    devices[0].step(Input::Tick, 100);
    settle(&mut devices[..1], &mut relay, &mut conns[..1], 100);
    let tag = Keys::new(PROJECT, &ProjectSecret::from_random(SECRET)).tag(&response);
    let kinds: Vec<BlobKind> = relay
        .entries(&PROJECT)
        .into_iter()
        .filter(|e| e.tag == tag)
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        kinds,
        [BlobKind::Snapshot],
        "31 changes made offline go as one snapshot"
    );

    devices[1].step(Input::Tick, 200);
    settle(&mut devices, &mut relay, &mut conns, 200);
    assert_eq!(
        devices[1].summary(&response),
        devices[0].summary(&response),
        "the joining device has the response as it is"
    );
    assert!(devices[1].summary(&response).is_some());
}
