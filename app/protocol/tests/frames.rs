//! Every frame of both directions survives encode then decode unchanged, and
//! the layout on the wire is the documented one.

use heard_protocol::{
    Blob, BlobId, BlobKind, ClientFrame, Entry, Limits, ProjectId, Refusal, RelayFrame, Tag,
};

const TAG: Tag = Tag([0x7a; 16]);

fn blob(kind: BlobKind, bytes: &[u8]) -> Blob {
    Blob {
        tag: TAG,
        kind,
        bytes: bytes.to_vec(),
    }
}

fn client_frames() -> Vec<ClientFrame> {
    vec![
        ClientFrame::Hello {
            project: ProjectId([1; 16]),
            register: None,
        },
        ClientFrame::Hello {
            project: ProjectId([1; 16]),
            register: Some([2; 32]),
        },
        ClientFrame::Auth { signature: [3; 64] },
        ClientFrame::Push {
            request: 4,
            blobs: vec![],
        },
        ClientFrame::Push {
            request: u32::MAX,
            blobs: vec![
                blob(BlobKind::Changes, b"sealed changes"),
                blob(BlobKind::Snapshot, b""),
                Blob {
                    tag: Tag([0xff; 16]),
                    kind: BlobKind::Tombstone,
                    bytes: vec![0; 1000],
                },
            ],
        },
        ClientFrame::Pull {
            request: 5,
            after: u64::MAX - 1,
            max: 256,
        },
        ClientFrame::Compact {
            request: 6,
            tag: TAG,
            covers: 42,
            blob: blob(BlobKind::Snapshot, b"sealed snapshot"),
        },
        ClientFrame::Erase {
            request: 7,
            tag: TAG,
            tombstone: blob(BlobKind::Tombstone, b"sealed tombstone"),
        },
        ClientFrame::Erase {
            request: 8,
            tag: TAG,
            tombstone: blob(BlobKind::Snapshot, b"a rewritten history"),
        },
        ClientFrame::PutMedia {
            request: 9,
            tag: TAG,
            bytes: vec![0xaa; 5000],
        },
        ClientFrame::GetMedia {
            request: 10,
            id: BlobId([0xbb; 32]),
        },
    ]
}

fn relay_frames() -> Vec<RelayFrame> {
    let entry = |seq, kind| Entry {
        seq,
        tag: TAG,
        kind,
        id: BlobId([seq as u8; 32]),
        bytes: vec![seq as u8; seq as usize],
    };
    let mut frames = vec![
        RelayFrame::Challenge {
            nonce: [0x11; 32],
            limits: Limits::RELAY,
        },
        RelayFrame::Challenge {
            nonce: [0; 32],
            limits: Limits {
                max_frame: 1,
                max_blob: 2,
                max_batch: 3,
                max_connections_per_project: u32::MAX,
            },
        },
        RelayFrame::Welcome {
            head: 0,
            log: [0; 16],
        },
        RelayFrame::Welcome {
            head: u64::MAX,
            log: [0xff; 16],
        },
        RelayFrame::Acked {
            request: 1,
            seqs: vec![],
        },
        RelayFrame::Acked {
            request: 2,
            seqs: vec![1, 2, 1, u64::MAX],
        },
        RelayFrame::Batch {
            request: 3,
            entries: vec![],
            more: false,
        },
        RelayFrame::Batch {
            request: 4,
            entries: vec![
                entry(1, BlobKind::Changes),
                entry(2, BlobKind::Snapshot),
                entry(3, BlobKind::Tombstone),
            ],
            more: true,
        },
        RelayFrame::Notify { head: 77 },
        RelayFrame::MediaStored {
            request: 5,
            id: BlobId([0xcc; 32]),
        },
        RelayFrame::Media {
            request: 6,
            id: BlobId([0xdd; 32]),
            bytes: None,
        },
        RelayFrame::Media {
            request: 7,
            id: BlobId([0xee; 32]),
            bytes: Some(vec![1, 2, 3]),
        },
        RelayFrame::Refused {
            request: None,
            reason: Refusal::Unauthorized,
        },
    ];
    let reasons = [
        Refusal::Unauthorized,
        Refusal::UnknownProject,
        Refusal::ProjectExists,
        Refusal::TooLarge,
        Refusal::RateLimited,
        Refusal::TooManyConnections,
        Refusal::BadFrame,
        Refusal::BadRequest,
        Refusal::ShuttingDown,
        Refusal::Internal,
    ];
    frames.extend(reasons.into_iter().map(|reason| RelayFrame::Refused {
        request: Some(8),
        reason,
    }));
    frames
}

