//! The relay's storage trait: per-project logs of opaque blobs, their media, and
//! the verifier that authenticates each project's devices.
//!
//! The trait is shaped for more than one backend: SQLite in this process today,
//! PostgreSQL shared by several relay processes later. So every write is one
//! transaction that assigns the project's sequence numbers itself (a row lock on
//! the project in PostgreSQL, the single writer in SQLite), a push is idempotent
//! by blob id, and "project P has a new head" is published by the store after
//! its commit through [`Notifier`] (LISTEN/NOTIFY will feed the same hook).
//!
//! Nothing here can read a blob: tags, ids and bytes are opaque.

pub mod conformance;
mod memory;
mod notify;
mod sqlite;

use std::future::Future;

pub use heard_protocol::{Blob, BlobId, BlobKind, Entry, LogId, ProjectId, Tag, Verifier};
pub use memory::MemoryStore;
pub use notify::{HeadChanged, Notifier};
pub use sqlite::SqliteStore;
/// Where the SQLite store keeps its file, and its schema: backups need both.
pub(crate) use sqlite::{FILE_NAME as SQLITE_FILE_NAME, SCHEMA_VERSION};

/// What a pull returns: entries in seq order, and whether more follow.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Pulled {
    pub entries: Vec<Entry>,
    pub more: bool,
}

/// The outcome of registering a project's verifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registered {
    Created,
    /// The project exists with this same verifier (a device retrying).
    AlreadyYours,
    /// The project exists with another verifier: nothing changed.
    TakenByOtherKey,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no such project")]
    UnknownProject,
    /// The backend failed; the message is for the log, never for a device.
    #[error("storage failed: {0}")]
    Backend(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// The relay's storage. Every method that writes returns only after its
/// transaction has committed durably; its sequence numbers are then final.
///
/// Log rules every backend keeps (the conformance suite checks them):
/// - seqs of a project start at 1 and strictly increase; projects are independent;
/// - a blob whose id the project already has gets its existing seq and is not
///   stored again, even when compaction has since dropped its bytes;
/// - once a tag has a [`BlobKind::Tombstone`] entry, a push or compaction for it is
///   absorbed (answered with the tombstone's seq, nothing stored), so a stale
///   device can never bring an erased document back.
pub trait RelayStore: Send + Sync + 'static {
    /// Creates the project with its verifier, unless it exists.
    fn register(
        &self,
        project: ProjectId,
        verifier: Verifier,
    ) -> impl Future<Output = StoreResult<Registered>> + Send;

    /// The project's verifier, or `None` when there is no such project.
    fn verifier(
        &self,
        project: ProjectId,
    ) -> impl Future<Output = StoreResult<Option<Verifier>>> + Send;

    /// Appends the blobs in one transaction; one seq per blob, in order.
    fn push(
        &self,
        project: ProjectId,
        blobs: Vec<Blob>,
    ) -> impl Future<Output = StoreResult<Vec<u64>>> + Send;

    /// Up to `max` entries with seq > `after`, in seq order, stopping before the
    /// bytes would pass `max_bytes` (but always at least one entry, so a blob
    /// larger than the budget still travels). Entries dropped by compaction or
    /// erasure are skipped.
    fn pull(
        &self,
        project: ProjectId,
        after: u64,
        max: u32,
        max_bytes: usize,
    ) -> impl Future<Output = StoreResult<Pulled>> + Send;

    /// The project's latest seq (0 before its first push).
    fn head(&self, project: ProjectId) -> impl Future<Output = StoreResult<u64>> + Send;

    /// Names this life of the log: made at random with the log, and made
    /// again when it is restored from a backup, so devices learn that what
    /// they were told is stored may be gone and send it again.
    fn log_id(&self) -> LogId;

    /// Appends `snapshot` for `tag`, then drops that tag's older entries with
    /// seq <= `covers`. Returns the snapshot's seq.
    fn compact(
        &self,
        project: ProjectId,
        tag: Tag,
        covers: u64,
        snapshot: Blob,
    ) -> impl Future<Output = StoreResult<u64>> + Send;

    /// Deletes every entry and media of `tag`, then appends `tombstone`.
    /// Returns the tombstone's seq; repeating the same tombstone changes nothing.
    fn erase(
        &self,
        project: ProjectId,
        tag: Tag,
        tombstone: Blob,
    ) -> impl Future<Output = StoreResult<u64>> + Send;

    /// Keeps a media blob (a recording) of `tag`; idempotent by content.
    fn put_media(
        &self,
        project: ProjectId,
        tag: Tag,
        bytes: Vec<u8>,
    ) -> impl Future<Output = StoreResult<BlobId>> + Send;

    /// A media blob of this project, if it has one with this id.
    fn get_media(
        &self,
        project: ProjectId,
        id: BlobId,
    ) -> impl Future<Output = StoreResult<Option<Vec<u8>>>> + Send;

    /// Answers when the store can serve (for `/healthz`).
    fn ping(&self) -> impl Future<Output = StoreResult<()>> + Send;

    /// Where the store announces new heads, after each commit.
    fn notifier(&self) -> &Notifier;
}
