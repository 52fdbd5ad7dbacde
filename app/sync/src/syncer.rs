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

use heard_core::{
    documents::{Documents, Outcome},
    id::DocId,
    time::Timestamp,
    worker_api::ToWorker,
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
}

/// An entry that could not be taken in, and why: reported by document when
/// it can be opened, by sequence number when not.
#[derive(Clone, Debug, PartialEq)]
pub struct SetAside {
    pub seq: u64,
    pub doc: Option<DocId>,
    pub reason: String,
}

/// An entry opened: its document and what it carries, or why not.
type Opened = Result<(DocId, Vec<u8>), String>;

/// After this many entries of changes to one document, a device that holds
/// it whole compacts it: a new device then downloads one snapshot in place
/// of every keystroke.
const COMPACT_AFTER: u32 = 32;

/// A document first pushed with at least this many changes goes whole.
const WHOLE_FROM: usize = 16;

/// A snapshot of a document this device holds, taken.
enum Merged {
    /// Merged into this device's copy.
    Taken(Outcome),
    /// In place of this device's copy (a history rewritten elsewhere).
    Replaced(Outcome),
    /// It did not load.
    SetAside,
}

/// One document of a push.
#[derive(Debug)]
struct Pushed {
    doc: DocId,
    /// The heads the relay holds once the push is acked.
    heads: Vec<automerge::ChangeHash>,
    /// The push erases the document.
    erased: bool,
    /// Entries of changes the push adds to the relay's log.
    blobs: u32,
}

