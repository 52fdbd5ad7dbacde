//! The worker that owns the documents: feeds the scheduler and carries out
//! what it asks, on IndexedDB. Every decision is the scheduler's
//! (`heard_core::scheduler`); this file only does the IO.

use std::{cell::RefCell, rc::Rc};

use heard_core::{
    documents::{Documents, erase},
    json_doc::ClientId,
    scheduler::{Action, Input, Scheduler},
    storage::{Storage, StorageError},
    worker_api::{FromWorker, ToWorker},
};
use heard_indexed_db::{DATABASE, IndexedDbStorage};

/// Where the owner's events go: its own tab and the others.
pub trait Outbox {
    fn post(&self, to: Option<ClientId>, event: FromWorker);
    fn mark_durable(&self);
}

pub struct Owner {
    pub(crate) scheduler: RefCell<Scheduler>,
    /// `None` when the browser refuses IndexedDB: documents then live in memory.
    storage: Option<IndexedDbStorage>,
    outbox: Rc<dyn Outbox>,
    /// The projects this device syncs ([`crate::sync`]).
    pub(crate) sync: RefCell<Vec<crate::sync::Link>>,
    /// Random, to spread each project's reconnections from other devices'.
    seed: u64,
}

impl Owner {
    /// Opens storage and reads the summary index. Returns the owner and the
    /// first event for its tab (`Loaded`, or `Unavailable`).
    pub async fn start(actor: [u8; 16], outbox: Rc<dyn Outbox>) -> (Rc<Owner>, FromWorker) {
        let (storage, loaded) = match IndexedDbStorage::open(DATABASE).await {
            Ok(storage) => match storage.load_index().await {
                Ok(index) => (Some(storage), Ok(Documents::start(actor, index))),
                Err(e) => (None, Err(e.to_string())),
            },
            Err(e) => (None, Err(e.to_string())),
        };
        let (documents, first) = match loaded {
            Ok(loaded) => loaded,
            Err(reason) => (
                Documents::start(actor, vec![]).0,
                FromWorker::Unavailable { reason },
            ),
        };
        let records = match &storage {
            Some(storage) => storage.load_sync().await.unwrap_or_default(),
            None => Vec::new(),
        };
        let owner = Rc::new(Owner {
            scheduler: RefCell::new(Scheduler::new(documents)),
            storage,
            outbox,
            sync: RefCell::new(Vec::new()),
            seed: u64::from_le_bytes(actor[..8].try_into().unwrap_or([0; 8])),
        });
        owner.start_sync(records);
        wasm_bindgen_futures::spawn_local(Rc::clone(&owner).tick());
        (owner, first)
    }

    pub(crate) fn storage(&self) -> Option<&IndexedDbStorage> {
        self.storage.as_ref()
    }

    pub(crate) fn seed(&self) -> u64 {
        self.seed
    }

    /// An event for every screen.
    pub(crate) fn post(&self, event: FromWorker) {
        self.outbox.post(None, event);
    }

    pub(crate) fn run_all(self: &Rc<Self>, actions: Vec<Action>) {
        for action in actions {
            self.run(action);
        }
    }

    pub fn request(self: &Rc<Self>, client: ClientId, seq: u64, request: ToWorker) {
        if matches!(
            request,
            ToWorker::ShareProject { .. } | ToWorker::JoinProject { .. } | ToWorker::SyncNow { .. }
        ) {
            self.sync_request(&request);
        }
        let request = self.sync_file_request(client, request);
        let request = self.import_request(client, request);
        self.step(Input::Request {
            client,
            seq,
            request,
            now_ms: js_sys::Date::now(),
        });
    }

    pub(crate) fn step(self: &Rc<Self>, input: Input) {
        let wrote = matches!(input, Input::Wrote { .. } | Input::Erased { .. });
        let actions = self.scheduler.borrow_mut().step(input);
        for action in actions {
            self.run(action);
        }
        if wrote {
            self.sync_written();
        }
    }

    fn run(self: &Rc<Self>, action: Action) {
        let owner = Rc::clone(self);
        match action {
            Action::Post { to, event } => self.outbox.post(to, event),
            Action::MarkDurable => self.outbox.mark_durable(),
            Action::Read(id) => wasm_bindgen_futures::spawn_local(async move {
                let chunks = match &owner.storage {
                    Some(storage) => storage.load_doc(&id).await.unwrap_or_default(),
                    None => Vec::new(),
                };
                owner.step(Input::Read { id, chunks });
            }),
            Action::ReadRows => wasm_bindgen_futures::spawn_local(async move {
                let rows = match &owner.storage {
                    Some(storage) => storage.load_rows().await.unwrap_or_default(),
                    None => Vec::new(),
                };
                owner.step(Input::Rows(rows));
            }),
            Action::ReadForCheck(id) => wasm_bindgen_futures::spawn_local(async move {
                let chunks = match &owner.storage {
                    Some(storage) => storage.load_doc(&id).await.unwrap_or_default(),
                    None => Vec::new(),
                };
                owner.step(Input::ReadForCheck { id, chunks });
            }),
            Action::Write(id, write) => wasm_bindgen_futures::spawn_local(async move {
                let result = match &owner.storage {
                    Some(storage) => storage.apply(&write).await,
                    None => Err(StorageError::Unavailable(
                        "this browser does not allow the app to store anything".into(),
                    )),
                };
                owner.step(Input::Wrote { id, result });
            }),
            Action::Erase(id) => wasm_bindgen_futures::spawn_local(async move {
                let result = match &owner.storage {
                    Some(storage) => match erase(storage, &id).await {
                        FromWorker::SaveFailed { error } => Err(error),
                        _ => Ok(()),
                    },
                    None => Ok(()),
                };
                owner.step(Input::Erased { id, result });
            }),
            Action::ReadBlob(blob) => wasm_bindgen_futures::spawn_local(async move {
                let bytes = match &owner.storage {
                    Some(storage) => storage.load_blob(&blob).await.ok().flatten(),
                    None => None,
                };
                owner.step(Input::BlobRead { blob, bytes });
            }),
            Action::Fetch { blob, relay } => self.fetch_media(blob, relay),
            Action::KeepTables(key, json) => wasm_bindgen_futures::spawn_local(async move {
                if let Some(storage) = &owner.storage {
                    let _ = storage.save_tables(&key, &json).await;
                }
            }),
            Action::Repair(write) => wasm_bindgen_futures::spawn_local(async move {
                if let Some(storage) = &owner.storage {
                    let _ = storage.apply(&write).await;
                }
            }),
        }
    }

    /// Lets time pass for the scheduler's background check.
    async fn tick(self: Rc<Self>) {
        for n in 0u64.. {
            gloo_timers::future::TimeoutFuture::new(250).await;
            self.step(Input::Tick {
                now_ms: js_sys::Date::now(),
            });
            // Sync's retries are counted in seconds.
            if n % 4 == 0 {
                self.sync_tick();
            }
        }
    }
}
