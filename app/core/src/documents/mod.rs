//! Every document on a device (responses, projects, sessions), and what to do with each request from
//! the interface. This is the document worker's logic with the IO left out:
//! it returns events to post and says which document has unsaved changes; the
//! driver (the browser worker, or a test) writes them through a [`Storage`].

mod doc;

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
    worker_api::{FromWorker, ToWorker},
};
use doc::{Doc, PROJECT, SESSION};

struct Entry {
    doc: Doc,
    stored: StoredDoc,
}

pub struct Documents {
    /// This session's automerge actor id: fresh per session, so two tabs never
    /// reuse one actor's sequence numbers.
    actor: [u8; 16],
    entries: BTreeMap<DocId, Entry>,
}

/// What handling one request led to.
#[derive(Debug, Default, PartialEq)]
pub struct Outcome {
    pub events: Vec<FromWorker>,
    /// A document with changes to write.
    pub dirty: Option<DocId>,
    /// A document to remove from storage (it is already gone from memory).
    pub erase: Option<DocId>,
}

impl Outcome {
    fn event(event: FromWorker) -> Outcome {
        Outcome {
            events: vec![event],
            ..Outcome::default()
        }
    }

    fn rejected(reason: String) -> Outcome {
        Outcome::event(FromWorker::Rejected { reason })
    }
}

impl Documents {
    /// Rebuilds every document from storage. Returns the documents, the
    /// [`FromWorker::Loaded`] event, and index writes for summaries the index
    /// lacks or has wrong (the index is derived data and may lag).
    pub fn load(
        actor: [u8; 16],
        chunks: Vec<RawChunk>,
        index: Vec<IndexEntry>,
    ) -> (Documents, FromWorker, Vec<Write>) {
        let (grouped, bad_keys) = group_by_doc(chunks);
        let mut entries = BTreeMap::new();
        let mut damaged: Vec<String> = bad_keys
            .iter()
            .map(|d| d.to_string().chars().take(40).collect())
            .collect();
        for (id, chunks) in grouped {
            let loaded = match load_doc(id.clone(), chunks) {
                Ok(loaded) => loaded,
                Err(_) => {
                    damaged.push(id.short().to_owned());
                    continue;
                }
            };
            let mut doc = loaded.doc;
            doc.set_actor(automerge::ActorId::from(actor));
            match Doc::from_automerge(doc) {
                Ok(doc) => {
                    entries.insert(
                        id,
                        Entry {
                            doc,
                            stored: loaded.stored,
                        },
                    );
                }
                Err(_) => damaged.push(id.short().to_owned()),
            }
        }
        let documents = Documents { actor, entries };
        let index: BTreeMap<String, String> = index.into_iter().collect();
        let summaries = documents.summaries();
        let repairs = summaries
            .iter()
            .filter_map(|(id, summary)| {
                let json = serde_json::to_string(summary).ok()?;
                (index.get(id.as_str()) != Some(&json)).then(|| Write {
                    index: Some((id.clone(), json)),
                    ..Write::default()
                })
            })
            .collect();
        let loaded = FromWorker::Loaded {
            items: summaries,
            damaged,
        };
        (documents, loaded, repairs)
    }

    /// Every document's summary.
    pub fn summaries(&self) -> Vec<(DocId, Summary)> {
        self.entries
            .iter()
            .filter_map(|(id, e)| Some((id.clone(), e.doc.summary().ok()?)))
            .collect()
    }

    pub fn handle(&mut self, request: ToWorker) -> Outcome {
        match request {
            // Erasing is done even for a document that failed to load, so a
            // damaged item can be cleared away too.
            ToWorker::Erase { id } => {
                self.entries.remove(&id);
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
                now,
            } => {
                if !self.entries.contains_key(&id) {
                    let mut doc = ResponseDoc::new(self.actor, &project, &survey, now);
                    doc.set_setup(&setup, now);
                    self.insert(id.clone(), Doc::Response(doc));
                }
                self.changed(&id)
            }
            ToWorker::SaveProject {
                id,
                mut project,
                now,
            } => {
                if let Err(e) = project.check() {
                    return Outcome::rejected(e.to_string());
                }
                project.updated = now;
                self.save_json(id, PROJECT, &project, now)
            }
            ToWorker::SaveSession {
                id,
                mut session,
                now,
            } => {
                if let Err(e) = session.check() {
                    return Outcome::rejected(e.to_string());
                }
                session.updated = now;
                self.save_json(id, SESSION, &session, now)
            }
            ToWorker::SetAudio {
                id,
                card,
                mime,
                data,
                now,
            } => {
                if let Err(e) = check_audio(&mime, data.len()) {
                    return Outcome::rejected(e.to_string());
                }
                match self.entries.get_mut(&id).map(|e| &mut e.doc) {
                    Some(Doc::Session(doc)) => doc::put_audio(doc, &card, &data, now),
                    _ => return Outcome::event(FromWorker::Missing { id }),
                }
                self.changed(&id)
            }
            ToWorker::GetAudio { id, card } => {
                let Some(Entry {
                    doc: Doc::Session(doc),
                    ..
                }) = self.entries.get(&id)
                else {
                    return Outcome::event(FromWorker::Missing { id });
                };
                let mime = doc
                    .read::<crate::session::Session>()
                    .ok()
                    .and_then(|s| s.cards.into_iter().find(|c| c.id == card)?.audio);
                match (mime, doc::audio(doc, &card)) {
                    (Some(mime), Some(data)) => Outcome::event(FromWorker::Audio {
                        id,
                        card,
                        mime,
                        data,
                    }),
                    _ => Outcome::event(FromWorker::Missing { id }),
                }
            }
            request => self.handle_response(request),
        }
    }

