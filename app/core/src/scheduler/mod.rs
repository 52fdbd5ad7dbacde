//! The document worker's scheduling as a state machine with no IO: requests
//! in order, one read before a request that needs its document, one write in
//! flight per document, retries after a failed write, erasing after a
//! running write, a background check while the interface is quiet, and
//! confirmations by request number.
//!
//! The driver (the browser worker, or a test) feeds [`Input`]s to
//! [`Scheduler::step`] and carries out the [`Action`]s it returns, feeding
//! each result back as another input.
//!
//! Invariant: a screen is told `Saved { through: n }` only once every request
//! it numbered up to `n` is settled: its change committed by storage, or
//! refused, or one that changed nothing.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::{
    documents::{Checked, Documents, Need, Outcome},
    id::DocId,
    json_doc::ClientId,
    storage::{BlobKey, RawChunk, StorageError, Write},
    worker_api::{FromWorker, ToWorker},
};

/// How long the interface must be quiet before the background check reads
/// another document.
pub const QUIET_MS: f64 = 1000.0;

#[derive(Debug)]
pub enum Input {
    /// Request number `seq` from screen `client`, arriving at `now_ms`.
    Request {
        client: ClientId,
        seq: u64,
        request: ToWorker,
        now_ms: f64,
    },
    /// The chunks of a document asked for by [`Action::Read`].
    Read { id: DocId, chunks: Vec<RawChunk> },
    /// Every response's row, asked for by [`Action::ReadRows`] (none when
    /// they could not be read: every response is then opened instead).
    Rows(Vec<crate::storage::IndexEntry>),
    /// How an [`Action::Write`] ended.
    Wrote {
        id: DocId,
        result: Result<(), StorageError>,
    },
    /// How an [`Action::Erase`] ended.
    Erased {
        id: DocId,
        result: Result<(), StorageError>,
    },
    /// The chunks of a document asked for by [`Action::ReadForCheck`].
    ReadForCheck { id: DocId, chunks: Vec<RawChunk> },
    /// The bytes of a blob asked for by [`Action::ReadBlob`] (`None`: not
    /// stored on this device).
    BlobRead {
        blob: BlobKey,
        bytes: Option<Vec<u8>>,
    },
    /// The bytes of a recording asked for by [`Action::Fetch`], from the
    /// relay and opened (`None`: it could not be had now).
    Fetched {
        blob: BlobKey,
        bytes: Option<Vec<u8>>,
    },
    /// Time passes (the driver ticks a few times a second).
    Tick { now_ms: f64 },
}

#[derive(Debug, PartialEq)]
pub enum Action {
    /// Post `event` to one screen, or to every screen (`None`).
    Post {
        to: Option<ClientId>,
        event: FromWorker,
    },
    /// Read a document's chunks, then send [`Input::Read`].
    Read(DocId),
    /// Read every response's row, then send [`Input::Rows`].
    ReadRows,
    /// Carry out `write` atomically, then send [`Input::Wrote`].
    Write(DocId, Write),
    /// Remove a document's chunks and leave its tombstone, then send
    /// [`Input::Erased`].
    Erase(DocId),
    /// Read a document's chunks for the background check, then send
    /// [`Input::ReadForCheck`].
    ReadForCheck(DocId),
    /// Read a blob, then send [`Input::BlobRead`].
    ReadBlob(BlobKey),
    /// A recording this device lacks that the relay holds as `relay`:
    /// fetch it through the project's sync, then send [`Input::Fetched`].
    Fetch { blob: BlobKey, relay: String },
    /// Write an index repair; its result does not matter (a failed repair
    /// leaves the index stale, and the next check repairs it).
    Repair(Write),
    /// Keep a survey's results for its screen to open with (key and JSON,
    /// [`crate::results::saved`]); its result does not matter.
    KeepTables(String, String),
    /// Everything asked so far is committed (the benchmark times taps to it).
    MarkDurable,
}

type Ticket = (ClientId, u64);

