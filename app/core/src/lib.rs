//! Heard's core: the domain model (surveys, responses), how each is laid out in an
//! automerge document, when document bytes are written or compacted, and every
//! string the interface shows.
//!
//! Invariant: nothing here touches a browser, a network or an async runtime. Time
//! and randomness are passed in by the caller, and storage is a trait whose
//! adapters live at the edges (IndexedDB in `heard-web`, memory here for tests).

/// Built-in survey content: one message from every locale catalog.
macro_rules! catalog_text {
    ($catalogs:expr, $key:ident) => {
        $crate::i18n::local_text($catalogs, |m| m.$key, stringify!($key))
    };
}

pub mod device_name;
pub mod documents;
pub mod easy_read;
pub mod guide;
pub mod history;
pub mod i18n;
pub mod id;
pub mod json_doc;
pub mod pending_saves;
pub mod picture_search;
pub mod project;
pub mod response;
pub mod results;
pub mod route;
pub mod scheduler;
pub mod session;
pub mod storage;
pub mod summary;
pub mod survey;
pub mod sync;
pub mod time;
pub mod worker_api;
