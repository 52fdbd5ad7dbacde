//! The relay between several devices: Notify after each commit, catching up
//! in batches, compaction and erasure over the wire, the rate limit, the
//! per-project connection cap, and goodbye on shutdown.

mod support;

use std::time::{Duration, Instant};

use heard_protocol::{Blob, BlobKind, ClientFrame, Refusal, RelayFrame, Tag};
use support::{Device, Heard, TestRelay, key, project};

fn blob(tag: u8, text: &str) -> Blob {
    Blob {
        tag: Tag([tag; 16]),
        kind: BlobKind::Changes,
        bytes: text.as_bytes().to_vec(),
    }
}

fn acked(request: u32, seqs: Vec<u64>) -> Heard {
    Heard::Frame(RelayFrame::Acked { request, seqs })
}

/// Every device of the project hears a Notify soon after another device's
/// push commits; a device of another project hears nothing.
#[tokio::test]
async fn pushes_from_several_devices_reach_the_others_as_notify() {
    let dir = tempfile::tempdir().unwrap();
    let relay = TestRelay::start(dir.path(), &[]).await;
    let p = project(1);
    let (first, _) = Device::join(relay.addr, p, &key(1), true).await;
    let mut devices = vec![first];
    for _ in 0..3 {
        devices.push(Device::join(relay.addr, p, &key(1), false).await.0);
    }
    let (mut stranger, _) = Device::join(relay.addr, project(2), &key(2), true).await;
    let mut slowest = Duration::ZERO;
    for round in 0..3u32 {
        for pusher in 0..devices.len() {
            let started = Instant::now();
            let text = format!("round {round} from device {pusher}");
            let heard = devices[pusher]
                .ask(&ClientFrame::Push {
                    request: round,
                    blobs: vec![blob(1, &text)],
                })
                .await;
            let Heard::Frame(RelayFrame::Acked { seqs, .. }) = heard else {
                panic!("push refused: {heard:?}");
            };
            for (i, device) in devices.iter_mut().enumerate() {
                if i == pusher {
                    continue;
                }
                // The head a device hears may already include later commits.
                loop {
                    match device.hear().await {
                        Heard::Frame(RelayFrame::Notify { head }) if head >= seqs[0] => break,
                        Heard::Frame(RelayFrame::Notify { .. }) => continue,
                        other => panic!("device {i} heard {other:?}"),
                    }
                }
            }
            slowest = slowest.max(started.elapsed());
        }
    }
    eprintln!("push to Notify on three other devices: slowest {slowest:?}");
    assert!(slowest < Duration::from_millis(500), "{slowest:?}");
    assert_eq!(stranger.hear_within(Duration::from_millis(100)).await, None);
    relay.stop().await;
}

/// A new device catches up in batches, then sees compaction and erasure.
#[tokio::test]
async fn catch_up_in_batches_then_compact_and_erase() {
    let dir = tempfile::tempdir().unwrap();
    let relay = TestRelay::start(dir.path(), &["--request-burst", "1000"]).await;
    let p = project(3);
    let (mut writer, _) = Device::join(relay.addr, p, &key(3), true).await;
    for request in 0..10 {
        let blobs = (0..30)
            .map(|i| blob((i % 2) as u8, &format!("change {request}/{i}")))
            .collect();
        assert!(matches!(
            writer.ask(&ClientFrame::Push { request, blobs }).await,
            Heard::Frame(RelayFrame::Acked { .. })
        ));
    }
    let (mut reader, head) = Device::join(relay.addr, p, &key(3), false).await;
    assert_eq!(head, 300);
    let mut after = 0;
    let mut batches = 0;
    loop {
        let Heard::Frame(RelayFrame::Batch { entries, more, .. }) = reader
            .ask(&ClientFrame::Pull {
                request: batches,
                after,
                max: 1000,
            })
            .await
        else {
            panic!("no batch");
        };
        batches += 1;
        assert!(entries.len() <= 256, "a batch is at most max_batch");
        for entry in &entries {
            assert_eq!(entry.seq, after + 1, "in order, nothing skipped");
            after = entry.seq;
        }
        if !more {
            break;
        }
    }
    assert_eq!((after, batches), (300, 2));

    let snapshot = Blob {
        kind: BlobKind::Snapshot,
        ..blob(0, "document 0 up to 300")
    };
    assert_eq!(
        writer
            .ask(&ClientFrame::Compact {
                request: 50,
                tag: Tag([0; 16]),
                covers: 300,
                blob: snapshot,
            })
            .await,
        acked(50, vec![301])
    );
    let tombstone = Blob {
        kind: BlobKind::Tombstone,
        ..blob(1, "document 1 erased")
    };
    assert_eq!(
        writer
            .ask(&ClientFrame::Erase {
                request: 51,
                tag: Tag([1; 16]),
                tombstone,
            })
            .await,
        acked(51, vec![302])
    );
    let Heard::Frame(RelayFrame::Batch { entries, more, .. }) = reader
        .ask(&ClientFrame::Pull {
            request: 60,
            after: 0,
            max: 1000,
        })
        .await
    else {
        panic!("no batch");
    };
    let texts: Vec<(u64, &[u8])> = entries.iter().map(|e| (e.seq, &e.bytes[..])).collect();
    assert_eq!(
        texts,
        [
            (301, &b"document 0 up to 300"[..]),
            (302, &b"document 1 erased"[..])
        ]
    );
    assert!(!more);
    relay.stop().await;
}

