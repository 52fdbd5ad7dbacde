//! The interface's view of the responses on this device. The list comes first
//! from the summary index in IndexedDB (so the first screen needs no automerge),
//! then from the document worker, which owns the documents and writes every
//! change. Answers of the open response are mirrored here for display.
//!
//! One handle, [`Responses`], in four parts: the worker link
//! (`worker_link`), the lists of documents (`lists`), the open response
//! (`open_response`) and the recordings this page plays (`media`).

use std::collections::BTreeMap;

use heard_core::{
    id::DocId,
    pending_saves::PendingSaves,
    project::Project,
    response::{Answer, Presentation, ResponseSetup, ResponseSummary},
    route::Route,
    session::Session,
    storage::{Storage, StorageError},
    summary::Summary,
    worker_api::{Envelope, FromWorker, Heads, Refusal, ToWorker},
};
use heard_indexed_db::{DATABASE, IndexedDbStorage};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue, closure::Closure};
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

use crate::browser;

mod lists;
mod media;
mod open_response;
mod results;
mod saved_item;
mod sync;
mod sync_file;
mod worker_link;

pub use results::{ExportedResponses, FreeTextPage, ImportedResponses, SurveyResults};
pub use saved_item::SavedItem;
pub use sync::SyncInfo;
pub use sync_file::SyncFileNews;

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
    /// The worker refused the last change (the field concerned says why).
    Refused,
    Failed(StorageError),
}

/// The response on screen, as far as the worker has sent it.
#[derive(Clone, Debug, PartialEq)]
pub enum Opened {
    Waiting(DocId),
    Ready(DocId, BTreeMap<String, Answer>),
    Missing(DocId),
}

impl Opened {
    fn id(&self) -> &DocId {
        match self {
            Opened::Waiting(id) | Opened::Ready(id, _) | Opened::Missing(id) => id,
        }
    }
}

/// Whether a response can be shown yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Availability {
    Loading,
    Missing,
    /// Ready, answering this survey of this project.
    Ready(Option<DocId>, String),
}

/// A narrow, `Copy` handle to the responses on the device.
#[derive(Clone, Copy)]
pub struct Responses {
    /// Every response's summary, most recently changed first.
    pub list: RwSignal<Vec<(DocId, ResponseSummary)>>,
    /// Every project, most recently changed first.
    pub projects: RwSignal<Vec<(DocId, Project)>>,
    /// Every session (without audio), most recently changed first.
    pub sessions: RwSignal<Vec<(DocId, Session)>>,
    /// Audio notes fetched for playing, as object URLs by session and card.
    pub audio: RwSignal<BTreeMap<(DocId, String), String>>,
    /// Counts the project and session content put on screen: a recording
    /// not here yet is asked for again when its document moves (the relay's
    /// name for it may have come with the change).
    pub news: RwSignal<u64>,
    /// Saved items that could not be opened, by short id, with what each was.
    pub damaged: RwSignal<Vec<(String, SavedItem)>>,
    /// Documents made by a newer version of Heard, by short id, with what
    /// each was: listed as such, never as damaged.
    pub newer: RwSignal<Vec<(String, SavedItem)>>,
    pub load: RwSignal<LoadState>,
    pub save: RwSignal<SaveState>,
    /// Whether the worker has loaded every document.
    pub worker_ready: RwSignal<bool>,
    /// Every project this device syncs, as the worker last told it.
    pub sync: RwSignal<Vec<SyncInfo>>,
    /// The worker's last answer about a sync file.
    pub sync_file: RwSignal<Option<SyncFileNews>>,
    /// The last results the worker computed.
    results: RwSignal<Option<SurveyResults>>,
    /// Results asked for and not yet answered, and the latest asked for
    /// meanwhile, sent when the answer comes (see [`Responses::ask_results`]).
    results_asked: StoredValue<(bool, Option<ToWorker>), LocalStorage>,
    /// The last page of free text the worker read.
    free_text: RwSignal<Option<FreeTextPage>>,
    /// The last CSV of responses the worker made.
    exported: RwSignal<Option<ExportedResponses>>,
    /// The worker's last answer about an import of responses.
    imported: RwSignal<Option<ImportedResponses>>,
    opened: RwSignal<Option<Opened>>,
    setup: RwSignal<Option<ResponseSetup>>,
    notes: RwSignal<String>,
    worker: StoredValue<Option<Worker>, LocalStorage>,
    /// Requests made before the worker was ready, sent once it is.
    outbox: StoredValue<Vec<Envelope>, LocalStorage>,
    /// The number of the last request sent, and of the last one that
    /// changes something: "Saved" waits for the worker to confirm it.
    last_seq: StoredValue<u64, LocalStorage>,
    last_change: StoredValue<u64, LocalStorage>,
    /// The highest "saved through" the worker has sent.
    confirmed: StoredValue<u64, LocalStorage>,
    /// What waits for every change sent to be confirmed (a page load to the
    /// other module: see `after_saves`).
    after_saves: StoredValue<Vec<Box<dyn FnOnce()>>, LocalStorage>,
    /// Changes the worker refused, by document, until that document's next
    /// change is sent.
    refusals: RwSignal<Vec<(DocId, Refusal)>>,
    /// Project and session saves whose echo has not come back yet.
    pending: StoredValue<PendingSaves, LocalStorage>,
    /// The heads of the project or session content on screen, sent with each
    /// save so the worker applies only what this screen changed.
    shown_heads: StoredValue<Vec<(DocId, Heads)>, LocalStorage>,
    /// The newest project or session content the worker sent that was held
    /// back while an echo was awaited, shown once this page's changes are
    /// all confirmed (see `held_back`): an echo that never comes must not
    /// keep the newest words off the screen.
    held: StoredValue<Vec<(DocId, Summary, Heads)>, LocalStorage>,
    /// The number of the request that reads the open response again after
    /// another device's changes reached it.
    reread: StoredValue<Option<u64>, LocalStorage>,
}

