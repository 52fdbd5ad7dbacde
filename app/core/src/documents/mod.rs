//! Every document on a device (responses, projects, sessions), and what to do with each request from
//! the interface. This is the document worker's logic with the IO left out:
//! it returns events to post and says which document has unsaved changes; the
//! driver (the browser worker, or a test) writes them through a [`Storage`].

mod doc;
mod import;

pub use import::{ImportBatch, ImportRequest};
mod media;
mod media_relay;
mod receive;
mod results;
mod sync;
mod withdraw;

use std::collections::BTreeMap;

use crate::{
    id::DocId,
    json_doc::JsonDoc,
    response::ResponseDoc,
    session::check_audio,
    storage::{
        IndexEntry, RawChunk, Storage, StorageError, StoredDoc, Write, group_by_doc, load_doc,
    },
    summary::Summary,
    worker_api::{FromWorker, Heads, Refusal, ToWorker},
};

/// The screen of requests that name none (tests and tools): one per
/// [`Documents`], taken from its random actor, since a screen's edits are
/// known by an actor derived from its id alone (see `json_doc`).
fn own_screen(actor: &[u8; 16]) -> crate::json_doc::ClientId {
    u64::from_le_bytes(actor[..8].try_into().unwrap_or([0; 8]))
}
use doc::{Doc, PROJECT, SESSION};
pub use media_relay::MediaUpload;

struct Entry {
    doc: Doc,
    stored: StoredDoc,
    media: media::Media,
    /// The index's summary of the document as JSON, and the heads it was
    /// made at: the next write's index entry when the document has not
    /// moved since (joining a project writes thousands of documents, each
    /// summarised once).
    indexed: Option<(crate::worker_api::Heads, String)>,
    /// A response's row for results, made from what was written rather
    /// than read back (an import of thousands), at the heads it was made
    /// at: the next write's row when the response has not moved since.
    row_made: Option<(crate::worker_api::Heads, crate::results::row::ResponseRow)>,
}

pub struct Documents {
    /// This session's automerge actor id: fresh per session, so two tabs never
    /// reuse one actor's sequence numbers.
    actor: [u8; 16],
    /// Documents opened so far: the ones requests touched, and new ones.
    entries: BTreeMap<DocId, Entry>,
    /// Every document storage holds, as the index lists it, with its stored
    /// summary. Documents are opened when a request needs them, so start-up
    /// reads only the index however many responses a device holds.
    known: BTreeMap<DocId, Option<Summary>>,
    /// Documents the background check has looked at since start-up.
    checked: std::collections::BTreeSet<DocId>,
    /// Documents found damaged when opened: not read again for every
    /// request (a request then hears that the document is missing).
    damaged: std::collections::BTreeSet<DocId>,
    /// The screen whose request is being handled.
    client: crate::json_doc::ClientId,
    /// The last text each screen showed of each answer or supporter notes
    /// (by screen, document and question; notes under ""), so that typing on
    /// a screen that has not shown a merged change keeps that change.
    shown_texts: BTreeMap<(crate::json_doc::ClientId, DocId, String), String>,
    /// Responses' rows for results: read from storage the first time results
    /// are asked for (`rows_read`), and made afresh with each write of a
    /// response, so they are never older than what is stored.
    rows: BTreeMap<DocId, crate::results::row::ResponseRow>,
    rows_read: bool,
    /// Imports made but not yet stored: results counted meanwhile are not
    /// kept, since they count responses storage may still refuse.
    importing: usize,
}

/// What a request must have read from storage before it can be handled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Need {
    /// A document the index lists that is not open yet.
    Doc(DocId),
    /// Every response's row, for results.
    Rows,
}

