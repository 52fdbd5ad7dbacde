//! What can go wrong in a backup or a restore, each case naming the file and
//! the problem in words an operator can act on.

use std::path::PathBuf;

use crate::data_dir_lock::LockError;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("there is no relay database at {0}: is --data-dir right?")]
    NoDatabase(PathBuf),
    #[error("{0}: SQLite takes only paths that are valid UTF-8")]
    PathNotUtf8(PathBuf),
    #[error(
        "{file} has schema version {found}; this relay knows version {knows}: use the relay binary that wrote it"
    )]
    Schema {
        file: PathBuf,
        found: i64,
        knows: i64,
    },
    #[error("{0} is not an SQLite database file (it does not start with SQLite's header)")]
    NotSqlite(PathBuf),
    #[error("{file} is truncated: it has {has} bytes, but its header says {needs}")]
    Truncated { file: PathBuf, has: u64, needs: u64 },
    #[error("{file} is damaged: {detail}")]
    Damaged { file: PathBuf, detail: String },
    #[error("{file} is not a Heard relay backup: {detail}")]
    NotABackup { file: PathBuf, detail: String },
    #[error(
        "{0} already holds a relay database: pass --replace to set it aside and restore over it"
    )]
    DataDirInUse(PathBuf),
    #[error(transparent)]
    Locked(#[from] LockError),
    #[error("{doing}: {error}")]
    Sqlite {
        doing: String,
        error: rusqlite::Error,
    },
    #[error("{doing}: {error}")]
    Io {
        doing: String,
        error: std::io::Error,
    },
}

impl BackupError {
    pub(super) fn io(doing: impl Into<String>, error: std::io::Error) -> Self {
        BackupError::Io {
            doing: doing.into(),
            error,
        }
    }

    pub(super) fn sqlite(doing: impl Into<String>, error: rusqlite::Error) -> Self {
        BackupError::Sqlite {
            doing: doing.into(),
            error,
        }
    }
}