#[test]
fn every_client_frame_round_trips() {
    for frame in client_frames() {
        let bytes = frame.encode();
        assert_eq!(
            ClientFrame::decode(&bytes, &Limits::RELAY),
            Ok(frame.clone())
        );
    }
}

#[test]
fn every_relay_frame_round_trips() {
    for frame in relay_frames() {
        let bytes = frame.encode();
        assert_eq!(
            RelayFrame::decode(&bytes, &Limits::RELAY),
            Ok(frame.clone())
        );
    }
}

#[test]
fn no_frame_decodes_in_the_other_direction() {
    for frame in client_frames() {
        let bytes = frame.encode();
        assert!(
            RelayFrame::decode(&bytes, &Limits::RELAY).is_err(),
            "{frame:?}"
        );
    }
    for frame in relay_frames() {
        let bytes = frame.encode();
        assert!(
            ClientFrame::decode(&bytes, &Limits::RELAY).is_err(),
            "{frame:?}"
        );
    }
}

/// The byte layouts that `docs/sync-protocol.md` shows, held to the letter so
/// the relay and devices of different builds agree.
#[test]
fn frames_have_the_documented_layout() {
    let push = ClientFrame::Push {
        request: 0x0102_0304,
        blobs: vec![Blob {
            tag: Tag([0xee; 16]),
            kind: BlobKind::Snapshot,
            bytes: vec![0xab, 0xcd],
        }],
    };
    let mut expected = vec![1, 0x03, 0x04, 0x03, 0x02, 0x01, 1, 0, 0, 0];
    expected.extend([0xee; 16]);
    expected.extend([2, 2, 0, 0, 0, 0xab, 0xcd]);
    assert_eq!(push.encode(), expected);
    assert_eq!(push.encode().len(), 10 + push_blob_len(&push));

    let refused = RelayFrame::Refused {
        request: Some(5),
        reason: Refusal::TooLarge,
    };
    assert_eq!(refused.encode(), vec![1, 0x88, 1, 5, 0, 0, 0, 4]);

    let welcome = RelayFrame::Welcome {
        head: 0x0102,
        log: [7; 16],
    };
    let mut bytes = vec![1, 0x82, 2, 1, 0, 0, 0, 0, 0, 0];
    bytes.extend([7; 16]);
    assert_eq!(welcome.encode(), bytes);
}

fn push_blob_len(push: &ClientFrame) -> usize {
    match push {
        ClientFrame::Push { blobs, .. } => blobs.iter().map(Blob::encoded_len).sum(),
        _ => unreachable!("only called with a push"),
    }
}

#[test]
fn a_batch_filled_by_encoded_len_is_exactly_that_long() {
    let entries: Vec<Entry> = (1..=5)
        .map(|seq| Entry {
            seq,
            tag: TAG,
            kind: BlobKind::Changes,
            id: BlobId([0; 32]),
            bytes: vec![0; 100 * seq as usize],
        })
        .collect();
    let expected =
        RelayFrame::BATCH_OVERHEAD + entries.iter().map(Entry::encoded_len).sum::<usize>();
    let frame = RelayFrame::Batch {
        request: 1,
        entries,
        more: false,
    };
    assert_eq!(frame.encode().len(), expected);
}
