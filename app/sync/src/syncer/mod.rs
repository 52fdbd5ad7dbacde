//! The state machine of one project's sync on one device. It is handed what
//! happened (the connection opened or closed, a frame came, time passed, the
//! documents changed) and answers with what to do (connect, send these
//! bytes, open these documents, schedule these writes, save this state). It
//! does no IO and reads no clock: the worker drives it, the tests drive it
//! against a simulated relay.
//!
//! Invariants:
//! - only what is durable on this device is pushed ([`Documents::durable_changes_since`]);
//! - a push is idempotent: the same changes seal to the same blob, so a push
//!   whose acknowledgement was lost is stored once when sent again;
//! - the cursor moves past an entry only once it has been taken in, and the
//!   driver saves it only after the documents it changed are written;
//! - an entry that does not open or does not apply is set aside and named,
//!   and never stops the entries after it.

use std::collections::BTreeSet;

mod media;
mod push;
mod take;

use heard_core::{
    documents::{Documents, Outcome},
    id::DocId,
    storage::BlobKey,
    time::Timestamp,
};
use heard_protocol::{BlobId, ClientFrame, Entry, Limits, ProjectId, Refusal, RelayFrame};

use crate::{
    link::{Link, backoff_ms},
    sealed::Keys,
    state::SyncState,
    status::SyncStatus,
};

/// What happened, for [`Syncer::step`].
#[derive(Debug)]
pub enum Input {
    /// The connection the syncer asked for is open.
    Connected,
    /// The connection closed or could not be opened.
    Closed,
    /// A binary frame from the relay.
    Frame(Vec<u8>),
    /// Time passed (the driver ticks every second or so).
    Tick,
    /// Documents of this device changed or were written.
    Changed,
    /// The documents named by the last [`Action::Open`] are open.
    Opened,
    /// The person asked to sync now: connect whatever the backoff says, or
    /// ask the relay for anything new.
    Now,
    /// The bytes of the recording asked for by [`Action::ReadMedia`]
    /// (`None`: not on this device).
    MediaRead {
        blob: BlobKey,
        bytes: Option<Vec<u8>>,
    },
    /// A screen plays a recording this device lacks, which the relay holds
    /// as `relay`: answered by [`Action::Fetched`].
    Fetch { blob: BlobKey, relay: String },
}

/// What the driver must do, in order.
#[derive(Debug)]
pub enum Action {
    Connect,
    Send(Vec<u8>),
    Close,
    /// Read these stored documents before the sync can go on.
    Open(Vec<DocId>),
    /// The documents took changes: deliver its events and schedule its
    /// writes as for a request from a screen.
    Documents(Box<Outcome>),
    /// Save this state once the listed documents' writes are committed.
    SaveState {
        state: SyncState,
        after: Vec<DocId>,
    },
    /// Read this stored recording, then send [`Input::MediaRead`].
    ReadMedia(BlobKey),
    /// The recording an [`Input::Fetch`] asked for, opened and checked, or
    /// `None` when it cannot be had now.
    Fetched {
        blob: BlobKey,
        bytes: Option<Vec<u8>>,
    },
}

/// An entry that could not be taken in, and why: reported by document when
/// it can be opened, by sequence number when not.
#[derive(Clone, Debug, PartialEq)]
pub struct SetAside {
    pub seq: u64,
    pub doc: Option<DocId>,
    pub reason: String,
}

use push::Push;

pub struct Syncer {
    project: ProjectId,
    keys: Keys,
    /// The project's document, once known (a device joining learns it from
    /// what it downloads).
    project_doc: Option<DocId>,
    link: Link,
    state: SyncState,
    limits: Limits,
    seed: u64,
    next_request: u32,
    push: Option<Push>,
    pull: Option<u32>,
    head: u64,
    /// Blobs this device pushed: skipped when the log hands them back.
    own: BTreeSet<BlobId>,
    /// A batch waiting for stored documents to be opened.
    stalled: Option<(Vec<Entry>, bool)>,
    /// Pulls wait for the acknowledgement of this device's own snapshot:
    /// until its place in the log is known, an older snapshot there cannot
    /// be told from a newer one.
    hold_pulls: bool,
    /// Stored documents of the project asked to be opened, so their
    /// unpushed changes can go.
    opening: BTreeSet<DocId>,
    refused: Option<Refusal>,
    garbled: bool,
    set_aside: Vec<SetAside>,
    /// Where this catch-up started, for progress.
    caught_up_from: u64,
    /// Recordings on their way up or down.
    media: media::MediaSync,
}

