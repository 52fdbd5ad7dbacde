//! Backing up the relay's SQLite file while the relay runs, and restoring it.
//!
//! [`take`] copies a consistent snapshot with `VACUUM INTO` (one read
//! transaction: WAL lets the relay's writer keep committing meanwhile, and
//! free pages are left behind, so erased blobs are not carried over), then
//! writes a manifest with a checksum of every row into the copy. [`restore`]
//! checks a backup (header, length, SQLite's integrity check, the schema, the
//! checksum) before it touches the data directory, and refuses a directory
//! that a running relay holds.

mod check;
mod digest;
mod error;
mod restore;
mod take;
mod utc;

pub use digest::Contents;
pub use error::BackupError;
pub use restore::{Restored, restore};
pub use take::{Taken, take};
pub use utc::utc;

use std::{fs::File, path::Path};

/// Flushes a file, or a directory's entries after a rename, to the disk.
fn sync(path: &Path, doing: &str) -> Result<(), BackupError> {
    File::open(path)
        .and_then(|file| file.sync_all())
        .map_err(|error| BackupError::io(format!("{doing} {}", path.display()), error))
}

/// The folder a file is in, for syncing after a rename.
fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// `path` with `suffix` added to its file name (`relay.sqlite3-wal`).
fn with_suffix(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    name.into()
}
