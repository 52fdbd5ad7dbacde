//! The SQL of each write, run by the group-commit writer inside its
//! transaction. Each function returns its value and the head it moved.

use std::sync::LazyLock;

use rusqlite::{Connection, OptionalExtension, params};

use super::backend;
use crate::relay::store::{
    Blob, BlobId, BlobKind, HeadChanged, ProjectId, Registered, StoreError, StoreResult, Tag,
    Verifier,
};

type Written<T> = StoreResult<(T, Option<HeadChanged>)>;

pub(super) fn register(
    conn: &Connection,
    project: ProjectId,
    verifier: Verifier,
) -> Written<Registered> {
    let existing: Option<Vec<u8>> = conn
        .prepare_cached("SELECT verifier FROM projects WHERE id = ?1")
        .map_err(backend)?
        .query_row([&project.0[..]], |row| row.get(0))
        .optional()
        .map_err(backend)?;
    let registered = match existing {
        Some(key) if key == verifier => Registered::AlreadyYours,
        Some(_) => Registered::TakenByOtherKey,
        None => {
            conn.prepare_cached("INSERT INTO projects (id, verifier, head) VALUES (?1, ?2, 0)")
                .map_err(backend)?
                .execute(params![&project.0[..], &verifier[..]])
                .map_err(backend)?;
            Registered::Created
        }
    };
    Ok((registered, None))
}

pub(super) fn push(conn: &Connection, project: ProjectId, blobs: Vec<Blob>) -> Written<Vec<u64>> {
    if blobs.is_empty() {
        head(conn, project)?;
        return Ok((Vec::new(), None));
    }
    // The head moves to the highest seq handed out: no read of it before
    // and after, as every new seq comes back from its own UPDATE.
    let mut newest = None;
    let seqs = blobs
        .into_iter()
        .map(|blob| {
            let (seq, new) = append_new(conn, project, blob)?;
            if new {
                newest = Some(seq);
            }
            Ok(seq)
        })
        .collect::<StoreResult<Vec<u64>>>()?;
    Ok((seqs, newest.map(|head| HeadChanged { project, head })))
}

pub(super) fn compact(
    conn: &Connection,
    project: ProjectId,
    tag: Tag,
    covers: u64,
    snapshot: Blob,
) -> Written<u64> {
    let before = head(conn, project)?;
    let seq = append(conn, project, Blob { tag, ..snapshot })?;
    if tombstone_of(conn, project, tag)?.is_none() {
        // The rows stay with their ids (see the schema); only bytes go, and
        // secure_delete overwrites them in the file.
        conn.prepare_cached(
            "UPDATE entries SET bytes = NULL
             WHERE project = ?1 AND tag = ?2 AND seq <= ?3 AND bytes IS NOT NULL",
        )
        .map_err(backend)?
        .execute(params![
            &project.0[..],
            &tag.0[..],
            sql_seq(covers.min(seq - 1))
        ])
        .map_err(backend)?;
    }
    Ok((seq, moved(conn, project, before)?))
}

pub(super) fn erase(
    conn: &Connection,
    project: ProjectId,
    tag: Tag,
    tombstone: Blob,
) -> Written<u64> {
    let before = head(conn, project)?;
    if let Some(seq) = seq_of(conn, project, &BlobId::of(&tombstone.bytes))? {
        return Ok((seq, None));
    }
    conn.prepare_cached("DELETE FROM entries WHERE project = ?1 AND tag = ?2")
        .map_err(backend)?
        .execute(params![&project.0[..], &tag.0[..]])
        .map_err(backend)?;
    conn.prepare_cached("DELETE FROM media WHERE project = ?1 AND tag = ?2")
        .map_err(backend)?
        .execute(params![&project.0[..], &tag.0[..]])
        .map_err(backend)?;
    let seq = append(conn, project, Blob { tag, ..tombstone })?;
    Ok((seq, moved(conn, project, before)?))
}

