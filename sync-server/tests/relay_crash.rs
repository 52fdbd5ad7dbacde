//! SIGKILL in the middle of a burst of pushes from several devices, several
//! times over: after each restart on the same data directory, every blob that
//! was acknowledged is there at its seq, exactly once; devices resume by
//! pushing again what they sent, and nothing is duplicated. The relay's logs
//! never hold a blob's bytes or a tag.

mod support;

use std::{
    collections::{HashMap, HashSet},
    net::SocketAddr,
    path::Path,
    sync::{Arc, Mutex},
    time::Duration,
};

use heard_protocol::{Blob, BlobKind, ClientFrame, Entry, ProjectId, RelayFrame, Tag};
use support::{Device, Heard, binary::RelayProcess, key, project};

const DEVICES: usize = 4;
const ROUNDS: usize = 4;
const MARKER: &str = "MARKER-words-someone-said";
const TAG: Tag = Tag([0x5a; 16]);

/// Starts the real binary on `data_dir` (rates high enough for the burst)
/// and waits for its address; its logs are appended to `log`.
fn start(data_dir: &Path, log: &Path) -> RelayProcess {
    RelayProcess::start(
        data_dir,
        log,
        &[
            "--requests-per-second",
            "100000",
            "--request-burst",
            "100000",
        ],
    )
}

/// Seqs and the blob bytes they were acknowledged for.
type Acked = Vec<(u64, Vec<u8>)>;

/// Pushes bursts until the relay goes away; records what was acknowledged.
async fn burst(
    addr: SocketAddr,
    p: ProjectId,
    device: usize,
    round: usize,
    sent: Arc<Mutex<HashSet<Vec<u8>>>>,
    acked: Arc<Mutex<Acked>>,
) {
    // On a busy machine the kill may come before this device is in.
    let Some(mut relay) = Device::try_join(addr, p, &key(1)).await else {
        return;
    };
    for push in 0u32.. {
        let blobs: Vec<Blob> = (0..1 + push as usize % 4)
            .map(|i| Blob {
                tag: TAG,
                kind: BlobKind::Changes,
                bytes: format!("{MARKER} round {round} device {device} push {push} blob {i}")
                    .into_bytes(),
            })
            .collect();
        sent.lock()
            .unwrap()
            .extend(blobs.iter().map(|b| b.bytes.clone()));
        let frame = ClientFrame::Push {
            request: push,
            blobs: blobs.clone(),
        };
        match relay.ask(&frame).await {
            Heard::Frame(RelayFrame::Acked { seqs, .. }) => {
                let mut acked = acked.lock().unwrap();
                acked.extend(seqs.into_iter().zip(blobs.into_iter().map(|b| b.bytes)));
            }
            _ => return,
        }
    }
}

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

/// Every acknowledged blob at its seq, every stored blob once and sent.
fn check(entries: &[Entry], acked: &HashMap<Vec<u8>, u64>, sent: &HashSet<Vec<u8>>) {
    let by_seq: HashMap<u64, &Entry> = entries.iter().map(|e| (e.seq, e)).collect();
    for (bytes, seq) in acked {
        let entry = by_seq
            .get(seq)
            .unwrap_or_else(|| panic!("acknowledged seq {seq} is gone"));
        assert_eq!(&entry.bytes, bytes, "seq {seq} holds another blob");
    }
    let distinct: HashSet<&Vec<u8>> = entries.iter().map(|e| &e.bytes).collect();
    assert_eq!(distinct.len(), entries.len(), "a blob is stored twice");
    assert!(
        entries.iter().all(|e| sent.contains(&e.bytes)),
        "a stored blob was never sent"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_pushes_survive_sigkill_mid_burst() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let log = dir.path().join("relay.log");
    let p = project(1);
    let mut acked_ever: HashMap<Vec<u8>, u64> = HashMap::new();
    let mut sent_ever: HashSet<Vec<u8>> = HashSet::new();
    let mut killed_with_acks = 0;

    for round in 0..ROUNDS {
        let relay = start(&data, &log);
        let addr = relay.addr;
        if round == 0 {
            Device::join(addr, p, &key(1), true).await;
        } else {
            // What survived the last kill, then the devices resume: they
            // push again everything they sent, and what was acknowledged
            // keeps its seq while nothing is stored twice.
            check(&everything(addr, p).await, &acked_ever, &sent_ever);
            let (mut device, _) = Device::join(addr, p, &key(1), false).await;
            let all: Vec<Vec<u8>> = sent_ever.iter().cloned().collect();
            for (request, chunk) in all.chunks(200).enumerate() {
                let blobs = chunk
                    .iter()
                    .map(|bytes| Blob {
                        tag: TAG,
                        kind: BlobKind::Changes,
                        bytes: bytes.clone(),
                    })
                    .collect();
                let Heard::Frame(RelayFrame::Acked { seqs, .. }) = device
                    .ask(&ClientFrame::Push {
                        request: request as u32,
                        blobs,
                    })
                    .await
                else {
                    panic!("the resumed push was refused");
                };
                for (bytes, seq) in chunk.iter().zip(seqs) {
                    if let Some(old) = acked_ever.insert(bytes.clone(), seq) {
                        assert_eq!(old, seq, "a re-pushed blob got a new seq");
                    }
                }
            }
            let entries = everything(addr, p).await;
            assert_eq!(
                entries.len(),
                sent_ever.len(),
                "resuming duplicated or lost"
            );
            check(&entries, &acked_ever, &sent_ever);
        }

        let sent = Arc::new(Mutex::new(HashSet::new()));
        let acked = Arc::new(Mutex::new(Vec::new()));
        let tasks: Vec<_> = (0..DEVICES)
            .map(|device| tokio::spawn(burst(addr, p, device, round, sent.clone(), acked.clone())))
            .collect();
        // Kill at a different moment each round, pushes in full flight.
        tokio::time::sleep(Duration::from_millis(150 + 70 * round as u64)).await;
        let before_kill = acked.lock().unwrap().len();
        relay.kill();
        for task in tasks {
            task.await.unwrap();
        }
        let acked = std::mem::take(&mut *acked.lock().unwrap());
        if before_kill > 0 {
            killed_with_acks += 1;
        }
        eprintln!(
            "round {round}: {} blobs acknowledged before SIGKILL, {} sent",
            acked.len(),
            sent.lock().unwrap().len()
        );
        for (seq, bytes) in acked {
            assert!(
                acked_ever.insert(bytes, seq).is_none(),
                "one blob acked twice"
            );
        }
        sent_ever.extend(sent.lock().unwrap().drain());
    }

    let relay = start(&data, &log);
    let addr = relay.addr;
    check(&everything(addr, p).await, &acked_ever, &sent_ever);
    relay.kill();
    assert_eq!(killed_with_acks, ROUNDS, "every kill came mid-burst");

    let logs = std::fs::read_to_string(&log).unwrap();
    assert!(
        logs.contains("device connected"),
        "the log was not captured"
    );
    assert!(!logs.contains(MARKER), "a blob's bytes reached the log");
    assert!(!logs.contains(&TAG.to_string()), "a tag reached the log");
}
