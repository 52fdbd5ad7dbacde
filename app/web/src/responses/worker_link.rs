//! The link to the document worker: starting it, numbering and sending
//! requests (kept until the worker is ready), and taking its events into the
//! lists, the open response and the save status.

use super::*;

impl Responses {
    pub(super) fn start_worker(self) {
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

    pub(super) fn receive(self, event: FromWorker) {
        match event {
            FromWorker::Loaded { items, damaged } => {
                // The worker read the same index this page read at start; it
                // only adds what the page could not read, and never takes away
                // what was changed here while it started.
                self.merge(items);
                let damaged: Vec<_> = damaged
                    .into_iter()
                    .map(|short| {
                        let item = self.saved_item(&short);
                        (short, item)
                    })
                    .collect();
                self.damaged.update(|d| d.extend(damaged));
                self.worker_started();
            }
            FromWorker::Damaged { id } => {
                let short = id.short().to_owned();
                let item = self.saved_item(&short);
                self.forget(&id);
                self.damaged.update(|d| {
                    if !d.iter().any(|(s, _)| *s == short) {
                        d.push((short, item));
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
                // A reading asked for before a change this page made since
                // would undo that change on screen: read again after it.
                let stale = self
                    .reread
                    .try_update_value(Option::take)
                    .flatten()
                    .is_some_and(|asked| self.last_change.get_value() > asked);
                if stale {
                    self.arrived(id);
                } else if self
                    .opened
                    .with_untracked(|o| o.as_ref().map(Opened::id) == Some(&id))
                {
                    self.setup.set(setup);
                    self.notes.set(notes);
                    self.opened
                        .set(Some(Opened::Ready(id, answers.into_iter().collect())));
                }
            }
            FromWorker::Changed {
                id,
                summary,
                heads,
                echo,
            } => match summary {
                Summary::Response(s) => upsert(self.list, id, s, |s| s.updated),
                // A stale echo of an earlier save would undo a later one
                // that is already on screen.
                summary @ (Summary::Project(_) | Summary::Session(_)) => {
                    if self.may_show(&id, echo.map(|e| e.seq)) {
                        self.show(id, summary, heads);
                    } else {
                        self.held_back(id, summary, heads);
                    }
                }
                Summary::Newer => {
                    self.forget(&id);
                    self.note_newer(&id);
                }
                Summary::Erased => self.forget(&id),
            },
            FromWorker::ResponsesChanged { items } => self.responses_changed(items),
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
            FromWorker::Saved(through) => {
                self.confirmed
                    .update_value(|confirmed| *confirmed = (*confirmed).max(through));
                let settled = self
                    .pending
                    .try_update_value(|p| p.saved_through(through))
                    .unwrap_or_default();
                self.show_held(&settled);
                if through >= self.last_change.get_value() {
                    browser::mark("heard-saved");
                    let refused = self.refusals.with_untracked(|r| !r.is_empty());
                    self.save.set(if refused {
                        SaveState::Refused
                    } else {
                        SaveState::Saved
                    });
                    self.run_after_saves();
                }
            }
            event @ (FromWorker::TooLong { .. } | FromWorker::Refused { .. }) => {
                let Some((id, refusal)) = Refusal::of(&event) else {
                    return;
                };
                if let Refusal::Invalid { reason } = &refusal {
                    web_sys::console::warn_1(&JsValue::from_str(reason));
                }
                self.stop_waiting();
                self.refusals.update(|r| r.push((id, refusal)));
                self.save.set(SaveState::Refused);
            }
            FromWorker::SaveFailed { error } => self.save.set(SaveState::Failed(error)),
            FromWorker::Erased { id } => {
                self.forget(&id);
                self.save.set(SaveState::Saved);
            }
            FromWorker::Missing { id } => {
                // Results asked of a project no longer here are answered so.
                self.results_answered();
                if self
                    .opened
                    .with_untracked(|o| o.as_ref().map(Opened::id) == Some(&id))
                {
                    self.opened.set(Some(Opened::Missing(id)));
                }
            }
            FromWorker::Arrived { id } => self.arrived(id),
            // A request the worker could not read is a bug; the console is
            // the place for it, and it carries no answer text.
            FromWorker::Sync {
                relay_project,
                project,
                line,
                invite,
            } => self.took_sync(super::SyncInfo {
                relay_project,
                project,
                line,
                invite,
            }),
            event @ (FromWorker::SyncFileMade { .. }
            | FromWorker::SyncFileRead { .. }
            | FromWorker::SyncFileRefused { .. }) => self.took_sync_file(event),
            FromWorker::Results {
                id,
                survey,
                responses,
                tables,
                query,
                groups,
            } => {
                browser::mark("heard-results-came");
                self.results.set(Some(super::SurveyResults {
                    project: id,
                    survey,
                    responses,
                    tables,
                    query,
                    groups,
                }));
                self.results_answered();
            }
            FromWorker::FreeText {
                id,
                survey,
                query,
                page,
            } => self.free_text.set(Some(super::FreeTextPage {
                project: id,
                survey,
                query,
                page,
            })),
            FromWorker::ResponsesExported {
                id,
                survey,
                responses,
                csv,
            } => self.exported.set(Some(super::ExportedResponses {
                project: id,
                survey,
                responses,
                csv,
            })),
            FromWorker::ResponsesImported { id, survey, report } => {
                self.imported.set(Some(super::ImportedResponses {
                    project: id,
                    survey,
                    report,
                }))
            }
            FromWorker::Rejected { reason } => {
                self.stop_waiting();
                web_sys::console::warn_1(&JsValue::from_str(&reason))
            }
        }
    }

    /// Puts a project's or session's content from the worker on screen.
    fn show(self, id: DocId, summary: Summary, heads: Heads) {
        self.held
            .update_value(|held| held.retain(|(other, ..)| *other != id));
        self.shown(&id, heads);
        self.news.update(|n| *n += 1);
        match summary {
            Summary::Project(p) => upsert(self.projects, id, p, |p| p.updated),
            Summary::Session(s) => upsert(self.sessions, id, s, |s| s.updated),
            _ => {}
        }
    }

    /// Content held back while the answer to this page's latest request
    /// about it is awaited: kept as the newest, and shown when that answer
    /// comes (which replaces it) or the request is settled.
    fn held_back(self, id: DocId, summary: Summary, heads: Heads) {
        self.held.update_value(|held| {
            held.retain(|(other, ..)| *other != id);
            held.push((id, summary, heads));
        });
    }

    /// Shows what was held back of the documents in `settled`.
    fn show_held(self, settled: &[DocId]) {
        if settled.is_empty() {
            return;
        }
        let held = self
            .held
            .try_update_value(|held| {
                let (now, later) = std::mem::take(held)
                    .into_iter()
                    .partition(|(id, ..)| settled.contains(id));
                *held = later;
                now
            })
            .unwrap_or_default();
        for (id, summary, heads) in held {
            self.show(id, summary, heads);
        }
    }

    /// A request was refused: nothing more is awaited, and what was held
    /// back is the worker's newest word.
    fn stop_waiting(self) {
        let waiting = self
            .pending
            .try_update_value(PendingSaves::clear)
            .unwrap_or_default();
        self.show_held(&waiting);
    }

    /// The worker answered for the first time: send what waited for it.
    pub(super) fn worker_started(self) {
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
    pub(super) fn send(self, request: ToWorker) -> u64 {
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

    pub(super) fn post(self, envelope: &Envelope) {
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

    /// Whether the worker has confirmed every change this page sent (or
    /// keeps in its outbox): committed, refused, or one that changed nothing.
    pub fn all_saved(self) -> bool {
        self.confirmed.get_value() >= self.last_change.get_value()
    }

    /// Runs `then` once every change sent so far, and any sent while
    /// waiting, is confirmed; at once if nothing is waiting. A page load
    /// ends the document worker with the page, and a change the worker holds
    /// in memory (not yet written, or being retried after a failed write)
    /// would go with it: so this waits as long as it takes, and never gives
    /// up on a change. Without storage nothing can ever be confirmed, and
    /// nothing is kept either, so there is nothing to wait for.
    pub fn after_saves(self, then: impl FnOnce() + 'static) {
        if self.all_saved() || matches!(self.load.get_untracked(), LoadState::Unavailable(_)) {
            then();
        } else {
            self.after_saves
                .update_value(|waiting| waiting.push(Box::new(then)));
        }
    }

    /// Ends this page's document worker, once every change is confirmed
    /// and the page is about to load another: its Web Lock is let go now,
    /// so the next page's worker owns the documents from its first request
    /// instead of handing them to an owner that is going away with this page.
    pub fn end_worker(self) {
        if let Some(worker) = self.worker.try_update_value(Option::take).flatten() {
            worker.terminate();
        }
    }

    fn run_after_saves(self) {
        if self.all_saved() {
            for then in self
                .after_saves
                .try_update_value(std::mem::take)
                .unwrap_or_default()
            {
                then();
            }
        }
    }

    /// Sends a change; returns its request number.
    pub(super) fn change(self, request: ToWorker) -> u64 {
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
        seq
    }
}
