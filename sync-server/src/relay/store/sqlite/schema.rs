//! The SQLite file's settings and schema, with a version table so a later
//! relay can migrate it and an older one refuses a file it does not know.

use rusqlite::Connection;

use super::backend;
use crate::relay::store::{BlobKind, StoreError, StoreResult};

/// The schema this relay writes.
pub(crate) const VERSION: i64 = 1;

/// Settings every connection needs: durability on each commit (WAL with
/// `synchronous=FULL` fsyncs the log before a commit returns, and the relay
/// acknowledges only after that), foreign keys, and erased bytes overwritten
/// rather than left in free pages.
pub(super) fn configure(conn: &Connection) -> StoreResult<()> {
    let mode: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
        .map_err(backend)?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Backend(format!(
            "the database would not switch to WAL (it is in {mode} mode)"
        )));
    }
    conn.execute_batch(
        "PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA secure_delete = ON;
         PRAGMA busy_timeout = 5000;",
    )
    .map_err(backend)
}

/// Brings the file to [`VERSION`], creating it when empty.
pub(super) fn migrate(conn: &mut Connection) -> StoreResult<()> {
    let tx = conn.transaction().map_err(backend)?;
    tx.execute_batch("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        .map_err(backend)?;
    let found: Option<i64> = tx
        .query_row("SELECT max(version) FROM schema_version", [], |row| {
            row.get(0)
        })
        .map_err(backend)?;
    match found {
        None => {
            tx.execute_batch(V1).map_err(backend)?;
            tx.execute(
                "INSERT INTO schema_version (version) VALUES (?1)",
                [VERSION],
            )
            .map_err(backend)?;
        }
        Some(VERSION) => {}
        Some(other) => {
            return Err(StoreError::Backend(format!(
                "the database has schema version {other}; this relay knows {VERSION}"
            )));
        }
    }
    // Added to version 1 files too, as it changes nothing of what is stored
    // (an older relay keeps it up to date like any index): every push asks
    // whether its tag was erased, and without it that question read every
    // entry of the tag.
    tx.execute_batch(&format!(
        "CREATE INDEX IF NOT EXISTS entries_tombstones ON entries (project, tag)
         WHERE kind = {}",
        BlobKind::Tombstone.to_byte()
    ))
    .map_err(backend)?;
    tx.commit().map_err(backend)
}

/// The name of this life of the log (see [`crate::relay::store::RelayStore::log_id`]):
/// read from its table, or made when the table is new or was dropped by a
/// restore. The table is outside the schema's versions, since every relay
/// that knows it makes it when missing.
pub(super) fn log_id(conn: &Connection) -> StoreResult<heard_protocol::LogId> {
    conn.execute_batch("CREATE TABLE IF NOT EXISTS log_identity (id BLOB NOT NULL)")
        .map_err(backend)?;
    let found: Option<Vec<u8>> = conn
        .query_row("SELECT id FROM log_identity LIMIT 1", [], |row| row.get(0))
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            e => Err(e),
        })
        .map_err(backend)?;
    if let Some(id) = found.and_then(|b| <[u8; 16]>::try_from(b).ok()) {
        return Ok(id);
    }
    let mut id = [0; 16];
    getrandom::fill(&mut id)
        .map_err(|e| StoreError::Backend(format!("no randomness for the log's name: {e}")))?;
    conn.execute_batch("DELETE FROM log_identity")
        .map_err(backend)?;
    conn.execute("INSERT INTO log_identity (id) VALUES (?1)", [&id[..]])
        .map_err(backend)?;
    Ok(id)
}

/// Version 1. `bytes` is NULL once compaction has dropped an entry: its id
/// stays, so a late retry of that blob still gets its original seq.
const V1: &str = "
CREATE TABLE projects (
    id BLOB PRIMARY KEY NOT NULL,
    verifier BLOB NOT NULL,
    head INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE entries (
    project BLOB NOT NULL REFERENCES projects (id),
    seq INTEGER NOT NULL,
    tag BLOB NOT NULL,
    kind INTEGER NOT NULL,
    id BLOB NOT NULL,
    bytes BLOB,
    PRIMARY KEY (project, seq),
    UNIQUE (project, id)
);
CREATE INDEX entries_by_tag ON entries (project, tag, seq);

CREATE TABLE media (
    project BLOB NOT NULL REFERENCES projects (id),
    id BLOB NOT NULL,
    tag BLOB NOT NULL,
    bytes BLOB NOT NULL,
    PRIMARY KEY (project, id)
);
CREATE INDEX media_by_tag ON media (project, tag);
";
