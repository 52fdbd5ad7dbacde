//! Malformed frames, each held to the exact error it must decode to.

use heard_protocol::{
    Blob, BlobKind, ClientFrame, DecodeError, Limits, ProjectId, RelayFrame, Tag,
};

/// Joins the parts of a hand-made frame.
fn frame(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

fn le32(n: u32) -> Vec<u8> {
    n.to_le_bytes().to_vec()
}

fn le64(n: u64) -> Vec<u8> {
    n.to_le_bytes().to_vec()
}

const V: &[u8] = &[1];
const TAG: &[u8] = &[0x7a; 16];
const OTHER_TAG: &[u8] = &[0x7b; 16];
const ID: &[u8] = &[0x33; 32];

fn truncated(needed: usize, had: usize) -> DecodeError {
    DecodeError::Truncated { needed, had }
}

fn too_long(what: &'static str, len: usize, max: usize) -> DecodeError {
    DecodeError::TooLong { what, len, max }
}

fn bad(what: &'static str) -> DecodeError {
    DecodeError::BadValue { what }
}

fn check_client(name: &str, bytes: &[u8], limits: &Limits, expected: DecodeError) {
    assert_eq!(ClientFrame::decode(bytes, limits), Err(expected), "{name}");
}

fn check_relay(name: &str, bytes: &[u8], limits: &Limits, expected: DecodeError) {
    assert_eq!(RelayFrame::decode(bytes, limits), Err(expected), "{name}");
}

#[test]
fn bad_device_frames_get_their_exact_error() {
    let relay = &Limits::RELAY;
    let mib = 1024 * 1024;
    let max_u32 = u32::MAX as usize;
    let cases: Vec<(&str, Vec<u8>, DecodeError)> = vec![
        ("empty", vec![], DecodeError::Empty),
        ("version only", vec![1], truncated(1, 0)),
        (
            "version 0",
            vec![0, 1],
            DecodeError::WrongVersion { got: 0 },
        ),
        (
            "version 2",
            vec![2, 1, 0, 0],
            DecodeError::WrongVersion { got: 2 },
        ),
        ("kind 0", vec![1, 0], DecodeError::UnknownKind { kind: 0 }),
        ("kind 9", vec![1, 9], DecodeError::UnknownKind { kind: 9 }),
        (
            "a relay kind",
            vec![1, 0x81],
            DecodeError::UnknownKind { kind: 0x81 },
        ),
        (
            "hello cut in the project",
            frame(&[V, &[1], &[5; 10]]),
            truncated(16, 10),
        ),
        (
            "hello without a register flag",
            frame(&[V, &[1], &[5; 16]]),
            truncated(1, 0),
        ),
        (
            "hello with register flag 2",
            frame(&[V, &[1], &[5; 16], &[2]]),
            bad("register flag"),
        ),
        (
            "hello cut in the verifier",
            frame(&[V, &[1], &[5; 16], &[1], &[6; 31]]),
            truncated(32, 31),
        ),
        (
            "hello with a byte after",
            frame(&[V, &[1], &[5; 16], &[0], &[0]]),
            DecodeError::TrailingBytes { count: 1 },
        ),
        (
            "auth cut in the signature",
            frame(&[V, &[2], &[0; 63]]),
            truncated(64, 63),
        ),
        (
            "auth with bytes after",
            frame(&[V, &[2], &[0; 66]]),
            DecodeError::TrailingBytes { count: 2 },
        ),
        (
            "push cut in the request",
            frame(&[V, &[3], &[0; 3]]),
            truncated(4, 3),
        ),
        (
            "push cut in the count",
            frame(&[V, &[3], &le32(1), &[1, 0]]),
            truncated(4, 2),
        ),
        (
            "push of 257 blobs",
            frame(&[V, &[3], &le32(1), &le32(257)]),
            too_long("blobs", 257, 256),
        ),
        (
            "push of 4 billion blobs",
            frame(&[V, &[3], &le32(1), &le32(u32::MAX)]),
            too_long("blobs", max_u32, 256),
        ),
        (
            "push of 2 blobs with none",
            frame(&[V, &[3], &le32(1), &le32(2)]),
            truncated(16, 0),
        ),
        (
            "push of 2 blobs with one",
            frame(&[V, &[3], &le32(1), &le32(2), TAG, &[1], &le32(1), &[9]]),
            truncated(16, 0),
        ),
        (
            "push cut in a tag",
            frame(&[V, &[3], &le32(1), &le32(1), &TAG[..5]]),
            truncated(16, 5),
        ),
        (
            "push with blob kind 0",
            frame(&[V, &[3], &le32(1), &le32(1), TAG, &[0], &le32(0)]),
            bad("blob kind"),
        ),
        (
            "push with blob kind 4",
            frame(&[V, &[3], &le32(1), &le32(1), TAG, &[4], &le32(0)]),
            bad("blob kind"),
        ),
        (
            "push cut in a blob length",
            frame(&[V, &[3], &le32(1), &le32(1), TAG, &[1], &[0; 3]]),
            truncated(4, 3),
        ),
        (
            "push of a blob of 1 MiB and 1 byte",
            frame(&[
                V,
                &[3],
                &le32(1),
                &le32(1),
                TAG,
                &[1],
                &le32(mib as u32 + 1),
            ]),
            too_long("blob", mib + 1, mib),
        ),
        // The length is refused on its own: nothing of 4 GiB is ever allocated.
        (
            "push of a 4 GiB blob",
            frame(&[V, &[3], &le32(1), &le32(1), TAG, &[1], &le32(u32::MAX)]),
            too_long("blob", max_u32, mib),
        ),
        (
            "push cut in a blob's bytes",
            frame(&[V, &[3], &le32(1), &le32(1), TAG, &[1], &le32(100), &[0; 3]]),
            truncated(100, 3),
        ),
        (
            "push with a byte after",
            frame(&[V, &[3], &le32(1), &le32(0), &[0]]),
            DecodeError::TrailingBytes { count: 1 },
        ),
        (
            "pull cut in the cursor",
            frame(&[V, &[4], &le32(1), &[0; 7]]),
            truncated(8, 7),
        ),
        (
            "pull without a maximum",
            frame(&[V, &[4], &le32(1), &le64(0)]),
            truncated(4, 0),
        ),
        (
            "compact cut in the cover",
            frame(&[V, &[5], &le32(1), TAG, &[0; 4]]),
            truncated(8, 4),
        ),
        (
            "compact of another document's snapshot",
            frame(&[V, &[5], &le32(1), TAG, &le64(9), OTHER_TAG, &[2], &le32(0)]),
            bad("compact blob tag"),
        ),
        (
            "compact with changes",
            frame(&[V, &[5], &le32(1), TAG, &le64(9), TAG, &[1], &le32(0)]),
            bad("compact blob kind"),
        ),
        (
            "erase of another document's tombstone",
            frame(&[V, &[6], &le32(1), TAG, OTHER_TAG, &[3], &le32(0)]),
            bad("erase blob tag"),
        ),
        (
            "erase with changes",
            frame(&[V, &[6], &le32(1), TAG, TAG, &[1], &le32(0)]),
            bad("erase blob kind"),
        ),
        (
            "put media of 4 GiB",
            frame(&[V, &[7], &le32(1), TAG, &le32(u32::MAX)]),
            too_long("media", max_u32, 4 * mib),
        ),
        (
            "put media cut in its bytes",
            frame(&[V, &[7], &le32(1), TAG, &le32(10), &[0; 9]]),
            truncated(10, 9),
        ),
        (
            "get media cut in the id",
            frame(&[V, &[8], &le32(1), &ID[..31]]),
            truncated(32, 31),
        ),
        (
            "get media with bytes after",
            frame(&[V, &[8], &le32(1), ID, &[0; 5]]),
            DecodeError::TrailingBytes { count: 5 },
        ),
    ];
    for (name, bytes, expected) in cases {
        check_client(name, &bytes, relay, expected);
    }
}

#[test]
fn bad_relay_frames_get_their_exact_error() {
    let relay = &Limits::RELAY;
    let mib = 1024 * 1024;
    let entry = |kind: u8, len: u32| frame(&[&le64(1), TAG, &[kind], ID, &le32(len)]);
    let cases: Vec<(&str, Vec<u8>, DecodeError)> = vec![
        ("empty", vec![], DecodeError::Empty),
        (
            "version 255",
            vec![255, 0x81],
            DecodeError::WrongVersion { got: 255 },
        ),
        (
            "kind 0x89",
            vec![1, 0x89],
            DecodeError::UnknownKind { kind: 0x89 },
        ),
        (
            "a device kind",
            vec![1, 0x01],
            DecodeError::UnknownKind { kind: 0x01 },
        ),
        (
            "challenge cut in the nonce",
            frame(&[V, &[0x81], &[0; 20]]),
            truncated(32, 20),
        ),
        (
            "challenge cut in the limits",
            frame(&[V, &[0x81], &[0; 32], &le32(1), &[0; 2]]),
            truncated(4, 2),
        ),
        (
            "welcome cut in the head",
            frame(&[V, &[0x82], &[0; 7]]),
            truncated(8, 7),
        ),
        (
            "acked with 257 numbers",
            frame(&[V, &[0x83], &le32(1), &le32(257)]),
            too_long("seqs", 257, 256),
        ),
        (
            "acked with 2 numbers and 1",
            frame(&[V, &[0x83], &le32(1), &le32(2), &le64(1)]),
            truncated(8, 0),
        ),
        (
            "batch of 257 entries",
            frame(&[V, &[0x84], &le32(1), &le32(257)]),
            too_long("entries", 257, 256),
        ),
        (
            "batch with entry kind 9",
            frame(&[V, &[0x84], &le32(1), &le32(1), &entry(9, 0), &[0]]),
            bad("blob kind"),
        ),
        (
            "batch with an entry over the limit",
            frame(&[V, &[0x84], &le32(1), &le32(1), &entry(1, mib as u32 + 1)]),
            too_long("entry", mib + 1, mib),
        ),
        (
            "batch cut in an entry",
            frame(&[V, &[0x84], &le32(1), &le32(1), &entry(1, 4), &[0; 2]]),
            truncated(4, 2),
        ),
        (
            "batch without its more flag",
            frame(&[V, &[0x84], &le32(1), &le32(1), &entry(1, 0)]),
            truncated(1, 0),
        ),
        (
            "batch with more flag 2",
            frame(&[V, &[0x84], &le32(1), &le32(0), &[2]]),
            bad("more flag"),
        ),
        (
            "notify with bytes after",
            frame(&[V, &[0x85], &le64(3), &[0; 3]]),
            DecodeError::TrailingBytes { count: 3 },
        ),
        (
            "media stored cut in the id",
            frame(&[V, &[0x86], &le32(1), &ID[..1]]),
            truncated(32, 1),
        ),
        (
            "media with flag 7",
            frame(&[V, &[0x87], &le32(1), ID, &[7]]),
            bad("media flag"),
        ),
        (
            "media of 4 MiB and 1 byte",
            frame(&[V, &[0x87], &le32(1), ID, &[1], &le32(4 * mib as u32 + 1)]),
            too_long("media", 4 * mib + 1, 4 * mib),
        ),
        (
            "refused with request flag 2",
            frame(&[V, &[0x88], &[2], &[1]]),
            bad("request flag"),
        ),
        (
            "refused for reason 0",
            frame(&[V, &[0x88], &[0], &[0]]),
            bad("refusal"),
        ),
        (
            "refused for reason 11",
            frame(&[V, &[0x88], &[1], &le32(4), &[11]]),
            bad("refusal"),
        ),
        (
            "refused without a reason",
            frame(&[V, &[0x88], &[1], &le32(4)]),
            truncated(1, 0),
        ),
    ];
    for (name, bytes, expected) in cases {
        check_relay(name, &bytes, relay, expected);
    }
}

#[test]
fn a_frame_over_the_limit_is_refused_before_reading_it() {
    let limits = Limits {
        max_frame: 64,
        ..Limits::RELAY
    };
    // Even a frame that starts with a wrong version is refused for its size:
    // the size is checked first, on the whole message, before anything else.
    let mut long = vec![9; 65];
    check_client("65 bytes", &long, &limits, too_long("frame", 65, 64));
    check_relay("65 bytes", &long, &limits, too_long("frame", 65, 64));
    long.truncate(64);
    check_client(
        "64 bytes",
        &long,
        &limits,
        DecodeError::WrongVersion { got: 9 },
    );

    let default_max = Limits::RELAY.max_frame as usize;
    let huge = vec![1; default_max + 1];
    check_client(
        "the default limit",
        &huge,
        &Limits::RELAY,
        too_long("frame", default_max + 1, default_max),
    );
}

#[test]
fn limits_are_the_receivers_not_the_defaults() {
    let small = Limits {
        max_frame: 1024,
        max_blob: 8,
        max_batch: 2,
        max_connections_per_project: 1,
    };
    let push = |blobs: Vec<Blob>| ClientFrame::Push { request: 1, blobs }.encode();
    let blob = |len| Blob {
        tag: Tag([0; 16]),
        kind: BlobKind::Changes,
        bytes: vec![0; len],
    };
    check_client(
        "3 blobs",
        &push(vec![blob(1), blob(1), blob(1)]),
        &small,
        too_long("blobs", 3, 2),
    );
    check_client(
        "a 9-byte blob",
        &push(vec![blob(9)]),
        &small,
        too_long("blob", 9, 8),
    );
    assert!(ClientFrame::decode(&push(vec![blob(8), blob(8)]), &small).is_ok());
}

#[test]
fn a_length_within_a_huge_limit_but_past_the_frame_is_truncated_not_allocated() {
    let unlimited = Limits {
        max_frame: u32::MAX,
        max_blob: u32::MAX,
        max_batch: u32::MAX,
        max_connections_per_project: u32::MAX,
    };
    let push = frame(&[V, &[3], &le32(1), &le32(u32::MAX)]);
    check_client(
        "4 billion blobs in 10 bytes",
        &push,
        &unlimited,
        truncated(16, 0),
    );
    let media = frame(&[V, &[7], &le32(1), TAG, &le32(u32::MAX)]);
    check_client(
        "a 4 GiB recording in 26 bytes",
        &media,
        &unlimited,
        truncated(u32::MAX as usize, 0),
    );
}

#[test]
fn every_prefix_of_a_frame_is_truncated() {
    let frames = [
        ClientFrame::Hello {
            project: ProjectId([1; 16]),
            register: Some([2; 32]),
        }
        .encode(),
        ClientFrame::Push {
            request: 1,
            blobs: vec![
                Blob {
                    tag: Tag([3; 16]),
                    kind: BlobKind::Changes,
                    bytes: vec![4; 10],
                };
                2
            ],
        }
        .encode(),
        ClientFrame::Compact {
            request: 1,
            tag: Tag([3; 16]),
            covers: 5,
            blob: Blob {
                tag: Tag([3; 16]),
                kind: BlobKind::Snapshot,
                bytes: vec![4; 10],
            },
        }
        .encode(),
    ];
    for bytes in frames {
        assert!(ClientFrame::decode(&bytes, &Limits::RELAY).is_ok());
        for cut in 1..bytes.len() {
            let result = ClientFrame::decode(&bytes[..cut], &Limits::RELAY);
            assert!(
                matches!(result, Err(DecodeError::Truncated { .. })),
                "cut at {cut} of {}: {result:?}",
                bytes.len()
            );
        }
    }
}
