//! [`Storage`] on IndexedDB: an object store of chunks, keyed by the chunk key
//! string, each value a `Uint8Array` of automerge bytes; an object store of
//! summaries (the index), keyed by document id, each value a JSON string; and
//! (from database version 2) an object store of media blobs, keyed by blob
//! key, each value a `Uint8Array`; and (from version 3) an object store of
//! sync records, keyed by project, each value a JSON string; and (from
//! version 4) an object store of responses' rows for results, keyed by
//! document id, each value a JSON string; and (from version 5) an object
//! store of the results each survey's screen opens with, keyed by project
//! and survey, each value a JSON string, emptied by every write of a
//! document.
//!
//! Works in a window and in a worker: the interface reads the index, the
//! document worker does everything else.

use heard_core::{
    id::DocId,
    storage::{BlobKey, ChunkKey, IndexEntry, RawChunk, Storage, StorageError, Write},
};
use indexed_db_futures::{
    KeyRange,
    database::Database,
    prelude::*,
    transaction::{
        TransactionDurability, TransactionFinishKind, TransactionMode, TransactionOptions,
    },
    typed_array::{TypedArray, TypedArraySlice},
};

const VERSION: u8 = 5;
const CHUNKS: &str = "chunks";
const INDEX: &str = "index";
const BLOBS: &str = "blobs";
const SYNC: &str = "sync";
const ROWS: &str = "rows";
const TABLES: &str = "tables";

/// The app's database; tests open others by name so each starts empty.
pub const DATABASE: &str = "heard";

pub struct IndexedDbStorage {
    db: Database,
}

fn failed(e: impl std::fmt::Display) -> StorageError {
    let text = e.to_string();
    if text.contains("Quota") {
        StorageError::QuotaExceeded
    } else {
        StorageError::Failed(text)
    }
}

impl IndexedDbStorage {
    pub async fn open(name: &str) -> Result<IndexedDbStorage, StorageError> {
        let db = Database::open(name)
            .with_version(VERSION)
            .with_on_upgrade_needed(|event, db| {
                if event.old_version() < 1.0 {
                    db.create_object_store(CHUNKS).build()?;
                    db.create_object_store(INDEX).build()?;
                }
                // Version 2 adds media beside the documents; what version 1
                // stored is untouched.
                if event.old_version() < 2.0 {
                    db.create_object_store(BLOBS).build()?;
                }
                // Version 3 adds what this device needs to sync each project.
                if event.old_version() < 3.0 {
                    db.create_object_store(SYNC).build()?;
                }
                // Version 4 adds responses' rows; a response stored before
                // has none until the worker opens it (derived data).
                if event.old_version() < 4.0 {
                    db.create_object_store(ROWS).build()?;
                }
                // Version 5 keeps the results a survey's screen opens with.
                if event.old_version() < 5.0 {
                    db.create_object_store(TABLES).build()?;
                }
                Ok(())
            })
            .await
            .map_err(|e| StorageError::Unavailable(e.to_string()))?;
        Ok(IndexedDbStorage { db })
    }

    async fn read(&self, range: Option<(String, String)>) -> Result<Vec<RawChunk>, StorageError> {
        let tx = self.db.transaction(CHUNKS).build().map_err(failed)?;
        let store = tx.object_store(CHUNKS).map_err(failed)?;
        // Keys and values come back in the same key order from one transaction.
        let (keys, values) = match range {
            Some((low, high)) => {
                let keys = store
                    .get_all_keys::<String>()
                    .with_query::<String, _>(KeyRange::Bound(
                        low.clone(),
                        false,
                        high.clone(),
                        true,
                    ))
                    .primitive()
                    .map_err(failed)?;
                let values = store
                    .get_all::<TypedArray<u8>>()
                    .with_query::<String, _>(KeyRange::Bound(low, false, high, true))
                    .primitive()
                    .map_err(failed)?;
                (keys.await.map_err(failed)?, values.await.map_err(failed)?)
            }
            None => {
                let keys = store.get_all_keys::<String>().primitive().map_err(failed)?;
                let values = store
                    .get_all::<TypedArray<u8>>()
                    .primitive()
                    .map_err(failed)?;
                (keys.await.map_err(failed)?, values.await.map_err(failed)?)
            }
        };
        let mut chunks = Vec::new();
        for (key, value) in keys.zip(values) {
            let key = key.map_err(failed)?;
            // A value that is not bytes becomes an empty chunk, which the core
            // reports as damaged under its key instead of failing every load.
            let bytes = value.map(Vec::from).unwrap_or_default();
            chunks.push((key, bytes));
        }
        Ok(chunks)
    }
}

