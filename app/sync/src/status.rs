//! What the sync status line says, in words the interface translates.

use heard_core::time::Timestamp;
use heard_protocol::Refusal;

#[derive(Clone, Debug, PartialEq)]
pub enum SyncStatus {
    /// Everything here is on the relay and everything there is here.
    Synced,
    /// Connected; this many changes made here are not on the relay yet.
    Waiting { changes: usize },
    /// Taking in the relay's log: `done` of `total` entries.
    Syncing { done: u64, total: u64 },
    /// Not connected, since then (none: never connected in this run).
    Offline { since: Option<Timestamp> },
    /// The relay said no, and why.
    Refused(Refusal),
    /// The relay answered with something this version cannot read.
    Garbled,
}

impl SyncStatus {
    /// The status as the worker tells the screens.
    pub fn line(&self) -> heard_core::worker_api::SyncLine {
        use heard_core::worker_api::SyncLine;
        match self {
            SyncStatus::Synced => SyncLine::Synced,
            SyncStatus::Waiting { changes } => SyncLine::Waiting { changes: *changes },
            SyncStatus::Syncing { done, total } => SyncLine::Syncing {
                done: *done,
                total: *total,
            },
            SyncStatus::Offline { since } => SyncLine::Offline { since: *since },
            SyncStatus::Refused(reason) => SyncLine::Refused {
                reason: format!("{reason:?}"),
            },
            SyncStatus::Garbled => SyncLine::Garbled,
        }
    }
}