/// What handling one request led to.
#[derive(Debug, Default, PartialEq)]
pub struct Outcome {
    pub events: Vec<FromWorker>,
    /// A document with changes to write.
    pub dirty: Option<DocId>,
    /// A document to remove from storage (it is already gone from memory).
    pub erase: Option<DocId>,
    /// The request was refused and changed nothing.
    pub refused: Option<Refusal>,
    /// A recording to read from storage for the screen that asked.
    pub read_blob: Option<BlobRead>,
    /// Another document the request changed as a consequence (the project
    /// publishing the survey a response starts to answer): written too, but
    /// not what the request's confirmation waits for.
    pub also_dirty: Option<DocId>,
    /// Results to keep for the survey's screen to open with
    /// ([`crate::results::saved`]): key and JSON. The scheduler keeps them
    /// only when nothing is left unwritten.
    pub keep_tables: Option<(String, String)>,
    /// Changes from another device were refused, and why (the document is
    /// as it was). For the sync driver to report; no screen hears it.
    pub changes_refused: Option<String>,
    /// Changes from another device belong to a history of the document
    /// that was since rewritten (someone's words withdrawn): they are let go
    /// without a report, since the device that made them carries them over
    /// to the new history itself when it gets it.
    pub superseded: bool,
}

/// A stored recording the worker must read before it can answer.
#[derive(Debug, PartialEq)]
pub struct BlobRead {
    pub blob: crate::storage::BlobKey,
    /// The audio key and media type to answer with.
    pub key: String,
    pub mime: String,
}

impl Outcome {
    fn event(event: FromWorker) -> Outcome {
        Outcome {
            events: vec![event],
            ..Outcome::default()
        }
    }

    fn rejected(reason: String) -> Outcome {
        Outcome::refused(Refusal::Invalid { reason })
    }

    fn refused(refusal: Refusal) -> Outcome {
        Outcome {
            refused: Some(refusal),
            ..Outcome::default()
        }
    }
}

/// What checking one stored document found.
#[derive(Debug, Default, PartialEq)]
pub struct Checked {
    /// An event to post: the document is damaged.
    pub event: Option<FromWorker>,
    /// An index write, when the index lacks the document's summary or has it wrong.
    pub repair: Option<Write>,
}

impl Documents {
    /// Starts from the summary index alone. Returns the documents and the
    /// [`FromWorker::Loaded`] event that says the worker is ready.
    pub fn start(actor: [u8; 16], index: Vec<IndexEntry>) -> (Documents, FromWorker) {
        let known: BTreeMap<DocId, Option<Summary>> = index
            .into_iter()
            .filter_map(|(id, json)| {
                Some((DocId::parse(&id).ok()?, serde_json::from_str(&json).ok()))
            })
            .collect();
        let documents = Documents {
            actor,
            entries: BTreeMap::new(),
            known,
            checked: Default::default(),
            damaged: Default::default(),
            client: own_screen(&actor),
            shown_texts: BTreeMap::new(),
            rows: BTreeMap::new(),
            rows_read: false,
            importing: 0,
        };
        // The interface read this same index itself before starting the
        // worker, so it is not sent again: decoding thousands of summaries
        // twice would land on the interface thread just as a list opens.
        let loaded = FromWorker::Loaded {
            items: Vec::new(),
            damaged: Vec::new(),
        };
        (documents, loaded)
    }

    /// Opens every document at once from all of storage's chunks: for tests
    /// and small stores. Returns the documents, the [`FromWorker::Loaded`]
    /// event, and index repairs.
    pub fn load(
        actor: [u8; 16],
        chunks: Vec<RawChunk>,
        index: Vec<IndexEntry>,
    ) -> (Documents, FromWorker, Vec<Write>) {
        let (mut documents, _) = Documents::start(actor, index);
        let (grouped, bad_keys) = group_by_doc(chunks);
        let mut damaged: Vec<String> = bad_keys
            .iter()
            .map(|d| d.to_string().chars().take(40).collect())
            .collect();
        let mut repairs = Vec::new();
        for (id, chunks) in grouped {
            let chunks = chunks
                .into_iter()
                .map(|(k, b)| (k.to_string(), b))
                .collect();
            let checked = documents.open(id, chunks);
            damaged.extend(checked.event.into_iter().filter_map(|e| match e {
                FromWorker::Damaged { id } => Some(id.short().to_owned()),
                _ => None,
            }));
            repairs.extend(checked.repair);
        }
        let loaded = FromWorker::Loaded {
            items: documents.summaries(),
            damaged,
        };
        (documents, loaded, repairs)
    }

