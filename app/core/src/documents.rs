//! Every response document on a device, and what to do with each request from
//! the interface. This is the document worker's logic with the IO left out:
//! it returns events to post and says which document has unsaved changes; the
//! driver (the browser worker, or a test) writes them through a [`Storage`].

use std::collections::BTreeMap;

use crate::{
    id::DocId,
    response::{ResponseDoc, ResponseSummary},
    storage::{
        IndexEntry, RawChunk, Storage, StorageError, StoredDoc, Write, group_by_doc, load_doc,
    },
    worker_api::{FromWorker, ToWorker},
};

struct Entry {
    doc: ResponseDoc,
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
            match ResponseDoc::from_automerge(doc) {
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
        let repairs = documents
            .summaries()
            .into_iter()
            .filter_map(|(id, summary)| {
                let json = serde_json::to_string(&summary).ok()?;
                (index.get(id.as_str()) != Some(&json)).then(|| Write {
                    index: Some((id, json)),
                    ..Write::default()
                })
            })
            .collect();
        let loaded = FromWorker::Loaded {
            responses: documents.summaries(),
            damaged,
        };
        (documents, loaded, repairs)
    }

    /// Every response's summary, most recently changed first.
    pub fn summaries(&self) -> Vec<(DocId, ResponseSummary)> {
        let mut list: Vec<_> = self
            .entries
            .iter()
            .filter_map(|(id, e)| Some((id.clone(), e.doc.summary().ok()?)))
            .collect();
        list.sort_by(|a, b| b.1.updated.cmp(&a.1.updated).then_with(|| a.0.cmp(&b.0)));
        list
    }

