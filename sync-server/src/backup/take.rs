//! `heard-sync-server backup`: a consistent copy of a relay's database,
//! taken while the relay keeps committing.

use std::{
    path::{Path, PathBuf},
    time::{SystemTime, UNIX_EPOCH},
};

use rusqlite::{Connection, OpenFlags};

use super::{BackupError, check, digest, parent, sync};
use crate::relay::store::{SCHEMA_VERSION, SQLITE_FILE_NAME};

/// A finished backup.
#[derive(Debug)]
pub struct Taken {
    pub file: PathBuf,
    pub contents: digest::Contents,
    pub bytes: u64,
}

/// Copies the relay database in `data_dir` to `to`, replacing `to` only
/// once the copy is complete and on disk, so a backup that fails half way
/// never stands where the last good one was.
pub fn take(data_dir: &Path, to: &Path) -> Result<Taken, BackupError> {
    let source = data_dir.join(SQLITE_FILE_NAME);
    if !source.is_file() {
        return Err(BackupError::NoDatabase(source));
    }
    let folder = parent(to);
    std::fs::create_dir_all(folder)
        .map_err(|e| BackupError::io(format!("cannot create {}", folder.display()), e))?;
    let name = to
        .file_name()
        .ok_or_else(|| BackupError::PathNotUtf8(to.into()))?
        .to_string_lossy();
    let partial = folder.join(format!(".{name}.partial-{}", std::process::id()));
    let _ = std::fs::remove_file(&partial);
    let result = copy(&source, &partial).and_then(|contents| {
        sync(&partial, "cannot flush")?;
        std::fs::rename(&partial, to).map_err(|e| {
            BackupError::io(
                format!("cannot move the backup into place at {}", to.display()),
                e,
            )
        })?;
        sync(folder, "cannot flush")?;
        Ok(contents)
    });
    match result {
        Ok(contents) => {
            let bytes = std::fs::metadata(to).map(|m| m.len()).unwrap_or(0);
            Ok(Taken {
                file: to.into(),
                contents,
                bytes,
            })
        }
        Err(error) => {
            let _ = std::fs::remove_file(&partial);
            Err(error)
        }
    }
}

/// The snapshot itself, into `partial`, with its manifest.
fn copy(source: &Path, partial: &Path) -> Result<digest::Contents, BackupError> {
    // No CREATE flag: a wrong --data-dir must not leave an empty database.
    let conn = Connection::open_with_flags(
        source,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| check::read_error(source, e))?;
    conn.busy_timeout(std::time::Duration::from_secs(10))
        .map_err(|e| BackupError::sqlite("setting a busy timeout", e))?;
    let version: Option<i64> = conn
        .query_row("SELECT max(version) FROM schema_version", [], |row| {
            row.get(0)
        })
        .map_err(|e| check::read_error(source, e))?;
    if version != Some(SCHEMA_VERSION) {
        return Err(BackupError::Schema {
            file: source.into(),
            found: version.unwrap_or(0),
            knows: SCHEMA_VERSION,
        });
    }
    let target = partial
        .to_str()
        .ok_or_else(|| BackupError::PathNotUtf8(partial.into()))?;
    // One read transaction from start to end: a snapshot as of one commit,
    // never half of a group.
    conn.execute("VACUUM INTO ?1", [target])
        .map_err(|e| BackupError::sqlite(format!("copying {}", source.display()), e))?;
    drop(conn);
    restrict(partial)?;

    let copy = Connection::open_with_flags(partial, OpenFlags::SQLITE_OPEN_READ_WRITE)
        .map_err(|e| check::read_error(partial, e))?;
    // One self-contained file to copy off the machine: no WAL beside it.
    let _: String = copy
        .query_row("PRAGMA journal_mode = DELETE", [], |row| row.get(0))
        .map_err(|e| BackupError::sqlite("setting the backup's journal mode", e))?;
    copy.execute_batch("PRAGMA synchronous = FULL")
        .map_err(|e| BackupError::sqlite("setting the backup's durability", e))?;
    // A backup is not this life of the log: restored, it is named anew.
    copy.execute_batch("DROP TABLE IF EXISTS log_identity")
        .map_err(|e| BackupError::sqlite("leaving the log's name out of the backup", e))?;
    let contents = digest::contents(&copy)
        .map_err(|e| BackupError::sqlite("checksumming the backup", e))?
        .map_err(|detail| BackupError::NotABackup {
            file: source.into(),
            detail,
        })?;
    let taken_at = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    digest::write_manifest(&copy, &contents, taken_at)
        .map_err(|e| BackupError::sqlite("writing the backup's manifest", e))?;
    copy.close()
        .map_err(|(_, e)| BackupError::sqlite("closing the backup", e))?;
    Ok(contents)
}

/// Only the relay's own user may read a backup: its blobs are sealed, but
/// the verifiers and the shape of each project's log are still metadata.
fn restrict(file: &Path) -> Result<(), BackupError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| BackupError::io(format!("cannot restrict {}", file.display()), e))?;
    }
    #[cfg(not(unix))]
    let _ = file;
    Ok(())
}