impl Syncer {
    /// `seed`: random, per device, to spread reconnections.
    pub fn new(
        project: ProjectId,
        keys: Keys,
        project_doc: Option<DocId>,
        state: SyncState,
        seed: u64,
    ) -> Syncer {
        let cursor = state.cursor;
        Syncer {
            project,
            keys,
            project_doc,
            link: Link::Offline {
                since: None,
                retry_at: Timestamp(0),
                attempt: 0,
            },
            state,
            limits: Limits::RELAY,
            seed,
            next_request: 1,
            push: None,
            pull: None,
            head: cursor,
            own: BTreeSet::new(),
            stalled: None,
            hold_pulls: false,
            opening: BTreeSet::new(),
            refused: None,
            garbled: false,
            set_aside: Vec::new(),
            caught_up_from: cursor,
            media: media::MediaSync::default(),
        }
    }

    pub fn state(&self) -> &SyncState {
        &self.state
    }

    pub fn project_doc(&self) -> Option<&DocId> {
        self.project_doc.as_ref()
    }

    /// The project's document, learnt elsewhere than from the relay (a
    /// sync file brought it): pushes can start once the relay is reached.
    pub fn learn_project(&mut self, doc: DocId) {
        self.project_doc.get_or_insert(doc);
    }

    pub fn set_aside(&self) -> &[SetAside] {
        &self.set_aside
    }

    pub fn is_ready(&self) -> bool {
        self.link == Link::Ready
    }

    pub fn step(&mut self, input: Input, docs: &mut Documents, now: Timestamp) -> Vec<Action> {
        let mut out = Vec::new();
        match input {
            Input::Tick => {
                if let Link::Offline { retry_at, .. } = self.link
                    && now >= retry_at
                {
                    self.link = Link::Connecting;
                    out.push(Action::Connect);
                }
            }
            Input::Connected => {
                self.link = Link::Connecting;
                out.push(self.send(ClientFrame::Hello {
                    project: self.project,
                    register: Some(self.keys.verifier()),
                }));
            }
            Input::Closed => self.closed(now),
            Input::Frame(bytes) => match RelayFrame::decode(&bytes, &self.limits) {
                Ok(frame) => self.frame(frame, docs, now, &mut out),
                Err(_) => {
                    self.garbled = true;
                    out.push(Action::Close);
                    self.closed(now);
                }
            },
            Input::Changed => {}
            Input::Now => match self.link {
                Link::Offline { .. } => {
                    self.link = Link::Connecting;
                    out.push(Action::Connect);
                }
                Link::Ready => self.pull(true, &mut out),
                Link::Connecting | Link::Challenged => {}
            },
            Input::Opened => {
                if let Some((entries, more)) = self.stalled.take() {
                    self.take_batch(entries, more, docs, now, &mut out);
                }
            }
            Input::MediaRead { blob, bytes } => self.media_read(&blob, bytes, &mut out),
            Input::Fetch { blob, relay } => self.fetch(blob, &relay, &mut out),
        }
        if self.link == Link::Ready {
            // The log may have grown past the cursor by this device's own
            // pushes as well as by others' (an acknowledgement says so).
            self.pull_next(&mut out);
            self.push_next(docs, &mut out);
            self.upload_next(docs, &mut out);
        } else {
            self.media_closed(&mut out);
        }
        out
    }

    fn send(&self, frame: ClientFrame) -> Action {
        Action::Send(frame.encode())
    }

    fn request(&mut self) -> u32 {
        let n = self.next_request;
        self.next_request = self.next_request.wrapping_add(1).max(1);
        n
    }

    fn closed(&mut self, now: Timestamp) {
        let (since, attempt) = match self.link {
            Link::Offline { since, attempt, .. } => (since, attempt + 1),
            Link::Ready => (Some(now), 0),
            _ => (None, 1),
        };
        self.link = Link::Offline {
            since,
            retry_at: Timestamp(now.0 + backoff_ms(attempt, self.seed)),
            attempt,
        };
        self.push = None;
        self.pull = None;
        self.stalled = None;
        self.hold_pulls = false;
    }

    fn frame(
        &mut self,
        frame: RelayFrame,
        docs: &mut Documents,
        now: Timestamp,
        out: &mut Vec<Action>,
    ) {
        match frame {
            RelayFrame::Challenge { nonce, limits } => {
                self.limits = limits;
                self.link = Link::Challenged;
                out.push(self.send(ClientFrame::Auth {
                    signature: self.keys.sign(&self.project, &nonce),
                }));
            }
            RelayFrame::Welcome { head, log } => {
                let log: String = log.iter().map(|b| format!("{b:02x}")).collect();
                if self.state.log != log {
                    // Another log (a relay restored from a backup, or a
                    // first contact): what it holds is read from the start,
                    // and everything here is offered again; pushes are
                    // idempotent and changes merge once.
                    if !self.state.log.is_empty() {
                        // Every document stays known (an erased one's
                        // tombstone must go again), but nothing is taken
                        // to be on the relay any more.
                        self.state.cursor = 0;
                        for doc in self.state.docs.values_mut() {
                            *doc = crate::state::DocSync::default();
                        }
                        self.own.clear();
                    }
                    self.state.log = log;
                }
                self.link = Link::Ready;
                self.refused = None;
                self.garbled = false;
                self.head = head;
                self.caught_up_from = self.state.cursor;
                self.pull_next(out);
            }
            RelayFrame::Notify { head } => {
                self.head = self.head.max(head);
                self.pull_next(out);
            }
            RelayFrame::Batch {
                request,
                entries,
                more,
            } if Some(request) == self.pull => self.take_batch(entries, more, docs, now, out),
            RelayFrame::Acked { request, seqs } => self.acked(request, &seqs, docs, out),
            RelayFrame::MediaStored { request, id } => {
                self.media_stored(request, id, docs, now, out)
            }
            RelayFrame::Media { request, bytes, .. } => self.media_came(request, bytes, out),
            RelayFrame::Refused { reason, .. } => {
                // A relay stopping or busy is like one that is down: the
                // status says offline, and the syncer tries again later.
                let passing = matches!(
                    reason,
                    Refusal::ShuttingDown | Refusal::RateLimited | Refusal::TooManyConnections
                );
                if !passing {
                    self.refused = Some(reason);
                }
                out.push(Action::Close);
                self.closed(now);
            }
            // Answers to requests this syncer no longer waits for.
            _ => {}
        }
    }

