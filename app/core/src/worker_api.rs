//! Messages between the interface and the document worker.
//!
//! The interface never touches automerge: it sends [`ToWorker`] requests and
//! receives [`FromWorker`] events, both as JSON strings through `postMessage`.
//! Keeping automerge in the worker keeps it off the first screen's download
//! and its work off the interface's thread.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{
    id::DocId,
    project::Project,
    response::{Answer, Presentation, ResponseSetup},
    session::Session,
    storage::StorageError,
    summary::Summary,
    time::Timestamp,
};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
// Externally tagged: internally tagged enums make serde buffer every
// message before decoding it, which costs the first screen kilobytes of code.
#[serde(rename_all = "snake_case")]
pub enum ToWorker {
    /// Begin a response with this id (the interface picks it, so it can
    /// navigate at once), after consent was given. Declining sends nothing.
    Start {
        id: DocId,
        project: DocId,
        survey: String,
        setup: ResponseSetup,
        /// How the questions look at the start (standard when absent).
        #[serde(default)]
        presentation: Presentation,
        now: Timestamp,
    },
    /// Send every answer of a response in an [`FromWorker::Opened`].
    Open {
        id: DocId,
    },
    SetAnswer {
        id: DocId,
        question: String,
        answer: Option<Answer>,
        now: Timestamp,
    },
    SetPosition {
        id: DocId,
        position: usize,
        now: Timestamp,
    },
    Complete {
        id: DocId,
        now: Timestamp,
    },
    SetSupporterNotes {
        id: DocId,
        text: String,
        now: Timestamp,
    },
    /// The person changed how the questions look while answering.
    SetPresentation {
        id: DocId,
        presentation: Presentation,
        now: Timestamp,
    },
    /// Remove a response or session from this device for good (a person
    /// withdrew).
    Erase {
        id: DocId,
    },
    /// Create a project, or save what the screen now shows of it: only what
    /// differs from `base` (the heads of the content the screen last took
    /// from a [`FromWorker::Changed`]; none for what it read from the index)
    /// is applied, so changes merged since are kept.
    SaveProject {
        id: DocId,
        project: Project,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        base: Option<Heads>,
        now: Timestamp,
    },
    /// Create a session, or save what the screen now shows of it (as
    /// [`ToWorker::SaveProject`]).
    SaveSession {
        id: DocId,
        session: Session,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        base: Option<Heads>,
        now: Timestamp,
    },
    /// Someone asked for their words to be taken out: remove one card of a
    /// session (`item` = card id) or one answer of a response (`item` =
    /// question id) from the document and from its history.
    Withdraw {
        id: DocId,
        item: String,
        now: Timestamp,
    },
    /// Keep audio in a session (a card's note, `key` = card id) or a project
    /// (a recorded question, `key` = the question's audio id).
    SetAudio {
        id: DocId,
        key: String,
        mime: String,
        #[serde(with = "base64_bytes")]
        data: Vec<u8>,
        now: Timestamp,
    },
    /// Send the audio under `key` in an [`FromWorker::Audio`].
    GetAudio {
        id: DocId,
        key: String,
    },
    /// Sync project `id` with other devices through the relay at `relay`
    /// (a `ws:` or `wss:` address). `relay_project` (16 bytes) and
    /// `secret` (32 bytes), in hex, were drawn at random by the screen that
    /// invites: the core draws no randomness. The worker answers with a
    /// [`FromWorker::Sync`] carrying the invite link.
    ShareProject {
        id: DocId,
        relay: String,
        relay_project: String,
        secret: String,
        /// The app's address, that the invite link opens.
        app: String,
    },
    /// Join the project an invite link names, syncing through `relay` when
    /// the link names none. `id` is the link's project id as a document id,
    /// so that the request names one (no document has it).
    JoinProject {
        id: DocId,
        invite: String,
        relay: String,
    },
    /// Sync project `id` now: connect at once if offline (whatever the
    /// backoff), and ask the relay for anything new.
    SyncNow {
        id: DocId,
    },
    /// Save everything this device holds of project `id` as a sync file,
    /// for another device of the project with no signal: answered, to the
    /// screen that asked, by [`FromWorker::SyncFileMade`] or
    /// [`FromWorker::SyncFileRefused`].
    ExportSyncFile {
        id: DocId,
    },
    /// Take in the sync file `data`. `id` is random, so that the request
    /// names a document (no document has it) and the answer names the
    /// request: [`FromWorker::SyncFileRead`] once everything it changed is
    /// written, or [`FromWorker::SyncFileRefused`].
    ImportSyncFile {
        id: DocId,
        #[serde(with = "base64_bytes")]
        data: Vec<u8>,
    },
    /// The results of survey `survey` of project `id`, over the responses
    /// on this device that `query` keeps (JSON of `results::query::Query`:
    /// filters and a breakdown): answered, to the screen that asked, by
    /// [`FromWorker::Results`] once every such response is read.
    Results {
        id: DocId,
        survey: String,
        query: String,
    },
    /// A page of what people wrote for one question of survey `survey` of
    /// project `id` (JSON of `results::free_text::Query`): answered by
    /// [`FromWorker::FreeText`].
    FreeText {
        id: DocId,
        survey: String,
        query: String,
    },
    /// Marks (or unmarks) what response `id` wrote for `question` as a
    /// quote to share.
    MarkQuote {
        id: DocId,
        question: String,
        quote: bool,
        now: Timestamp,
    },
    /// The completed responses of survey `survey` of project `id` as CSV
    /// (see [`crate::results::export`]): answered, to the screen that asked,
    /// by [`FromWorker::ResponsesExported`].
    ExportResponses {
        id: DocId,
        survey: String,
        /// Headers as question text, not ids.
        text_headers: bool,
        /// Values as labels, not codes.
        labels: bool,
        byte_order_mark: bool,
        /// The language of headers and labels, as a tag (`cy`).
        language: String,
        /// JSON ([`crate::results::export::responses_json`]) in place of CSV.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        json: bool,
    },
    /// Responses to survey `survey` of project `id` from the CSV file
    /// `file` (see [`crate::results::import`]): checked, and with `store`
    /// taken in, all or nothing. Answered, to the screen that asked, by
    /// [`FromWorker::ResponsesImported`] once they are on storage.
    ImportResponses {
        id: DocId,
        survey: String,
        file: String,
        #[serde(with = "base64_bytes")]
        data: Vec<u8>,
        /// Headers placed by hand, as JSON of `import::Mapping`.
        mapping: String,
        store: bool,
        now: Timestamp,
    },
}

