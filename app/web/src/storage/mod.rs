//! Storage adapters that run in the browser.

mod indexed_db;

pub use indexed_db::{DATABASE, IndexedDbStorage};