/// Maps the error an aborted transaction carries to a [`StorageError`].
fn abort_reason(error: Option<indexed_db_futures::error::Error>) -> StorageError {
    use indexed_db_futures::error::Error;
    match error {
        Some(Error::DomException(e)) => {
            let e: web_sys::DomException = e.into();
            if e.name() == "QuotaExceededError" {
                StorageError::QuotaExceeded
            } else {
                StorageError::Failed(format!("{}: {}", e.name(), e.message()))
            }
        }
        Some(other) => StorageError::Failed(other.to_string()),
        None => StorageError::Failed("the write was aborted".into()),
    }
}

impl IndexedDbStorage {
    /// Every string value of `store` by its string key, in key order;
    /// other entries are left out.
    async fn strings(&self, store: &str) -> Result<Vec<(String, String)>, StorageError> {
        let tx = self.db.transaction(store).build().map_err(failed)?;
        let store = tx.object_store(store).map_err(failed)?;
        let keys = store.get_all_keys::<String>().primitive().map_err(failed)?;
        let values = store.get_all::<String>().primitive().map_err(failed)?;
        let (keys, values) = (keys.await.map_err(failed)?, values.await.map_err(failed)?);
        Ok(keys
            .zip(values)
            .filter_map(|(k, v)| Some((k.ok()?, v.ok()?)))
            .collect())
    }
}

impl Storage for IndexedDbStorage {
    async fn load_all(&self) -> Result<Vec<RawChunk>, StorageError> {
        self.read(None).await
    }

    async fn load_doc(&self, doc: &DocId) -> Result<Vec<RawChunk>, StorageError> {
        self.read(Some(ChunkKey::range_of(doc))).await
    }

    async fn load_index(&self) -> Result<Vec<IndexEntry>, StorageError> {
        // An entry that is not a string is skipped: the index is derived data
        // and the document worker rewrites it from the documents.
        self.strings(INDEX).await
    }

    async fn load_rows(&self) -> Result<Vec<IndexEntry>, StorageError> {
        // Derived data, like the index: a row that is not a string is
        // skipped, and its response is read instead.
        self.strings(ROWS).await
    }

    async fn apply(&self, write: &Write) -> Result<(), StorageError> {
        self.apply_all(std::slice::from_ref(write)).await
    }

    async fn apply_all(&self, writes: &[Write]) -> Result<(), StorageError> {
        // Strict durability: a change counts as saved only once it is on disk,
        // so a phone that dies right after "Saved" still has it. One
        // transaction for every write: all of them or none.
        let tx = self
            .db
            .transaction([CHUNKS, INDEX, BLOBS, ROWS, TABLES])
            .with_mode(TransactionMode::Readwrite)
            .with_options(TransactionOptions::new().with_durability(TransactionDurability::Strict))
            .build()
            .map_err(failed)?;
        let done = tx.on_done().map_err(failed)?;
        // Results made before this write no longer match what is stored.
        tx.object_store(TABLES)
            .map_err(failed)?
            .clear()
            .map_err(failed)?;
        let store = tx.object_store(CHUNKS).map_err(failed)?;
        let blobs = tx.object_store(BLOBS).map_err(failed)?;
        let index = tx.object_store(INDEX).map_err(failed)?;
        let rows = tx.object_store(ROWS).map_err(failed)?;
        for write in writes {
            for (key, bytes) in &write.puts {
                store
                    .put(TypedArraySlice::new(bytes))
                    .with_key(key.to_string())
                    .primitive()
                    .map_err(failed)?;
            }
            for key in &write.removes {
                store.delete(key.to_string()).primitive().map_err(failed)?;
            }
            for (key, bytes) in &write.blob_puts {
                blobs
                    .put(TypedArraySlice::new(bytes))
                    .with_key(key.to_string())
                    .primitive()
                    .map_err(failed)?;
            }
            for key in &write.blob_removes {
                blobs.delete(key.to_string()).primitive().map_err(failed)?;
            }
            if let Some((doc, summary)) = &write.index {
                index
                    .put(summary.as_str())
                    .with_key(doc.to_string())
                    .primitive()
                    .map_err(failed)?;
            }
            if let Some((doc, row)) = &write.row {
                rows.put(row.as_str())
                    .with_key(doc.to_string())
                    .primitive()
                    .map_err(failed)?;
            }
        }
        // Let the transaction commit by itself once its requests are done,
        // rather than through the wrapper's commit(), whose error on abort
        // drops the browser's reason (and so the difference between a full
        // disk and any other failure).
        match done.await {
            TransactionFinishKind::Ok => Ok(()),
            TransactionFinishKind::Err | TransactionFinishKind::Abort => {
                Err(abort_reason(tx.error()))
            }
        }
    }

