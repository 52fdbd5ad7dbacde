//! The IndexedDB adapter in headless Chromium: it passes the same conformance
//! suite as the in-memory backend, including compaction round trips.

use std::cell::Cell;

use heard_core::storage::{Storage, conformance};
use heard_indexed_db::IndexedDbStorage;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

thread_local! {
    static NEXT: Cell<u32> = const { Cell::new(0) };
}

/// A fresh, empty database for each test; names never repeat within a run,
/// and the run's random prefix keeps reruns in one profile apart.
async fn fresh() -> IndexedDbStorage {
    let n = NEXT.with(|c| {
        c.set(c.get() + 1);
        c.get()
    });
    let name = format!("heard-test-{}-{n}", js_sys::Math::random());
    IndexedDbStorage::open(&name)
        .await
        .expect("IndexedDB opens in Chromium")
}

#[wasm_bindgen_test]
async fn indexed_db_passes_the_storage_conformance_suite() {
    conformance::run_all(fresh).await.unwrap();
}

#[wasm_bindgen_test]
async fn data_survives_reopening_the_database() {
    let name = format!("heard-reopen-{}", js_sys::Math::random());
    let first = IndexedDbStorage::open(&name).await.unwrap();
    conformance::chunks_read_back_byte_for_byte(&first)
        .await
        .unwrap();
    let before = first.load_all().await.unwrap();
    drop(first);
    let second = IndexedDbStorage::open(&name).await.unwrap();
    assert_eq!(second.load_all().await.unwrap(), before);
}
