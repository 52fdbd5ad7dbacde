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
    /// Opening the connection, or proving who it is to the relay.
    Connecting,
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
            SyncStatus::Connecting => SyncLine::Connecting,
            SyncStatus::Refused(reason) => SyncLine::Refused {
                reason: refusal(*reason),
            },
            SyncStatus::Garbled => SyncLine::Garbled,
        }
    }
}

/// The relay's refusal as the person can act on it.
fn refusal(reason: Refusal) -> heard_core::worker_api::RelayRefusal {
    use heard_core::worker_api::RelayRefusal as R;
    match reason {
        Refusal::Unauthorized => R::Unauthorized,
        Refusal::UnknownProject => R::UnknownProject,
        Refusal::ProjectExists => R::ProjectTaken,
        Refusal::TooLarge => R::TooLarge,
        Refusal::BadFrame | Refusal::BadRequest => R::NotUnderstood,
        Refusal::Internal => R::RelayFault,
        Refusal::ShuttingDown | Refusal::RateLimited | Refusal::TooManyConnections => R::Busy,
    }
}
