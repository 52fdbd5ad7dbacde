//! An in-memory [`Storage`], for native tests and as the reference backend.

use std::{cell::RefCell, collections::BTreeMap};

use super::{BlobKey, ChunkKey, IndexEntry, RawChunk, Storage, StorageError, Write};
use crate::id::DocId;

#[derive(Debug, Default)]
pub struct MemoryStorage {
    chunks: RefCell<BTreeMap<String, Vec<u8>>>,
    index: RefCell<BTreeMap<String, String>>,
    rows: RefCell<BTreeMap<String, String>>,
    blobs: RefCell<BTreeMap<String, Vec<u8>>>,
    sync: RefCell<BTreeMap<String, String>>,
    tables: RefCell<BTreeMap<String, String>>,
    /// When set, every write fails with this error and changes nothing.
    failure: RefCell<Option<StorageError>>,
}

impl MemoryStorage {
    pub fn new() -> MemoryStorage {
        MemoryStorage::default()
    }

    /// Makes later writes fail (e.g. with a full disk) until called with `None`.
    pub fn fail_writes(&self, error: Option<StorageError>) {
        *self.failure.borrow_mut() = error;
    }

    /// Carries out one write.
    fn put(&self, write: &Write) {
        let mut chunks = self.chunks.borrow_mut();
        for (key, bytes) in &write.puts {
            chunks.insert(key.to_string(), bytes.clone());
        }
        for key in &write.removes {
            chunks.remove(&key.to_string());
        }
        let mut blobs = self.blobs.borrow_mut();
        for (key, bytes) in &write.blob_puts {
            blobs.insert(key.to_string(), bytes.clone());
        }
        for key in &write.blob_removes {
            blobs.remove(&key.to_string());
        }
        if let Some((doc, summary)) = &write.index {
            self.index
                .borrow_mut()
                .insert(doc.to_string(), summary.clone());
        }
        if let Some((doc, row)) = &write.row {
            self.rows.borrow_mut().insert(doc.to_string(), row.clone());
        }
    }

    /// Replaces one string record (a sync record, kept tables), unless
    /// writes are made to fail.
    fn put_string(
        &self,
        store: &RefCell<BTreeMap<String, String>>,
        key: &str,
        json: &str,
    ) -> Result<(), StorageError> {
        if let Some(error) = self.failure.borrow().clone() {
            return Err(error);
        }
        store.borrow_mut().insert(key.to_owned(), json.to_owned());
        Ok(())
    }

    /// Overwrites a stored value directly, as a disk fault would.
    pub fn corrupt(&self, key: &str, bytes: Vec<u8>) {
        self.chunks.borrow_mut().insert(key.to_owned(), bytes);
    }
}

impl Storage for MemoryStorage {
    async fn load_all(&self) -> Result<Vec<RawChunk>, StorageError> {
        Ok(self
            .chunks
            .borrow()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect())
    }

    async fn load_doc(&self, doc: &DocId) -> Result<Vec<RawChunk>, StorageError> {
        let (low, high) = ChunkKey::range_of(doc);
        Ok(self
            .chunks
            .borrow()
            .range(low..high)
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect())
    }

    async fn load_index(&self) -> Result<Vec<IndexEntry>, StorageError> {
        Ok(self
            .index
            .borrow()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect())
    }

    async fn load_rows(&self) -> Result<Vec<IndexEntry>, StorageError> {
        Ok(self
            .rows
            .borrow()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect())
    }

    async fn apply(&self, write: &Write) -> Result<(), StorageError> {
        self.apply_all(std::slice::from_ref(write)).await
    }

    async fn apply_all(&self, writes: &[Write]) -> Result<(), StorageError> {
        // A failure is decided before anything changes: all or none.
        if let Some(error) = self.failure.borrow().clone() {
            return Err(error);
        }
        for write in writes {
            self.put(write);
        }
        self.tables.borrow_mut().clear();
        Ok(())
    }

    async fn remove_doc(&self, doc: &DocId) -> Result<(), StorageError> {
        let (low, high) = ChunkKey::range_of(doc);
        self.chunks
            .borrow_mut()
            .retain(|k, _| !(low.as_str() <= k.as_str() && k.as_str() < high.as_str()));
        self.blobs
            .borrow_mut()
            .retain(|k, _| !(low.as_str() <= k.as_str() && k.as_str() < high.as_str()));
        self.index.borrow_mut().remove(doc.as_str());
        self.rows.borrow_mut().remove(doc.as_str());
        self.tables.borrow_mut().clear();
        Ok(())
    }

    async fn load_blob(&self, key: &BlobKey) -> Result<Option<Vec<u8>>, StorageError> {
        Ok(self.blobs.borrow().get(&key.to_string()).cloned())
    }

    async fn load_sync(&self) -> Result<Vec<(String, String)>, StorageError> {
        Ok(self
            .sync
            .borrow()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect())
    }

    async fn save_sync(&self, key: &str, json: &str) -> Result<(), StorageError> {
        self.put_string(&self.sync, key, json)
    }

    async fn load_tables(&self, key: &str) -> Result<Option<String>, StorageError> {
        Ok(self.tables.borrow().get(key).cloned())
    }

    async fn save_tables(&self, key: &str, json: &str) -> Result<(), StorageError> {
        self.put_string(&self.tables, key, json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::conformance;

    #[test]
    fn memory_storage_passes_the_conformance_suite() {
        pollster::block_on(conformance::run_all(async || MemoryStorage::new())).unwrap();
    }
}