    async fn remove_doc(&self, doc: &DocId) -> Result<(), StorageError> {
        let (low, high) = ChunkKey::range_of(doc);
        let tx = self
            .db
            .transaction([CHUNKS, INDEX, BLOBS, ROWS, TABLES])
            .with_mode(TransactionMode::Readwrite)
            .build()
            .map_err(failed)?;
        tx.object_store(TABLES)
            .map_err(failed)?
            .clear()
            .map_err(failed)?;
        let store = tx.object_store(CHUNKS).map_err(failed)?;
        store
            .delete::<String, _>(KeyRange::Bound(low.clone(), false, high.clone(), true))
            .primitive()
            .map_err(failed)?;
        // Blob keys start with the document id too, so one range covers them.
        tx.object_store(BLOBS)
            .map_err(failed)?
            .delete::<String, _>(KeyRange::Bound(low, false, high, true))
            .primitive()
            .map_err(failed)?;
        tx.object_store(INDEX)
            .map_err(failed)?
            .delete(doc.to_string())
            .primitive()
            .map_err(failed)?;
        tx.object_store(ROWS)
            .map_err(failed)?
            .delete(doc.to_string())
            .primitive()
            .map_err(failed)?;
        tx.commit().await.map_err(failed)
    }

    async fn load_blob(&self, key: &BlobKey) -> Result<Option<Vec<u8>>, StorageError> {
        let tx = self.db.transaction(BLOBS).build().map_err(failed)?;
        let store = tx.object_store(BLOBS).map_err(failed)?;
        let value = store
            .get::<TypedArray<u8>, _, _>(key.to_string())
            .primitive()
            .map_err(failed)?
            .await
            .map_err(failed)?;
        Ok(value.map(Vec::from))
    }

    async fn load_sync(&self) -> Result<Vec<(String, String)>, StorageError> {
        // A record that is not a string is skipped: sync then starts afresh.
        self.strings(SYNC).await
    }

    async fn load_tables(&self, key: &str) -> Result<Option<String>, StorageError> {
        let tx = self.db.transaction(TABLES).build().map_err(failed)?;
        let store = tx.object_store(TABLES).map_err(failed)?;
        // Derived data: a value that is not a string counts as none.
        Ok(store
            .get::<String, _, _>(key.to_owned())
            .primitive()
            .map_err(failed)?
            .await
            .ok()
            .flatten())
    }

    async fn save_tables(&self, key: &str, json: &str) -> Result<(), StorageError> {
        // Relaxed durability: lost in a crash, the tables are only counted
        // again; the order of transactions still puts any later write's
        // clearing after this.
        let tx = self
            .db
            .transaction(TABLES)
            .with_mode(TransactionMode::Readwrite)
            .build()
            .map_err(failed)?;
        tx.object_store(TABLES)
            .map_err(failed)?
            .put(json)
            .with_key(key.to_owned())
            .primitive()
            .map_err(failed)?;
        tx.commit().await.map_err(failed)
    }

    async fn save_sync(&self, key: &str, json: &str) -> Result<(), StorageError> {
        // Strict, as for documents: a cursor saved ahead of the documents it
        // covers would skip changes after a crash.
        let tx = self
            .db
            .transaction(SYNC)
            .with_mode(TransactionMode::Readwrite)
            .with_options(TransactionOptions::new().with_durability(TransactionDurability::Strict))
            .build()
            .map_err(failed)?;
        let done = tx.on_done().map_err(failed)?;
        tx.object_store(SYNC)
            .map_err(failed)?
            .put(json)
            .with_key(key.to_owned())
            .primitive()
            .map_err(failed)?;
        match done.await {
            TransactionFinishKind::Ok => Ok(()),
            TransactionFinishKind::Err | TransactionFinishKind::Abort => {
                Err(abort_reason(tx.error()))
            }
        }
    }
}