pub struct Scheduler {
    documents: Documents,
    queue: VecDeque<(ClientId, u64, ToWorker)>,
    /// What is being read before the first queued request can go.
    reading: Option<Need>,
    /// Requests whose changes to a document wait for its next write.
    waiting: BTreeMap<DocId, Vec<Ticket>>,
    /// The write in flight per document, with the requests it carries.
    writing: BTreeMap<DocId, Vec<Ticket>>,
    /// Documents whose last write failed and still hold unwritten changes.
    failed: BTreeSet<DocId>,
    /// Documents to erase once their write in flight ends, with the erase
    /// requests; and erasures in flight.
    erase_after_write: BTreeMap<DocId, Vec<Ticket>>,
    erasing: BTreeMap<DocId, Vec<Ticket>>,
    /// Per screen: requests not yet settled, the highest number seen, and
    /// the number last confirmed.
    open: BTreeMap<ClientId, BTreeSet<u64>>,
    highest: BTreeMap<ClientId, u64>,
    confirmed: BTreeMap<ClientId, u64>,
    checking: Option<DocId>,
    last_request_ms: f64,
    /// Screens waiting for a recording: who asked, the document, its audio
    /// key and media type.
    blob_reads: BTreeMap<BlobKey, Vec<(ClientId, DocId, String, String)>>,
}

impl Scheduler {
    pub fn new(documents: Documents) -> Scheduler {
        Scheduler {
            documents,
            queue: VecDeque::new(),
            reading: None,
            waiting: BTreeMap::new(),
            writing: BTreeMap::new(),
            failed: BTreeSet::new(),
            erase_after_write: BTreeMap::new(),
            erasing: BTreeMap::new(),
            open: BTreeMap::new(),
            highest: BTreeMap::new(),
            confirmed: BTreeMap::new(),
            checking: None,
            last_request_ms: 0.0,
            blob_reads: BTreeMap::new(),
        }
    }

    pub fn documents(&self) -> &Documents {
        &self.documents
    }

    pub fn documents_mut(&mut self) -> &mut Documents {
        &mut self.documents
    }

    /// Whether nothing is queued, read, written or erased.
    pub fn is_idle(&self) -> bool {
        self.queue.is_empty()
            && self.reading.is_none()
            && self.writing.is_empty()
            && self.erasing.is_empty()
            && self.checking.is_none()
    }

    pub fn step(&mut self, input: Input) -> Vec<Action> {
        let mut out = Vec::new();
        match input {
            Input::Request {
                client,
                seq,
                request,
                now_ms,
            } => {
                self.last_request_ms = now_ms;
                self.open.entry(client).or_default().insert(seq);
                let highest = self.highest.entry(client).or_default();
                *highest = (*highest).max(seq);
                self.queue.push_back((client, seq, request));
                self.pump(&mut out);
            }
            Input::Rows(rows) => {
                if self.reading == Some(Need::Rows) {
                    self.reading = None;
                }
                self.documents.rows_read(rows);
                self.pump(&mut out);
            }
            Input::Read { id, chunks } => {
                if self.reading.as_ref() == Some(&Need::Doc(id.clone())) {
                    self.reading = None;
                }
                let checked = self.documents.open(id, chunks);
                checked_actions(checked, &mut out);
                self.pump(&mut out);
            }
            Input::Wrote { id, result } => self.wrote(id, result, &mut out),
            Input::Erased { id, result } => {
                let tickets = self.erasing.remove(&id).unwrap_or_default();
                match result {
                    Ok(()) => {
                        out.push(Action::Post {
                            to: None,
                            event: FromWorker::Erased { id },
                        });
                        for ticket in tickets {
                            self.settle(ticket);
                        }
                    }
                    Err(error) => {
                        // The tombstone is in memory: a later erase request
                        // (or the next start's check) tries again.
                        out.push(Action::Post {
                            to: None,
                            event: FromWorker::SaveFailed { error },
                        });
                        for ticket in tickets {
                            self.settle(ticket);
                        }
                    }
                }
            }
            Input::ReadForCheck { id, chunks } => {
                if self.checking.as_ref() == Some(&id) {
                    self.checking = None;
                }
                let checked = self.documents.check(id, chunks);
                checked_actions(checked, &mut out);
            }
            Input::BlobRead { blob, bytes: None }
                if let Some(relay) = self.documents.media_on_relay(&blob.doc, &blob.hash) =>
            {
                // Made on another device: the screens wait for the relay.
                out.push(Action::Fetch { blob, relay });
            }
            Input::Fetched { blob, bytes } => {
                let found = bytes.filter(|data| blob.matches(data));
                if let Some(data) = &found {
                    self.documents.recording_stored(&blob);
                    // Kept for next time, offline too; a failed write only
                    // means fetching it again.
                    out.push(Action::Repair(Write {
                        blob_puts: vec![(blob.clone(), data.clone())],
                        ..Write::default()
                    }));
                }
                self.answer_blob(blob, found, &mut out);
            }
            Input::BlobRead { blob, bytes } => self.answer_blob(blob, bytes, &mut out),
            Input::Tick { now_ms } => {
                let quiet = now_ms - self.last_request_ms >= QUIET_MS;
                if quiet
                    && self.queue.is_empty()
                    && self.reading.is_none()
                    && self.writing.is_empty()
                    && self.checking.is_none()
                    && let Some(id) = self.documents.unopened().into_iter().next()
                {
                    self.checking = Some(id.clone());
                    out.push(Action::ReadForCheck(id));
                }
            }
        }
        self.confirm(&mut out);
        out
    }