    pub fn handle(&mut self, request: ToWorker) -> Outcome {
        let id = match &request {
            ToWorker::Start { id, .. }
            | ToWorker::Open { id }
            | ToWorker::SetAnswer { id, .. }
            | ToWorker::SetPosition { id, .. }
            | ToWorker::Complete { id, .. }
            | ToWorker::SetSupporterNotes { id, .. }
            | ToWorker::Erase { id } => id.clone(),
        };
        if let ToWorker::Erase { id } = &request {
            // Erasing is done even for a document that failed to load, so a
            // damaged item can be cleared away too.
            self.entries.remove(id);
            return Outcome {
                events: Vec::new(),
                dirty: None,
                erase: Some(id.clone()),
            };
        }
        if let ToWorker::Start {
            id,
            survey,
            setup,
            now,
        } = &request
        {
            if !self.entries.contains_key(id) {
                let mut doc = ResponseDoc::new(self.actor, survey, *now);
                doc.set_setup(setup, *now);
                self.entries.insert(
                    id.clone(),
                    Entry {
                        doc,
                        stored: StoredDoc::new(id.clone()),
                    },
                );
            }
            return self.changed(id);
        }
        let Some(entry) = self.entries.get_mut(&id) else {
            return Outcome {
                events: vec![FromWorker::Missing { id }],
                dirty: None,
                erase: None,
            };
        };
        match request {
            ToWorker::Start { .. } | ToWorker::Erase { .. } => unreachable!("handled above"),
            ToWorker::Open { id } => {
                let survey_questions: Vec<String> = entry.doc.answered_questions();
                let answers = survey_questions
                    .into_iter()
                    .filter_map(|q| Some((q.clone(), entry.doc.answer(&q).ok()??)))
                    .collect();
                let (setup, notes) = (entry.doc.setup(), entry.doc.supporter_notes());
                Outcome {
                    events: vec![FromWorker::Opened {
                        id,
                        answers,
                        setup,
                        notes,
                    }],
                    dirty: None,
                    erase: None,
                }
            }
            ToWorker::SetAnswer {
                question,
                answer,
                now,
                ..
            } => {
                if entry
                    .doc
                    .set_answer(&question, answer.as_ref(), now)
                    .is_err()
                {
                    return Outcome {
                        events: vec![FromWorker::Rejected {
                            reason: format!("cannot store an answer to {question}"),
                        }],
                        dirty: None,
                        erase: None,
                    };
                }
                self.changed(&id)
            }
            ToWorker::SetPosition { position, now, .. } => {
                entry.doc.set_position(position, now);
                self.changed(&id)
            }
            ToWorker::Complete { now, .. } => {
                entry.doc.complete(now);
                self.changed(&id)
            }
            ToWorker::SetSupporterNotes { text, now, .. } => {
                entry.doc.set_supporter_notes(&text, now);
                self.changed(&id)
            }
        }
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
mod tests {
    use std::cell::RefCell;

    use super::*;
    use crate::{
        response::Answer,
        storage::{MemoryStorage, Storage},
        time::Timestamp,
    };

    fn id(n: u8) -> DocId {
        DocId::from_random([n; 16])
    }

    fn alone() -> crate::response::ResponseSetup {
        crate::response::ResponseSetup {
            consent: crate::response::Consent::Person,
            mode: crate::response::Mode::Alone,
            respondent: "R-234567".into(),
        }
    }

    /// Starts response `n` and writes it to `storage`.
    async fn start_saved(docs: &RefCell<Documents>, storage: &MemoryStorage, n: u8) {
        docs.borrow_mut().handle(ToWorker::Start {
            id: id(n),
            survey: "s".into(),
            setup: alone(),
            now: Timestamp(1),
        });
        assert_eq!(flush(docs, storage, &id(n)).await, FromWorker::Saved);
    }

    async fn reload(storage: &MemoryStorage) -> (Documents, FromWorker, Vec<Write>) {
        Documents::load(
            [9; 16],
            storage.load_all().await.unwrap(),
            storage.load_index().await.unwrap(),
        )
    }

    #[test]
    fn answers_survive_a_reload_and_the_index_follows_every_write() {
        pollster::block_on(async {
            let storage = MemoryStorage::new();
            let (docs, _, _) = reload(&storage).await;
            let docs = RefCell::new(docs);
            let requests = [
                ToWorker::Start {
                    id: id(1),
                    survey: "s".into(),
                    setup: alone(),
                    now: Timestamp(1),
                },
                ToWorker::SetAnswer {
                    id: id(1),
                    question: "a".into(),
                    answer: Some(Answer::Rating(4)),
                    now: Timestamp(2),
                },
                ToWorker::SetAnswer {
                    id: id(1),
                    question: "b".into(),
                    answer: Some(Answer::Text("tea".into())),
                    now: Timestamp(3),
                },
                ToWorker::SetPosition {
                    id: id(1),
                    position: 1,
                    now: Timestamp(4),
                },
            ];
            for request in requests {
                let outcome = docs.borrow_mut().handle(request);
                assert!(
                    matches!(outcome.events[..], [FromWorker::Changed { .. }]),
                    "{outcome:?}"
                );
                assert_eq!(flush(&docs, &storage, &id(1)).await, FromWorker::Saved);
            }

            let (mut again, loaded, repairs) = reload(&storage).await;
            assert!(
                repairs.is_empty(),
                "the index was kept up to date: {repairs:?}"
            );
            let FromWorker::Loaded { responses, damaged } = loaded else {
                panic!("{loaded:?}")
            };
            assert!(damaged.is_empty());
            assert_eq!((responses[0].1.answered, responses[0].1.position), (2, 1));
            let index = storage.load_index().await.unwrap();
            assert_eq!(index[0].1, serde_json::to_string(&responses[0].1).unwrap());
            let opened = again.handle(ToWorker::Open { id: id(1) });
            let expected = vec![
                ("a".to_owned(), Answer::Rating(4)),
                ("b".to_owned(), Answer::Text("tea".into())),
            ];
            assert_eq!(
                opened.events,
                vec![FromWorker::Opened {
                    id: id(1),
                    answers: expected,
                    setup: Some(alone()),
                    notes: String::new(),
                }]
            );
        });
    }

    #[test]
    fn a_damaged_document_is_named_and_the_others_load() {
        pollster::block_on(async {
            let storage = MemoryStorage::new();
            let docs = RefCell::new(reload(&storage).await.0);
            for n in [1, 2] {
                start_saved(&docs, &storage, n).await;
            }
            let (key, _) = storage.load_doc(&id(2)).await.unwrap().remove(0);
            storage.corrupt(&key, b"garbage".to_vec());
            let (mut loaded_docs, loaded, _) = reload(&storage).await;
            let FromWorker::Loaded { responses, damaged } = loaded else {
                panic!()
            };
            assert_eq!(damaged, vec![id(2).short().to_owned()]);
            assert_eq!(responses.len(), 1);
            assert_eq!(responses[0].0, id(1));
            assert_eq!(
                loaded_docs.handle(ToWorker::Open { id: id(2) }).events,
                vec![FromWorker::Missing { id: id(2) }]
            );
        });
    }

    #[test]
    fn a_failed_write_loses_nothing_and_is_retried() {
        pollster::block_on(async {
            let storage = MemoryStorage::new();
            let docs = RefCell::new(reload(&storage).await.0);
            docs.borrow_mut().handle(ToWorker::Start {
                id: id(1),
                survey: "s".into(),
                setup: alone(),
                now: Timestamp(1),
            });
            assert_eq!(flush(&docs, &storage, &id(1)).await, FromWorker::Saved);
            storage.fail_writes(Some(StorageError::QuotaExceeded));
            docs.borrow_mut().handle(ToWorker::SetAnswer {
                id: id(1),
                question: "a".into(),
                answer: Some(Answer::Rating(2)),
                now: Timestamp(2),
            });
            assert_eq!(
                flush(&docs, &storage, &id(1)).await,
                FromWorker::SaveFailed {
                    error: StorageError::QuotaExceeded
                }
            );
            let before = reload(&storage).await.1;
            let FromWorker::Loaded { responses, .. } = before else {
                panic!()
            };
            assert_eq!(
                responses[0].1.answered, 0,
                "the failed write changed nothing"
            );

            storage.fail_writes(None);
            docs.borrow_mut().handle(ToWorker::SetAnswer {
                id: id(1),
                question: "b".into(),
                answer: Some(Answer::Rating(3)),
                now: Timestamp(3),
            });
            assert_eq!(flush(&docs, &storage, &id(1)).await, FromWorker::Saved);
            let FromWorker::Loaded { responses, .. } = reload(&storage).await.1 else {
                panic!()
            };
            assert_eq!(
                responses[0].1.answered, 2,
                "the retried write carried the earlier answer too"
            );
        });
    }

    #[test]
    fn an_erased_response_is_gone_for_good() {
        pollster::block_on(async {
            let storage = MemoryStorage::new();
            let docs = RefCell::new(reload(&storage).await.0);
            for n in [1, 2] {
                start_saved(&docs, &storage, n).await;
            }
            let outcome = docs.borrow_mut().handle(ToWorker::Erase { id: id(1) });
            assert_eq!(outcome.erase, Some(id(1)));
            assert_eq!(
                erase(&storage, &id(1)).await,
                FromWorker::Erased { id: id(1) }
            );
            assert!(storage.load_doc(&id(1)).await.unwrap().is_empty());
            let FromWorker::Loaded { responses, .. } = reload(&storage).await.1 else {
                panic!()
            };
            assert_eq!(
                responses.iter().map(|(i, _)| i.clone()).collect::<Vec<_>>(),
                vec![id(2)]
            );
            assert_eq!(storage.load_index().await.unwrap().len(), 1);
            assert_eq!(
                docs.borrow_mut()
                    .handle(ToWorker::Open { id: id(1) })
                    .events,
                vec![FromWorker::Missing { id: id(1) }]
            );
        });
    }

    #[test]
    fn requests_for_unknown_responses_say_so() {
        let mut docs = Documents::load([1; 16], vec![], vec![]).0;
        let outcome = docs.handle(ToWorker::Complete {
            id: id(3),
            now: Timestamp(1),
        });
        assert_eq!(
            outcome,
            Outcome {
                events: vec![FromWorker::Missing { id: id(3) }],
                dirty: None,
                erase: None,
            }
        );
    }
}
