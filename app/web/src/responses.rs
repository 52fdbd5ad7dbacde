//! The interface's view of the responses on this device. The list comes first
//! from the summary index in IndexedDB (so the first screen needs no automerge),
//! then from the document worker, which owns the documents and writes every
//! change. Answers of the open response are mirrored here for display.

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
    /// Saved items that could not be opened, by short id.
    pub damaged: RwSignal<Vec<String>>,
    pub load: RwSignal<LoadState>,
    pub save: RwSignal<SaveState>,
    /// Whether the worker has loaded every document.
    pub worker_ready: RwSignal<bool>,
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
    /// Changes the worker refused, by document, until that document's next
    /// change is sent.
    refusals: RwSignal<Vec<(DocId, Refusal)>>,
    /// Project and session saves whose echo has not come back yet.
    pending: StoredValue<PendingSaves, LocalStorage>,
    /// The heads of the project or session content on screen, sent with each
    /// save so the worker applies only what this screen changed.
    shown_heads: StoredValue<BTreeMap<DocId, Heads>, LocalStorage>,
}

impl Responses {
    pub fn provide() -> Responses {
        let responses = Responses {
            list: RwSignal::new(Vec::new()),
            projects: RwSignal::new(Vec::new()),
            sessions: RwSignal::new(Vec::new()),
            audio: RwSignal::new(BTreeMap::new()),
            damaged: RwSignal::new(Vec::new()),
            load: RwSignal::new(LoadState::Loading),
            save: RwSignal::new(SaveState::Idle),
            worker_ready: RwSignal::new(false),
            opened: RwSignal::new(None),
            setup: RwSignal::new(None),
            notes: RwSignal::new(String::new()),
            worker: StoredValue::new_local(None),
            outbox: StoredValue::new_local(Vec::new()),
            last_seq: StoredValue::new_local(0),
            last_change: StoredValue::new_local(0),
            refusals: RwSignal::new(Vec::new()),
            pending: StoredValue::new_local(PendingSaves::default()),
            shown_heads: StoredValue::new_local(BTreeMap::new()),
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
                self.load.set(LoadState::Ready);
            }
            Err(e) => self.load.set(LoadState::Unavailable(e.to_string())),
        }
        self.start_worker();
    }

    fn start_worker(self) {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let Ok(worker) = Worker::new_with_options(&worker_url(), &options) else {
            self.load.set(LoadState::Unavailable(
                "this browser cannot run the app's document worker".into(),
            ));
            return;
        };
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            if let Some(text) = event.data().as_string()
                && let Ok(event) = FromWorker::decode(&text)
            {
                self.receive(event);
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        self.worker.set_value(Some(worker));
    }

    fn receive(self, event: FromWorker) {
        match event {
            FromWorker::Loaded { items, damaged } => {
                // The worker read the same index this page read at start; it
                // only adds what the page could not read, and never takes away
                // what was changed here while it started.
                self.merge(items);
                self.damaged.update(|d| d.extend(damaged));
                self.worker_started();
            }
            FromWorker::Damaged { id } => {
                self.forget(&id);
                self.damaged.update(|d| {
                    let short = id.short().to_owned();
                    if !d.contains(&short) {
                        d.push(short);
                    }
                });
            }
            FromWorker::Unavailable { reason } => {
                self.load.set(LoadState::Unavailable(reason));
                self.worker_started();
            }
            FromWorker::Opened {
                id,
                answers,
                setup,
                notes,
            } => {
                if self
                    .opened
                    .with_untracked(|o| o.as_ref().map(Opened::id) == Some(&id))
                {
                    self.setup.set(setup);
                    self.notes.set(notes);
                    self.opened
                        .set(Some(Opened::Ready(id, answers.into_iter().collect())));
                }
            }
            FromWorker::Changed { id, summary, heads } => match summary {
                Summary::Response(s) => upsert(self.list, id, s, |s| s.updated),
                // A stale echo of an earlier save would undo a later one
                // that is already on screen.
                Summary::Project(p) => {
                    if self.echoed(&id) {
                        self.shown(&id, heads);
                        upsert(self.projects, id, p, |p| p.updated)
                    }
                }
                Summary::Session(s) => {
                    if self.echoed(&id) {
                        self.shown(&id, heads);
                        upsert(self.sessions, id, s, |s| s.updated)
                    }
                }
                Summary::Newer { .. } | Summary::Erased => self.forget(&id),
            },
            FromWorker::Audio {
                id,
                key,
                mime,
                data,
            } => {
                if let Some(url) = browser::object_url(&data, &mime) {
                    self.audio.update(|audio| {
                        audio.insert((id, key), url);
                    });
                }
            }
            FromWorker::Saved { through } => {
                if through >= self.last_change.get_value() {
                    browser::mark("heard-saved");
                    let refused = self.refusals.with_untracked(|r| !r.is_empty());
                    self.save.set(if refused {
                        SaveState::Refused
                    } else {
                        SaveState::Saved
                    });
                }
            }
            FromWorker::Refused { id, refusal, .. } => {
                if let Refusal::Invalid { reason } = &refusal {
                    web_sys::console::warn_1(&JsValue::from_str(reason));
                }
                self.pending.update_value(PendingSaves::clear);
                self.refusals.update(|r| r.push((id, refusal)));
                self.save.set(SaveState::Refused);
            }
            FromWorker::SaveFailed { error } => self.save.set(SaveState::Failed(error)),
            FromWorker::Erased { id } => {
                self.forget(&id);
                self.save.set(SaveState::Saved);
            }
            FromWorker::Missing { id } => {
                if self
                    .opened
                    .with_untracked(|o| o.as_ref().map(Opened::id) == Some(&id))
                {
                    self.opened.set(Some(Opened::Missing(id)));
                }
            }
            // A request the worker could not read is a bug; the console is
            // the place for it, and it carries no answer text.
            FromWorker::ChangesRefused { reason, .. } => {
                web_sys::console::warn_1(&JsValue::from_str(&reason))
            }
            FromWorker::Rejected { reason } => {
                self.pending.update_value(PendingSaves::clear);
                web_sys::console::warn_1(&JsValue::from_str(&reason))
            }
        }
    }

    /// Replaces every list with `items`, sorted newest first.
    fn accept(self, items: Vec<(DocId, Summary)>) {
        let (mut list, mut projects, mut sessions) = (Vec::new(), Vec::new(), Vec::new());
        for (id, summary) in items {
            match summary {
                Summary::Response(s) => list.push((id, s)),
                Summary::Project(p) => projects.push((id, p)),
                Summary::Session(s) => sessions.push((id, s)),
                // Made by a newer version, or erased: nothing to list.
                Summary::Newer { .. } | Summary::Erased => {}
            }
        }
        sort(&mut list, |s| s.updated);
        sort(&mut projects, |p| p.updated);
        sort(&mut sessions, |s| s.updated);
        self.list.set(list);
        self.projects.set(projects);
        self.sessions.set(sessions);
    }

    fn merge(self, items: Vec<(DocId, Summary)>) {
        let mut known = std::collections::BTreeSet::new();
        self.list
            .with_untracked(|l| known.extend(l.iter().map(|(id, _)| id.clone())));
        self.projects
            .with_untracked(|l| known.extend(l.iter().map(|(id, _)| id.clone())));
        self.sessions
            .with_untracked(|l| known.extend(l.iter().map(|(id, _)| id.clone())));
        for (id, summary) in items {
            if known.contains(&id) {
                continue;
            }
            match summary {
                Summary::Response(s) => upsert(self.list, id, s, |s| s.updated),
                Summary::Project(p) => upsert(self.projects, id, p, |p| p.updated),
                Summary::Session(s) => upsert(self.sessions, id, s, |s| s.updated),
                Summary::Newer { .. } | Summary::Erased => {}
            }
        }
    }

    fn shown(self, id: &DocId, heads: Heads) {
        self.shown_heads.update_value(|h| {
            h.insert(id.clone(), heads);
        });
    }

    /// The base of the next save of `id`: the heads of what is on screen,
    /// or none for content read from the index.
    fn base(self, id: &DocId) -> Option<Heads> {
        self.shown_heads
            .with_value(|h| h.get(id).cloned())
            .filter(|h| !h.is_empty())
    }

    fn echoed(self, id: &DocId) -> bool {
        self.pending
            .try_update_value(|p| p.echoed(id))
            .unwrap_or(true)
    }

    fn forget(self, id: &DocId) {
        self.list.update(|l| l.retain(|(other, _)| other != id));
        self.projects.update(|l| l.retain(|(other, _)| other != id));
        self.sessions.update(|l| l.retain(|(other, _)| other != id));
    }

    /// The worker answered for the first time: send what waited for it.
    fn worker_started(self) {
        browser::mark("heard-worker-ready");
        self.worker_ready.set(true);
        for request in self
            .outbox
            .try_update_value(std::mem::take)
            .unwrap_or_default()
        {
            self.post(&request);
        }
    }

    /// Numbers `request` and sends it (or keeps it until the worker is
    /// ready). Returns its number.
    fn send(self, request: ToWorker) -> u64 {
        let seq = self.last_seq.get_value() + 1;
        self.last_seq.set_value(seq);
        let envelope = Envelope { seq, request };
        if self.worker_ready.get_untracked() {
            self.post(&envelope);
        } else {
            self.outbox.update_value(|outbox| outbox.push(envelope));
        }
        seq
    }

    fn post(self, envelope: &Envelope) {
        self.worker.with_value(|worker| {
            if let Some(worker) = worker {
                let _ = worker.post_message(&JsValue::from_str(&envelope.encode()));
            }
        });
    }

    /// Why the worker refused the last change of `field` (a card or
    /// question id) of document `id`, if it did.
    pub fn refusal(self, id: &DocId, field: &str) -> Option<Refusal> {
        self.refusals.with(|r| {
            r.iter()
                .find(|(doc, refusal)| {
                    doc == id && matches!(refusal, Refusal::TooLong { field: f, .. } if f == field)
                })
                .map(|(_, refusal)| refusal.clone())
        })
    }

    /// Starts a response to `survey` once consent is given; the worker
    /// writes it at once.
    pub fn start(
        self,
        project: &DocId,
        survey: &str,
        setup: ResponseSetup,
        presentation: Presentation,
    ) -> DocId {
        let id = DocId::from_random(browser::random_bytes());
        self.setup.set(Some(setup.clone()));
        self.notes.set(String::new());
        self.opened
            .set(Some(Opened::Ready(id.clone(), BTreeMap::new())));
        self.save.set(SaveState::Saving);
        let now = browser::now();
        // Listed at once, so the first question can show before the worker
        // answers; its summary replaces this one.
        let summary = ResponseSummary {
            project: Some(project.clone()),
            survey: survey.to_owned(),
            started: now,
            updated: now,
            completed: None,
            position: 0,
            answered: 0,
            mode: Some(setup.mode.clone()),
            presentation,
            // The version the worker records, so the first question shows it.
            survey_version: self
                .project(project)
                .and_then(|p| p.answering_version(survey)),
        };
        upsert(self.list, id.clone(), summary, |s| s.updated);
        self.send(ToWorker::Start {
            id: id.clone(),
            project: project.clone(),
            survey: survey.to_owned(),
            setup,
            presentation,
            now,
        });
        id
    }

    /// Records a change of presentation made while `id` is being answered.
    pub fn set_presentation(self, id: &DocId, presentation: Presentation) {
        if self
            .summary(id)
            .is_some_and(|s| s.presentation == presentation)
        {
            return;
        }
        self.change(ToWorker::SetPresentation {
            id: id.clone(),
            presentation,
            now: browser::now(),
        });
    }

    /// Consent and mode of the open response.
    pub fn setup(self) -> Option<ResponseSetup> {
        self.setup.get()
    }

    /// The supporter's notes of the open response.
    pub fn notes(self) -> String {
        self.notes.get_untracked()
    }

    pub fn set_notes(self, id: &DocId, text: String) {
        self.notes.set(text.clone());
        self.change(ToWorker::SetSupporterNotes {
            id: id.clone(),
            text,
            now: browser::now(),
        });
    }

    pub fn summary(self, id: &DocId) -> Option<ResponseSummary> {
        self.list.with(|list| {
            list.iter()
                .find(|(other, _)| other == id)
                .map(|(_, s)| s.clone())
        })
    }

    /// Makes `id` the open response, asking the worker for its answers.
    pub fn open(self, id: &DocId) {
        if self
            .opened
            .with_untracked(|o| o.as_ref().map(Opened::id) != Some(id))
        {
            self.opened.set(Some(Opened::Waiting(id.clone())));
            self.send(ToWorker::Open { id: id.clone() });
        }
    }

    /// Whether the open response `id` can be shown, and for which survey.
    pub fn availability(self, id: &DocId) -> Availability {
        let summary = self.summary(id);
        self.opened.with(|o| match (o, summary) {
            (Some(Opened::Missing(open)), _) if open == id => Availability::Missing,
            (Some(Opened::Ready(open, _)), Some(summary)) if open == id => {
                Availability::Ready(summary.project, summary.survey)
            }
            // The worker has every document and this is not one of them.
            (_, None) if self.worker_ready.get() => Availability::Missing,
            _ => Availability::Loading,
        })
    }

    /// Every answer of the open response `id` (empty while it loads).
    pub fn answers(self, id: &DocId) -> BTreeMap<String, Answer> {
        self.opened.with(|o| match o {
            Some(Opened::Ready(open, answers)) if open == id => answers.clone(),
            _ => BTreeMap::new(),
        })
    }

    pub fn answer(self, id: &DocId, question: &str) -> Option<Answer> {
        self.opened.with(|o| match o {
            Some(Opened::Ready(open, answers)) if open == id => answers.get(question).cloned(),
            _ => None,
        })
    }

    pub fn set_answer(self, id: &DocId, question: &str, answer: Option<Answer>) {
        self.opened.update(|o| {
            if let Some(Opened::Ready(open, answers)) = o
                && open == id
            {
                match &answer {
                    Some(a) => answers.insert(question.to_owned(), a.clone()),
                    None => answers.remove(question),
                };
            }
        });
        self.change(ToWorker::SetAnswer {
            id: id.clone(),
            question: question.to_owned(),
            answer,
            now: browser::now(),
        });
    }

    pub fn set_position(self, id: &DocId, position: usize) {
        if self.summary(id).is_some_and(|s| s.position != position) {
            self.change(ToWorker::SetPosition {
                id: id.clone(),
                position,
                now: browser::now(),
            });
        }
    }

    /// Removes a response from the device for good (a person withdrew).
    /// Takes one card of a session out of it and out of its history.
    pub fn withdraw(self, id: &DocId, card: &str) {
        if let Some(mut session) = self.session(id) {
            session.cards.retain(|c| c.id != card);
            upsert(self.sessions, id.clone(), session, |s| s.updated);
        }
        self.change(ToWorker::Withdraw {
            id: id.clone(),
            item: card.to_owned(),
            now: browser::now(),
        });
    }

    pub fn erase(self, id: &DocId) {
        if self
            .opened
            .with_untracked(|o| o.as_ref().map(Opened::id) == Some(id))
        {
            self.opened.set(None);
        }
        self.forget(id);
        self.change(ToWorker::Erase { id: id.clone() });
    }

    pub fn complete(self, id: &DocId) {
        self.change(ToWorker::Complete {
            id: id.clone(),
            now: browser::now(),
        });
    }

    /// Where "back to the list" leads from a response: its project.
    pub fn home_of(self, response: &DocId) -> Route {
        match self.summary(response).and_then(|s| s.project) {
            Some(project) => Route::Project { project },
            None => Route::Home,
        }
    }

    pub fn project(self, id: &DocId) -> Option<Project> {
        self.projects.with(|l| {
            l.iter()
                .find(|(other, _)| other == id)
                .map(|(_, p)| p.clone())
        })
    }

    pub fn session(self, id: &DocId) -> Option<Session> {
        self.sessions.with(|l| {
            l.iter()
                .find(|(other, _)| other == id)
                .map(|(_, s)| s.clone())
        })
    }

    /// Creates or changes a project; the caller has checked it.
    pub fn save_project(self, id: &DocId, project: Project) {
        upsert(self.projects, id.clone(), project.clone(), |p| p.updated);
        self.pending.update_value(|p| p.sent(id));
        self.change(ToWorker::SaveProject {
            id: id.clone(),
            project,
            base: self.base(id),
            now: browser::now(),
        });
    }

    /// Creates or changes a session; the caller has checked it.
    pub fn save_session(self, id: &DocId, session: Session) {
        upsert(self.sessions, id.clone(), session.clone(), |s| s.updated);
        self.pending.update_value(|p| p.sent(id));
        self.change(ToWorker::SaveSession {
            id: id.clone(),
            session,
            base: self.base(id),
            now: browser::now(),
        });
    }

    /// Keeps recorded audio under `key` of document `id`, and offers it for
    /// playing.
    pub fn set_audio(self, id: &DocId, key: &str, mime: &str, data: Vec<u8>) {
        if let Some(url) = browser::object_url(&data, mime) {
            self.audio.update(|a| {
                a.insert((id.clone(), key.to_owned()), url);
            });
        }
        self.change(ToWorker::SetAudio {
            id: id.clone(),
            key: key.to_owned(),
            mime: mime.to_owned(),
            data,
            now: browser::now(),
        });
    }

    /// Sends again the recording under `key` that this page still plays (a
    /// card whose deletion was undone: the worker let its audio go).
    pub fn restore_audio(self, id: &DocId, key: &str, mime: &str) {
        let pair = (id.clone(), key.to_owned());
        let Some(url) = self.audio.with_untracked(|a| a.get(&pair).cloned()) else {
            return;
        };
        let (id, key, mime) = (id.clone(), key.to_owned(), mime.to_owned());
        leptos::task::spawn_local(async move {
            use wasm_bindgen_futures::JsFuture;
            let Some(window) = web_sys::window() else {
                return;
            };
            let Ok(response) = JsFuture::from(window.fetch_with_str(&url)).await else {
                return;
            };
            let Ok(response) = response.dyn_into::<web_sys::Response>() else {
                return;
            };
            let Ok(promise) = response.array_buffer() else {
                return;
            };
            let Ok(buffer) = JsFuture::from(promise).await else {
                return;
            };
            let data = js_sys::Uint8Array::new(&buffer).to_vec();
            self.change(ToWorker::SetAudio {
                id,
                key,
                mime,
                data,
                now: browser::now(),
            });
        });
    }

    /// Asks the worker for the audio under `key`, unless it is here already.
    pub fn fetch_audio(self, id: &DocId, key: &str) {
        let pair = (id.clone(), key.to_owned());
        if !self.audio.with_untracked(|a| a.contains_key(&pair)) {
            self.send(ToWorker::GetAudio {
                id: id.clone(),
                key: key.to_owned(),
            });
        }
    }

    fn change(self, request: ToWorker) {
        let doc = request.doc().clone();
        if self
            .refusals
            .with_untracked(|r| r.iter().any(|(d, _)| *d == doc))
        {
            self.refusals.update(|r| r.retain(|(d, _)| *d != doc));
        }
        self.save.set(SaveState::Saving);
        let seq = self.send(request);
        self.last_change.set_value(seq);
    }
}

fn sort<T>(list: &mut [(DocId, T)], updated: impl Fn(&T) -> heard_core::time::Timestamp) {
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
    updated: impl Fn(&T) -> heard_core::time::Timestamp,
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
