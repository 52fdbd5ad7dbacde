//! Sync in the worker that owns the documents: one [`Syncer`] per project
//! this device syncs, each with its WebSocket to the relay. Every decision is
//! the syncer's (`heard-sync`); this file opens and closes sockets, carries
//! frames, reads documents sync needs, hands what sync changed to the
//! scheduler, and saves each project's sync record once the documents it
//! covers are written.

use std::rc::{Rc, Weak};

use heard_core::{
    id::DocId,
    storage::Storage,
    sync::Invite,
    time::Timestamp,
    worker_api::{FromWorker, SyncLine},
};
use heard_sync::{Action, Input, SyncRecord, SyncState, Syncer};
use wasm_bindgen::{JsCast, closure::Closure};
use web_sys::{BinaryType, MessageEvent, WebSocket};

use crate::owner::Owner;

/// One project's sync.
pub struct Link {
    record: SyncRecord,
    syncer: Syncer,
    socket: Option<Socket>,
    /// States to save once the listed documents are written, oldest first.
    states: Vec<(SyncState, Vec<DocId>)>,
    /// The line last told to the screens.
    told: Option<SyncLine>,
}

/// A WebSocket and the callbacks it holds (dropped with it).
struct Socket {
    ws: WebSocket,
    _callbacks: Vec<Closure<dyn FnMut(MessageEvent)>>,
}

impl Drop for Socket {
    fn drop(&mut self) {
        self.ws.set_onopen(None);
        self.ws.set_onmessage(None);
        self.ws.set_onclose(None);
        let _ = self.ws.close();
    }
}

impl Link {
    pub fn new(record: SyncRecord, seed: u64) -> Option<Link> {
        let syncer = record.syncer(seed).ok()?;
        Some(Link {
            record,
            syncer,
            socket: None,
            states: Vec::new(),
            told: None,
        })
    }

    pub fn key(&self) -> &str {
        &self.record.relay_project
    }

    /// The record it syncs by (a sync file is sealed with its keys).
    pub(crate) fn record(&self) -> &SyncRecord {
        &self.record
    }

    pub(crate) fn project_doc(&self) -> Option<&DocId> {
        self.syncer.project_doc()
    }

    /// The project's document, brought by a sync file before the relay
    /// was ever reached: kept in the record, and told to the screens.
    pub(crate) fn learn_project(&mut self, doc: DocId) {
        self.syncer.learn_project(doc);
        self.states.push((self.syncer.state().clone(), Vec::new()));
        self.told = None;
    }
}

fn now() -> Timestamp {
    Timestamp(js_sys::Date::now() as i64)
}

/// The address other devices open to join: this app's own.
fn app_address() -> String {
    let scope: web_sys::WorkerGlobalScope = js_sys::global().unchecked_into();
    format!("{}/", scope.location().origin())
}

impl Owner {
    /// Starts syncing every project this device synced before.
    pub(crate) fn start_sync(self: &Rc<Self>, records: Vec<(String, String)>) {
        for (_, json) in records {
            if let Ok(record) = SyncRecord::from_json(&json)
                && let Some(link) = Link::new(record, self.seed())
            {
                self.sync.borrow_mut().push(link);
            }
        }
    }

    /// A screen asked to share a project, to join one, or to sync one now.
    pub(crate) fn sync_request(self: &Rc<Self>, request: &heard_core::worker_api::ToWorker) {
        use heard_core::worker_api::ToWorker;
        let record = match request {
            ToWorker::ShareProject {
                id,
                relay,
                relay_project,
                secret,
                ..
            } => {
                let (Some(project), Some(secret)) =
                    (heard_sync::unhex(relay_project), heard_sync::unhex(secret))
                else {
                    return;
                };
                SyncRecord::shared(relay, project, secret, id.clone())
            }
            ToWorker::JoinProject { invite, relay, .. } => match Invite::parse(invite) {
                Ok(invite) => SyncRecord::joined(&invite, relay),
                Err(e) => {
                    self.post(FromWorker::Sync {
                        relay_project: String::new(),
                        project: None,
                        line: SyncLine::BadInvite {
                            reason: e.to_string(),
                        },
                        invite: None,
                    });
                    return;
                }
            },
            ToWorker::SyncNow { id } => {
                let index = self
                    .sync
                    .borrow()
                    .iter()
                    .position(|l| l.syncer.project_doc() == Some(id));
                if let Some(index) = index {
                    self.sync_step(index, Input::Now);
                }
                return;
            }
            _ => return,
        };
        let known = self
            .sync
            .borrow()
            .iter()
            .position(|l| l.key() == record.relay_project);
        let index = match known {
            Some(index) => index,
            None => {
                let Some(link) = Link::new(record.clone(), self.seed()) else {
                    return;
                };
                self.save_record(record);
                let mut links = self.sync.borrow_mut();
                links.push(link);
                links.len() - 1
            }
        };
        // Tell at once, with the invite, then connect.
        if let Some(link) = self.sync.borrow_mut().get_mut(index) {
            link.told = None;
        }
        self.sync_step(index, Input::Tick);
    }