pub(super) fn put_media(
    conn: &Connection,
    project: ProjectId,
    tag: Tag,
    bytes: Vec<u8>,
) -> Written<BlobId> {
    head(conn, project)?;
    let id = BlobId::of(&bytes);
    // Media of an erased document is absorbed like its blobs.
    if tombstone_of(conn, project, tag)?.is_none() {
        conn.prepare_cached(
            "INSERT OR IGNORE INTO media (project, id, tag, bytes) VALUES (?1, ?2, ?3, ?4)",
        )
        .map_err(backend)?
        .execute(params![&project.0[..], &id.0[..], &tag.0[..], bytes])
        .map_err(backend)?;
    }
    Ok((id, None))
}

/// One blob under the log rules of `RelayStore`: a known id keeps its seq, a
/// tombstoned tag absorbs it, anything else takes the project's next seq.
fn append(conn: &Connection, project: ProjectId, blob: Blob) -> StoreResult<u64> {
    append_new(conn, project, blob).map(|(seq, _)| seq)
}

/// [`append`], saying whether the seq is a new one.
fn append_new(conn: &Connection, project: ProjectId, blob: Blob) -> StoreResult<(u64, bool)> {
    let id = BlobId::of(&blob.bytes);
    if let Some(seq) = seq_of(conn, project, &id)? {
        return Ok((seq, false));
    }
    if let Some(seq) = tombstone_of(conn, project, blob.tag)? {
        return Ok((seq, false));
    }
    // In PostgreSQL this UPDATE is the row lock that orders a project's
    // writers; here the single writer already does.
    let seq: i64 = conn
        .prepare_cached("UPDATE projects SET head = head + 1 WHERE id = ?1 RETURNING head")
        .map_err(backend)?
        .query_row([&project.0[..]], |row| row.get(0))
        .optional()
        .map_err(backend)?
        .ok_or(StoreError::UnknownProject)?;
    conn.prepare_cached(
        "INSERT INTO entries (project, seq, tag, kind, id, bytes) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )
    .map_err(backend)?
    .execute(params![
        &project.0[..],
        seq,
        &blob.tag.0[..],
        blob.kind.to_byte(),
        &id.0[..],
        blob.bytes
    ])
    .map_err(backend)?;
    Ok((seq as u64, true))
}

fn seq_of(conn: &Connection, project: ProjectId, id: &BlobId) -> StoreResult<Option<u64>> {
    conn.prepare_cached("SELECT seq FROM entries WHERE project = ?1 AND id = ?2")
        .map_err(backend)?
        .query_row(params![&project.0[..], &id.0[..]], |row| {
            row.get::<_, i64>(0)
        })
        .optional()
        .map(|seq| seq.map(|s| s as u64))
        .map_err(backend)
}

fn tombstone_of(conn: &Connection, project: ProjectId, tag: Tag) -> StoreResult<Option<u64>> {
    // The kind is written into the SQL, not bound, so that SQLite sees the
    // query matches the partial index of tombstones (see the schema) and
    // reads one index entry instead of every entry of the tag.
    conn.prepare_cached(&TOMBSTONE_OF)
        .map_err(backend)?
        .query_row(params![&project.0[..], &tag.0[..]], |row| {
            row.get::<_, i64>(0)
        })
        .optional()
        .map(|seq| seq.map(|s| s as u64))
        .map_err(backend)
}

static TOMBSTONE_OF: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT seq FROM entries INDEXED BY entries_tombstones
         WHERE project = ?1 AND tag = ?2 AND kind = {}",
        BlobKind::Tombstone.to_byte()
    )
});

/// The project's head, or `UnknownProject`.
pub(super) fn head(conn: &Connection, project: ProjectId) -> StoreResult<u64> {
    conn.prepare_cached("SELECT head FROM projects WHERE id = ?1")
        .map_err(backend)?
        .query_row([&project.0[..]], |row| row.get::<_, i64>(0))
        .optional()
        .map_err(backend)?
        .map(|h| h as u64)
        .ok_or(StoreError::UnknownProject)
}

fn moved(conn: &Connection, project: ProjectId, before: u64) -> StoreResult<Option<HeadChanged>> {
    let after = head(conn, project)?;
    Ok((after != before).then_some(HeadChanged {
        project,
        head: after,
    }))
}

/// SQLite integers are signed; a cursor past i64::MAX means "everything".
pub(super) fn sql_seq(seq: u64) -> i64 {
    i64::try_from(seq).unwrap_or(i64::MAX)
}