impl ToWorker {
    /// The document the request is about.
    pub fn doc(&self) -> &DocId {
        match self {
            ToWorker::Start { id, .. }
            | ToWorker::Open { id }
            | ToWorker::SetAnswer { id, .. }
            | ToWorker::SetPosition { id, .. }
            | ToWorker::Complete { id, .. }
            | ToWorker::SetSupporterNotes { id, .. }
            | ToWorker::SetPresentation { id, .. }
            | ToWorker::Erase { id }
            | ToWorker::SaveProject { id, .. }
            | ToWorker::SaveSession { id, .. }
            | ToWorker::Withdraw { id, .. }
            | ToWorker::SetAudio { id, .. }
            | ToWorker::GetAudio { id, .. }
            | ToWorker::ShareProject { id, .. }
            | ToWorker::JoinProject { id, .. }
            | ToWorker::SyncNow { id }
            | ToWorker::ExportSyncFile { id }
            | ToWorker::ImportSyncFile { id, .. }
            | ToWorker::Results { id, .. }
            | ToWorker::FreeText { id, .. }
            | ToWorker::MarkQuote { id, .. }
            | ToWorker::ExportResponses { id, .. }
            | ToWorker::ImportResponses { id, .. } => id,
        }
    }
}

impl FromWorker {
    /// The tables of a [`FromWorker::Results`], or why they cannot be read.
    pub fn results_tables(tables: &str) -> Result<Vec<crate::results::Table>, serde_json::Error> {
        serde_json::from_str(tables)
    }

