//! Checking a backup before it is trusted: SQLite's header and the file's
//! length, SQLite's own integrity check, the relay's schema version, and the
//! manifest's checksum of every row.
//!
//! The header is read by hand first because SQLite is forgiving where a
//! restore must not be: it opens an empty file as an empty database, and
//! reads a file cut short as if the missing pages were there, reporting it
//! only as "malformed" somewhere later, if at all.

use std::{
    io::Read,
    path::{Path, PathBuf},
};

use rusqlite::{Connection, ErrorCode};

use super::{
    BackupError,
    digest::{self, Contents},
};
use crate::relay::store::SCHEMA_VERSION;

const MAGIC: &[u8; 16] = b"SQLite format 3\0";
const HEADER: usize = 100;

/// The header of `file` says SQLite, and the file is as long as it says.
pub(super) fn header(file: &Path, named: &Path) -> Result<(), BackupError> {
    let mut bytes = [0u8; HEADER];
    let mut opened = std::fs::File::open(file)
        .map_err(|e| BackupError::io(format!("cannot open {}", named.display()), e))?;
    let length = opened
        .metadata()
        .map_err(|e| BackupError::io(format!("cannot read {}", named.display()), e))?
        .len();
    let mut read = 0;
    while read < HEADER {
        match opened.read(&mut bytes[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(e) => {
                return Err(BackupError::io(
                    format!("cannot read {}", named.display()),
                    e,
                ));
            }
        }
    }
    if read < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(if read == 0 {
            BackupError::Truncated {
                file: named.into(),
                has: 0,
                needs: HEADER as u64,
            }
        } else {
            BackupError::NotSqlite(named.into())
        });
    }
    if read < HEADER {
        return Err(BackupError::Truncated {
            file: named.into(),
            has: length,
            needs: HEADER as u64,
        });
    }
    let page_size = match u16::from_be_bytes([bytes[16], bytes[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    let be32 = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap_or([0; 4]));
    let pages = u64::from(be32(28));
    // The page count in the header is valid only when the change counter
    // it was written with matches; every SQLite since 3.7.0 keeps them equal.
    let counted = pages > 0 && be32(24) == be32(92);
    if page_size < 512 || !page_size.is_power_of_two() {
        return Err(BackupError::Damaged {
            file: named.into(),
            detail: format!("its header names an impossible page size ({page_size})"),
        });
    }
    let needs = if counted { pages * page_size } else { 0 };
    if length < needs || length % page_size != 0 {
        return Err(BackupError::Truncated {
            file: named.into(),
            has: length,
            needs: needs.max(length.next_multiple_of(page_size)),
        });
    }
    Ok(())
}

/// Everything else about an open backup; returns the manifest's contents
/// and when the backup was taken (seconds since 1970).
pub(super) fn backup(conn: &Connection, named: &Path) -> Result<(Contents, u64), BackupError> {
    let read = |e| read_error(named, e);
    let problems: Vec<String> = conn
        .prepare("PRAGMA integrity_check(5)")
        .and_then(|mut s| s.query_map([], |row| row.get(0))?.collect())
        .map_err(read)?;
    if problems.first().map(String::as_str) != Some("ok") {
        return Err(BackupError::Damaged {
            file: named.into(),
            detail: format!("SQLite's integrity check says: {}", problems.join("; ")),
        });
    }
    let has_schema: bool = conn
        .query_row(
            "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'",
            [],
            |row| row.get(0),
        )
        .map_err(read)?;
    if !has_schema {
        return Err(not_a_backup(named, "it has no relay schema"));
    }
    let found: Option<i64> = conn
        .query_row("SELECT max(version) FROM schema_version", [], |row| {
            row.get(0)
        })
        .map_err(read)?;
    match found {
        Some(SCHEMA_VERSION) => {}
        Some(found) => {
            return Err(BackupError::Schema {
                file: named.into(),
                found,
                knows: SCHEMA_VERSION,
            });
        }
        None => return Err(not_a_backup(named, "its schema has no version")),
    }
    let Some((recorded, taken_at)) = digest::read_manifest(conn).map_err(read)? else {
        return Err(not_a_backup(
            named,
            "it has no backup manifest (make backups with `heard-sync-server backup`)",
        ));
    };
    let found = match digest::contents(conn).map_err(read)? {
        Ok(found) => found,
        Err(detail) => return Err(not_a_backup(named, &detail)),
    };
    if found != recorded {
        return Err(BackupError::Damaged {
            file: named.into(),
            detail: format!(
                "its contents do not match the checksum taken with it \
                 ({} projects, {} log entries, {} media recorded; {}, {}, {} found)",
                recorded.projects,
                recorded.entries,
                recorded.media,
                found.projects,
                found.entries,
                found.media
            ),
        });
    }
    Ok((recorded, taken_at))
}

fn not_a_backup(named: &Path, detail: &str) -> BackupError {
    BackupError::NotABackup {
        file: named.into(),
        detail: detail.into(),
    }
}

/// SQLite's own words for a bad file, as the error an operator can act on.
pub(super) fn read_error(named: &Path, error: rusqlite::Error) -> BackupError {
    let file: PathBuf = named.into();
    match error.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => BackupError::NotSqlite(file),
        Some(ErrorCode::DatabaseCorrupt) => BackupError::Damaged {
            file,
            detail: error.to_string(),
        },
        _ => BackupError::sqlite(format!("reading {}", file.display()), error),
    }
}
