//! A lock file in the data directory, so a restore can tell that a relay is
//! still using it.
//!
//! A relay that serves holds a shared lock on `<data-dir>/relay.lock`; a
//! restore needs it exclusively. The lock is the kernel's (`flock`), so it
//! goes away with the process however the process ends, SIGKILL included:
//! there is never a stale lock to clean up by hand. Shared rather than
//! exclusive for serving, because tests and the e2e suite start several
//! relays on one default directory, as they always could.

use std::{
    fs::{File, OpenOptions, TryLockError},
    path::{Path, PathBuf},
};

/// The lock file's name inside the data directory.
pub const FILE_NAME: &str = "relay.lock";

/// Held for as long as the data directory must not change under us.
#[derive(Debug)]
pub struct DataDirLock {
    _file: File,
}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(
        "a relay is running on {0} (it holds relay.lock): stop it first, e.g. `systemctl stop heard-relay`"
    )]
    RelayRunning(PathBuf),
    #[error("a restore is under way in {0}: wait for it to finish")]
    RestoreUnderWay(PathBuf),
    #[error("cannot lock {path}: {error}")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
}

impl DataDirLock {
    /// The lock a serving relay holds; many may hold it at once.
    pub fn serving(data_dir: &Path) -> Result<Self, LockError> {
        let file = open(data_dir)?;
        match file.try_lock_shared() {
            Ok(()) => Ok(DataDirLock { _file: file }),
            Err(TryLockError::WouldBlock) => Err(LockError::RestoreUnderWay(data_dir.into())),
            Err(TryLockError::Error(error)) => Err(LockError::Io {
                path: data_dir.join(FILE_NAME),
                error,
            }),
        }
    }

    /// The lock a restore needs: no relay may be serving from `data_dir`.
    pub fn restoring(data_dir: &Path) -> Result<Self, LockError> {
        let file = open(data_dir)?;
        match file.try_lock() {
            Ok(()) => Ok(DataDirLock { _file: file }),
            Err(TryLockError::WouldBlock) => Err(LockError::RelayRunning(data_dir.into())),
            Err(TryLockError::Error(error)) => Err(LockError::Io {
                path: data_dir.join(FILE_NAME),
                error,
            }),
        }
    }
}

fn open(data_dir: &Path) -> Result<File, LockError> {
    let path = data_dir.join(FILE_NAME);
    std::fs::create_dir_all(data_dir)
        .and_then(|()| {
            OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
        })
        .map_err(|error| LockError::Io { path, error })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serving_relays_share_and_a_restore_waits_for_them_all() {
        let dir = tempfile::tempdir().unwrap();
        let first = DataDirLock::serving(dir.path()).unwrap();
        let second = DataDirLock::serving(dir.path()).unwrap();
        assert!(matches!(
            DataDirLock::restoring(dir.path()),
            Err(LockError::RelayRunning(_))
        ));
        drop((first, second));
        let restore = DataDirLock::restoring(dir.path()).unwrap();
        assert!(matches!(
            DataDirLock::serving(dir.path()),
            Err(LockError::RestoreUnderWay(_))
        ));
        drop(restore);
        DataDirLock::serving(dir.path()).unwrap();
    }
}