    /// The groups of a [`FromWorker::Results`] broken down.
    pub fn results_groups(
        groups: &str,
    ) -> Result<Vec<crate::results::breakdown::Group>, serde_json::Error> {
        serde_json::from_str(groups)
    }
}

/// Which screen's request, by its number, a [`FromWorker::Changed`] answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Echo {
    pub client: crate::json_doc::ClientId,
    pub seq: u64,
}

impl Echo {
    /// What screen `client` is to hear of `echo`: its request's number when
    /// the change answers it, nothing when it answers another screen's.
    pub fn for_screen(echo: Option<Echo>, client: crate::json_doc::ClientId) -> Option<Echo> {
        echo.filter(|e| e.client == client)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
// Externally tagged: internally tagged enums make serde buffer every
// message before decoding it, which costs the first screen kilobytes of code.
#[serde(rename_all = "snake_case")]
pub enum FromWorker {
    /// The worker is ready. `items` are summaries the interface has not read
    /// itself (none after a lazy start, which reads the same index the
    /// interface read); `damaged` names what could not be opened, by short id.
    Loaded {
        items: Vec<(DocId, Summary)>,
        damaged: Vec<String>,
    },
    /// A stored document turned out to be damaged when it was opened or
    /// checked. The others are unaffected.
    Damaged { id: DocId },
    /// Storage cannot be used at all in this browser.
    Unavailable { reason: String },
    Opened {
        id: DocId,
        answers: Vec<(String, Answer)>,
        setup: Option<ResponseSetup>,
        notes: String,
    },
    /// A document changed; its new summary, and the heads it was read at
    /// (for projects and sessions, the base of the screen's next save).
    Changed {
        id: DocId,
        summary: Summary,
        #[serde(default, skip_serializing_if = "Heads::is_empty")]
        heads: Heads,
        /// The request this change answers, when it answers one. Every
        /// screen hears of every change; a tab's worker keeps this only for
        /// the screen that asked (see [`Echo::for_screen`]), so a screen can
        /// tell the answer to its own latest save from anything else.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        echo: Option<Echo>,
    },
    /// Many responses changed at once (an import of thousands): each one's
    /// new summary, as a [`FromWorker::Changed`] with no echo would say it,
    /// in one message, so that a screen takes them all in one go.
    ResponsesChanged { items: Vec<(DocId, Summary)> },
    Audio {
        id: DocId,
        key: String,
        mime: String,
        #[serde(with = "base64_bytes")]
        data: Vec<u8>,
    },
    /// The sync file of project `id`, for the screen to save.
    SyncFileMade {
        id: DocId,
        #[serde(with = "base64_bytes")]
        data: Vec<u8>,
    },
    /// Import `id` is done, and everything it changed is written: how many
    /// documents took something from the file, how many it held already,
    /// and how many were set aside. `project`: the file's project.
    SyncFileRead {
        id: DocId,
        project: Option<DocId>,
        taken: usize,
        unchanged: usize,
        set_aside: usize,
    },
    /// Export or import `id` did nothing, and why.
    SyncFileRefused { id: DocId, problem: SyncFileProblem },
    /// The table of each question of survey `survey` of project `id`, over
    /// `responses` completed responses (see [`crate::results`]). `tables`
    /// is a `Vec<Table>` as JSON, read by [`FromWorker::results_tables`]
    /// only where results are shown, so the answering screens' module
    /// carries no decoder for them.
    Results {
        id: DocId,
        survey: String,
        responses: usize,
        tables: String,
        /// The request's query, as it was sent.
        query: String,
        /// The breakdown asked for, as JSON of `Vec<breakdown::Group>`
        /// (empty when none was).
        #[serde(default, skip_serializing_if = "String::is_empty")]
        groups: String,
    },
    /// A page of free text (JSON of `results::free_text::Page`; empty when
    /// the question takes no text), for the request's query as sent.
    FreeText {
        id: DocId,
        survey: String,
        query: String,
        page: String,
    },
    /// The CSV (or, when asked, the JSON) of the completed responses of
    /// survey `survey` of project `id`, `responses` rows.
    ResponsesExported {
        id: DocId,
        survey: String,
        responses: usize,
        csv: String,
    },
    /// What became of an import into survey `survey` of project `id`:
    /// JSON of `import::ImportReport`, read where imports are made.
    ResponsesImported {
        id: DocId,
        survey: String,
        report: String,
    },
    /// Every request of this screen up to and including this number is
    /// settled: on storage, refused, or a request that changes nothing.
    Saved(u64),
    /// Request `seq` was refused and changed nothing: the text of `field`
    /// (a card or question id) of document `id` has `chars` characters, and
    /// at most `max` fit.
    TooLong {
        seq: u64,
        id: DocId,
        field: String,
        chars: usize,
        max: usize,
    },
    /// Request `seq` was refused for another reason (in English, for the
    /// console: a bug, a stale tab, a document of a newer version).
    Refused { seq: u64, id: DocId, reason: String },
    /// A write failed; what it held is kept and retried with the next change.
    SaveFailed { error: StorageError },
    /// A request named a response this device does not have.
    Missing { id: DocId },
    /// The response is gone from this device's storage.
    Erased { id: DocId },
    /// A message could not be understood (a bug, or a stale tab after an update).
    Rejected { reason: String },
    /// Changes from another device reached response `id`: a screen showing
    /// it reads its answers again (they are not in the summary).
    Arrived { id: DocId },
    /// How sync of one project stands. `project` is the project's document
    /// once this device has it; `invite` the link other devices join by.
    Sync {
        relay_project: String,
        project: Option<DocId>,
        line: SyncLine,
        invite: Option<String>,
    },
}

/// What the sync status line says, for the screen to put in words.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncLine {
    Synced,
    Waiting {
        changes: usize,
    },
    Syncing {
        done: u64,
        total: u64,
    },
    Offline {
        since: Option<Timestamp>,
    },
    /// Opening the connection to the relay.
    Connecting,
    /// The relay said no; `reason` names its refusal.
    Refused {
        reason: RelayRefusal,
    },
    /// The relay answered with something this version cannot read.
    Garbled,
    /// The invite link does not read; `reason` says how.
    BadInvite {
        reason: String,
    },
}

/// Why the relay refused, as far as the person can do something about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelayRefusal {
    /// The relay does not take this device's key for the project.
    Unauthorized,
    /// The relay does not know the project (reset, or another relay).
    UnknownProject,
    /// The project's number on the relay belongs to another key.
    ProjectTaken,
    /// Something here is larger than the relay takes.
    TooLarge,
    /// The relay did not understand this device (versions differ).
    NotUnderstood,
    /// The relay failed inside.
    RelayFault,
    /// The relay is busy or stopping; the device tries again by itself.
    Busy,
}

