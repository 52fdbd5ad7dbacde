//! `heard-sync-server restore`: puts a checked backup in place as a data
//! directory's database, with no relay running on it.
//!
//! Nothing in the data directory changes until the backup has passed every
//! check: it is copied beside the database under another name, checked
//! there, and only then renamed into place (a rename is atomic, so a crash
//! leaves either the old database or the restored one, never half of one).

use std::{
    path::{Path, PathBuf},
    time::{SystemTime, UNIX_EPOCH},
};

use rusqlite::{Connection, OpenFlags};

use super::{BackupError, check, digest, sync, with_suffix};
use crate::{data_dir_lock::DataDirLock, relay::store::SQLITE_FILE_NAME};

/// The files SQLite keeps beside a database in WAL mode, and the rollback
/// journal of other modes: they belong to the database they sit beside.
const SIDE_FILES: [&str; 3] = ["-wal", "-shm", "-journal"];

/// A finished restore.
#[derive(Debug)]
pub struct Restored {
    pub database: PathBuf,
    pub contents: digest::Contents,
    /// When the backup was taken, in seconds since 1970.
    pub taken_at: u64,
    /// Where the database that was there before now is, if there was one.
    pub set_aside: Option<PathBuf>,
}

/// Restores `from` as the database of `data_dir`. Refuses while a relay
/// serves from `data_dir`, and refuses to replace an existing database
/// unless `replace` (which keeps it, renamed, beside the new one).
pub fn restore(from: &Path, data_dir: &Path, replace: bool) -> Result<Restored, BackupError> {
    check::header(from, from)?;
    let _lock = DataDirLock::restoring(data_dir)?;
    let database = data_dir.join(SQLITE_FILE_NAME);
    if database.exists() && !replace {
        return Err(BackupError::DataDirInUse(data_dir.into()));
    }
    let staging = data_dir.join(format!("{SQLITE_FILE_NAME}.restoring"));
    remove_with_side_files(&staging);
    let staged = stage(from, &staging);
    let (contents, taken_at) = match staged {
        Ok(checked) => checked,
        Err(error) => {
            remove_with_side_files(&staging);
            return Err(error);
        }
    };
    let set_aside = set_aside(&database)?;
    std::fs::rename(&staging, &database).map_err(|e| {
        BackupError::io(
            format!(
                "cannot move the restored database to {}",
                database.display()
            ),
            e,
        )
    })?;
    sync(data_dir, "cannot flush")?;
    Ok(Restored {
        database,
        contents,
        taken_at,
        set_aside,
    })
}

/// Copies `from` to `staging`, checks the copy, and makes it a relay
/// database: the manifest dropped, WAL mode on, everything on disk.
fn stage(from: &Path, staging: &Path) -> Result<(digest::Contents, u64), BackupError> {
    std::fs::copy(from, staging).map_err(|e| {
        BackupError::io(
            format!("cannot copy {} to {}", from.display(), staging.display()),
            e,
        )
    })?;
    // The copy is what will be served, so the copy is what is checked.
    check::header(staging, from)?;
    let conn = Connection::open_with_flags(staging, OpenFlags::SQLITE_OPEN_READ_WRITE)
        .map_err(|e| check::read_error(from, e))?;
    let checked = check::backup(&conn, from)?;
    conn.execute_batch(&format!("DROP TABLE {}", digest::MANIFEST))
        .map_err(|e| BackupError::sqlite("dropping the backup's manifest", e))?;
    // A backup holds no name for its log (see `take`): the relay names the
    // restored log anew when it opens, so devices send again what it lost.
    let mode: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
        .map_err(|e| BackupError::sqlite("switching the restored database to WAL", e))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(BackupError::sqlite(
            "switching the restored database to WAL",
            rusqlite::Error::InvalidQuery,
        ));
    }
    // Closing checkpoints the WAL into the file and removes it, so the one
    // file renamed into place holds everything.
    conn.close()
        .map_err(|(_, e)| BackupError::sqlite("closing the restored database", e))?;
    sync(staging, "cannot flush")?;
    Ok(checked)
}

/// Renames the database now in place, with its WAL, out of the way. Its
/// WAL may hold commits not yet in the main file, so it moves with it: the
/// pair still opens as the old database if the operator wants it back.
fn set_aside(database: &Path) -> Result<Option<PathBuf>, BackupError> {
    let present = std::iter::once(database.to_path_buf())
        .chain(SIDE_FILES.iter().map(|s| with_suffix(database, s)))
        .any(|file| file.exists());
    if !present {
        return Ok(None);
    }
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let aside = with_suffix(database, &format!(".before-restore-{secs}"));
    for suffix in std::iter::once("").chain(SIDE_FILES) {
        let from = with_suffix(database, suffix);
        if from.exists() {
            std::fs::rename(&from, with_suffix(&aside, suffix))
                .map_err(|e| BackupError::io(format!("cannot set aside {}", from.display()), e))?;
        }
    }
    Ok(Some(aside))
}

fn remove_with_side_files(file: &Path) {
    for suffix in std::iter::once("").chain(SIDE_FILES) {
        let _ = std::fs::remove_file(with_suffix(file, suffix));
    }
}