impl Responses {
    pub fn provide() -> Responses {
        let responses = Responses {
            list: RwSignal::new(Vec::new()),
            projects: RwSignal::new(Vec::new()),
            sessions: RwSignal::new(Vec::new()),
            audio: RwSignal::new(BTreeMap::new()),
            news: RwSignal::new(0),
            damaged: RwSignal::new(Vec::new()),
            newer: RwSignal::new(Vec::new()),
            load: RwSignal::new(LoadState::Loading),
            save: RwSignal::new(SaveState::Idle),
            worker_ready: RwSignal::new(false),
            sync: RwSignal::new(Vec::new()),
            sync_file: RwSignal::new(None),
            results: RwSignal::new(None),
            results_asked: StoredValue::new_local((false, None)),
            free_text: RwSignal::new(None),
            exported: RwSignal::new(None),
            imported: RwSignal::new(None),
            opened: RwSignal::new(None),
            setup: RwSignal::new(None),
            notes: RwSignal::new(String::new()),
            worker: StoredValue::new_local(None),
            outbox: StoredValue::new_local(Vec::new()),
            last_seq: StoredValue::new_local(0),
            last_change: StoredValue::new_local(0),
            confirmed: StoredValue::new_local(0),
            after_saves: StoredValue::new_local(Vec::new()),
            refusals: RwSignal::new(Vec::new()),
            pending: StoredValue::new_local(PendingSaves::default()),
            shown_heads: StoredValue::new_local(Vec::new()),
            held: StoredValue::new_local(Vec::new()),
            reread: StoredValue::new_local(None),
        };
        provide_context(responses);
        leptos::task::spawn_local(responses.read_index());
        responses
    }

    /// Shows the list from the index, then starts the worker: its download is
    /// not needed for the first screen.
    async fn read_index(self) {
        match IndexedDbStorage::open(DATABASE).await {
            Ok(storage) => {
                let index = storage.load_index().await.unwrap_or_default();
                let items = index
                    .into_iter()
                    .filter_map(|(id, json)| {
                        Some((DocId::parse(&id).ok()?, serde_json::from_str(&json).ok()?))
                    })
                    .collect();
                self.accept(items);
                crate::browser::mark("heard-index-read");
                self.load.set(LoadState::Ready);
            }
            Err(e) => self.load.set(LoadState::Unavailable(e.to_string())),
        }
        self.start_worker();
    }
}

// `updated` is a function pointer, not a closure: each closure would be a
// copy of the sort in the first screen's bundle.
fn sort<T>(list: &mut [(DocId, T)], updated: fn(&T) -> heard_core::time::Timestamp) {
    list.sort_by(|a, b| {
        updated(&b.1)
            .cmp(&updated(&a.1))
            .then_with(|| a.0.cmp(&b.0))
    });
}

/// Puts `item` in `list` in place of any older copy, newest first.
fn upsert<T: Send + Sync + 'static>(
    list: RwSignal<Vec<(DocId, T)>>,
    id: DocId,
    item: T,
    updated: fn(&T) -> heard_core::time::Timestamp,
) {
    list.update(|list| {
        list.retain(|(other, _)| *other != id);
        list.push((id, item));
        sort(list, updated);
    });
}

/// The worker script's hashed name, which the build writes into index.html.
fn worker_url() -> String {
    document()
        .query_selector("meta[name=heard-worker]")
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))
        .unwrap_or_else(|| "/worker.js".to_owned())
}

pub fn use_responses() -> Responses {
    expect_context::<Responses>()
}
