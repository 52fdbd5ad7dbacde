//! Durable storage of automerge documents as content-addressed chunks.
//!
//! A document is stored as at most one snapshot plus incremental chunks appended
//! after every change ([`StoredDoc`] decides which). Backends implement the small
//! [`Storage`] trait; [`conformance`] holds the tests every backend must pass.

mod blob_key;
mod chunk_key;
pub mod conformance;
mod load;
mod memory;
mod stored_doc;

pub use blob_key::{BlobKey, BlobKeyError, blob_hash};
pub use chunk_key::{ChunkKey, ChunkKeyError, ChunkKind};
pub use load::{Damage, LoadedDoc, group_by_doc, load_doc};
pub use memory::MemoryStorage;
pub use stored_doc::{StoredDoc, Write};

use std::fmt;

use crate::id::DocId;

/// One stored chunk as it comes back from a backend: its raw key and bytes.
pub type RawChunk = (String, Vec<u8>);

/// Why a backend could not do what was asked. Nothing already stored is lost.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum StorageError {
    /// The device has run out of the space the browser allows this site.
    QuotaExceeded,
    /// Storage cannot be used at all, e.g. a private window that blocks IndexedDB.
    Unavailable(String),
    Failed(String),
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorageError::QuotaExceeded => f.write_str("the device has no space left for this app"),
            StorageError::Unavailable(why) => write!(f, "storage is not available: {why}"),
            StorageError::Failed(why) => write!(f, "storage failed: {why}"),
        }
    }
}

impl std::error::Error for StorageError {}

/// One entry of the summary index: a document id and its summary (JSON).
pub type IndexEntry = (String, String);

/// A place chunks are kept, with a small index of document summaries beside
/// them so a list can be shown without loading every document. The index is
/// derived data: it is written in the same atomic write as the chunks, and
/// whoever loads the documents may rewrite it. Not `Send`: the browser backend
/// lives on one thread.
#[allow(async_fn_in_trait)]
pub trait Storage {
    /// Every chunk of every document, in key order.
    async fn load_all(&self) -> Result<Vec<RawChunk>, StorageError>;
    /// Every chunk of one document, in key order.
    async fn load_doc(&self, doc: &DocId) -> Result<Vec<RawChunk>, StorageError>;
    /// Every summary in the index, in document id order.
    async fn load_index(&self) -> Result<Vec<IndexEntry>, StorageError>;
    /// Every response's row for results (document id and JSON), in
    /// document id order: written with the response's chunks as its index
    /// entry is, so results read one store instead of every document.
    async fn load_rows(&self) -> Result<Vec<IndexEntry>, StorageError>;
    /// Carries out every put and remove of `write` (chunks and blobs), and
    /// its index entry and row, all or none.
    async fn apply(&self, write: &Write) -> Result<(), StorageError>;
    /// Carries out every write of `writes` as one: all of them or none (a
    /// batch of new documents, such as an import of responses).
    async fn apply_all(&self, writes: &[Write]) -> Result<(), StorageError>;
    /// Removes every chunk and blob of one document, its index entry and
    /// its row.
    async fn remove_doc(&self, doc: &DocId) -> Result<(), StorageError>;
    /// The bytes of one blob, if it is stored.
    async fn load_blob(&self, key: &BlobKey) -> Result<Option<Vec<u8>>, StorageError>;
    /// Every sync record, by key: per project this device syncs, what it
    /// needs to (the relay, the project's secret) and how far it got, as
    /// JSON (see `heard-sync`). Kept apart from the documents, since none
    /// of it ever leaves the device.
    async fn load_sync(&self) -> Result<Vec<(String, String)>, StorageError>;
    /// Writes one sync record in place of the one under `key`, durably.
    async fn save_sync(&self, key: &str, json: &str) -> Result<(), StorageError>;
    /// The results a survey's screen opens with, under `key`
    /// ([`crate::results::saved`]), if they are kept.
    async fn load_tables(&self, key: &str) -> Result<Option<String>, StorageError>;
    /// Keeps `json` as the results under `key` until the next write. Derived
    /// data: every [`Storage::apply_all`] and [`Storage::remove_doc`] drops
    /// all of them in its own transaction, so what is kept was made from
    /// what is stored now.
    async fn save_tables(&self, key: &str, json: &str) -> Result<(), StorageError>;
}