/// The largest sync file a device opens: the screen checks it before
/// reading a file into memory, the worker again before reading it.
pub const MAX_SYNC_FILE_BYTES: usize = 256 << 20;

/// Why a sync file was not made or not taken, for the screen to put in
/// words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncFileProblem {
    /// Export: the project is not shared with other devices.
    NotShared,
    NotASyncFile,
    /// Made by a newer version of the app.
    Newer,
    /// Of a project this device has not joined.
    NotJoined,
    /// Cut short while being copied.
    Truncated,
    /// Changed or damaged, or made with another secret.
    Damaged,
    TooLarge,
}

/// A request as the interface sends it: numbered, so the worker can confirm
/// each one ("saved through N") or refuse it by number.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Envelope {
    pub seq: u64,
    pub request: ToWorker,
}

/// What the document workers of a device's tabs say to each other over a
/// BroadcastChannel. One of them owns the documents (it holds a Web Lock);
/// the others pass their tab's requests to it and its events back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TabMessage {
    /// A tab's request, for the owner.
    Request { client: u64, envelope: Envelope },
    /// The owner's event for one tab, or for every tab (`to` absent).
    Event {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<u64>,
        event: FromWorker,
    },
    /// A worker became the owner: every tab sends again what it has not had
    /// confirmed, since the last owner may have gone before writing it.
    Owner { client: u64 },
}

