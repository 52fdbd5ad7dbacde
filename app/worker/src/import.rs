//! Responses imported from a CSV file, in the worker that owns the
//! documents. Reading, checking and making the responses are
//! `heard_core`'s (`Documents::import_responses`); this file opens the
//! project, hands the new responses to the scheduler as one batch, and
//! answers the screen once every one of them is on storage.

use std::rc::Rc;

use heard_core::{
    documents::ImportRequest, json_doc::ClientId, scheduler::Action, worker_api::ToWorker,
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
            let (outcomes, answer) = {
                let mut scheduler = owner.scheduler.borrow_mut();
                let request = ImportRequest {
                    project,
                    survey: survey_id,
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
            let touched: Vec<_> = outcomes.iter().filter_map(|o| o.dirty.clone()).collect();
            for outcome in outcomes {
                let actions = owner.scheduler.borrow_mut().absorb(outcome);
                owner.run_all(actions);
            }
            // Done means written, as for a screen's save.
            while !touched
                .iter()
                .all(|doc| owner.scheduler.borrow().is_written(doc))
            {
                gloo_timers::future::TimeoutFuture::new(50).await;
            }
            owner.run_all(vec![Action::Post {
                to: Some(client),
                event: answer,
            }]);
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