    /// Takes what sync did to the documents (changes from other devices, a
    /// copy rewritten elsewhere, an erasure): every screen hears of it, and
    /// the documents are written and erased as for a request, with no
    /// screen waiting on them.
    pub fn absorb(&mut self, outcome: Outcome) -> Vec<Action> {
        let mut out = Vec::new();
        for event in outcome.events {
            let arrived = match &event {
                FromWorker::Changed {
                    id,
                    summary: crate::summary::Summary::Response(_),
                    ..
                } => Some(id.clone()),
                _ => None,
            };
            out.push(Action::Post { to: None, event });
            if let Some(id) = arrived {
                out.push(Action::Post {
                    to: None,
                    event: FromWorker::Arrived { id },
                });
            }
        }
        if let Some(id) = outcome.erase {
            self.waiting.remove(&id);
            self.failed.remove(&id);
            if self.writing.contains_key(&id) {
                self.erase_after_write.entry(id).or_default();
            } else {
                self.erasing.entry(id.clone()).or_default();
                out.push(Action::Erase(id));
            }
        }
        for id in outcome.dirty.into_iter().chain(outcome.also_dirty) {
            self.write(id, &mut out);
        }
        out
    }

    /// Opens a stored document sync needs, from its chunks, unless a
    /// request's read opened it meanwhile.
    pub fn open_for_sync(&mut self, id: DocId, chunks: Vec<RawChunk>) -> Vec<Action> {
        let mut out = Vec::new();
        if self.documents.needs_doc(&id) {
            checked_actions(self.documents.open(id, chunks), &mut out);
        }
        out
    }

    /// Whether everything done to `id` so far is on storage (nothing waits
    /// to be written, is being written, or failed to be, and no erasure of
    /// it is under way).
    pub fn is_written(&self, id: &DocId) -> bool {
        !self.writing.contains_key(id)
            && !self.waiting.contains_key(id)
            && !self.failed.contains(id)
            && !self.erasing.contains_key(id)
            && !self.erase_after_write.contains_key(id)
    }

    /// Handles queued requests in order until one must wait for a read.
    fn pump(&mut self, out: &mut Vec<Action>) {
        while self.reading.is_none() {
            let Some((_, _, request)) = self.queue.front() else {
                return;
            };
            if let Some(need) = self.documents.needs(request) {
                // The background check may be reading it too; either read
                // opens it, and the other then finds it open.
                out.push(match &need {
                    Need::Doc(id) => Action::Read(id.clone()),
                    Need::Rows => Action::ReadRows,
                });
                self.reading = Some(need);
                return;
            }
            let Some((client, seq, request)) = self.queue.pop_front() else {
                return;
            };
            let doc = request.doc().clone();
            let outcome = self.documents.handle_from(client, request);
            for mut event in outcome.events {
                // A changed summary is news for every screen, marked as the
                // answer to this request; the rest answers the screen that
                // asked.
                let to = match &mut event {
                    FromWorker::Changed { echo, .. } => {
                        *echo = Some(crate::worker_api::Echo { client, seq });
                        None
                    }
                    _ => Some(client),
                };
                out.push(Action::Post { to, event });
            }
            if let Some(read) = outcome.read_blob {
                let waiting = self.blob_reads.entry(read.blob.clone()).or_default();
                if waiting.is_empty() {
                    out.push(Action::ReadBlob(read.blob));
                }
                waiting.push((client, doc.clone(), read.key, read.mime));
            }
            if let Some(refusal) = outcome.refused {
                out.push(Action::Post {
                    to: Some(client),
                    event: refusal.event(seq, doc),
                });
                self.settle((client, seq));
            } else if let Some(id) = outcome.dirty {
                self.waiting
                    .entry(id.clone())
                    .or_default()
                    .push((client, seq));
                self.write(id, out);
            } else if let Some(id) = outcome.erase {
                self.waiting.remove(&id);
                self.failed.remove(&id);
                if self.writing.contains_key(&id) {
                    self.erase_after_write
                        .entry(id)
                        .or_default()
                        .push((client, seq));
                } else {
                    self.erasing
                        .entry(id.clone())
                        .or_default()
                        .push((client, seq));
                    out.push(Action::Erase(id));
                }
            } else {
                self.settle((client, seq));
            }
            if let Some(other) = outcome.also_dirty {
                self.write(other, out);
            }
            // Counted from what is stored only when nothing waits to be.
            if let Some((key, json)) = outcome.keep_tables
                && self.nothing_unwritten()
            {
                out.push(Action::KeepTables(key, json));
            }
        }
    }

