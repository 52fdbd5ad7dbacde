//! What the relay hands a device is input like any other: each bad entry
//! is set aside with a reason that names it, the good entries around it are
//! taken, and a frame that does not decode is the relay answering garbage.

mod support;

use heard_core::{id::DocId, summary::Summary, sync::ProjectSecret};
use heard_protocol::{BlobId, BlobKind, Entry, Limits, RelayFrame};
use heard_sync::{Input, Keys, SyncStatus};
use support::device::{Device, Link, PROJECT, SECRET, project_doc, session_doc};

fn keys() -> Keys {
    Keys::new(PROJECT, &ProjectSecret::from_random(SECRET))
}

fn entry(seq: u64, tag: heard_protocol::Tag, kind: BlobKind, bytes: Vec<u8>) -> Entry {
    Entry {
        seq,
        tag,
        kind,
        id: BlobId::of(&bytes),
        bytes,
    }
}

/// A device past the handshake with a relay whose log has `head` entries.
fn ready(head: u64) -> Device {
    let mut device = Device::new(1, false);
    device.link = Link::Open;
    device.step(Input::Connected, 1);
    let challenge = RelayFrame::Challenge {
        nonce: [3; 32],
        limits: Limits::RELAY,
    };
    device.step(Input::Frame(challenge.encode()), 1);
    let welcome = RelayFrame::Welcome { head, log: [1; 16] };
    device.step(Input::Frame(welcome.encode()), 1);
    device.to_relay.clear();
    device
}

#[test]
fn bad_entries_are_set_aside_by_name_and_the_good_ones_are_taken() {
    // The good entry: the project as its creator pushed it.
    let mut creator = Device::new(0, true);
    creator.create_project();
    let changes = creator.docs.borrow_mut().changes_since(&project_doc(), &[]);
    let k = keys();
    let good = k.seal(&project_doc(), BlobKind::Changes, &payload(&changes));
    let project_tag = k.tag(&project_doc());
    let other = DocId::from_random([77; 16]);
    let sealed_for_other = k.seal(&other, BlobKind::Changes, &payload(&changes));
    let not_changes = k.seal(
        &session_doc(),
        BlobKind::Changes,
        &payload(&[vec![1, 2, 3]]),
    );
    let truncated = k.seal(&session_doc(), BlobKind::Changes, &[5, 0, 0, 0, 9]);
    let bad_snapshot = k.seal(&session_doc(), BlobKind::Snapshot, b"not a document");
    let mut forged = good.bytes.clone();
    let last = forged.len() - 1;
    forged[last] ^= 1;
    let cases: Vec<(&str, Entry, &str)> = vec![
        (
            "forged bytes",
            entry(1, project_tag, BlobKind::Changes, forged),
            "does not authenticate",
        ),
        (
            "too short to be sealed",
            entry(2, project_tag, BlobKind::Changes, vec![0; 10]),
            "too few",
        ),
        (
            "another document's blob under this tag",
            entry(3, project_tag, BlobKind::Changes, sealed_for_other.bytes),
            "does not authenticate",
        ),
        (
            "the wrong kind",
            entry(4, project_tag, BlobKind::Snapshot, good.bytes.clone()),
            "does not authenticate",
        ),
        (
            "changes that do not decode",
            entry(5, not_changes.tag, BlobKind::Changes, not_changes.bytes),
            "does not decode",
        ),
        (
            "a cut list of changes",
            entry(6, truncated.tag, BlobKind::Changes, truncated.bytes),
            "do not read",
        ),
        (
            "a snapshot that does not load",
            entry(7, bad_snapshot.tag, BlobKind::Snapshot, bad_snapshot.bytes),
            "does not load",
        ),
    ];
    let count = cases.len() as u64;
    let mut entries: Vec<Entry> = cases.iter().map(|(_, e, _)| e.clone()).collect();
    entries.push(entry(
        count + 1,
        good.tag,
        BlobKind::Changes,
        good.bytes.clone(),
    ));
    let mut device = ready(count + 1);
    let pull = RelayFrame::Batch {
        request: 1,
        entries,
        more: false,
    };
    device.step(Input::Frame(pull.encode()), 2);
    let set_aside = device.syncer.set_aside().to_vec();
    assert_eq!(set_aside.len(), cases.len(), "{set_aside:#?}");
    for ((name, entry, reason), aside) in cases.iter().zip(&set_aside) {
        assert_eq!(aside.seq, entry.seq, "{name}");
        assert!(aside.reason.contains(reason), "{name}: {:?}", aside.reason);
    }
    assert!(
        matches!(device.summary(&project_doc()), Some(Summary::Project(_))),
        "the good entry after the bad ones is taken"
    );
    assert_eq!(
        device.syncer.state().cursor,
        count + 1,
        "the cursor moves past them all"
    );
}

#[test]
fn a_frame_that_does_not_decode_reads_as_garbage_and_the_device_tries_again_later() {
    let mut device = ready(0);
    device.step(Input::Frame(vec![1, 0x99, 0, 0]), 5);
    let status = {
        let docs = &mut device.docs.borrow_mut();
        device.syncer.status(docs)
    };
    assert_eq!(status, SyncStatus::Garbled);
    assert_eq!(device.link, Link::Closed, "the connection is closed");
    device.step(Input::Tick, 5 + 60_000);
    assert_eq!(device.link, Link::Wanted, "and opened again after a while");
}

fn payload(changes: &[Vec<u8>]) -> Vec<u8> {
    let mut out = (changes.len() as u32).to_le_bytes().to_vec();
    for change in changes {
        out.extend((change.len() as u32).to_le_bytes());
        out.extend(change);
    }
    out
}
