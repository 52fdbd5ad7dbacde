//! Bad frames over a real socket, each with its exact outcome, while another
//! device of the same project keeps being served and nothing bad is stored.

mod support;

use heard_protocol::{Blob, BlobKind, ClientFrame, Limits, Refusal, RelayFrame, Tag};
use support::{Device, Heard, TestRelay, key, project};

const TAG: Tag = Tag([5; 16]);

fn blob(bytes: Vec<u8>) -> Blob {
    Blob {
        tag: TAG,
        kind: BlobKind::Changes,
        bytes,
    }
}

fn push(request: u32, blobs: Vec<Blob>) -> Vec<u8> {
    ClientFrame::Push { request, blobs }.encode()
}

fn refused_and_closed(reason: Refusal) -> Vec<Heard> {
    vec![
        Heard::Frame(RelayFrame::Refused {
            request: None,
            reason,
        }),
        Heard::Closed,
    ]
}

fn answered(frame: RelayFrame) -> Vec<Heard> {
    vec![Heard::Frame(frame)]
}

/// What a case sends on a fresh authenticated connection.
enum Send {
    Bytes(Vec<u8>),
    Text(&'static str),
}

#[tokio::test]
async fn every_bad_frame_gets_its_exact_outcome_and_others_are_still_served() {
    let dir = tempfile::tempdir().unwrap();
    let relay = TestRelay::start(dir.path(), &["--request-burst", "1000"]).await;
    let p = project(1);
    let (mut bystander, _) = Device::join(relay.addr, p, &key(1), true).await;
    let first = b"first change".to_vec();
    assert_eq!(
        bystander
            .ask(&ClientFrame::Push {
                request: 1,
                blobs: vec![blob(first.clone())]
            })
            .await,
        Heard::Frame(RelayFrame::Acked {
            request: 1,
            seqs: vec![1]
        })
    );
    let limits = Limits::RELAY;
    let valid_push = push(7, vec![blob(b"never stored".to_vec())]);
    let mut trailing = push(7, vec![blob(b"never stored".to_vec())]);
    trailing.push(0);
    let relay_kind = RelayFrame::Notify { head: 1 }.encode();
    let too_many_blobs: Vec<Blob> = (0..=limits.max_batch)
        .map(|i| blob(format!("never stored {i}").into_bytes()))
        .collect();
    let snapshot_as_changes = {
        let mut frame = ClientFrame::Compact {
            request: 8,
            tag: TAG,
            covers: 1,
            blob: Blob {
                kind: BlobKind::Snapshot,
                ..blob(b"never stored snapshot".to_vec())
            },
        }
        .encode();
        // The blob's kind byte: version, kind, request (4), tag (16),
        // covers (8), the blob's tag (16), then its kind.
        let at = 2 + 4 + 16 + 8 + 16;
        assert_eq!(frame[at], BlobKind::Snapshot.to_byte());
        frame[at] = BlobKind::Changes.to_byte();
        frame
    };

    let cases: Vec<(&str, Send, Vec<Heard>)> = vec![
        (
            "truncated",
            Send::Bytes(valid_push[..valid_push.len() - 3].to_vec()),
            refused_and_closed(Refusal::BadFrame),
        ),
        (
            "trailing bytes",
            Send::Bytes(trailing),
            refused_and_closed(Refusal::BadFrame),
        ),
        (
            "empty",
            Send::Bytes(vec![]),
            refused_and_closed(Refusal::BadFrame),
        ),
        (
            "wrong version",
            Send::Bytes([&[2][..], &valid_push[1..]].concat()),
            refused_and_closed(Refusal::BadFrame),
        ),
        (
            "unknown kind",
            Send::Bytes(vec![1, 0x7f, 0, 0, 0, 0]),
            refused_and_closed(Refusal::BadFrame),
        ),
        (
            "a relay frame sent to the relay",
            Send::Bytes(relay_kind),
            refused_and_closed(Refusal::BadFrame),
        ),
        (
            "text instead of binary",
            Send::Text("hello"),
            refused_and_closed(Refusal::BadFrame),
        ),
        (
            "a snapshot that says it is changes",
            Send::Bytes(snapshot_as_changes),
            refused_and_closed(Refusal::BadFrame),
        ),
        (
            "a blob over the blob limit",
            Send::Bytes(push(9, vec![blob(vec![7; limits.max_blob as usize + 1])])),
            refused_and_closed(Refusal::TooLarge),
        ),
        (
            "more blobs than a batch",
            Send::Bytes(push(9, too_many_blobs)),
            refused_and_closed(Refusal::TooLarge),
        ),
        (
            // Cut by the WebSocket layer before it is buffered whole.
            "a message over the frame limit",
            Send::Bytes(vec![1; limits.max_frame as usize + 1]),
            vec![Heard::Closed],
        ),
        (
            "a replayed blob is idempotent",
            Send::Bytes(push(10, vec![blob(first.clone())])),
            answered(RelayFrame::Acked {
                request: 10,
                seqs: vec![1],
            }),
        ),
        (
            "a hello for another project",
            Send::Bytes(
                ClientFrame::Hello {
                    project: project(2),
                    register: None,
                }
                .encode(),
            ),
            answered(RelayFrame::Refused {
                request: None,
                reason: Refusal::BadRequest,
            }),
        ),
        (
            "a snapshot covering seqs the log has not reached",
            Send::Bytes(
                ClientFrame::Compact {
                    request: 11,
                    tag: TAG,
                    covers: 99,
                    blob: Blob {
                        kind: BlobKind::Snapshot,
                        ..blob(b"never stored snapshot".to_vec())
                    },
                }
                .encode(),
            ),
            answered(RelayFrame::Refused {
                request: Some(11),
                reason: Refusal::BadRequest,
            }),
        ),
        (
            "a pull past the head",
            Send::Bytes(
                ClientFrame::Pull {
                    request: 12,
                    after: 50,
                    max: 10,
                }
                .encode(),
            ),
            answered(RelayFrame::Batch {
                request: 12,
                entries: vec![],
                more: false,
            }),
        ),
    ];

    for (i, (name, send, expected)) in cases.into_iter().enumerate() {
        let (mut device, _) = Device::join(relay.addr, p, &key(1), false).await;
        match send {
            Send::Bytes(bytes) => device.send_bytes(bytes).await,
            Send::Text(text) => device.send_text(text).await,
        }
        let mut heard = Vec::new();
        for _ in 0..expected.len() {
            heard.push(device.answer().await);
        }
        assert_eq!(heard, expected, "{name}");

        // The other device is still served, and its log holds only good blobs.
        let request = 100 + i as u32;
        let Heard::Frame(RelayFrame::Batch { entries, more, .. }) = bystander
            .ask(&ClientFrame::Pull {
                request,
                after: 0,
                max: 100,
            })
            .await
        else {
            panic!("{name}: the bystander was not answered");
        };
        assert!(!more);
        assert_eq!(entries.len(), 1, "{name}: something bad was stored");
        assert_eq!(entries[0].bytes, first, "{name}");
    }
    relay.stop().await;
}
