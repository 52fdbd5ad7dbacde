//! Checkpoints on a thread of their own: copying the WAL back into the main
//! file (and fsyncing it) took tens of milliseconds each time SQLite's own
//! auto-checkpoint ran it inside a commit, and every write waiting for the
//! next group waited for it too.
//!
//! The writer nudges this thread after each commit; it runs a PASSIVE
//! checkpoint (which never blocks the writer or the readers) at most every
//! [`EVERY`]. Under steady load a PASSIVE checkpoint seldom catches up with
//! the very last frame, and SQLite starts the WAL afresh only when one has,
//! so the writer keeps a large auto-checkpoint of its own as a backstop
//! ([`WRITER_BACKSTOP_PAGES`]): by then almost every frame is already copied,
//! so that checkpoint is short, and the WAL starts afresh after it.

use std::{
    path::PathBuf,
    sync::mpsc::{Receiver, RecvTimeoutError, SyncSender},
    thread::JoinHandle,
    time::{Duration, Instant},
};

use rusqlite::Connection;

use super::{backend, schema};
use crate::relay::store::{StoreError, StoreResult};

/// The most often the WAL is copied back: long enough that a page written by
/// many commits is copied once, short enough that the WAL stays small.
const EVERY: Duration = Duration::from_millis(250);

/// The writer's own auto-checkpoint, in pages (64 MiB of 4 KiB pages).
pub(super) const WRITER_BACKSTOP_PAGES: u32 = 16_384;

/// Wakes the checkpointer after a commit; never blocks the writer.
pub(super) struct Nudge(SyncSender<()>);

impl Nudge {
    pub(super) fn committed(&self) {
        // Full means a nudge is already waiting, which is all it takes.
        let _ = self.0.try_send(());
    }
}

/// The checkpointing thread; it stops once every [`Nudge`] is dropped.
pub(super) struct Checkpointer {
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    pub(super) fn start(path: PathBuf) -> StoreResult<(Checkpointer, Nudge)> {
        let conn = Connection::open(&path).map_err(backend)?;
        schema::configure(&conn)?;
        let (nudge, nudged) = std::sync::mpsc::sync_channel(1);
        let thread = std::thread::Builder::new()
            .name("relay-checkpoint".into())
            .spawn(move || checkpoint_loop(&conn, &nudged))
            .map_err(|e| StoreError::Backend(format!("cannot start the checkpointer: {e}")))?;
        Ok((
            Checkpointer {
                thread: Some(thread),
            },
            Nudge(nudge),
        ))
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn checkpoint_loop(conn: &Connection, nudged: &Receiver<()>) {
    // Each turn: wait for a commit, let others gather for EVERY, copy.
    while nudged.recv().is_ok() {
        let until = Instant::now() + EVERY;
        let stopping = loop {
            match nudged.recv_timeout(until.saturating_duration_since(Instant::now())) {
                Ok(()) => continue,
                Err(RecvTimeoutError::Timeout) => break false,
                Err(RecvTimeoutError::Disconnected) => break true,
            }
        };
        if let Err(error) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
            tracing::warn!(%error, "a checkpoint failed; the WAL is copied back later");
        }
        if stopping {
            break;
        }
    }
}