    fn pull_next(&mut self, out: &mut Vec<Action>) {
        self.pull(false, out);
    }

    /// Asks for what follows the cursor: when the log is known to hold more
    /// (`head`), or, `anyway`, to learn whether it does. An empty answer
    /// leaves `head` as it was, so asking never starts a loop.
    fn pull(&mut self, anyway: bool, out: &mut Vec<Action>) {
        if self.pull.is_none()
            && self.stalled.is_none()
            && !self.hold_pulls
            && (anyway || self.state.cursor < self.head)
        {
            let request = self.request();
            self.pull = Some(request);
            out.push(self.send(ClientFrame::Pull {
                request,
                after: self.state.cursor,
                max: self.limits.max_batch,
            }));
        }
    }

    fn acked(&mut self, request: u32, seqs: &[u64], docs: &mut Documents, out: &mut Vec<Action>) {
        let Some(push) = self.push.take_if(|p| p.request == request) else {
            return;
        };
        self.hold_pulls = false;
        let snapshot = push.snapshot;
        for pushed in push.docs {
            // A document replaced by another device's rewrite while this
            // push was on its way: the relay's heads are the rewrite's now.
            if !pushed.erased && !docs.holds(&pushed.doc, &pushed.heads) {
                continue;
            }
            let entry = self.state.docs.entry(pushed.doc).or_default();
            entry.set_heads(&pushed.heads);
            entry.erased |= pushed.erased;
            entry.entries += pushed.blobs;
            if snapshot && let Some(seq) = seqs.first() {
                entry.snapshot_seq = entry.snapshot_seq.max(*seq);
                entry.entries = 0;
            }
        }
        // Changes this device pushed need not be taken in again. Its own
        // snapshot is: another device's older rewrite may have replaced
        // this copy while the push was on its way, and the relay's log now
        // puts this snapshot last.
        if !snapshot {
            for (id, seq) in push.blobs.into_iter().zip(seqs) {
                if *seq > self.state.cursor {
                    self.own.insert(id);
                }
            }
        }
        if let Some(max) = seqs.iter().max() {
            self.head = self.head.max(*max);
        }
        out.push(Action::SaveState {
            state: self.state.clone(),
            after: Vec::new(),
        });
    }

    /// The status line's state.
    pub fn status(&self, docs: &mut Documents) -> SyncStatus {
        if let Some(reason) = self.refused {
            return SyncStatus::Refused(reason);
        }
        if self.garbled {
            return SyncStatus::Garbled;
        }
        match self.link {
            Link::Offline { since, .. } => return SyncStatus::Offline { since },
            Link::Connecting | Link::Challenged => return SyncStatus::Connecting,
            Link::Ready => {}
        }
        if self.state.cursor < self.head {
            return SyncStatus::Syncing {
                done: self.state.cursor - self.caught_up_from.min(self.state.cursor),
                total: self.head - self.caught_up_from.min(self.head),
            };
        }
        let waiting = self.waiting(docs);
        if waiting > 0 {
            SyncStatus::Waiting { changes: waiting }
        } else {
            SyncStatus::Synced
        }
    }

    /// Changes made here (durable or not) that the relay does not hold.
    /// Told after every step, so a document whose heads are the relay's
    /// (nearly all of them, in a project of thousands) costs one heads
    /// comparison, not a walk of its history.
    fn waiting(&self, docs: &mut Documents) -> usize {
        let Some(project) = &self.project_doc else {
            return 0;
        };
        let none = crate::state::DocSync::default();
        let mut count = 0;
        for doc in docs.project_docs(project) {
            let Some(current) = docs.current_heads(&doc) else {
                continue;
            };
            let synced = self.state.docs.get(&doc).unwrap_or(&none);
            if !synced.is_at(&current) {
                count += docs.changes_since(&doc, &synced.heads()).len();
            }
        }
        count
    }
}