/// Why the worker refused a request, in terms the interface can put into
/// the person's language beside the field concerned. It travels as
/// [`FromWorker::TooLong`] or [`FromWorker::Refused`] (flat messages cost
/// the first screen less code than a nested enum).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The text of `field` (a card id, a question id) has `chars`
    /// characters; at most `max` fit.
    TooLong {
        field: String,
        chars: usize,
        max: usize,
    },
    /// Made by a newer version of Heard, which this one never changes.
    Newer,
    /// Anything else, in English for the console (a bug or a stale tab).
    Invalid { reason: String },
}

/// A document's heads, as automerge's change hashes in hex. The interface
/// only passes them back; it never reads them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heads(pub Vec<String>);

impl Refusal {
    /// The message that tells screen request `seq` of document `id` why.
    pub fn event(self, seq: u64, id: DocId) -> FromWorker {
        match self {
            Refusal::TooLong { field, chars, max } => FromWorker::TooLong {
                seq,
                id,
                field,
                chars,
                max,
            },
            Refusal::Newer => FromWorker::Refused {
                seq,
                id,
                reason: "made by a newer version of Heard".into(),
            },
            Refusal::Invalid { reason } => FromWorker::Refused { seq, id, reason },
        }
    }

    /// The refusal a message carries, if it is one.
    pub fn of(event: &FromWorker) -> Option<(DocId, Refusal)> {
        match event {
            FromWorker::TooLong {
                id,
                field,
                chars,
                max,
                ..
            } => Some((
                id.clone(),
                Refusal::TooLong {
                    field: field.clone(),
                    chars: *chars,
                    max: *max,
                },
            )),
            FromWorker::Refused { id, reason, .. } => Some((
                id.clone(),
                Refusal::Invalid {
                    reason: reason.clone(),
                },
            )),
            _ => None,
        }
    }
}

impl Heads {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn of(heads: &[automerge::ChangeHash]) -> Heads {
        Heads(heads.iter().map(|h| h.to_string()).collect())
    }

    /// The change hashes, or `None` when one is not a hash.
    pub fn parse(&self) -> Option<Vec<automerge::ChangeHash>> {
        self.0.iter().map(|h| h.parse().ok()).collect()
    }
}

/// Audio travels as base64 text: a JSON list of numbers would be four
/// times the size.
mod base64_bytes {
    use base64::{Engine, engine::general_purpose::STANDARD};
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        STANDARD
            .decode(text.as_bytes())
            .map_err(|e| D::Error::custom(format!("audio is not base64: {e}")))
    }
}

/// Why a message could not be decoded.
#[derive(Debug, PartialEq, Eq)]
pub struct DecodeError(pub String);

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unreadable message: {}", self.0)
    }
}

impl std::error::Error for DecodeError {}

macro_rules! json_codec {
    ($ty:ty) => {
        impl $ty {
            pub fn encode(&self) -> String {
                serde_json::to_string(self).unwrap_or_default()
            }

            pub fn decode(text: &str) -> Result<$ty, DecodeError> {
                serde_json::from_str(text).map_err(|e| DecodeError(e.to_string()))
            }
        }
    };
}

json_codec!(ToWorker);
json_codec!(Envelope);
json_codec!(TabMessage);
json_codec!(FromWorker);

#[cfg(test)]
mod tests {
    use super::*;

    fn id() -> DocId {
        DocId::from_random([0xa1; 16])
    }

    fn setup() -> ResponseSetup {
        ResponseSetup {
            consent: crate::response::Consent::Person,
            mode: crate::response::Mode::Alone,
            respondent: "R-222222".into(),
            device: None,
            language: None,
        }
    }

