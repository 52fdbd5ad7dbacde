//! A device's side of sync (see `docs/sync-protocol.md`): [`Syncer`] is the
//! sans-IO state machine for one project; the document worker drives it
//! with a WebSocket, the tests with a simulated relay.
//!
//! Invariant: this crate does no IO, reads no clock and draws no randomness;
//! it knows documents only through [`heard_core::documents::Documents`] and
//! the relay only through [`heard_protocol`] frames.

mod link;
mod payload;
mod record;
mod sealed;
mod state;
mod status;
pub mod sync_file;
mod syncer;

pub use record::{RecordError, SyncRecord, unhex};
pub use sealed::Keys;
pub use state::{DocSync, SyncState};
pub use status::SyncStatus;
pub use syncer::{Action, Input, SetAside, Syncer};
