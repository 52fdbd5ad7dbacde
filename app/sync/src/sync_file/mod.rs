//! A sync file, for places with no signal: a device saves everything it
//! holds of a project as one file sealed with the project's keys, and
//! another device of the project imports it and merges, with no relay
//! (see `docs/sync-protocol.md`, "Sync files"). [`format`] is the bytes,
//! [`export`] what goes in, [`import`] taking it into the documents.

mod export;
mod format;
mod import;

pub use export::{Exported, export, export_needs, export_recordings};
pub use format::{FileEntry, FileError, FileLimits, FileRecording, MAGIC, SyncFile, VERSION};
pub use import::{FileSetAside, ImportReport};
