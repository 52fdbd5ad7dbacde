//! Every store backend runs the same conformance suite.

mod memory {
    use heard_sync_server::relay::store::MemoryStore;

    heard_sync_server::relay_store_conformance!(((), MemoryStore::new()));
}

mod sqlite {
    use heard_sync_server::relay::store::SqliteStore;

    fn fresh() -> (tempfile::TempDir, SqliteStore) {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path()).unwrap();
        (dir, store)
    }

    heard_sync_server::relay_store_conformance!(fresh());
}