    /// What `request` needs from storage before it can be handled.
    pub fn needs(&self, request: &ToWorker) -> Option<Need> {
        if matches!(request, ToWorker::Erase { .. }) {
            return None;
        }
        match request {
            ToWorker::Results { id, survey, query } => {
                let drafts = serde_json::from_str::<crate::results::query::Query>(query)
                    .is_ok_and(|q| q.filter.drafts);
                return self.needs_for_results(id, survey, drafts);
            }
            ToWorker::FreeText { id, survey, query } => {
                let drafts = serde_json::from_str::<crate::results::free_text::Query>(query)
                    .is_ok_and(|q| q.filter.drafts);
                return self.needs_for_results(id, survey, drafts);
            }
            ToWorker::ExportResponses { id, survey, .. } => {
                return self.needs_for_results(id, survey, false);
            }
            _ => {}
        }
        // Starting a response publishes its survey in the project.
        let id = match request {
            ToWorker::Start { project, .. } if !self.entries.contains_key(request.doc()) => project,
            _ => request.doc(),
        };
        self.needs_doc_read(id).then(|| Need::Doc(id.clone()))
    }

    /// Whether `id` is listed, not open, and neither erased nor damaged.
    fn needs_doc_read(&self, id: &DocId) -> bool {
        self.known.contains_key(id)
            && !self.entries.contains_key(id)
            && !self.is_erased(id)
            && !self.damaged.contains(id)
    }

    /// The version of `survey` a new response answers. A survey with
    /// responses is published: the project keeps a frozen copy of the
    /// version a response answers, so its questions stay as they were
    /// whatever changes later. The project is read first (`needs`); if it is
    /// not on this device, the version comes from the index. Also says
    /// whether the project changed (and must be written).
    pub(super) fn publish(
        &mut self,
        project: &DocId,
        survey: &str,
        now: crate::time::Timestamp,
    ) -> (Option<crate::survey::VersionRef>, bool) {
        match self.entries.get_mut(project).map(|e| &mut e.doc) {
            Some(Doc::Project(json)) => match json.read::<crate::project::Project>() {
                Ok(mut content) => {
                    let version = content.publish(survey);
                    let written = json.write(&content, now).is_ok();
                    (version, written)
                }
                Err(_) => (None, false),
            },
            _ => match self.known.get(project) {
                Some(Some(Summary::Project(p))) => (p.answering_version(survey), false),
                _ => (None, false),
            },
        }
    }

    /// Whether `id` was erased on this device: its tombstone stays, so an
    /// old copy from another device never brings it back.
    pub fn is_erased(&self, id: &DocId) -> bool {
        matches!(self.known.get(id), Some(Some(Summary::Erased)))
    }

    /// Every document erased on this device.
    pub fn erased(&self) -> Vec<DocId> {
        self.known
            .keys()
            .filter(|id| self.is_erased(id))
            .cloned()
            .collect()
    }

    /// Documents the index lists that are not open: the ones a background
    /// check still has to look at.
    pub fn unopened(&self) -> Vec<DocId> {
        self.known
            .keys()
            .filter(|id| {
                !self.entries.contains_key(*id)
                    && !self.is_erased(id)
                    && !self.checked.contains(*id)
            })
            .cloned()
            .collect()
    }