    /// Whether every change made so far is on storage.
    fn nothing_unwritten(&self) -> bool {
        self.waiting.is_empty()
            && self.writing.is_empty()
            && self.failed.is_empty()
            && self.erasing.is_empty()
            && self.erase_after_write.is_empty()
    }

    /// Answers every screen waiting for `blob` with its bytes, or says it
    /// is damaged or missing.
    fn answer_blob(&mut self, blob: BlobKey, bytes: Option<Vec<u8>>, out: &mut Vec<Action>) {
        for (client, id, key, mime) in self.blob_reads.remove(&blob).unwrap_or_default() {
            // Bytes that are not what the document refers to are damage,
            // never played as if they were the recording.
            let event = match &bytes {
                Some(data) if blob.matches(data) => FromWorker::Audio {
                    id,
                    key,
                    mime,
                    data: data.clone(),
                },
                Some(_) => FromWorker::Damaged { id },
                None => FromWorker::Missing { id },
            };
            out.push(Action::Post {
                to: Some(client),
                event,
            });
        }
    }

    /// Starts the next write of `id`, unless one is in flight.
    fn write(&mut self, id: DocId, out: &mut Vec<Action>) {
        if self.writing.contains_key(&id) {
            return;
        }
        match self.documents.next_write(&id) {
            Some(write) => {
                let tickets = self.waiting.remove(&id).unwrap_or_default();
                self.writing.insert(id.clone(), tickets);
                out.push(Action::Write(id, write));
            }
            // Nothing new to write: the requests changed nothing on disk.
            None => {
                for ticket in self.waiting.remove(&id).unwrap_or_default() {
                    self.settle(ticket);
                }
            }
        }
    }

    fn wrote(&mut self, id: DocId, result: Result<(), StorageError>, out: &mut Vec<Action>) {
        let tickets = self.writing.remove(&id).unwrap_or_default();
        self.documents.write_done(&id, result.is_ok());
        if let Some(erase) = self.erase_after_write.remove(&id) {
            for ticket in tickets {
                self.settle(ticket);
            }
            self.erasing.insert(id.clone(), erase);
            out.push(Action::Erase(id));
            return;
        }
        match result {
            Ok(()) => {
                for ticket in tickets {
                    self.settle(ticket);
                }
                self.failed.remove(&id);
                // Changes made while this write was in flight (with or
                // without a request waiting for them).
                self.write(id, out);
                // There is room again: retry every document whose write
                // failed (one may have no further change to carry it).
                for other in std::mem::take(&mut self.failed) {
                    self.write(other, out);
                }
            }
            Err(error) => {
                // The changes stay pending and go with the next write.
                let mut kept = tickets;
                kept.extend(self.waiting.remove(&id).unwrap_or_default());
                self.waiting.insert(id.clone(), kept);
                self.failed.insert(id);
                out.push(Action::Post {
                    to: None,
                    event: FromWorker::SaveFailed { error },
                });
            }
        }
    }

    fn settle(&mut self, (client, seq): Ticket) {
        if let Some(open) = self.open.get_mut(&client) {
            open.remove(&seq);
        }
    }

    /// Tells each screen how far its requests are settled, when that moved.
    fn confirm(&mut self, out: &mut Vec<Action>) {
        let mut any = false;
        for (client, highest) in &self.highest {
            let through = match self.open.get(client).and_then(|o| o.first()) {
                Some(first) => first.saturating_sub(1),
                None => *highest,
            };
            let confirmed = self.confirmed.entry(*client).or_default();
            if through > *confirmed {
                *confirmed = through;
                any = true;
                out.push(Action::Post {
                    to: Some(*client),
                    event: FromWorker::Saved(through),
                });
            }
        }
        if any && self.failed.is_empty() && self.waiting.is_empty() && self.writing.is_empty() {
            out.insert(0, Action::MarkDurable);
        }
    }
}

fn checked_actions(checked: Checked, out: &mut Vec<Action>) {
    if let Some(event) = checked.event {
        out.push(Action::Post { to: None, event });
    }
    if let Some(repair) = checked.repair {
        out.push(Action::Repair(repair));
    }
}

#[cfg(test)]
mod tests;
