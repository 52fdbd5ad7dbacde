//! What only the SQLite store promises: its file outlives the process, group
//! commit shares fsyncs between writers, and it refuses a file it does not know.

use std::{sync::Arc, time::Instant};

use clap::Parser;
use heard_sync_server::{
    Config,
    relay::store::{Blob, BlobKind, ProjectId, RelayStore, SqliteStore, Tag},
};

const P: ProjectId = ProjectId([7; 16]);
const KEY: [u8; 32] = [9; 32];
const T: Tag = Tag([3; 16]);

fn blob(text: &str) -> Blob {
    Blob {
        tag: T,
        kind: BlobKind::Changes,
        bytes: text.as_bytes().to_vec(),
    }
}

#[tokio::test]
async fn data_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let media;
    {
        let store = SqliteStore::open(dir.path()).unwrap();
        store.register(P, KEY).await.unwrap();
        store.push(P, vec![blob("one"), blob("two")]).await.unwrap();
        let snapshot = Blob {
            kind: BlobKind::Snapshot,
            ..blob("one and two")
        };
        store.compact(P, T, 1, snapshot).await.unwrap();
        media = store.put_media(P, T, b"audio".to_vec()).await.unwrap();
    }
    let store = SqliteStore::open(dir.path()).unwrap();
    assert_eq!(store.verifier(P).await.unwrap(), Some(KEY));
    assert_eq!(store.head(P).await.unwrap(), 3);
    let pulled = store.pull(P, 0, 10, usize::MAX).await.unwrap();
    let seqs: Vec<u64> = pulled.entries.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, [2, 3]);
    assert_eq!(store.push(P, vec![blob("one")]).await.unwrap(), [1]);
    assert_eq!(
        store.get_media(P, media).await.unwrap().as_deref(),
        Some(&b"audio"[..])
    );
    assert_eq!(store.push(P, vec![blob("four")]).await.unwrap(), [4]);
}

/// Many writers at once: every acknowledged blob is in the file after it is
/// reopened, and the writes shared transactions (group commit).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_blobs_are_there_after_reopening_and_commits_are_shared() {
    const TASKS: usize = 100;
    const PUSHES: usize = 20;
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open(dir.path()).unwrap());
    store.register(P, KEY).await.unwrap();
    let commits_before = store.commits();
    let started = Instant::now();
    let mut tasks = Vec::new();
    for task in 0..TASKS {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let mut acked = Vec::new();
            for push in 0..PUSHES {
                let b = blob(&format!("device {task} change {push}"));
                let seq = store.push(P, vec![b.clone()]).await.unwrap()[0];
                acked.push((seq, b.bytes));
            }
            acked
        }));
    }
    let mut acked = Vec::new();
    for task in tasks {
        acked.extend(task.await.unwrap());
    }
    let elapsed = started.elapsed();
    let commits = store.commits() - commits_before;
    let pushes = acked.len();
    eprintln!(
        "group commit: {pushes} single-blob pushes from {TASKS} tasks in {:.0} ms \
         = {:.0} durable pushes/s, {commits} commits ({:.1} pushes per commit)",
        elapsed.as_secs_f64() * 1e3,
        pushes as f64 / elapsed.as_secs_f64(),
        pushes as f64 / commits as f64,
    );
    assert!(
        (commits as usize) < pushes / 2,
        "{commits} commits for {pushes} pushes: writes are not being grouped"
    );
    drop(store);

    let store = SqliteStore::open(dir.path()).unwrap();
    let pulled = store.pull(P, 0, u32::MAX, usize::MAX).await.unwrap();
    assert_eq!(pulled.entries.len(), pushes);
    for (seq, bytes) in acked {
        assert_eq!(pulled.entries[seq as usize - 1].bytes, bytes, "seq {seq}");
    }
}

/// Checkpoints run beside the writer: what is pushed reaches the main file
/// while the relay serves, long before the WAL is big enough for the
/// writer's own checkpoint (which would hold up the commits behind it).
#[tokio::test]
async fn pushed_blobs_are_copied_into_the_main_file_while_serving() {
    const BLOBS: usize = 200;
    const SIZE: usize = 4_000;
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path()).unwrap();
    store.register(P, KEY).await.unwrap();
    let file_len = || std::fs::metadata(store.path()).unwrap().len() as usize;
    let empty = file_len();
    for n in 0..BLOBS {
        let mut b = blob(&format!("{n:>SIZE$}"));
        b.bytes.truncate(SIZE);
        store.push(P, vec![b]).await.unwrap();
    }
    let deadline = Instant::now() + std::time::Duration::from_secs(10);
    while file_len() < empty + BLOBS * SIZE && Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(
        file_len() >= empty + BLOBS * SIZE,
        "the main file is {} bytes after {} bytes were pushed: the WAL was not copied back",
        file_len(),
        BLOBS * SIZE
    );
}

#[test]
fn the_file_is_in_the_data_dir_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("nested").join("data");
    let store = SqliteStore::open(&data).unwrap();
    assert_eq!(store.path(), data.join("relay.sqlite3"));
    drop(store);
    let conn = rusqlite::Connection::open(data.join("relay.sqlite3")).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let version: i64 = conn
        .query_row("SELECT version FROM schema_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(version, 1);
}

#[test]
fn a_file_from_a_newer_relay_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    drop(SqliteStore::open(dir.path()).unwrap());
    let conn = rusqlite::Connection::open(dir.path().join("relay.sqlite3")).unwrap();
    conn.execute("UPDATE schema_version SET version = 2", [])
        .unwrap();
    drop(conn);
    let error = SqliteStore::open(dir.path()).err().unwrap().to_string();
    assert!(error.contains("schema version 2"), "{error}");
}

#[test]
fn the_data_dir_defaults_to_data_in_the_working_directory() {
    let config = Config::parse_from(["heard-sync-server"]);
    assert_eq!(config.data_dir, std::path::PathBuf::from("data"));
    let config = Config::parse_from(["heard-sync-server", "--data-dir", "/srv/heard"]);
    assert_eq!(config.data_dir, std::path::PathBuf::from("/srv/heard"));
}

#[test]
fn the_log_keeps_its_name_across_restarts_and_is_named_anew_when_restored() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let first = SqliteStore::open(&data).unwrap().log_id();
    assert_eq!(
        SqliteStore::open(&data).unwrap().log_id(),
        first,
        "a restart is the same log"
    );
    let backup = dir.path().join("relay.backup");
    heard_sync_server::backup::take(&data, &backup).unwrap();
    let restored = dir.path().join("restored");
    heard_sync_server::backup::restore(&backup, &restored, false).unwrap();
    let again = SqliteStore::open(&restored).unwrap().log_id();
    assert_ne!(again, first, "a restored log is another life of the log");
    assert_eq!(SqliteStore::open(&restored).unwrap().log_id(), again);
}
