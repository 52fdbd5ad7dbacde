//! Group commit: the one thread that writes the SQLite file.
//!
//! SQLite has one writer and no group commit of its own, and an fsynced
//! commit costs about as much for one row as for hundreds. So every write
//! waits in a channel; the writer thread takes all that are waiting, runs them
//! in ONE transaction (each inside its own savepoint, so one failing write
//! does not undo the others), commits, and only then answers each waiter and
//! announces the new heads. Nobody hears "done" before the fsync.

use std::{
    collections::HashMap,
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    thread::JoinHandle,
};

use rusqlite::Connection;
use tokio::sync::{mpsc, oneshot};

use super::checkpoint::{Checkpointer, Nudge};
use crate::relay::store::{HeadChanged, Notifier, ProjectId, StoreError, StoreResult};

/// Writes waiting beyond this make their senders wait (back-pressure).
const QUEUE: usize = 1024;
/// The most writes one transaction takes, so a commit never waits for long.
const MAX_GROUP: usize = 1024;

/// A write's SQL, run by the writer inside the group's transaction.
type Job = Box<dyn FnOnce(&Connection) -> Ran + Send>;

/// Tells a waiter its outcome, given whether the group committed.
type Answer = Box<dyn FnOnce(Result<(), &str>) + Send>;

/// What a job left behind: whether its savepoint must be rolled back, the
/// head it moved, and how to answer its waiter once the commit is known.
struct Ran {
    failed: bool,
    head: Option<HeadChanged>,
    answer: Answer,
}

/// The sending side, held by the store. Dropping it stops the thread.
pub(super) struct Writer {
    jobs: Option<mpsc::Sender<Job>>,
    thread: Option<JoinHandle<()>>,
    /// Stopped after the writer, whose [`Nudge`] ends it.
    checkpointer: Option<Checkpointer>,
    commits: Arc<AtomicU64>,
}

impl Writer {
    pub(super) fn start(
        conn: Connection,
        notifier: Notifier,
        checkpointer: (Checkpointer, Nudge),
    ) -> StoreResult<Self> {
        let (checkpointer, nudge) = checkpointer;
        let (jobs, queue) = mpsc::channel(QUEUE);
        let commits = Arc::new(AtomicU64::new(0));
        let counted = commits.clone();
        let thread = std::thread::Builder::new()
            .name("relay-writer".into())
            .spawn(move || write_loop(conn, queue, notifier, &counted, &nudge))
            .map_err(|e| StoreError::Backend(format!("cannot start the writer: {e}")))?;
        Ok(Writer {
            jobs: Some(jobs),
            thread: Some(thread),
            checkpointer: Some(checkpointer),
            commits,
        })
    }

    /// Transactions committed so far (each holds one or more writes).
    pub(super) fn commits(&self) -> u64 {
        self.commits.load(Ordering::Relaxed)
    }

    /// Runs `work` in the next group's transaction and returns its value once
    /// that transaction has committed. `work` returns the head it moved.
    pub(super) async fn write<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Connection) -> StoreResult<(T, Option<HeadChanged>)> + Send + 'static,
    ) -> StoreResult<T> {
        let (reply, answer) = oneshot::channel::<StoreResult<T>>();
        let job: Job = Box::new(move |conn| match work(conn) {
            Ok((value, head)) => Ran {
                failed: false,
                head,
                answer: Box::new(move |commit| {
                    let _ = reply.send(match commit {
                        Ok(()) => Ok(value),
                        Err(e) => Err(StoreError::Backend(e.to_owned())),
                    });
                }),
            },
            Err(error) => Ran {
                failed: true,
                head: None,
                answer: Box::new(move |_| {
                    let _ = reply.send(Err(error));
                }),
            },
        });
        let stopped = || StoreError::Backend("the writer has stopped".into());
        let jobs = self.jobs.as_ref().ok_or_else(stopped)?;
        jobs.send(job).await.map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        // Closing the channel ends the loop after the writes already queued;
        // joining means the file is closed when the store is gone.
        self.jobs.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        self.checkpointer.take();
    }
}

fn write_loop(
    conn: Connection,
    mut queue: mpsc::Receiver<Job>,
    notifier: Notifier,
    commits: &AtomicU64,
    nudge: &Nudge,
) {
    while let Some(first) = queue.blocking_recv() {
        let mut group = vec![first];
        while group.len() < MAX_GROUP {
            match queue.try_recv() {
                Ok(job) => group.push(job),
                Err(_) => break,
            }
        }
        if commit_group(&conn, group, &notifier) {
            commits.fetch_add(1, Ordering::Relaxed);
            nudge.committed();
        }
    }
}

/// Runs and commits one group; true when it committed.
fn commit_group(conn: &Connection, group: Vec<Job>, notifier: &Notifier) -> bool {
    let size = group.len();
    if let Err(e) = conn.execute_batch("BEGIN IMMEDIATE") {
        tracing::error!(error = %e, writes = size, "cannot begin a write transaction");
        // Dropping the jobs unrun drops their reply channels: each waiter
        // hears that its write failed, and nothing was written.
        drop(group);
        return false;
    }
    let mut done = Vec::with_capacity(size);
    for job in group {
        done.push(run_in_savepoint(conn, job));
    }
    let committed = conn.execute_batch("COMMIT").map_err(|e| e.to_string());
    if let Err(e) = &committed {
        tracing::error!(error = %e, writes = size, "a group commit failed");
        let _ = conn.execute_batch("ROLLBACK");
    }
    let mut heads: HashMap<ProjectId, u64> = HashMap::new();
    for ran in done {
        if committed.is_ok()
            && let Some(change) = ran.head
        {
            let head = heads.entry(change.project).or_default();
            *head = (*head).max(change.head);
        }
        (ran.answer)(committed.as_ref().map(|_| ()).map_err(|e| e.as_str()));
    }
    for (project, head) in heads {
        notifier.publish(HeadChanged { project, head });
    }
    committed.is_ok()
}

fn run_in_savepoint(conn: &Connection, job: Job) -> Ran {
    // Prepared once per connection: parsing these three every write was a
    // fair share of the writer's time under load.
    if let Err(e) = statement(conn, "SAVEPOINT job") {
        let message = e.to_string();
        return Ran {
            failed: true,
            head: None,
            answer: Box::new(move |_| {
                tracing::error!(error = %message, "cannot open a savepoint");
            }),
        };
    }
    let ran = job(conn);
    let end = if ran.failed {
        statement(conn, "ROLLBACK TO job").and_then(|()| statement(conn, "RELEASE job"))
    } else {
        statement(conn, "RELEASE job")
    };
    if let Err(e) = end {
        tracing::error!(error = %e, "cannot close a savepoint");
    }
    ran
}

/// Runs one cached statement that returns no rows.
fn statement(conn: &Connection, sql: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(sql)?.execute([]).map(|_| ())
}
