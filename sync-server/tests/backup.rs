//! Backup and restore with the real binary on loopback: a backup taken in
//! the middle of a burst of pushes from several devices restores to a relay
//! that the devices resume against (every blob the backup holds is there at
//! its seq; the devices push again what it lacks; nothing is duplicated or
//! lost); a restore refuses a data directory a running relay holds, and a
//! damaged backup is refused with an error that names the problem.

mod support;

use std::{
    collections::{HashMap, HashSet},
    net::SocketAddr,
    path::Path,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use heard_protocol::{Blob, BlobKind, ClientFrame, Entry, ProjectId, RelayFrame, Tag};
use support::{
    Device, Heard,
    binary::{self, RelayProcess},
    key, project,
};

const DEVICES: usize = 4;
const TAG: Tag = Tag([0x6b; 16]);
const MARKER: &str = "BACKUP-MARKER";
/// Rate limits out of the way: the burst should be as fast as commits.
const FAST: [&str; 4] = [
    "--requests-per-second",
    "100000",
    "--request-burst",
    "100000",
];

fn blob(bytes: Vec<u8>) -> Blob {
    Blob {
        tag: TAG,
        kind: BlobKind::Changes,
        bytes,
    }
}

/// Acknowledgements in the order they arrived: seq and blob bytes.
type Acks = Arc<Mutex<Vec<(u64, Vec<u8>)>>>;

/// Pushes until `stop`; returns everything this device sent.
async fn burst(
    addr: SocketAddr,
    p: ProjectId,
    device: usize,
    stop: Arc<AtomicBool>,
    acks: Acks,
) -> Vec<Vec<u8>> {
    let (mut relay, _) = Device::join(addr, p, &key(1), false).await;
    let mut sent = Vec::new();
    for push in 0u32.. {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let bytes: Vec<Vec<u8>> = (0..1 + push as usize % 4)
            .map(|i| format!("{MARKER} device {device} push {push} blob {i}").into_bytes())
            .collect();
        sent.extend(bytes.iter().cloned());
        let frame = ClientFrame::Push {
            request: push,
            blobs: bytes.iter().cloned().map(blob).collect(),
        };
        match relay.ask(&frame).await {
            Heard::Frame(RelayFrame::Acked { seqs, .. }) => {
                acks.lock().unwrap().extend(seqs.into_iter().zip(bytes));
            }
            other => panic!("device {device}: push {push} heard {other:?}"),
        }
    }
    sent
}

/// Every entry of project `p`, pulled in batches.
async fn everything(addr: SocketAddr, p: ProjectId) -> Vec<Entry> {
    let (mut device, _) = Device::join(addr, p, &key(1), false).await;
    let mut entries = Vec::new();
    loop {
        let after = entries.last().map_or(0, |e: &Entry| e.seq);
        let Heard::Frame(RelayFrame::Batch {
            entries: batch,
            more,
            ..
        }) = device
            .ask(&ClientFrame::Pull {
                request: 0,
                after,
                max: 256,
            })
            .await
        else {
            panic!("no batch");
        };
        entries.extend(batch);
        if !more {
            return entries;
        }
    }
}

/// Seq and bytes of every entry in a backup file, read with SQLite itself.
fn in_backup(file: &Path, p: ProjectId) -> Vec<(u64, Vec<u8>)> {
    let conn =
        rusqlite::Connection::open_with_flags(file, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let mut statement = conn
        .prepare("SELECT seq, bytes FROM entries WHERE project = ?1 ORDER BY seq")
        .unwrap();
    statement
        .query_map([p.0.as_slice()], |row| {
            Ok((row.get::<_, i64>(0)? as u64, row.get(1)?))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn seqs_and_bytes(entries: &[Entry]) -> Vec<(u64, Vec<u8>)> {
    entries.iter().map(|e| (e.seq, e.bytes.clone())).collect()
}

/// Pushes `sent` again in chunks, as a device resuming would; returns the
/// seq each blob was acknowledged with.
async fn push_again(addr: SocketAddr, p: ProjectId, sent: Vec<Vec<u8>>) -> Vec<(Vec<u8>, u64)> {
    let (mut device, _) = Device::join(addr, p, &key(1), false).await;
    let mut acked = Vec::new();
    for (request, chunk) in sent.chunks(100).enumerate() {
        let frame = ClientFrame::Push {
            request: request as u32,
            blobs: chunk.iter().cloned().map(blob).collect(),
        };
        let Heard::Frame(RelayFrame::Acked { seqs, .. }) = device.ask(&frame).await else {
            panic!("a resumed push was refused");
        };
        acked.extend(chunk.iter().cloned().zip(seqs));
    }
    acked
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_mid_burst_restores_to_a_relay_the_devices_resume_against() {
    let dir = tempfile::tempdir().unwrap();
    let (first_dir, second_dir) = (dir.path().join("a"), dir.path().join("b"));
    let file = dir.path().join("backups/relay-today.sqlite3");
    let log = dir.path().join("relay.log");
    let p = project(1);

    let relay = RelayProcess::start(&first_dir, &log, &FAST);
    Device::join(relay.addr, p, &key(1), true).await;
    let stop = Arc::new(AtomicBool::new(false));
    let acks: Acks = Arc::default();
    let tasks: Vec<_> = (0..DEVICES)
        .map(|d| tokio::spawn(burst(relay.addr, p, d, stop.clone(), acks.clone())))
        .collect();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let acked_before = acks.lock().unwrap().clone();
    let (data, to) = (first_dir.clone(), file.clone());
    let backup = tokio::task::spawn_blocking(move || binary::backup(&data, &to))
        .await
        .unwrap();
    assert!(backup.status.success(), "{}", binary::said(&backup));
    assert!(binary::said(&backup).contains("backup written to"));
    let acked_during = acks.lock().unwrap().len();
    // The burst goes on after the backup, so the backup lacks something.
    tokio::time::sleep(Duration::from_millis(200)).await;
    stop.store(true, Ordering::SeqCst);
    let mut sent_by_device = Vec::new();
    for task in tasks {
        sent_by_device.push(task.await.unwrap());
    }
    relay.kill();
    let acked_all: HashMap<Vec<u8>, u64> = acks
        .lock()
        .unwrap()
        .iter()
        .map(|(seq, bytes)| (bytes.clone(), *seq))
        .collect();
    let sent_all: HashSet<Vec<u8>> = sent_by_device.iter().flatten().cloned().collect();
    eprintln!(
        "{} acknowledged before the backup began, {acked_during} when it ended, {} in all",
        acked_before.len(),
        acked_all.len()
    );

    // The backup is a prefix of the log as the relay acknowledged it: what
    // was acknowledged before it began is in it at its seq.
    let backed_up = in_backup(&file, p);
    assert!(acked_before.len() > 10, "the burst had hardly begun");
    let backup_seqs: HashMap<u64, &Vec<u8>> = backed_up.iter().map(|(s, b)| (*s, b)).collect();
    for (seq, bytes) in &acked_before {
        assert_eq!(
            backup_seqs.get(seq),
            Some(&bytes),
            "seq {seq} not backed up"
        );
    }
    for (i, (seq, bytes)) in backed_up.iter().enumerate() {
        assert_eq!(*seq, i as u64 + 1, "the backup is not a prefix");
        assert_eq!(
            acked_all.get(bytes),
            Some(seq),
            "seq {seq} was never acked so"
        );
    }
    assert!(
        backed_up.len() < acked_all.len(),
        "nothing was acknowledged after the backup"
    );

    let restored = binary::restore(&file, &second_dir, false);
    assert!(restored.status.success(), "{}", binary::said(&restored));
    let relay = RelayProcess::start(&second_dir, &log, &FAST);
    assert_eq!(
        seqs_and_bytes(&everything(relay.addr, p).await),
        backed_up,
        "the restored relay holds other than the backup"
    );

    // The devices resume: each pushes again all it sent, together.
    let resumed: Vec<_> = sent_by_device
        .into_iter()
        .map(|sent| tokio::spawn(push_again(relay.addr, p, sent)))
        .collect();
    let backup_by_bytes: HashMap<&Vec<u8>, u64> = backed_up.iter().map(|(s, b)| (b, *s)).collect();
    let head = backed_up.len() as u64;
    for task in resumed {
        for (bytes, seq) in task.await.unwrap() {
            match backup_by_bytes.get(&bytes) {
                Some(kept) => assert_eq!(seq, *kept, "a backed-up blob got a new seq"),
                None => assert!(seq > head, "a new blob took an old seq"),
            }
        }
    }
    let entries = everything(relay.addr, p).await;
    let distinct: HashSet<&Vec<u8>> = entries.iter().map(|e| &e.bytes).collect();
    assert_eq!(distinct.len(), entries.len(), "a blob is stored twice");
    assert_eq!(distinct.len(), sent_all.len(), "a blob was lost");
    assert!(entries.iter().all(|e| sent_all.contains(&e.bytes)));
    for (seq, bytes) in &backed_up {
        assert_eq!(&entries[*seq as usize - 1].bytes, bytes);
    }
    relay.kill();

    let logs = std::fs::read_to_string(&log).unwrap();
    assert!(
        logs.contains("device connected"),
        "the log was not captured"
    );
    assert!(!logs.contains(MARKER), "a blob's bytes reached the log");
    assert!(!logs.contains(&TAG.to_string()), "a tag reached the log");
}

/// A relay on `data_dir` with `n` blobs pushed to project 1, then stopped.
async fn relay_with_blobs(data_dir: &Path, log: &Path, n: usize) {
    let relay = RelayProcess::start(data_dir, log, &FAST);
    let (mut device, _) = Device::join(relay.addr, project(1), &key(1), true).await;
    let blobs = (0..n)
        .map(|i| blob(format!("{MARKER} {i} {}", "x".repeat(1500)).into_bytes()))
        .collect();
    let acked = device.ask(&ClientFrame::Push { request: 0, blobs }).await;
    assert!(matches!(acked, Heard::Frame(RelayFrame::Acked { .. })));
    relay.kill();
}

#[tokio::test]
async fn a_restore_refuses_a_running_relays_directory_and_keeps_what_it_replaces() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let log = dir.path().join("relay.log");
    let file = dir.path().join("backup.sqlite3");
    relay_with_blobs(&data, &log, 5).await;
    assert!(binary::backup(&data, &file).status.success());

    let relay = RelayProcess::start(&data, &log, &FAST);
    let refused = binary::restore(&file, &data, true);
    assert!(!refused.status.success());
    assert!(
        binary::said(&refused).contains("a relay is running on"),
        "{}",
        binary::said(&refused)
    );
    relay.kill();

    let refused = binary::restore(&file, &data, false);
    assert!(!refused.status.success());
    assert!(
        binary::said(&refused).contains("already holds a relay database"),
        "{}",
        binary::said(&refused)
    );
    let replaced = binary::restore(&file, &data, true);
    assert!(replaced.status.success(), "{}", binary::said(&replaced));
    assert!(binary::said(&replaced).contains("relay.sqlite3.before-restore-"));
    let relay = RelayProcess::start(&data, &log, &FAST);
    assert_eq!(everything(relay.addr, project(1)).await.len(), 5);
    relay.kill();

    let nowhere = dir.path().join("nowhere");
    let missing = binary::backup(&nowhere, &dir.path().join("x.sqlite3"));
    assert!(binary::said(&missing).contains("there is no relay database at"));
    assert!(
        !nowhere.join("relay.sqlite3").exists(),
        "a wrong --data-dir made a database"
    );
}

/// Restores `bytes` as a backup into a fresh directory: it must fail, say
/// `expected`, and leave no database behind.
fn check(dir: &Path, case: &str, bytes: &[u8], expected: &str) {
    let file = dir.join(format!("{case}.sqlite3"));
    std::fs::write(&file, bytes).unwrap();
    let data = dir.join(format!("{case}-data"));
    let output = binary::restore(&file, &data, false);
    let said = binary::said(&output);
    assert!(!output.status.success(), "{case}: restored: {said}");
    assert!(said.contains(expected), "{case}: said {said:?}");
    assert!(said.contains(&file.display().to_string()), "{case}: {said}");
    let left: Vec<_> = std::fs::read_dir(&data)
        .map(|d| d.map(|e| e.unwrap().file_name()).collect())
        .unwrap_or_default();
    assert!(
        left.iter().all(|name| name == "relay.lock"),
        "{case}: left {left:?}"
    );
}

#[tokio::test]
async fn a_damaged_backup_is_refused_naming_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    relay_with_blobs(&data, &dir.path().join("relay.log"), 40).await;
    let file = dir.path().join("good.sqlite3");
    assert!(binary::backup(&data, &file).status.success());
    let good = std::fs::read(&file).unwrap();
    assert!(good.len() > 16 * 4096, "the backup is too small to damage");

    // Every copy of the marker, since SQLite leaves stale copies of cells in
    // the unused space of pages, where a changed byte harms nothing.
    let flipped = {
        let mut bytes = good.clone();
        let at: Vec<usize> = bytes
            .windows(MARKER.len())
            .enumerate()
            .filter(|(_, w)| *w == MARKER.as_bytes())
            .map(|(at, _)| at)
            .collect();
        assert!(at.len() >= 40);
        for at in at {
            bytes[at] ^= 0x20;
        }
        bytes
    };
    let overwritten = {
        let mut bytes = good.clone();
        bytes[4096..8192].fill(0xa5);
        bytes
    };
    let other_sqlite = {
        let path = dir.path().join("other.sqlite3");
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('hi')")
            .unwrap();
        drop(conn);
        std::fs::read(&path).unwrap()
    };
    let cases: [(&str, &[u8], &str); 7] = [
        ("empty", b"", "is truncated: it has 0 bytes"),
        ("header-only", &good[..60], "is truncated"),
        ("half", &good[..good.len() / 2], "is truncated"),
        (
            "not-sqlite",
            b"these are notes, not a database",
            "is not an SQLite database file",
        ),
        ("overwritten-page", &overwritten, "is damaged"),
        (
            "flipped-byte",
            &flipped,
            "is damaged: its contents do not match the checksum",
        ),
        ("other-sqlite", &other_sqlite, "is not a Heard relay backup"),
    ];
    for (case, bytes, expected) in cases {
        check(dir.path(), case, bytes, expected);
    }
    // The good one still restores.
    let restored = binary::restore(&file, &dir.path().join("restored"), false);
    assert!(restored.status.success(), "{}", binary::said(&restored));
    assert!(binary::said(&restored).contains("40 log entries"));
}
