//! Reading the SQLite file on connections of their own, so pulls never wait
//! for the writer (WAL lets readers and the writer go on side by side).

use std::{path::PathBuf, sync::Mutex};

use rusqlite::{Connection, OptionalExtension, params};
use tokio::sync::Semaphore;

use super::{backend, schema, writes::sql_seq};
use crate::relay::store::{
    BlobId, BlobKind, Entry, ProjectId, Pulled, StoreError, StoreResult, Tag, Verifier,
};

/// Reads at once; more would only queue on two cores' worth of disk.
const READERS: usize = 4;

/// A few read-only connections, opened when first needed and reused.
pub(super) struct Readers {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
    permits: Semaphore,
}

impl Readers {
    pub(super) fn new(path: PathBuf) -> Self {
        Readers {
            path,
            idle: Mutex::new(Vec::new()),
            permits: Semaphore::new(READERS),
        }
    }

    /// Runs `read` on a reader connection off the async threads.
    pub(super) async fn read<T: Send + 'static>(
        &self,
        read: impl FnOnce(&Connection) -> StoreResult<T> + Send + 'static,
    ) -> StoreResult<T> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| StoreError::Backend("readers closed".into()))?;
        let conn = match self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop() {
            Some(conn) => conn,
            None => self.open()?,
        };
        let (conn, result) = tokio::task::spawn_blocking(move || {
            let result = read(&conn);
            (conn, result)
        })
        .await
        .map_err(|e| StoreError::Backend(format!("a read stopped: {e}")))?;
        self.idle
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(conn);
        result
    }

    fn open(&self) -> StoreResult<Connection> {
        let conn = Connection::open(&self.path).map_err(backend)?;
        schema::configure(&conn)?;
        conn.execute_batch("PRAGMA query_only = ON")
            .map_err(backend)?;
        Ok(conn)
    }
}

pub(super) fn verifier(conn: &Connection, project: ProjectId) -> StoreResult<Option<Verifier>> {
    let key: Option<Vec<u8>> = conn
        .prepare_cached("SELECT verifier FROM projects WHERE id = ?1")
        .map_err(backend)?
        .query_row([&project.0[..]], |row| row.get(0))
        .optional()
        .map_err(backend)?;
    key.map(|k| fixed(&k, "verifier")).transpose()
}

pub(super) fn pull(
    conn: &Connection,
    project: ProjectId,
    after: u64,
    max: u32,
    max_bytes: usize,
) -> StoreResult<Pulled> {
    // Both reads in one transaction, so "unknown project" and the entries
    // come from the same moment.
    conn.execute_batch("BEGIN").map_err(backend)?;
    let pulled = pull_in(conn, project, after, max, max_bytes);
    let _ = conn.execute_batch("COMMIT");
    pulled
}

fn pull_in(
    conn: &Connection,
    project: ProjectId,
    after: u64,
    max: u32,
    max_bytes: usize,
) -> StoreResult<Pulled> {
    super::writes::head(conn, project)?;
    let mut statement = conn
        .prepare_cached(
            "SELECT seq, tag, kind, id, length(bytes), bytes FROM entries
             WHERE project = ?1 AND seq > ?2 AND bytes IS NOT NULL
             ORDER BY seq LIMIT ?3",
        )
        .map_err(backend)?;
    let mut rows = statement
        .query(params![&project.0[..], sql_seq(after), i64::from(max) + 1])
        .map_err(backend)?;
    let mut pulled = Pulled::default();
    let mut bytes = 0usize;
    while let Some(row) = rows.next().map_err(backend)? {
        let len = row.get::<_, i64>(4).map_err(backend)? as usize;
        let full = pulled.entries.len() >= max as usize
            || (!pulled.entries.is_empty() && bytes + len > max_bytes);
        if full {
            pulled.more = true;
            break;
        }
        bytes += len;
        pulled.entries.push(Entry {
            seq: row.get::<_, i64>(0).map_err(backend)? as u64,
            tag: Tag(fixed(&row.get::<_, Vec<u8>>(1).map_err(backend)?, "tag")?),
            kind: BlobKind::from_byte(row.get(2).map_err(backend)?)
                .ok_or_else(|| StoreError::Backend("a stored kind is unknown".into()))?,
            id: BlobId(fixed(&row.get::<_, Vec<u8>>(3).map_err(backend)?, "id")?),
            bytes: row.get(5).map_err(backend)?,
        });
    }
    Ok(pulled)
}

pub(super) fn get_media(
    conn: &Connection,
    project: ProjectId,
    id: BlobId,
) -> StoreResult<Option<Vec<u8>>> {
    super::writes::head(conn, project)?;
    conn.prepare_cached("SELECT bytes FROM media WHERE project = ?1 AND id = ?2")
        .map_err(backend)?
        .query_row(params![&project.0[..], &id.0[..]], |row| row.get(0))
        .optional()
        .map_err(backend)
}

/// A fixed-size column; another size means the file was damaged.
fn fixed<const N: usize>(bytes: &[u8], what: &str) -> StoreResult<[u8; N]> {
    bytes
        .try_into()
        .map_err(|_| StoreError::Backend(format!("a stored {what} has {} bytes", bytes.len())))
}