    /// Opens `id` from its stored chunks and keeps it open.
    pub fn open(&mut self, id: DocId, chunks: Vec<RawChunk>) -> Checked {
        // Two readers (a request's and sync's) may have read it at once:
        // the second finds it open, and what the first has done to it since
        // (not all of it written yet) stays.
        if self.entries.contains_key(&id) {
            return Checked::default();
        }
        let (checked, entry) = self.read(&id, chunks);
        match entry {
            Some(entry) => {
                self.entries.insert(id, entry);
            }
            None => {
                self.damaged.insert(id);
            }
        }
        checked
    }

    /// Checks `id` from its stored chunks without keeping it open. A
    /// document the index has a summary for is only checked against its
    /// chunk hashes (that finds overwritten or cut bytes without loading
    /// it); one without a readable summary is loaded, and its summary
    /// repaired. Nothing is done for a document opened or erased meanwhile.
    pub fn check(&mut self, id: DocId, chunks: Vec<RawChunk>) -> Checked {
        self.checked.insert(id.clone());
        if self.entries.contains_key(&id) || !self.known.contains_key(&id) || self.is_erased(&id) {
            return Checked::default();
        }
        if matches!(self.known.get(&id), Some(Some(_))) {
            let (grouped, bad_keys) = group_by_doc(chunks);
            let intact = bad_keys.is_empty()
                && grouped
                    .get(&id)
                    .is_some_and(|chunks| chunks.iter().all(|(key, bytes)| key.matches(bytes)));
            return match intact {
                true => Checked::default(),
                false => Checked {
                    event: Some(FromWorker::Damaged { id }),
                    repair: None,
                },
            };
        }
        self.read(&id, chunks).0
    }

    fn read(&mut self, id: &DocId, chunks: Vec<RawChunk>) -> (Checked, Option<Entry>) {
        let damaged = || Checked {
            event: Some(FromWorker::Damaged { id: id.clone() }),
            repair: None,
        };
        let (mut grouped, bad_keys) = group_by_doc(chunks);
        let Some(chunks) = grouped.remove(id).filter(|_| bad_keys.is_empty()) else {
            return (damaged(), None);
        };
        let Ok(loaded) = load_doc(id.clone(), chunks) else {
            return (damaged(), None);
        };
        let mut doc = loaded.doc;
        doc.set_actor(automerge::ActorId::from(self.actor));
        let Ok(doc) = Doc::from_automerge(doc) else {
            return (damaged(), None);
        };
        let Ok(summary) = doc.summary() else {
            return (damaged(), None);
        };
        let stale = self.known.get(id) != Some(&Some(summary.clone()));
        let index = stale
            .then(|| serde_json::to_string(&summary).ok())
            .flatten()
            .map(|json| (id.clone(), json));
        // A response stored before rows existed gets one the first time
        // results find it missing.
        let row = match &doc {
            Doc::Response(response) if self.rows_read && !self.rows.contains_key(id) => {
                self.keep_row(id, crate::results::row::ResponseRow::of(response))
            }
            _ => None,
        };
        let repair = (index.is_some() || row.is_some()).then(|| Write {
            index,
            row,
            ..Write::default()
        });
        self.known.insert(id.clone(), Some(summary));
        let media = match &doc {
            Doc::Project(json) | Doc::Session(json) => media::Media::opened(json),
            _ => media::Media::default(),
        };
        let entry = Entry {
            doc,
            stored: loaded.stored,
            media,
            indexed: None,
            row_made: None,
        };
        (
            Checked {
                event: None,
                repair,
            },
            Some(entry),
        )
    }

    /// Every document's summary.
    pub fn summaries(&self) -> Vec<(DocId, Summary)> {
        self.entries
            .iter()
            .filter_map(|(id, e)| Some((id.clone(), e.doc.summary().ok()?)))
            .collect()
    }

    pub fn handle(&mut self, request: ToWorker) -> Outcome {
        self.handle_from(own_screen(&self.actor), request)
    }