    #[test]
    fn every_request_round_trips() {
        let requests = [
            ToWorker::Start {
                id: id(),
                project: id(),
                survey: "s".into(),
                setup: setup(),
                presentation: Presentation {
                    easy_read: true,
                    large_print: true,
                },
                now: Timestamp(5),
            },
            ToWorker::SetPresentation {
                id: id(),
                presentation: Presentation::STANDARD,
                now: Timestamp(6),
            },
            ToWorker::Erase { id: id() },
            ToWorker::SetSupporterNotes {
                id: id(),
                text: "signs".into(),
                now: Timestamp(5),
            },
            ToWorker::Open { id: id() },
            ToWorker::SetAnswer {
                id: id(),
                question: "q".into(),
                answer: Some(Answer::Rating(3)),
                now: Timestamp(6),
            },
            ToWorker::SetAnswer {
                id: id(),
                question: "q".into(),
                answer: Some(Answer::Text("\"quoted\"\n".into())),
                now: Timestamp(6),
            },
            ToWorker::SetAnswer {
                id: id(),
                question: "q".into(),
                answer: None,
                now: Timestamp(6),
            },
            ToWorker::SetPosition {
                id: id(),
                position: 2,
                now: Timestamp(7),
            },
            ToWorker::Complete {
                id: id(),
                now: Timestamp(8),
            },
            ToWorker::SaveProject {
                id: id(),
                project: Project::new("Greenwich", Timestamp(1)),
                base: Some(Heads(vec!["ab".repeat(32)])),
                now: Timestamp(9),
            },
            ToWorker::SaveSession {
                id: id(),
                session: Session::new(id(), "tea-and-talk", "2027-03-01", Timestamp(1)),
                base: None,
                now: Timestamp(9),
            },
            ToWorker::SetAudio {
                id: id(),
                key: "c1".into(),
                mime: "audio/webm".into(),
                data: vec![0, 1, 2, 255],
                now: Timestamp(9),
            },
            ToWorker::GetAudio {
                id: id(),
                key: "c1".into(),
            },
            ToWorker::ExportSyncFile { id: id() },
            ToWorker::ImportSyncFile {
                id: id(),
                data: vec![0x89, b'H', 0, 255],
            },
        ];
        for request in requests {
            assert_eq!(ToWorker::decode(&request.encode()), Ok(request));
        }
    }

    #[test]
    fn events_round_trip() {
        let summary = Summary::Response(crate::response::ResponseSummary {
            project: Some(id()),
            survey: "s".into(),
            started: Timestamp(1),
            updated: Timestamp(2),
            completed: None,
            position: 1,
            answered: 2,
            mode: Some(crate::response::Mode::Group {
                name: "Tea and talk".into(),
                size: 6,
            }),
            presentation: Presentation::STANDARD,
            survey_version: Some(crate::survey::VersionRef {
                version: 2,
                id: "0123456789abcdef".into(),
            }),
            device: None,
            language: None,
        });
        let events = [
            FromWorker::Loaded {
                items: vec![
                    (id(), summary.clone()),
                    (
                        id(),
                        Summary::Project(Project::new("Greenwich", Timestamp(1))),
                    ),
                ],
                damaged: vec!["0badf00d".into()],
            },
            FromWorker::Opened {
                id: id(),
                answers: vec![("q".into(), Answer::Choice("morning".into()))],
                setup: Some(setup()),
                notes: "n".into(),
            },
            FromWorker::Changed {
                id: id(),
                summary: summary.clone(),
                heads: Heads(vec!["cd".repeat(32)]),
                echo: Some(Echo { client: 3, seq: 9 }),
            },
            FromWorker::ResponsesChanged {
                items: vec![(id(), summary.clone()), (id(), summary)],
            },
            FromWorker::Saved(7),
            FromWorker::TooLong {
                seq: 8,
                id: id(),
                field: "c1".into(),
                chars: 100_001,
                max: 100_000,
            },
            FromWorker::Refused {
                seq: 9,
                id: id(),
                reason: "the document is not a project".into(),
            },
            FromWorker::Audio {
                id: id(),
                key: "c".into(),
                mime: "audio/ogg".into(),
                data: vec![7; 1000],
            },
            FromWorker::SaveFailed {
                error: StorageError::QuotaExceeded,
            },
            FromWorker::SyncFileMade {
                id: id(),
                data: vec![1; 40],
            },
            FromWorker::SyncFileRead {
                id: id(),
                project: Some(id()),
                taken: 3,
                unchanged: 1,
                set_aside: 1,
            },
            FromWorker::SyncFileRefused {
                id: id(),
                problem: SyncFileProblem::Truncated,
            },
        ];
        for event in events {
            assert_eq!(FromWorker::decode(&event.encode()), Ok(event));
        }
    }