    /// Requests that change or read one response.
    fn handle_response(&mut self, request: ToWorker) -> Outcome {
        let id = match &request {
            ToWorker::Open { id }
            | ToWorker::SetAnswer { id, .. }
            | ToWorker::SetPosition { id, .. }
            | ToWorker::Complete { id, .. }
            | ToWorker::SetSupporterNotes { id, .. } => id.clone(),
            _ => unreachable!("`handle` takes every other request"),
        };
        let Some(Entry {
            doc: Doc::Response(doc),
            ..
        }) = self.entries.get_mut(&id)
        else {
            return Outcome::event(FromWorker::Missing { id });
        };
        match request {
            ToWorker::Open { id } => {
                let answers = doc
                    .answered_questions()
                    .into_iter()
                    .filter_map(|q| Some((q.clone(), doc.answer(&q).ok()??)))
                    .collect();
                return Outcome::event(FromWorker::Opened {
                    id,
                    answers,
                    setup: doc.setup(),
                    notes: doc.supporter_notes(),
                });
            }
            ToWorker::SetAnswer {
                question,
                answer,
                now,
                ..
            } => {
                if doc.set_answer(&question, answer.as_ref(), now).is_err() {
                    return Outcome::rejected(format!("cannot store an answer to {question}"));
                }
            }
            ToWorker::SetPosition { position, now, .. } => doc.set_position(position, now),
            ToWorker::Complete { now, .. } => doc.complete(now),
            ToWorker::SetSupporterNotes { text, now, .. } => doc.set_supporter_notes(&text, now),
            _ => unreachable!("matched above"),
        }
        self.changed(&id)
    }

    /// Creates a project or session document, or writes `content` into it.
    fn save_json<T: serde::Serialize>(
        &mut self,
        id: DocId,
        kind: &str,
        content: &T,
        now: crate::time::Timestamp,
    ) -> Outcome {
        match self.entries.get_mut(&id).map(|e| &mut e.doc) {
            Some(Doc::Project(doc)) if kind == PROJECT => doc.write(content, now),
            Some(Doc::Session(doc)) if kind == SESSION => doc.write(content, now),
            Some(_) => return Outcome::rejected(format!("{id} is not a {kind}")),
            None => {
                let doc = JsonDoc::new(self.actor, kind, content, now);
                let doc = if kind == PROJECT {
                    Doc::Project(doc)
                } else {
                    Doc::Session(doc)
                };
                self.insert(id.clone(), doc);
            }
        }
        self.changed(&id)
    }

    fn insert(&mut self, id: DocId, doc: Doc) {
        let stored = StoredDoc::new(id.clone());
        self.entries.insert(id, Entry { doc, stored });
    }

    fn changed(&self, id: &DocId) -> Outcome {
        let summary = self.entries.get(id).and_then(|e| e.doc.summary().ok());
        Outcome {
            events: summary
                .map(|summary| FromWorker::Changed {
                    id: id.clone(),
                    summary,
                })
                .into_iter()
                .collect(),
            dirty: Some(id.clone()),
            erase: None,
        }
    }

    /// The next write for `id`, with its summary for the index, or `None`
    /// when it is all written or a write is already in flight.
    pub fn next_write(&mut self, id: &DocId) -> Option<Write> {
        let entry = self.entries.get_mut(id)?;
        let mut write = entry.stored.prepare_write(entry.doc.automerge_mut())?;
        write.index = entry
            .doc
            .summary()
            .ok()
            .and_then(|s| serde_json::to_string(&s).ok())
            .map(|json| (id.clone(), json));
        Some(write)
    }

    pub fn write_done(&mut self, id: &DocId, succeeded: bool) {
        if let Some(entry) = self.entries.get_mut(id) {
            entry.stored.write_done(succeeded);
        }
    }
}

/// Writes everything of `id` not yet on storage, one write at a time, and
/// returns the event to post. `documents` is borrowed only between awaits,
/// so requests keep being handled while a write is in flight.
pub async fn flush<S: Storage>(
    documents: &std::cell::RefCell<Documents>,
    storage: &S,
    id: &DocId,
) -> FromWorker {
    loop {
        let Some(write) = documents.borrow_mut().next_write(id) else {
            return FromWorker::Saved;
        };
        let result: Result<(), StorageError> = storage.apply(&write).await;
        documents.borrow_mut().write_done(id, result.is_ok());
        if let Err(error) = result {
            return FromWorker::SaveFailed { error };
        }
    }
}

/// Removes every chunk of `id` from storage and returns the event to post.
pub async fn erase<S: Storage>(storage: &S, id: &DocId) -> FromWorker {
    match storage.remove_doc(id).await {
        Ok(()) => FromWorker::Erased { id: id.clone() },
        Err(error) => FromWorker::SaveFailed { error },
    }
}

#[cfg(test)]
mod tests;