    /// Handles a request from screen `client`: each screen (tab) saves
    /// against its own view of a project or session, and its own last text
    /// of an answer, so one tab's save never undoes what another tab did.
    pub fn handle_from(&mut self, client: crate::json_doc::ClientId, request: ToWorker) -> Outcome {
        self.client = client;
        match request {
            // Sync is the worker's to start (`heard-sync`); for the documents
            // these requests change nothing, and are confirmed at once.
            ToWorker::ShareProject { .. }
            | ToWorker::JoinProject { .. }
            | ToWorker::SyncNow { .. }
            | ToWorker::ExportSyncFile { .. }
            | ToWorker::ImportSyncFile { .. }
            | ToWorker::ImportResponses { .. } => Outcome::default(),
            ToWorker::Results { id, survey, query } => self.results(id, survey, query),
            ToWorker::FreeText { id, survey, query } => self.free_text(id, survey, query),
            ToWorker::ExportResponses {
                id,
                survey,
                text_headers,
                labels,
                byte_order_mark,
                language,
                json,
            } => {
                let options = crate::results::export::CsvOptions {
                    text_headers,
                    labels,
                    byte_order_mark,
                    locale: crate::i18n::Locale::from_tag(&language)
                        .unwrap_or(crate::i18n::Locale::English),
                };
                self.export_responses(id, survey, &options, json)
            }
            // A screen about to edit a project or session: it gets the
            // content as it is now, and its view is made ready, so its first
            // keystroke costs no more than the next.
            ToWorker::Open { id }
                if matches!(
                    self.entries.get(&id).map(|e| &e.doc),
                    Some(Doc::Project(_) | Doc::Session(_))
                ) =>
            {
                match self.entries.get_mut(&id).map(|e| &mut e.doc) {
                    Some(Doc::Project(doc)) => doc.prepare::<crate::project::Project>(client),
                    Some(Doc::Session(doc)) => doc.prepare::<crate::session::Session>(client),
                    _ => {}
                }
                let mut outcome = self.changed(&id);
                outcome.dirty = None;
                outcome
            }
            // Erasing is done even for a document that failed to load, so a
            // damaged item can be cleared away too.
            ToWorker::Erase { id } => {
                self.entries.remove(&id);
                self.rows.remove(&id);
                self.known.insert(id.clone(), Some(Summary::Erased));
                Outcome {
                    erase: Some(id),
                    ..Outcome::default()
                }
            }
            ToWorker::Start {
                id,
                project,
                survey,
                setup,
                presentation,
                now,
            } => {
                let mut published = None;
                if !self.entries.contains_key(&id) {
                    let mut doc = ResponseDoc::new(self.actor, &project, &survey, now);
                    doc.set_setup(&setup, now);
                    doc.set_presentation(presentation, now);
                    let (version, was_published) = self.publish(&project, &survey, now);
                    if was_published {
                        published = Some(project.clone());
                    }
                    if let Some(version) = version {
                        doc.set_survey_version(&version, now);
                    }
                    self.insert(id.clone(), Doc::Response(doc));
                }
                let mut outcome = self.changed(&id);
                if let Some(project) = published {
                    let also = self.changed(&project);
                    outcome.events.extend(also.events);
                    outcome.also_dirty = Some(project);
                }
                outcome
            }
            ToWorker::SaveProject {
                id,
                mut project,
                base,
                now,
            } => {
                if let Err(e) = project.check() {
                    return Outcome::rejected(e.to_string());
                }
                project.updated = now;
                self.keep_answered_versions(&id, &mut project);
                self.save_json(id, PROJECT, &project, base, now)
            }
            ToWorker::SaveSession {
                id,
                mut session,
                base,
                now,
            } => {
                match session.check() {
                    Err(crate::session::SessionError::CardTooLong { card, chars }) => {
                        return Outcome::refused(Refusal::TooLong {
                            field: card,
                            chars,
                            max: crate::survey::FREE_TEXT_MAX_CHARS,
                        });
                    }
                    Err(e) => return Outcome::rejected(e.to_string()),
                    Ok(()) => {}
                }
                session.updated = now;
                self.save_json(id, SESSION, &session, base, now)
            }
            ToWorker::Withdraw { id, item, now } => self.withdraw(id, &item, now),
            ToWorker::SetAudio {
                id,
                key,
                mime,
                data,
                now,
            } => {
                if let Err(e) = check_audio(&mime, data.len()) {
                    return Outcome::rejected(e.to_string());
                }
                let Some(entry) = self.entries.get_mut(&id) else {
                    return Outcome::event(FromWorker::Missing { id });
                };
                match &mut entry.doc {
                    Doc::Session(doc) | Doc::Project(doc) => {
                        let hash = crate::storage::blob_hash(&data);
                        doc::put_audio(doc, &key, &mime, &hash, data.len(), now);
                        entry.media.add(hash, data);
                    }
                    _ => return Outcome::event(FromWorker::Missing { id }),
                }
                self.changed(&id)
            }
            ToWorker::GetAudio { id, key } => {
                let Some(entry) = self.entries.get(&id) else {
                    return Outcome::event(FromWorker::Missing { id });
                };
                let stored = match &entry.doc {
                    Doc::Session(doc) | Doc::Project(doc) => doc::audio(doc, &key),
                    _ => None,
                };
                let audio = |mime, data| {
                    Outcome::event(FromWorker::Audio {
                        id: id.clone(),
                        key: key.clone(),
                        mime,
                        data,
                    })
                };
                match stored {
                    Some((mime, doc::AudioData::Inline(data))) => audio(mime, data),
                    Some((mime, doc::AudioData::Blob(hash))) => match entry.media.pending(&hash) {
                        Some(data) => audio(mime, data.clone()),
                        None => match crate::storage::BlobKey::new(&id, &hash) {
                            Ok(blob) => Outcome {
                                read_blob: Some(BlobRead { blob, key, mime }),
                                ..Outcome::default()
                            },
                            Err(_) => Outcome::event(FromWorker::Damaged { id }),
                        },
                    },
                    None => Outcome::event(FromWorker::Missing { id }),
                }
            }
            request => self.handle_response(request),
        }
    }

