//! Bounded property tests: random bytes never panic the decoder, and random
//! valid frames round-trip with exactly one encoding.

use heard_protocol::{
    Blob, BlobId, BlobKind, ClientFrame, Entry, Limits, ProjectId, Refusal, RelayFrame, Tag,
};
use proptest::prelude::*;

fn config() -> ProptestConfig {
    // A few hundred cases keep the normal test command fast; the fuzz target
    // is where long runs belong.
    ProptestConfig {
        cases: 300,
        ..ProptestConfig::default()
    }
}

fn tag() -> impl Strategy<Value = Tag> {
    any::<[u8; 16]>().prop_map(Tag)
}

fn kind() -> impl Strategy<Value = BlobKind> {
    prop_oneof![
        Just(BlobKind::Changes),
        Just(BlobKind::Snapshot),
        Just(BlobKind::Tombstone)
    ]
}

fn small_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..64)
}

fn blob() -> impl Strategy<Value = Blob> {
    (tag(), kind(), small_bytes()).prop_map(|(tag, kind, bytes)| Blob { tag, kind, bytes })
}

fn client_frame() -> impl Strategy<Value = ClientFrame> {
    prop_oneof![
        (any::<[u8; 16]>(), any::<Option<[u8; 32]>>()).prop_map(|(project, register)| {
            ClientFrame::Hello {
                project: ProjectId(project),
                register,
            }
        }),
        any::<[u8; 32]>().prop_map(|half| ClientFrame::Auth {
            signature: [half, half].concat().try_into().expect("64 bytes"),
        }),
        (any::<u32>(), prop::collection::vec(blob(), 0..5))
            .prop_map(|(request, blobs)| ClientFrame::Push { request, blobs }),
        (any::<u32>(), any::<u64>(), any::<u32>()).prop_map(|(request, after, max)| {
            ClientFrame::Pull {
                request,
                after,
                max,
            }
        }),
        (any::<u32>(), tag(), any::<u64>(), small_bytes()).prop_map(
            |(request, tag, covers, bytes)| ClientFrame::Compact {
                request,
                tag,
                covers,
                blob: Blob {
                    tag,
                    kind: BlobKind::Snapshot,
                    bytes,
                },
            }
        ),
        (any::<u32>(), tag(), any::<bool>(), small_bytes()).prop_map(
            |(request, tag, erased, bytes)| ClientFrame::Erase {
                request,
                tag,
                tombstone: Blob {
                    tag,
                    kind: if erased {
                        BlobKind::Tombstone
                    } else {
                        BlobKind::Snapshot
                    },
                    bytes,
                },
            }
        ),
        (any::<u32>(), tag(), small_bytes()).prop_map(|(request, tag, bytes)| {
            ClientFrame::PutMedia {
                request,
                tag,
                bytes,
            }
        }),
        (any::<u32>(), any::<[u8; 32]>()).prop_map(|(request, id)| ClientFrame::GetMedia {
            request,
            id: BlobId(id),
        }),
    ]
}

fn entry() -> impl Strategy<Value = Entry> {
    (
        any::<u64>(),
        tag(),
        kind(),
        any::<[u8; 32]>(),
        small_bytes(),
    )
        .prop_map(|(seq, tag, kind, id, bytes)| Entry {
            seq,
            tag,
            kind,
            id: BlobId(id),
            bytes,
        })
}

fn refusal() -> impl Strategy<Value = Refusal> {
    prop::sample::select(vec![
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
    ])
}

fn relay_frame() -> impl Strategy<Value = RelayFrame> {
    prop_oneof![
        (any::<[u8; 32]>(), any::<[u32; 4]>()).prop_map(|(nonce, [a, b, c, d])| {
            RelayFrame::Challenge {
                nonce,
                limits: Limits {
                    max_frame: a,
                    max_blob: b,
                    max_batch: c,
                    max_connections_per_project: d,
                },
            }
        }),
        (any::<u64>(), any::<[u8; 16]>()).prop_map(|(head, log)| RelayFrame::Welcome { head, log }),
        (any::<u32>(), prop::collection::vec(any::<u64>(), 0..10))
            .prop_map(|(request, seqs)| RelayFrame::Acked { request, seqs }),
        (
            any::<u32>(),
            prop::collection::vec(entry(), 0..5),
            any::<bool>()
        )
            .prop_map(|(request, entries, more)| RelayFrame::Batch {
                request,
                entries,
                more,
            }),
        any::<u64>().prop_map(|head| RelayFrame::Notify { head }),
        (any::<u32>(), any::<[u8; 32]>()).prop_map(|(request, id)| RelayFrame::MediaStored {
            request,
            id: BlobId(id),
        }),
        (
            any::<u32>(),
            any::<[u8; 32]>(),
            prop::option::of(small_bytes())
        )
            .prop_map(|(request, id, bytes)| RelayFrame::Media {
                request,
                id: BlobId(id),
                bytes,
            }),
        (any::<Option<u32>>(), refusal())
            .prop_map(|(request, reason)| RelayFrame::Refused { request, reason }),
    ]
}

/// Random bytes, mostly starting with the right version and a real kind byte,
/// so the bodies get exercised and not only the header checks.
fn frame_like_bytes() -> impl Strategy<Value = Vec<u8>> {
    let kinds = prop::sample::select(vec![
        1u8, 2, 3, 4, 5, 6, 7, 8, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88,
    ]);
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..128),
        (kinds, prop::collection::vec(any::<u8>(), 0..128)).prop_map(|(kind, body)| [
            vec![1, kind],
            body
        ]
        .concat()),
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_bytes_decode_or_fail_without_panicking(bytes in frame_like_bytes()) {
        // Whatever decodes must be the one encoding of its value: no frame has
        // two spellings, so the relay can never be fed an ambiguous one.
        if let Ok(frame) = ClientFrame::decode(&bytes, &Limits::RELAY) {
            prop_assert_eq!(frame.encode(), bytes.clone());
        }
        if let Ok(frame) = RelayFrame::decode(&bytes, &Limits::RELAY) {
            prop_assert_eq!(frame.encode(), bytes);
        }
    }

    #[test]
    fn random_device_frames_round_trip(frame in client_frame()) {
        let bytes = frame.encode();
        prop_assert_eq!(ClientFrame::decode(&bytes, &Limits::RELAY), Ok(frame));
    }

    #[test]
    fn random_relay_frames_round_trip(frame in relay_frame()) {
        let bytes = frame.encode();
        prop_assert_eq!(RelayFrame::decode(&bytes, &Limits::RELAY), Ok(frame));
    }

    #[test]
    fn a_valid_frame_with_one_byte_changed_never_panics(
        frame in client_frame(),
        at in any::<prop::sample::Index>(),
        value in any::<u8>(),
    ) {
        let mut bytes = frame.encode();
        let at = at.index(bytes.len());
        bytes[at] = value;
        if let Ok(decoded) = ClientFrame::decode(&bytes, &Limits::RELAY) {
            prop_assert_eq!(decoded.encode(), bytes);
        }
    }
}
