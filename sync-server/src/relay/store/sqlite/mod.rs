//! The SQLite store: one file `<data-dir>/relay.sqlite3` in WAL mode, written
//! by the group-commit [`writer`] and read on separate connections.

mod checkpoint;
mod reads;
mod schema;
mod writer;
mod writes;

use std::path::{Path, PathBuf};

use heard_protocol::LogId;
use rusqlite::Connection;

/// The schema version this relay writes; a backup must carry the same.
pub(crate) use schema::VERSION as SCHEMA_VERSION;

use super::{
    Blob, BlobId, Notifier, ProjectId, Pulled, Registered, RelayStore, StoreError, StoreResult,
    Tag, Verifier,
};

/// The writer's page cache, in KiB.
const WRITER_CACHE_KIB: u32 = 64 * 1024;

/// The database's name inside the data directory.
pub const FILE_NAME: &str = "relay.sqlite3";

pub struct SqliteStore {
    writer: writer::Writer,
    readers: reads::Readers,
    notifier: Notifier,
    path: PathBuf,
    log: LogId,
}

impl SqliteStore {
    /// Opens (creating if needed) the store in `data_dir`.
    pub fn open(data_dir: &Path) -> StoreResult<Self> {
        std::fs::create_dir_all(data_dir).map_err(|e| {
            StoreError::Backend(format!("cannot create {}: {e}", data_dir.display()))
        })?;
        let path = data_dir.join(FILE_NAME);
        let mut conn = Connection::open(&path).map_err(backend)?;
        schema::configure(&conn)?;
        schema::migrate(&mut conn)?;
        let log = schema::log_id(&conn)?;
        // Checkpoints run on their own thread (see `checkpoint`); the
        // writer's own is only a backstop. The writer's page cache is large
        // (SQLite's default is 2 MiB): every push lands on a random page of
        // the blob-id index and of the tag index, and with a small cache
        // most of those were read back from the file first. Pages are cached
        // only as they are used, so a small relay stays small.
        conn.execute_batch(&format!(
            "PRAGMA wal_autocheckpoint = {};
             PRAGMA cache_size = -{WRITER_CACHE_KIB};",
            checkpoint::WRITER_BACKSTOP_PAGES
        ))
        .map_err(backend)?;
        let checkpointer = checkpoint::Checkpointer::start(path.clone())?;
        let notifier = Notifier::new();
        Ok(SqliteStore {
            writer: writer::Writer::start(conn, notifier.clone(), checkpointer)?,
            readers: reads::Readers::new(path.clone()),
            notifier,
            path,
            log,
        })
    }

    /// Transactions the writer has committed; fewer than writes when group
    /// commit is doing its job.
    pub fn commits(&self) -> u64 {
        self.writer.commits()
    }

    /// The database file (the WAL and shared-memory files sit beside it).
    pub fn path(&self) -> &Path {
        &self.path
    }
}

fn backend(e: rusqlite::Error) -> StoreError {
    StoreError::Backend(e.to_string())
}

impl RelayStore for SqliteStore {
    async fn register(&self, project: ProjectId, verifier: Verifier) -> StoreResult<Registered> {
        self.writer
            .write(move |conn| writes::register(conn, project, verifier))
            .await
    }

    async fn verifier(&self, project: ProjectId) -> StoreResult<Option<Verifier>> {
        self.readers
            .read(move |conn| reads::verifier(conn, project))
            .await
    }

    async fn push(&self, project: ProjectId, blobs: Vec<Blob>) -> StoreResult<Vec<u64>> {
        self.writer
            .write(move |conn| writes::push(conn, project, blobs))
            .await
    }

    async fn pull(
        &self,
        project: ProjectId,
        after: u64,
        max: u32,
        max_bytes: usize,
    ) -> StoreResult<Pulled> {
        self.readers
            .read(move |conn| reads::pull(conn, project, after, max, max_bytes))
            .await
    }

    async fn head(&self, project: ProjectId) -> StoreResult<u64> {
        self.readers
            .read(move |conn| writes::head(conn, project))
            .await
    }

    fn log_id(&self) -> LogId {
        self.log
    }

    async fn compact(
        &self,
        project: ProjectId,
        tag: Tag,
        covers: u64,
        snapshot: Blob,
    ) -> StoreResult<u64> {
        self.writer
            .write(move |conn| writes::compact(conn, project, tag, covers, snapshot))
            .await
    }

    async fn erase(&self, project: ProjectId, tag: Tag, tombstone: Blob) -> StoreResult<u64> {
        self.writer
            .write(move |conn| writes::erase(conn, project, tag, tombstone))
            .await
    }

    async fn put_media(&self, project: ProjectId, tag: Tag, bytes: Vec<u8>) -> StoreResult<BlobId> {
        self.writer
            .write(move |conn| writes::put_media(conn, project, tag, bytes))
            .await
    }

    async fn get_media(&self, project: ProjectId, id: BlobId) -> StoreResult<Option<Vec<u8>>> {
        self.readers
            .read(move |conn| reads::get_media(conn, project, id))
            .await
    }

    async fn ping(&self) -> StoreResult<()> {
        self.readers
            .read(|conn| {
                conn.query_row("SELECT count(*) FROM schema_version", [], |_| Ok(()))
                    .map_err(backend)
            })
            .await
    }

    fn notifier(&self) -> &Notifier {
        &self.notifier
    }
}