#[derive(Debug)]
struct Push {
    request: u32,
    docs: Vec<Pushed>,
    blobs: Vec<BlobId>,
    /// The push is a snapshot of a document rewritten here.
    snapshot: bool,
}

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
        }
        if self.link == Link::Ready {
            // The log may have grown past the cursor by this device's own
            // pushes as well as by others' (an acknowledgement says so).
            self.pull_next(&mut out);
            self.push_next(docs, &mut out);
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
            // Media, and answers to requests this syncer no longer waits for.
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

    fn take_batch(
        &mut self,
        entries: Vec<Entry>,
        more: bool,
        docs: &mut Documents,
        now: Timestamp,
        out: &mut Vec<Action>,
    ) {
        // Stored documents the entries change are read first.
        let opened: Vec<(Entry, Opened)> = entries
            .into_iter()
            .map(|e| {
                let opened = self.keys.open(&e);
                (e, opened)
            })
            .collect();
        let needed: BTreeSet<DocId> = opened
            .iter()
            .filter_map(|(_, o)| o.as_ref().ok().map(|(doc, _)| doc.clone()))
            .filter(|doc| docs.needs_doc(doc))
            .collect();
        if !needed.is_empty() {
            self.stalled = Some((opened.into_iter().map(|(e, _)| e).collect(), more));
            self.pull = None;
            out.push(Action::Open(needed.into_iter().collect()));
            return;
        }
        let mut changed = Vec::new();
        let mut more = more;
        for (entry, opened) in opened {
            if entry.seq <= self.state.cursor {
                continue;
            }
            if entry.kind == heard_protocol::BlobKind::Snapshot && self.snapshot_in_flight(&entry) {
                self.hold_pulls = true;
                more = true;
                break;
            }
            if !self.own.remove(&entry.id) {
                match opened {
                    Ok((doc, payload)) => {
                        if let Some(outcome) = self.take(&entry, &doc, &payload, docs, now) {
                            changed.extend(outcome.dirty.clone());
                            out.push(Action::Documents(Box::new(outcome)));
                        }
                    }
                    Err(reason) => self.set_aside.push(SetAside {
                        seq: entry.seq,
                        doc: None,
                        reason,
                    }),
                }
            }
            self.state.cursor = entry.seq;
        }
        self.head = self.head.max(self.state.cursor);
        out.push(Action::SaveState {
            state: self.state.clone(),
            after: changed,
        });
        self.pull = None;
        if more {
            self.head = self.head.max(self.state.cursor + 1);
        }
        self.pull_next(out);
    }

    /// Whether this device's own snapshot of the entry's document is on its
    /// way to the relay, not yet acknowledged.
    fn snapshot_in_flight(&self, entry: &Entry) -> bool {
        self.push.as_ref().is_some_and(|push| {
            push.snapshot
                && push
                    .docs
                    .iter()
                    .any(|pushed| self.keys.tag(&pushed.doc) == entry.tag)
        })
    }

    /// Takes one entry into the documents.
    fn take(
        &mut self,
        entry: &Entry,
        doc: &DocId,
        payload: &[u8],
        docs: &mut Documents,
        now: Timestamp,
    ) -> Option<Outcome> {
        use heard_protocol::BlobKind;
        if self.keys.tag(doc) != entry.tag {
            self.set_aside.push(SetAside {
                seq: entry.seq,
                doc: Some(doc.clone()),
                reason: "the blob names another document than its tag".into(),
            });
            return None;
        }
        // Whether everything of this document made here is on the relay:
        // then, once the entry is in, so is everything the device holds.
        let all_pushed = docs.durable_heads(doc).is_none_or(|durable| {
            durable.is_empty() || self.state.docs.get(doc).is_some_and(|s| s.is_at(&durable))
        });
        let outcome = match entry.kind {
            BlobKind::Tombstone => {
                let outcome = docs.handle(ToWorker::Erase { id: doc.clone() });
                self.state.docs.entry(doc.clone()).or_default().erased = true;
                return Some(outcome);
            }
            BlobKind::Changes => match crate::payload::decode(payload) {
                Ok(changes) => docs.receive(doc.clone(), &changes),
                Err(e) => {
                    self.set_aside.push(SetAside {
                        seq: entry.seq,
                        doc: Some(doc.clone()),
                        reason: format!("the changes in it do not read: {e:?}"),
                    });
                    return None;
                }
            },
            BlobKind::Snapshot => {
                let known = self.state.docs.get(doc).map_or(0, |s| s.snapshot_seq);
                if entry.seq < known {
                    return None;
                }
                if !docs.is_open(doc) && !docs.needs_doc(doc) {
                    // A document this device lacks (nearly every one, when
                    // joining): loaded whole, not applied change by change,
                    // which costs twice as much.
                    docs.replace(doc.clone(), payload, now)
                } else {
                    match self.merge_snapshot(entry, doc, payload, docs, now) {
                        Merged::Taken(outcome) => outcome,
                        Merged::Replaced(outcome) => return Some(outcome),
                        Merged::SetAside => return None,
                    }
                }
            }
        };
        self.taken(entry, doc, all_pushed, &outcome, docs);
        Some(outcome)
    }

    /// What taking an entry changed in the sync state.
    fn taken(
        &mut self,
        entry: &Entry,
        doc: &DocId,
        all_pushed: bool,
        outcome: &Outcome,
        docs: &mut Documents,
    ) {
        if let Some(reason) = &outcome.changes_refused {
            self.set_aside.push(SetAside {
                seq: entry.seq,
                doc: Some(doc.clone()),
                reason: reason.clone(),
            });
            return;
        }
        if self.project_doc.is_none() && docs.is_project(doc) {
            self.project_doc = Some(doc.clone());
        }
        let heads = all_pushed.then(|| docs.current_heads(doc)).flatten();
        let synced = self.state.docs.entry(doc.clone()).or_default();
        if entry.kind == heard_protocol::BlobKind::Snapshot {
            synced.snapshot_seq = synced.snapshot_seq.max(entry.seq);
            synced.entries = 0;
        } else {
            synced.entries += 1;
        }
        if let Some(heads) = heads {
            synced.set_heads(&heads);
        }
    }

    /// Takes a snapshot of a document this device holds: merged, or, if it
    /// is a history rewritten elsewhere, in place of this device's copy.
    fn merge_snapshot(
        &mut self,
        entry: &Entry,
        doc: &DocId,
        payload: &[u8],
        docs: &mut Documents,
        now: Timestamp,
    ) -> Merged {
        let loaded = automerge::AutoCommit::load(payload).map(|mut d| {
            let changes = d
                .get_changes(&[])
                .into_iter()
                .map(|c| c.raw_bytes().to_vec())
                .collect::<Vec<_>>();
            (changes, d.get_heads())
        });
        let (changes, heads) = match loaded {
            Ok(loaded) => loaded,
            Err(e) => {
                self.set_aside.push(SetAside {
                    seq: entry.seq,
                    doc: Some(doc.clone()),
                    reason: format!("the snapshot in it does not load: {e}"),
                });
                return Merged::SetAside;
            }
        };
        let taken = docs.receive(doc.clone(), &changes);
        if !taken.superseded {
            return Merged::Taken(taken);
        }
        // A history rewritten elsewhere (words withdrawn) replaces this
        // device's copy; what this device carries over to it is not on the
        // relay yet.
        let replaced = docs.replace(doc.clone(), payload, now);
        match &replaced.changes_refused {
            None => {
                let synced = self.state.docs.entry(doc.clone()).or_default();
                synced.set_heads(&heads);
                synced.snapshot_seq = entry.seq;
                synced.entries = 0;
            }
            Some(reason) => self.set_aside.push(SetAside {
                seq: entry.seq,
                doc: Some(doc.clone()),
                reason: reason.clone(),
            }),
        }
        Merged::Replaced(replaced)
    }

    /// Pushes what is durable here and not on the relay yet, one request at
    /// a time: an erasure, or a whole document (rewritten here, or compacted),
    /// goes alone; changes of several documents go together.
    fn push_next(&mut self, docs: &mut Documents, out: &mut Vec<Action>) {
        if self.push.is_some() || self.stalled.is_some() {
            return;
        }
        let Some(project) = self.project_doc.clone() else {
            return;
        };
        // Every document of the project seen here is remembered, so that
        // its erasure reaches the relay even if it is erased before its
        // first push was acknowledged.
        for doc in docs.project_docs(&project) {
            self.state.docs.entry(doc).or_default();
        }
        let ids: BTreeSet<DocId> = self.state.docs.keys().cloned().collect();
        let unopened: Vec<DocId> = ids
            .iter()
            .filter(|d| docs.needs_doc(d) && !self.opening.contains(*d))
            .cloned()
            .collect();
        if !unopened.is_empty() {
            self.opening.extend(unopened.iter().cloned());
            out.push(Action::Open(unopened));
        }
        let request = self.next_request;
        let mut push = Push {
            request,
            docs: Vec::new(),
            blobs: Vec::new(),
            snapshot: false,
        };
        let mut blobs = Vec::new();
        let mut bytes = 64usize;
        for doc in ids {
            let synced = self.state.docs.get(&doc).cloned().unwrap_or_default();
            if docs.is_erased(&doc) {
                if !synced.erased && push.docs.is_empty() {
                    self.push_erasure(doc, out);
                    return;
                }
                continue;
            }
            let Some(durable) = docs.durable_heads(&doc) else {
                continue;
            };
            if durable.is_empty() {
                continue;
            }
            if synced.is_at(&durable) {
                // On the relay already: compacted once its changes there
                // are many, if everything of it here is written.
                let whole = docs.current_heads(&doc).is_some_and(|h| synced.is_at(&h));
                if synced.entries >= COMPACT_AFTER && whole && push.docs.is_empty() {
                    self.push_snapshot(doc, durable, docs, out);
                    return;
                }
                continue;
            }
            let synced_heads = synced.heads();
            let rewritten_here = !synced_heads.is_empty() && !docs.holds(&doc, &synced_heads);
            // A rewritten history the relay may not hold (first offered, or
            // offered again to a restored log) also goes whole.
            if rewritten_here || (synced_heads.is_empty() && docs.is_rewritten(&doc)) {
                if push.docs.is_empty() {
                    self.push_snapshot(doc, durable, docs, out);
                    return;
                }
                continue;
            }
            let changes = docs.durable_changes_since(&doc, &synced_heads);
            if changes.is_empty() {
                continue;
            }
            // A document the relay has nothing of, made of many changes (a
            // response answered offline), goes as one snapshot: a fraction
            // of the bytes, and loaded whole by the devices that take it.
            let whole = (synced_heads.is_empty() && changes.len() >= WHOLE_FROM)
                .then(|| docs.durable_snapshot(&doc))
                .flatten()
                .filter(|s| s.len() <= self.limits.max_blob as usize / 2);
            let parts: Vec<(heard_protocol::BlobKind, Vec<u8>)> = match whole {
                Some(snapshot) => vec![(heard_protocol::BlobKind::Snapshot, snapshot)],
                None => split(&changes, self.limits.max_blob as usize / 2)
                    .into_iter()
                    .map(|part| {
                        (
                            heard_protocol::BlobKind::Changes,
                            crate::payload::encode(part),
                        )
                    })
                    .collect(),
            };
            let mut count = 0;
            for (kind, payload) in parts {
                let blob = self.keys.seal(&doc, kind, &payload);
                if blobs.len() + 1 > self.limits.max_batch as usize
                    || bytes + blob.encoded_len() > self.limits.max_frame as usize
                {
                    break;
                }
                bytes += blob.encoded_len();
                push.blobs.push(BlobId::of(&blob.bytes));
                blobs.push(blob);
                count += 1;
            }
            push.docs.push(Pushed {
                doc,
                heads: durable,
                erased: false,
                blobs: count,
            });
            if blobs.len() >= self.limits.max_batch as usize {
                break;
            }
        }
        if blobs.is_empty() {
            return;
        }
        self.request();
        self.push = Some(push);
        out.push(self.send(ClientFrame::Push { request, blobs }));
    }

    /// Sends `doc`'s erasure: every blob of it leaves the relay.
    fn push_erasure(&mut self, doc: DocId, out: &mut Vec<Action>) {
        let tombstone = self
            .keys
            .seal(&doc, heard_protocol::BlobKind::Tombstone, &[]);
        let request = self.request();
        self.push = Some(Push {
            request,
            docs: vec![Pushed {
                doc,
                heads: Vec::new(),
                erased: true,
                blobs: 0,
            }],
            blobs: Vec::new(),
            snapshot: false,
        });
        out.push(self.send(ClientFrame::Erase {
            request,
            tag: tombstone.tag,
            tombstone,
        }));
    }

    /// Sends `doc` whole, as far as it is written here, in place of what
    /// the relay holds of it up to the cursor: a history rewritten here
    /// (the withdrawn words leave the relay too), or a compaction.
    fn push_snapshot(
        &mut self,
        doc: DocId,
        durable: Vec<automerge::ChangeHash>,
        docs: &mut Documents,
        out: &mut Vec<Action>,
    ) {
        let Some(snapshot) = docs.durable_snapshot(&doc) else {
            return;
        };
        let blob = self
            .keys
            .seal(&doc, heard_protocol::BlobKind::Snapshot, &snapshot);
        let request = self.request();
        self.push = Some(Push {
            request,
            docs: vec![Pushed {
                doc,
                heads: durable,
                erased: false,
                blobs: 0,
            }],
            blobs: vec![BlobId::of(&blob.bytes)],
            snapshot: true,
        });
        // Only what this device has taken in is dropped from the relay: an
        // entry of this document pushed since, by a device that had not
        // heard yet, stays for it to be seen.
        out.push(self.send(ClientFrame::Compact {
            request,
            tag: blob.tag,
            covers: self.state.cursor,
            blob,
        }));
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

/// Groups `changes` into runs of at most about `max` bytes (a change larger
/// than that goes alone).
fn split(changes: &[Vec<u8>], max: usize) -> Vec<&[Vec<u8>]> {
    let mut out = Vec::new();
    let (mut start, mut size) = (0, 0);
    for (i, change) in changes.iter().enumerate() {
        if i > start && size + change.len() > max {
            out.push(&changes[start..i]);
            start = i;
            size = 0;
        }
        size += change.len() + 4;
    }
    if start < changes.len() {
        out.push(&changes[start..]);
    }
    out
}
