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
    let mut cursors = vec![0; devices.len()];
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
                // The pusher pulls after its acknowledgement, as heard-sync
                // does (its Notify may come before or after the Ack); the
                // others on Notify, whose head may include later commits.
                if i != pusher {
                    loop {
                        match device.hear().await {
                            Heard::Frame(RelayFrame::Notify { head }) if head >= seqs[0] => break,
                            Heard::Frame(RelayFrame::Notify { .. }) => continue,
                            other => panic!("device {i} heard {other:?}"),
                        }
                    }
                }
                // As a device does on Notify: pull from its cursor, which
                // also lets the relay tell it of the next commit.
                let pull = ClientFrame::Pull {
                    request: 1_000 + round,
                    after: cursors[i],
                    max: 100,
                };
                match device.ask(&pull).await {
                    Heard::Frame(RelayFrame::Batch { entries, .. }) => {
                        assert!(entries.iter().any(|e| e.seq == seqs[0]), "device {i}");
                        cursors[i] = entries.last().map_or(cursors[i], |e| e.seq);
                    }
                    other => panic!("device {i} pulled and heard {other:?}"),
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

/// Notify is coalesced: after one, a device hears nothing more until it
/// pulls, however many commits follow. (The newest head sent right after a
/// pull that was read before it committed is a race, tested in
/// `relay::hearing`.)
#[tokio::test]
async fn a_device_hears_one_notify_until_it_pulls() {
    let dir = tempfile::tempdir().unwrap();
    let relay = TestRelay::start(dir.path(), &[]).await;
    let p = project(4);
    let (mut pusher, _) = Device::join(relay.addr, p, &key(4), true).await;
    let (mut listener, _) = Device::join(relay.addr, p, &key(4), false).await;
    let mut push = async |request: u32| {
        let text = format!("change {request}");
        match pusher
            .ask(&ClientFrame::Push {
                request,
                blobs: vec![blob(1, &text)],
            })
            .await
        {
            Heard::Frame(RelayFrame::Acked { seqs, .. }) => seqs[0],
            other => panic!("push refused: {other:?}"),
        }
    };
    let first = push(1).await;
    for request in 2..=5 {
        push(request).await;
    }
    let newest = push(6).await;
    let notify = |head| Some(Heard::Frame(RelayFrame::Notify { head }));
    let quiet = Duration::from_millis(200);
    assert_eq!(listener.hear_within(quiet).await, notify(first));
    assert_eq!(
        listener.hear_within(quiet).await,
        None,
        "one Notify until a pull"
    );

    // A batch with more behind it is followed by another pull, not a
    // Notify; a pull that reached the newest head by nothing.
    let pull = |request, after, max| ClientFrame::Pull {
        request,
        after,
        max,
    };
    listener.send(&pull(10, 0, 1)).await;
    assert!(matches!(
        listener.hear_within(quiet).await,
        Some(Heard::Frame(RelayFrame::Batch { more: true, .. }))
    ));
    assert_eq!(listener.hear_within(quiet).await, None);
    listener.send(&pull(11, first, 100)).await;
    let Some(Heard::Frame(RelayFrame::Batch { entries, more, .. })) =
        listener.hear_within(quiet).await
    else {
        panic!("no batch");
    };
    assert_eq!((entries.last().map(|e| e.seq), more), (Some(newest), false));
    assert_eq!(listener.hear_within(quiet).await, None);

    // Having pulled, the device is told of the next commit at once.
    let next = push(7).await;
    assert_eq!(listener.hear_within(quiet).await, notify(next));
    relay.stop().await;
}

/// A device may send pushes without waiting for each acknowledgement: they
/// are answered in order, with seqs in the order sent, a pull sent after
/// them is answered after them and holds them all, and a push sent twice
/// in the same flight is stored once.
#[tokio::test]
async fn pushes_in_flight_together_are_acknowledged_in_order() {
    const PUSHES: u32 = 20;
    let dir = tempfile::tempdir().unwrap();
    let relay = TestRelay::start(dir.path(), &["--request-burst", "1000"]).await;
    let p = project(5);
    let (mut device, _) = Device::join(relay.addr, p, &key(5), true).await;
    for request in 0..PUSHES {
        let text = format!("pipelined {}", request % (PUSHES - 1));
        let blobs = vec![blob(1, &text), blob(2, &format!("{text} too"))];
        device.send(&ClientFrame::Push { request, blobs }).await;
    }
    device
        .send(&ClientFrame::Pull {
            request: PUSHES,
            after: 0,
            max: 100,
        })
        .await;
    let mut seqs = Vec::new();
    for request in 0..PUSHES {
        match device.answer().await {
            Heard::Frame(RelayFrame::Acked {
                request: r,
                seqs: s,
            }) if r == request => seqs.push(s),
            other => panic!("push {request} heard {other:?}"),
        }
    }
    let fresh: Vec<u64> = seqs[..PUSHES as usize - 1].concat();
    assert_eq!(fresh, (1..=fresh.len() as u64).collect::<Vec<_>>());
    // The last push repeats the first: its blobs keep their seqs.
    assert_eq!(seqs[PUSHES as usize - 1], seqs[0]);
    match device.answer().await {
        Heard::Frame(RelayFrame::Batch {
            request,
            entries,
            more,
        }) => {
            assert_eq!((request, more), (PUSHES, false));
            let pulled: Vec<u64> = entries.iter().map(|e| e.seq).collect();
            assert_eq!(pulled, fresh);
        }
        other => panic!("the pull heard {other:?}"),
    }
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