    /// Time passed: every syncer may connect, retry or push.
    pub(crate) fn sync_tick(self: &Rc<Self>) {
        // The count first: a borrow in the loop's head would live through
        // the loop, and each step borrows the links again.
        let count = self.sync.borrow().len();
        for index in 0..count {
            self.sync_step(index, Input::Tick);
        }
    }

    /// Documents were written: states waiting for them can be saved, and
    /// what is now durable can be pushed.
    pub(crate) fn sync_written(self: &Rc<Self>) {
        let count = self.sync.borrow().len();
        for index in 0..count {
            self.save_due_states(index);
            self.sync_step(index, Input::Changed);
        }
    }

    /// A screen plays recording `blob`, which this device lacks and the
    /// relay holds as `relay`: the project's sync fetches it. With no sync
    /// of a project holding the document, it is missing.
    pub(crate) fn fetch_media(self: &Rc<Self>, blob: heard_core::storage::BlobKey, relay: String) {
        let index = {
            let mut scheduler = self.scheduler.borrow_mut();
            let docs = scheduler.documents_mut();
            self.sync.borrow().iter().position(|l| {
                l.syncer
                    .project_doc()
                    .is_some_and(|p| docs.project_docs(p).contains(&blob.doc))
            })
        };
        match index {
            Some(index) => self.sync_step(index, Input::Fetch { blob, relay }),
            None => self.step(heard_core::scheduler::Input::Fetched { blob, bytes: None }),
        }
    }

    fn sync_step(self: &Rc<Self>, index: usize, input: Input) {
        let actions = {
            let mut links = self.sync.borrow_mut();
            let Some(link) = links.get_mut(index) else {
                return;
            };
            let mut scheduler = self.scheduler.borrow_mut();
            link.syncer.step(input, scheduler.documents_mut(), now())
        };
        for action in actions {
            self.sync_run(index, action);
        }
        self.tell_status(index);
    }

    fn sync_run(self: &Rc<Self>, index: usize, action: Action) {
        match action {
            Action::Connect => self.connect(index),
            Action::Send(bytes) => {
                if let Some(link) = self.sync.borrow().get(index)
                    && let Some(socket) = &link.socket
                {
                    let _ = socket.ws.send_with_u8_array(&bytes);
                }
            }
            Action::Close => {
                let socket = self
                    .sync
                    .borrow_mut()
                    .get_mut(index)
                    .and_then(|l| l.socket.take());
                retire(socket);
            }
            Action::Open(ids) => {
                let owner = Rc::clone(self);
                wasm_bindgen_futures::spawn_local(async move {
                    for id in ids {
                        let chunks = match owner.storage() {
                            Some(storage) => storage.load_doc(&id).await.unwrap_or_default(),
                            None => Vec::new(),
                        };
                        let actions = owner.scheduler.borrow_mut().open_for_sync(id, chunks);
                        owner.run_all(actions);
                    }
                    owner.sync_step(index, Input::Opened);
                });
            }
            Action::Documents(outcome) => {
                let actions = self.scheduler.borrow_mut().absorb(*outcome);
                self.run_all(actions);
            }
            Action::ReadMedia(blob) => {
                let owner = Rc::clone(self);
                wasm_bindgen_futures::spawn_local(async move {
                    let bytes = match owner.storage() {
                        Some(storage) => storage.load_blob(&blob).await.ok().flatten(),
                        None => None,
                    };
                    owner.sync_step(index, Input::MediaRead { blob, bytes });
                });
            }
            Action::Fetched { blob, bytes } => {
                self.step(heard_core::scheduler::Input::Fetched { blob, bytes });
            }
            Action::SaveState { state, after } => {
                if let Some(link) = self.sync.borrow_mut().get_mut(index) {
                    link.states.push((state, after));
                }
                self.save_due_states(index);
            }
        }
    }

