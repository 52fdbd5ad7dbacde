//! Heard's core: the domain model (surveys, responses), how each is laid out in an
//! automerge document, when document bytes are written or compacted, and every
//! string the interface shows.
//!
//! Invariant: nothing here touches a browser, a network or an async runtime. Time
//! and randomness are passed in by the caller, and storage is a trait whose
//! adapters live at the edges (IndexedDB in `heard-web`, memory here for tests).

pub mod documents;
pub mod i18n;
pub mod id;
pub mod response;
pub mod route;
pub mod storage;
pub mod survey;
pub mod time;
pub mod worker_api;
