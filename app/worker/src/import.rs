//! Responses imported from a CSV file, in the worker that owns the
//! documents. Reading, checking and making the responses are
//! `heard_core`'s (`Documents::import_responses`); this file opens the
//! project, writes the new responses in one IndexedDB transaction (all or
//! none), tells every screen of them once it is committed, and then answers
//! the screen that asked.

use std::rc::Rc;

use heard_core::{
    documents::ImportRequest,
    json_doc::ClientId,
    scheduler::Action,
    storage::Storage,
    worker_api::{FromWorker, ToWorker},
};

use crate::owner::Owner;

impl Owner {
    /// Starts an import, and returns the request for the scheduler to
    /// confirm in its turn (without the file's bytes).
    pub(crate) fn import_request(self: &Rc<Self>, client: ClientId, request: ToWorker) -> ToWorker {
        let ToWorker::ImportResponses {
            id,
            survey,
            file,
            data,
            mapping,
            store,
            now,
        } = request
        else {
            return request;
        };
        let owner = Rc::clone(self);
        let (project, survey_id) = (id.clone(), survey.clone());
        wasm_bindgen_futures::spawn_local(async move {
            owner.open_stored(vec![project.clone()]).await;
            // Made by this app's own screen; a mapping it cannot read
            // places nothing.
            let mapping = serde_json::from_str(&mapping).unwrap_or_default();
            let answer = {
                let mut scheduler = owner.scheduler.borrow_mut();
                let request = ImportRequest {
                    project: project.clone(),
                    survey: survey_id.clone(),
                    file: &file,
                    bytes: &data,
                    mapping: &mapping,
                    store,
                    now,
                };
                scheduler
                    .documents_mut()
                    .import_responses(request, &mut crate::fresh_random)
            };
            drop(data);
            let (batch, mut report) = match answer {
                Ok(answer) => answer,
                Err(id) => return owner.answer_import(client, FromWorker::Missing { id }),
            };
            if !batch.made.is_empty() {
                // Every new response in one transaction: all or none.
                let written = match owner.storage() {
                    Some(storage) => storage.apply_all(&batch.writes).await,
                    None => Ok(()),
                };
                let stored = written.is_ok();
                owner
                    .scheduler
                    .borrow_mut()
                    .documents_mut()
                    .import_written(&batch.made, stored);
                if let Err(error) = written {
                    report.stored = false;
                    report.not_stored = Some(error);
                } else {
                    let events = batch
                        .events
                        .into_iter()
                        .map(|event| Action::Post { to: None, event });
                    owner.run_all(events.collect());
                }
            }
            // The survey published in the project is written as any change.
            if let Some(outcome) = batch.project {
                let project = outcome.dirty.clone();
                let actions = owner.scheduler.borrow_mut().absorb(outcome);
                owner.run_all(actions);
                while project
                    .as_ref()
                    .is_some_and(|doc| !owner.scheduler.borrow().is_written(doc))
                {
                    gloo_timers::future::TimeoutFuture::new(50).await;
                }
            }
            let report = serde_json::to_string(&report).unwrap_or_default();
            owner.answer_import(
                client,
                FromWorker::ResponsesImported {
                    id: project,
                    survey: survey_id,
                    report,
                },
            );
        });
        ToWorker::ImportResponses {
            id,
            survey,
            file: String::new(),
            data: Vec::new(),
            mapping: String::new(),
            store,
            now,
        }
    }
}

impl Owner {
    fn answer_import(self: &Rc<Self>, client: ClientId, event: FromWorker) {
        self.run_all(vec![Action::Post {
            to: Some(client),
            event,
        }]);
    }
}