    /// Requests that change or read one response.
    fn handle_response(&mut self, request: ToWorker) -> Outcome {
        let id = request.doc().clone();
        let client = self.client;
        let Some(Entry {
            doc: Doc::Response(doc),
            ..
        }) = self.entries.get_mut(&id)
        else {
            return Outcome::event(FromWorker::Missing { id });
        };
        let shown_texts = &mut self.shown_texts;
        match request {
            ToWorker::Open { id } => {
                let answers: Vec<(String, crate::response::Answer)> = doc
                    .answered_questions()
                    .into_iter()
                    .filter_map(|q| Some((q.clone(), doc.answer(&q).ok()??)))
                    .collect();
                // What this screen now shows of each text: the base of its
                // next keystroke there.
                for (question, answer) in &answers {
                    if let crate::response::Answer::Text(text) = answer {
                        shown_texts.insert((client, id.clone(), question.clone()), text.clone());
                    }
                }
                let notes = doc.supporter_notes();
                shown_texts.insert((client, id.clone(), String::new()), notes.clone());
                return Outcome::event(FromWorker::Opened {
                    id,
                    answers,
                    setup: doc.setup(),
                    notes,
                });
            }
            ToWorker::SetAnswer {
                question,
                mut answer,
                now,
                ..
            } => {
                if let Some(crate::response::Answer::Text(typed)) = &mut answer {
                    let key = (client, id.clone(), question.clone());
                    let current = match doc.answer(&question) {
                        Ok(Some(crate::response::Answer::Text(t))) => t,
                        _ => String::new(),
                    };
                    let shown = shown_texts
                        .get(&key)
                        .cloned()
                        .unwrap_or_else(|| current.clone());
                    shown_texts.insert(key, typed.clone());
                    *typed = crate::response::rebase_text(&shown, typed, &current);
                }
                if doc.set_answer(&question, answer.as_ref(), now).is_err() {
                    return Outcome::rejected(format!("cannot store an answer to {question}"));
                }
            }
            ToWorker::SetPosition { position, now, .. } => doc.set_position(position, now),
            ToWorker::Complete { now, .. } => doc.complete(now),
            ToWorker::SetSupporterNotes { text, now, .. } => {
                let key = (client, id.clone(), String::new());
                let current = doc.supporter_notes();
                let shown = shown_texts
                    .get(&key)
                    .cloned()
                    .unwrap_or_else(|| current.clone());
                shown_texts.insert(key, text.clone());
                doc.set_supporter_notes(&crate::response::rebase_text(&shown, &text, &current), now)
            }
            ToWorker::SetPresentation {
                presentation, now, ..
            } => doc.set_presentation(presentation, now),
            ToWorker::MarkQuote {
                question,
                quote,
                now,
                ..
            } => doc.set_quote(&question, quote, now),
            _ => unreachable!("matched above"),
        }
        self.changed(&id)
    }

