//! The responses on this device: loaded from storage at start-up, changed by
//! the screens, and written back after every change through `heard-core`'s
//! [`StoredDoc`] (which decides between appending a chunk and compacting).

use std::{collections::BTreeMap, rc::Rc};

use heard_core::{
    id::DocId,
    response::{Answer, ResponseDoc, ResponseSummary},
    storage::{Damage, Storage, StorageError, StoredDoc, group_by_doc, load_doc},
    time::Timestamp,
};
use leptos::prelude::*;

use crate::{browser, storage::IndexedDbStorage};

struct Entry {
    doc: ResponseDoc,
    stored: StoredDoc,
}

#[derive(Clone, Debug, PartialEq)]
pub enum LoadState {
    Loading,
    Ready,
    /// The browser refuses storage altogether; answers live only in memory.
    Unavailable(String),
}

#[derive(Clone, Debug, PartialEq)]
pub enum SaveState {
    Idle,
    Saving,
    Saved,
    Failed(StorageError),
}

/// A narrow, `Copy` handle to every response on the device.
#[derive(Clone, Copy)]
pub struct Responses {
    entries: StoredValue<BTreeMap<DocId, Entry>, LocalStorage>,
    storage: StoredValue<Option<Rc<IndexedDbStorage>>, LocalStorage>,
    /// Every response's summary, newest change first.
    pub list: RwSignal<Vec<(DocId, ResponseSummary)>>,
    /// Saved items that could not be opened, by short id.
    pub damaged: RwSignal<Vec<String>>,
    pub load: RwSignal<LoadState>,
    pub save: RwSignal<SaveState>,
    /// Bumped on every change, so views that read answers re-read them.
    revision: RwSignal<u64>,
    /// This page's automerge actor: fresh per page load, so two tabs on one
    /// device never reuse an actor's sequence numbers.
    actor: [u8; 16],
}

impl Responses {
    pub fn provide() -> Responses {
        let responses = Responses {
            entries: StoredValue::new_local(BTreeMap::new()),
            storage: StoredValue::new_local(None),
            list: RwSignal::new(Vec::new()),
            damaged: RwSignal::new(Vec::new()),
            load: RwSignal::new(LoadState::Loading),
            save: RwSignal::new(SaveState::Idle),
            revision: RwSignal::new(0),
            actor: browser::random_bytes(),
        };
        provide_context(responses);
        leptos::task::spawn_local(responses.load_all());
        responses
    }

    async fn load_all(self) {
        let storage = match IndexedDbStorage::open(crate::storage::DATABASE).await {
            Ok(storage) => Rc::new(storage),
            Err(e) => return self.load.set(LoadState::Unavailable(e.to_string())),
        };
        let chunks = match storage.load_all().await {
            Ok(chunks) => chunks,
            Err(e) => return self.load.set(LoadState::Unavailable(e.to_string())),
        };
        let (docs, mut damage) = group_by_doc(chunks);
        let mut entries = BTreeMap::new();
        let mut damaged = Vec::new();
        for (id, chunks) in docs {
            let short = id.short().to_owned();
            match load_doc(id.clone(), chunks) {
                Ok(mut loaded) => {
                    loaded.doc.set_actor(automerge::ActorId::from(self.actor));
                    match ResponseDoc::from_automerge(loaded.doc) {
                        Ok(doc) => {
                            entries.insert(id, Entry { doc, stored: loaded.stored });
                        }
                        Err(_) => damaged.push(short),
                    }
                }
                Err(e) => damage.push(e),
            }
        }
        damaged.extend(damage.iter().map(short_name));
        self.storage.set_value(Some(storage));
        let list = summaries(&entries);
        self.entries.set_value(entries);
        self.list.set(list);
        self.damaged.set(damaged);
        self.load.set(LoadState::Ready);
    }

    /// Starts a response to `survey` and writes it at once.
    pub fn start(self, survey: &str) -> DocId {
        let id = DocId::from_random(browser::random_bytes());
        let doc = ResponseDoc::new(self.actor, survey, browser::now());
        self.entries.update_value(|m| {
            m.insert(id.clone(), Entry { doc, stored: StoredDoc::new(id.clone()) });
        });
        self.refresh_list();
        self.flush(id.clone());
        id
    }

    pub fn summary(self, id: &DocId) -> Option<ResponseSummary> {
        self.revision.track();
        self.entries.with_value(|m| m.get(id).and_then(|e| e.doc.summary().ok()))
    }

    pub fn answer(self, id: &DocId, question: &str) -> Option<Answer> {
        self.revision.track();
        self.entries.with_value(|m| m.get(id).and_then(|e| e.doc.answer(question).ok().flatten()))
    }

    pub fn set_answer(self, id: &DocId, question: &str, answer: Option<Answer>) {
        self.change(id, |doc, now| {
            let _ = doc.set_answer(question, answer.as_ref(), now);
        });
    }

    pub fn set_position(self, id: &DocId, position: usize) {
        let unchanged = self.entries.with_value(|m| m.get(id).and_then(|e| e.doc.summary().ok()).map(|s| s.position) == Some(position));
        if !unchanged {
            self.change(id, |doc, now| doc.set_position(position, now));
        }
    }

    pub fn complete(self, id: &DocId) {
        self.change(id, |doc, now| doc.complete(now));
    }

    fn change(self, id: &DocId, edit: impl FnOnce(&mut ResponseDoc, Timestamp)) {
        let now = browser::now();
        let found = self.entries.try_update_value(|m| m.get_mut(id).map(|e| edit(&mut e.doc, now))).flatten();
        if found.is_some() {
            self.refresh_list();
            self.revision.update(|r| *r += 1);
            self.flush(id.clone());
        }
    }

    fn refresh_list(self) {
        self.list.set(self.entries.with_value(summaries));
    }

    /// Writes whatever of `id` is not yet on storage, one write at a time;
    /// changes made while a write is in flight go in the next one.
    fn flush(self, id: DocId) {
        let Some(storage) = self.storage.get_value() else { return };
        leptos::task::spawn_local(async move {
            loop {
                let write = self.entries.try_update_value(|m| m.get_mut(&id).and_then(|e| e.stored.prepare_write(e.doc.automerge_mut()))).flatten();
                let Some(write) = write else { break };
                self.save.set(SaveState::Saving);
                let result = storage.apply(&write).await;
                self.entries.update_value(|m| {
                    if let Some(e) = m.get_mut(&id) {
                        e.stored.write_done(result.is_ok());
                    }
                });
                if let Err(error) = result {
                    self.save.set(SaveState::Failed(error));
                    return;
                }
            }
            if self.save.get_untracked() == SaveState::Saving {
                self.save.set(SaveState::Saved);
            }
        });
    }
}

fn summaries(entries: &BTreeMap<DocId, Entry>) -> Vec<(DocId, ResponseSummary)> {
    let mut list: Vec<_> = entries.iter().filter_map(|(id, e)| Some((id.clone(), e.doc.summary().ok()?))).collect();
    list.sort_by(|a, b| b.1.updated.cmp(&a.1.updated));
    list
}

fn short_name(damage: &Damage) -> String {
    match damage.doc() {
        Some(doc) => doc.short().to_owned(),
        None => match damage {
            Damage::BadKey { key, .. } => key.chars().take(8).collect(),
            _ => String::new(),
        },
    }
}

pub fn use_responses() -> Responses {
    expect_context::<Responses>()
}