#[tokio::test]
async fn a_connection_over_its_rate_is_refused_then_served_again() {
    let dir = tempfile::tempdir().unwrap();
    let relay = TestRelay::start(
        dir.path(),
        &["--requests-per-second", "5", "--request-burst", "3"],
    )
    .await;
    let (mut device, _) = Device::join(relay.addr, project(4), &key(4), true).await;
    let pull = |request| ClientFrame::Pull {
        request,
        after: 0,
        max: 10,
    };
    for request in 0..3 {
        assert!(matches!(
            device.ask(&pull(request)).await,
            Heard::Frame(RelayFrame::Batch { .. })
        ));
    }
    assert_eq!(
        device.ask(&pull(3)).await,
        Heard::Frame(RelayFrame::Refused {
            request: Some(3),
            reason: Refusal::RateLimited
        })
    );
    // Another connection has its own bucket.
    let (mut other, _) = Device::join(relay.addr, project(4), &key(4), false).await;
    assert!(matches!(
        other.ask(&pull(0)).await,
        Heard::Frame(RelayFrame::Batch { .. })
    ));
    tokio::time::sleep(Duration::from_millis(250)).await;
    assert!(matches!(
        device.ask(&pull(4)).await,
        Heard::Frame(RelayFrame::Batch { .. })
    ));
    relay.stop().await;
}

#[tokio::test]
async fn a_project_has_a_connection_cap_and_shutdown_says_goodbye() {
    let dir = tempfile::tempdir().unwrap();
    let relay = TestRelay::start(dir.path(), &["--max-connections-per-project", "2"]).await;
    let p = project(5);
    let (first, _) = Device::join(relay.addr, p, &key(5), true).await;
    let (mut second, _) = Device::join(relay.addr, p, &key(5), false).await;
    let mut third = Device::connect(relay.addr).await;
    assert_eq!(
        third.handshake(p, &key(5), false).await,
        Heard::Frame(RelayFrame::Refused {
            request: None,
            reason: Refusal::TooManyConnections
        })
    );
    assert!(third.closes().await);
    // Another project is not affected.
    let (mut other, _) = Device::join(relay.addr, project(6), &key(6), true).await;
    // A place frees when a device leaves.
    drop(first);
    let mut joined = None;
    for _ in 0..50 {
        let mut device = Device::connect(relay.addr).await;
        if let Heard::Frame(RelayFrame::Welcome { .. }) = device.handshake(p, &key(5), false).await
        {
            joined = Some(device);
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut fourth = joined.expect("the freed place was never given");

    let stopping = tokio::spawn(relay.stop());
    let goodbye = Heard::Frame(RelayFrame::Refused {
        request: None,
        reason: Refusal::ShuttingDown,
    });
    for device in [&mut second, &mut fourth, &mut other] {
        assert_eq!(device.hear().await, goodbye);
        assert!(device.closes().await);
    }
    tokio::time::timeout(Duration::from_secs(5), stopping)
        .await
        .expect("the relay did not stop")
        .unwrap();
}