    /// Before a save changes a survey that responses on this device answered,
    /// the project keeps a frozen copy of it as they answered it (when it has
    /// none yet), so their questions stay as they were.
    fn keep_answered_versions(&self, id: &DocId, project: &mut crate::project::Project) {
        let Some(Doc::Project(json)) = self.entries.get(id).map(|e| &e.doc) else {
            return;
        };
        let Ok(before) = json.read::<crate::project::Project>() else {
            return;
        };
        for survey in &before.surveys {
            if project.survey(&survey.id) == Some(survey) {
                continue;
            }
            let answered: Vec<_> = self
                .known
                .values()
                .filter_map(|s| match s {
                    Some(Summary::Response(r))
                        if r.project.as_ref() == Some(id) && r.survey == survey.id =>
                    {
                        Some(r.survey_version.clone())
                    }
                    _ => None,
                })
                .collect();
            if !answered.is_empty() {
                project.keep_before_edit(survey, &answered);
            }
        }
    }

    /// Creates a project or session document, or saves what the screen
    /// changed since `base` into it.
    fn save_json<T: serde::Serialize + serde::de::DeserializeOwned>(
        &mut self,
        id: DocId,
        kind: &str,
        content: &T,
        base: Option<Heads>,
        now: crate::time::Timestamp,
    ) -> Outcome {
        let base = base.and_then(|b| b.parse());
        let saved = match self.entries.get_mut(&id).map(|e| &mut e.doc) {
            Some(Doc::Project(doc)) if kind == PROJECT => {
                Some(doc.save(self.client, base.as_deref(), content, now))
            }
            Some(Doc::Session(doc)) if kind == SESSION => {
                Some(doc.save(self.client, base.as_deref(), content, now))
            }
            Some(Doc::Newer { .. }) => return Outcome::refused(Refusal::Newer),
            Some(_) => return Outcome::rejected(format!("{id} is not a {kind}")),
            None => {
                let doc = JsonDoc::new(self.actor, kind, content, now);
                let doc = if kind == PROJECT {
                    Doc::Project(doc)
                } else {
                    Doc::Session(doc)
                };
                self.insert(id.clone(), doc);
                None
            }
        };
        if let Some(Err(e)) = saved {
            return Outcome::rejected(format!("{kind} {}: {e}", id.short()));
        }
        // Recordings of deleted cards and prompts are let go; their blobs
        // are removed with the next write.
        if let Some(Doc::Project(doc) | Doc::Session(doc)) =
            self.entries.get_mut(&id).map(|e| &mut e.doc)
        {
            let unreferenced = media::unreferenced_keys(doc, kind == SESSION);
            if !unreferenced.is_empty() {
                doc::remove_audio(doc, &unreferenced, now);
            }
        }
        self.changed(&id)
    }

    /// Takes in a document this device has not had. Every caller then
    /// reports it with [`Documents::changed`], which makes its summary once.
    fn insert(&mut self, id: DocId, doc: Doc) {
        let stored = StoredDoc::new(id.clone());
        self.entries.insert(
            id,
            Entry {
                doc,
                stored,
                media: media::Media::default(),
                indexed: None,
                row_made: None,
            },
        );
    }