    /// Saves the newest state whose documents are all written (and drops
    /// the older ones it supersedes).
    fn save_due_states(self: &Rc<Self>, index: usize) {
        let record = {
            let scheduler = self.scheduler.borrow();
            let mut links = self.sync.borrow_mut();
            let Some(link) = links.get_mut(index) else {
                return;
            };
            let due = link
                .states
                .iter()
                .rposition(|(_, after)| after.iter().all(|d| scheduler.is_written(d)));
            let Some(due) = due else {
                return;
            };
            let (state, _) = link.states.drain(..=due).next_back().unwrap_or_default();
            link.record.state = state;
            link.record.project = link.syncer.project_doc().cloned();
            link.record.clone()
        };
        self.save_record(record);
    }

    fn save_record(self: &Rc<Self>, record: SyncRecord) {
        let owner = Rc::clone(self);
        wasm_bindgen_futures::spawn_local(async move {
            if let Some(storage) = owner.storage() {
                let _ = storage
                    .save_sync(&record.relay_project, &record.to_json())
                    .await;
            }
        });
    }

    fn connect(self: &Rc<Self>, index: usize) {
        let Some(url) = self
            .sync
            .borrow()
            .get(index)
            .map(|l| l.record.relay.clone())
        else {
            return;
        };
        let Ok(ws) = WebSocket::new(&url) else {
            self.sync_step(index, Input::Closed);
            return;
        };
        ws.set_binary_type(BinaryType::Arraybuffer);
        let weak: Weak<Owner> = Rc::downgrade(self);
        let on = |weak: Weak<Owner>, make: fn(&MessageEvent) -> Option<Input>| {
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                if let (Some(owner), Some(input)) = (weak.upgrade(), make(&event)) {
                    if matches!(input, Input::Closed) {
                        let socket = owner
                            .sync
                            .borrow_mut()
                            .get_mut(index)
                            .and_then(|l| l.socket.take());
                        retire(socket);
                    }
                    owner.sync_step(index, input);
                }
            })
        };
        let opened = on(weak.clone(), |_| Some(Input::Connected));
        let message = on(weak.clone(), |event| {
            let data = event.data().dyn_into::<js_sys::ArrayBuffer>().ok()?;
            Some(Input::Frame(js_sys::Uint8Array::new(&data).to_vec()))
        });
        let closed = on(weak, |_| Some(Input::Closed));
        ws.set_onopen(Some(opened.as_ref().unchecked_ref()));
        ws.set_onmessage(Some(message.as_ref().unchecked_ref()));
        ws.set_onclose(Some(closed.as_ref().unchecked_ref()));
        if let Some(link) = self.sync.borrow_mut().get_mut(index) {
            link.socket = Some(Socket {
                ws,
                _callbacks: vec![opened, message, closed],
            });
        }
    }

    /// Tells every screen how this project's sync stands, when that moved.
    fn tell_status(self: &Rc<Self>, index: usize) {
        let event = {
            let mut scheduler = self.scheduler.borrow_mut();
            let mut links = self.sync.borrow_mut();
            let Some(link) = links.get_mut(index) else {
                return;
            };
            let line = link.syncer.status(scheduler.documents_mut()).line();
            let project = link.syncer.project_doc().cloned();
            if link.told.as_ref() == Some(&line) && link.record.project == project {
                return;
            }
            link.told = Some(line.clone());
            FromWorker::Sync {
                relay_project: link.record.relay_project.clone(),
                project,
                line,
                invite: link.record.invite(&app_address()).ok(),
            }
        };
        self.post(event);
    }
}

/// Lets go of a socket once the callback running now (perhaps one of its
/// own, which it holds) has returned.
fn retire(socket: Option<Socket>) {
    if let Some(socket) = socket {
        wasm_bindgen_futures::spawn_local(async move { drop(socket) });
    }
}