    #[test]
    fn messages_between_tabs_round_trip_and_bad_ones_are_named() {
        let messages = [
            TabMessage::Request {
                client: u64::MAX,
                envelope: Envelope {
                    seq: 3,
                    request: ToWorker::Open { id: id() },
                },
            },
            TabMessage::Event {
                to: Some(7),
                event: FromWorker::Saved(3),
            },
            TabMessage::Event {
                to: None,
                event: FromWorker::Erased { id: id() },
            },
            TabMessage::Owner { client: 9 },
        ];
        for message in messages {
            assert_eq!(TabMessage::decode(&message.encode()), Ok(message));
        }
        let cases = [
            (r#"{"owner":{}}"#, "missing field `client`"),
            (r#"{"owner":{"client":-1}}"#, "invalid value"),
            (
                r#"{"request":{"client":1,"envelope":{"seq":1}}}"#,
                "missing field `request`",
            ),
            (r#"{"event":{"event":{"saved":{}}}}"#, "invalid type"),
            (r#"{"mutiny":{}}"#, "unknown variant `mutiny`"),
        ];
        for (message, reason) in cases {
            let err = TabMessage::decode(message).unwrap_err();
            assert!(err.0.contains(reason), "{message}: {err}");
        }
        let err = Envelope::decode(r#"{"request":{"open":{"id":"x"}}}"#).unwrap_err();
        assert!(
            err.0.contains("missing field `seq`") || err.0.contains("hex"),
            "{err}"
        );
    }

    #[test]
    fn malformed_messages_are_rejected_with_the_reason() {
        let hex = "a1".repeat(16);
        // (message, part of the expected reason)
        let cases = [
            ("", "EOF"),
            ("not json", "expected"),
            ("{}", "expected value"),
            (r#"{"explode":{}}"#, "unknown variant `explode`"),
            (r#"{"open":{}}"#, "missing field `id`"),
            (r#"{"open":{"id":"../../etc"}}"#, "hex digits"),
            (
                &format!(r#"{{"set_position":{{"id":"{hex}","position":-1,"now":1}}}}"#),
                "invalid value",
            ),
            (
                &format!(
                    r#"{{"set_answer":{{"id":"{hex}","question":"q","answer":{{"type":"rating","value":300}},"now":1}}}}"#
                ),
                "invalid value",
            ),
            (
                &format!(
                    r#"{{"set_answer":{{"id":"{hex}","question":"q","answer":{{"type":"video"}},"now":1}}}}"#
                ),
                "unknown variant `video`",
            ),
            (
                &format!(
                    r#"{{"set_audio":{{"id":"{hex}","key":"c","mime":"audio/ogg","data":"%%%","now":1}}}}"#
                ),
                "audio is not base64",
            ),
            (
                &format!(r#"{{"save_project":{{"id":"{hex}","project":{{"name":"p"}},"now":1}}}}"#),
                "missing field `languages`",
            ),
        ];
        for (message, reason) in cases {
            let err = ToWorker::decode(message).unwrap_err();
            assert!(err.0.contains(reason), "{message:?}: {err}");
        }
    }
}