    fn changed(&mut self, id: &DocId) -> Outcome {
        let summary = self.entries.get(id).and_then(|e| e.doc.summary().ok());
        self.changed_to(id, summary)
    }

    /// [`Documents::changed`], with the document's summary already made.
    fn changed_to(&mut self, id: &DocId, summary: Option<Summary>) -> Outcome {
        let heads = self
            .entries
            .get_mut(id)
            .map(|e| e.doc.heads())
            .unwrap_or_default();
        if let Some(entry) = self.entries.get_mut(id) {
            entry.indexed = summary
                .as_ref()
                .and_then(|s| serde_json::to_string(s).ok())
                .map(|json| (heads.clone(), json));
        }
        self.known.insert(id.clone(), summary.clone());
        Outcome {
            events: summary
                .map(|summary| FromWorker::Changed {
                    id: id.clone(),
                    summary,
                    heads,
                    echo: None,
                })
                .into_iter()
                .collect(),
            dirty: Some(id.clone()),
            ..Outcome::default()
        }
    }

    /// The next write for `id`, with its summary for the index, or `None`
    /// when it is all written or a write is already in flight.
    pub fn next_write(&mut self, id: &DocId) -> Option<Write> {
        let entry = self.entries.get_mut(id)?;
        let mut write = entry.stored.prepare_write(entry.doc.automerge_to_store())?;
        if let Doc::Project(doc) | Doc::Session(doc) = &entry.doc {
            entry.media.attach(id, doc, &mut write);
        }
        let heads = entry.doc.heads();
        let json = match entry.indexed.take() {
            Some((at, json)) if at == heads => Some(json),
            _ => entry
                .doc
                .summary()
                .ok()
                .and_then(|s| serde_json::to_string(&s).ok()),
        };
        write.index = json.map(|json| (id.clone(), json));
        let row = match (&entry.doc, entry.row_made.take()) {
            (Doc::Response(_), Some((at, row))) if at == heads => Some(row),
            (Doc::Response(doc), _) => Some(crate::results::row::ResponseRow::of(doc)),
            _ => None,
        };
        if let Some(row) = row {
            write.row = self.keep_row(id, row);
        }
        Some(write)
    }

    pub fn write_done(&mut self, id: &DocId, succeeded: bool) {
        if let Some(entry) = self.entries.get_mut(id) {
            entry.stored.write_done(succeeded);
            entry.media.done(succeeded);
        }
    }
}

/// Writes everything of `id` not yet on storage, one write at a time: for
/// tests and tools (the worker's own writes are scheduled by
/// [`crate::scheduler`]).
pub async fn flush<S: Storage>(
    documents: &std::cell::RefCell<Documents>,
    storage: &S,
    id: &DocId,
) -> Result<(), StorageError> {
    loop {
        let Some(write) = documents.borrow_mut().next_write(id) else {
            return Ok(());
        };
        let result: Result<(), StorageError> = storage.apply(&write).await;
        documents.borrow_mut().write_done(id, result.is_ok());
        result?;
    }
}

/// Removes every chunk of `id` from storage, leaves its tombstone in the
/// index, and returns the event to post.
pub async fn erase<S: Storage>(storage: &S, id: &DocId) -> FromWorker {
    let tombstone = Write {
        index: Some((
            id.clone(),
            serde_json::to_string(&Summary::Erased).unwrap_or_default(),
        )),
        ..Write::default()
    };
    let removed = match storage.remove_doc(id).await {
        Ok(()) => storage.apply(&tombstone).await,
        Err(error) => Err(error),
    };
    match removed {
        Ok(()) => FromWorker::Erased { id: id.clone() },
        Err(error) => FromWorker::SaveFailed { error },
    }
}

#[cfg(test)]
mod tests;
