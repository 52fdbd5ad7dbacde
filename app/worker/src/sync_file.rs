//! Sync files in the worker that owns the documents: saving one of a project
//! this device syncs, and taking one in. Every decision is `heard-sync`'s
//! (`sync_file`); this file reads the stored documents they need, hands
//! what an import changed to the scheduler as sync's changes are, and
//! answers the screen that asked once all of it is written.

use std::rc::Rc;

use heard_core::{
    id::DocId,
    json_doc::ClientId,
    scheduler::Action,
    storage::Storage,
    time::Timestamp,
    worker_api::{FromWorker, SyncFileProblem, ToWorker},
};
use heard_sync::sync_file::{
    FileError, FileLimits, SyncFile, export, export_needs, export_recordings,
};

use crate::owner::Owner;

impl Owner {
    /// Starts a sync file request, and returns the request for the
    /// scheduler to confirm in its turn (without the file's bytes, which it
    /// does not need).
    pub(crate) fn sync_file_request(
        self: &Rc<Self>,
        client: ClientId,
        request: ToWorker,
    ) -> ToWorker {
        match request {
            ToWorker::ExportSyncFile { id } => {
                self.export_sync_file(client, id.clone());
                ToWorker::ExportSyncFile { id }
            }
            ToWorker::ImportSyncFile { id, data } => {
                self.import_sync_file(client, id.clone(), data);
                ToWorker::ImportSyncFile {
                    id,
                    data: Vec::new(),
                }
            }
            other => other,
        }
    }

    fn answer(self: &Rc<Self>, client: ClientId, event: FromWorker) {
        self.run_all(vec![Action::Post {
            to: Some(client),
            event,
        }]);
    }

    /// Opens the stored documents a sync file needs.
    pub(crate) async fn open_stored(self: &Rc<Self>, ids: Vec<DocId>) {
        for id in ids {
            let chunks = match self.storage() {
                Some(storage) => storage.load_doc(&id).await.unwrap_or_default(),
                None => Vec::new(),
            };
            let actions = self.scheduler.borrow_mut().open_for_sync(id, chunks);
            self.run_all(actions);
        }
    }

    fn export_sync_file(self: &Rc<Self>, client: ClientId, id: DocId) {
        let keys = self
            .sync
            .borrow()
            .iter()
            .find(|link| link.project_doc() == Some(&id))
            .and_then(|link| link.record().keys().ok());
        let Some((relay_project, keys)) = keys else {
            let problem = SyncFileProblem::NotShared;
            return self.answer(client, FromWorker::SyncFileRefused { id, problem });
        };
        let owner = Rc::clone(self);
        wasm_bindgen_futures::spawn_local(async move {
            let needed = export_needs(owner.scheduler.borrow().documents(), &id);
            owner.open_stored(needed).await;
            // The recordings this device holds (one made elsewhere and not
            // fetched here is left out).
            let wanted = export_recordings(owner.scheduler.borrow().documents(), &id);
            let mut recordings = Vec::new();
            if let Some(storage) = owner.storage() {
                for blob in wanted {
                    if let Ok(Some(bytes)) = storage.load_blob(&blob).await {
                        recordings.push((blob, bytes));
                    }
                }
            }
            let exported = {
                let mut scheduler = owner.scheduler.borrow_mut();
                export(
                    &keys,
                    relay_project,
                    &id,
                    scheduler.documents_mut(),
                    &recordings,
                )
            };
            let data = exported.bytes;
            owner.answer(client, FromWorker::SyncFileMade { id, data });
        });
    }

    fn import_sync_file(self: &Rc<Self>, client: ClientId, id: DocId, data: Vec<u8>) {
        let refuse = |problem| {
            let id = id.clone();
            self.answer(client, FromWorker::SyncFileRefused { id, problem });
        };
        let project = match SyncFile::project_of(&data) {
            Ok(project) => project,
            Err(e) => return refuse(problem(&e)),
        };
        // The file's project picks the keys: a project this device never
        // joined has none here, and its file cannot be read.
        let found = self.sync.borrow().iter().enumerate().find_map(|(n, link)| {
            let (relay_project, keys) = link.record().keys().ok()?;
            (relay_project == project).then_some((n, keys))
        });
        let Some((index, keys)) = found else {
            return refuse(SyncFileProblem::NotJoined);
        };
        let file = match SyncFile::decode(&data, project, &keys, &FileLimits::DEFAULT) {
            Ok(file) => file,
            Err(e) => return refuse(problem(&e)),
        };
        drop(data);
        let owner = Rc::clone(self);
        wasm_bindgen_futures::spawn_local(async move {
            let needed = file.needs(owner.scheduler.borrow().documents());
            owner.open_stored(needed).await;
            let now = Timestamp(js_sys::Date::now() as i64);
            let (outcomes, report) = {
                let mut scheduler = owner.scheduler.borrow_mut();
                file.import(&keys, scheduler.documents_mut(), now)
            };
            let mut touched = Vec::new();
            for outcome in outcomes {
                touched.extend(
                    [&outcome.dirty, &outcome.also_dirty, &outcome.erase]
                        .into_iter()
                        .flatten()
                        .cloned(),
                );
                let actions = owner.scheduler.borrow_mut().absorb(outcome);
                owner.run_all(actions);
            }
            if let Some(project) = &report.project
                && let Some(link) = owner.sync.borrow_mut().get_mut(index)
            {
                link.learn_project(project.clone());
            }
            // The recordings beside their documents; one that fails to be
            // written only means it is missing here until fetched.
            if !report.recordings.is_empty()
                && let Some(storage) = owner.storage()
            {
                let write = heard_core::storage::Write {
                    blob_puts: report.recordings.clone(),
                    ..Default::default()
                };
                let _ = storage.apply(&write).await;
            }
            // Done means written: a failed write is retried with the next
            // one, and this waits for it, as a screen's save does.
            while !touched
                .iter()
                .all(|doc| owner.scheduler.borrow().is_written(doc))
            {
                gloo_timers::future::TimeoutFuture::new(50).await;
            }
            // The project's record is saved, and what came in may go on to
            // the relay once it is reached.
            owner.sync_written();
            owner.answer(
                client,
                FromWorker::SyncFileRead {
                    id,
                    project: report.project,
                    taken: report.taken.len(),
                    unchanged: report.unchanged,
                    set_aside: report.set_aside.len(),
                },
            );
        });
    }
}

fn problem(error: &FileError) -> SyncFileProblem {
    match error {
        FileError::NotASyncFile => SyncFileProblem::NotASyncFile,
        FileError::Newer { .. } => SyncFileProblem::Newer,
        FileError::Truncated { .. } => SyncFileProblem::Truncated,
        FileError::TooLarge { .. } => SyncFileProblem::TooLarge,
        FileError::OtherProject { .. } => SyncFileProblem::NotJoined,
        FileError::TrailingBytes { .. } | FileError::Forged | FileError::BadManifest => {
            SyncFileProblem::Damaged
        }
    }
}
