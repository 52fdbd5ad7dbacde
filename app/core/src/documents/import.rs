//! Responses imported from a file, taken in as one batch: the file is read
//! and checked whole ([`crate::results::import`]), and only a file with no
//! bad row makes documents, one complete response per row, each marked with
//! the file's name and the date. They go to storage as one write, all or
//! none ([`crate::storage::Storage::apply_all`]), and screens hear of them
//! only once it is committed: a failed write leaves no trace of them.

use super::{Doc, Documents, Outcome};
use crate::{
    id::DocId,
    response::{Consent, Mode, ResponseDoc, ResponseSetup, pseudonym},
    results::import::{self, ImportReport, Mapping},
    storage::Write,
    time::Timestamp,
    worker_api::FromWorker,
};

/// What an import made, for the worker to store in one go.
#[derive(Debug, Default)]
pub struct ImportBatch {
    /// One write per new response, to be carried out together.
    pub writes: Vec<Write>,
    /// The new responses, in the order of their writes.
    pub made: Vec<DocId>,
    /// What every screen hears once the writes are committed: one
    /// [`crate::worker_api::FromWorker::ResponsesChanged`] for them all.
    pub events: Vec<crate::worker_api::FromWorker>,
    /// The project, when the import published its survey: written as any
    /// change of it is.
    pub project: Option<Outcome>,
}

/// One import as the worker was asked for it.
pub struct ImportRequest<'a> {
    pub project: DocId,
    pub survey: String,
    pub file: &'a str,
    pub bytes: &'a [u8],
    pub mapping: &'a Mapping,
    /// Store the responses, or only check the file.
    pub store: bool,
    pub now: Timestamp,
}

impl Documents {
    /// Reads and checks the file against the survey as project `project`
    /// has it now (the project is open by now) and, when asked and the file
    /// is good, makes its responses. `random` gives fresh random bytes (ids
    /// and pseudonyms). Returns what to store and the report for the screen
    /// once it is stored (or the project, when it is not on this device);
    /// then [`Documents::import_written`] says how that went.
    pub fn import_responses(
        &mut self,
        request: ImportRequest<'_>,
        random: &mut dyn FnMut() -> [u8; 16],
    ) -> Result<(ImportBatch, ImportReport), DocId> {
        let ImportRequest {
            project,
            survey,
            file,
            bytes,
            mapping,
            store,
            now,
        } = request;
        let Some(definition) = self.survey_of(&project, &survey) else {
            return Err(project);
        };
        let read = import::read(&definition, bytes, mapping);
        let mut report = ImportReport {
            unmatched: read.unmatched,
            free: read.free,
            ..ImportReport::default()
        };
        let mut batch = ImportBatch::default();
        match read.result {
            Err(error) => report.error = Some(error),
            Ok(responses) => {
                report.rows = responses.len();
                if store {
                    batch = self.store_imported(&project, &survey, file, responses, now, random);
                    if !batch.made.is_empty() {
                        self.importing += 1;
                    }
                    report.stored = true;
                }
            }
        }
        Ok((batch, report))
    }

    /// How the batch's writes ended. Stored, the new responses are on
    /// storage; not, they are forgotten, as if the import never happened.
    pub fn import_written(&mut self, made: &[DocId], stored: bool) {
        if !made.is_empty() {
            self.importing = self.importing.saturating_sub(1);
        }
        for id in made {
            if stored {
                self.write_done(id, true);
            } else {
                self.entries.remove(id);
                self.known.remove(id);
                self.rows.remove(id);
            }
        }
    }

    fn store_imported(
        &mut self,
        project: &DocId,
        survey: &str,
        file: &str,
        responses: Vec<import::ImportedResponse>,
        now: Timestamp,
        random: &mut dyn FnMut() -> [u8; 16],
    ) -> ImportBatch {
        let (version, published) = self.publish(project, survey, now);
        let mut batch = ImportBatch {
            project: published.then(|| self.changed(project)),
            ..ImportBatch::default()
        };
        let mut changed = Vec::new();
        for response in responses {
            let id = DocId::from_random(random());
            let started = response.started.unwrap_or(now);
            let setup = ResponseSetup {
                consent: Consent::Elsewhere,
                mode: response.mode.unwrap_or(Mode::Paper),
                respondent: response.respondent.unwrap_or_else(|| pseudonym(random())),
                device: None,
                language: response.language,
            };
            // One change for all of it, and one to complete it, keeps a
            // large import quick and small.
            let mut doc = ResponseDoc::new_with(self.actor, project, survey, started, |doc| {
                doc.set_setup(&setup, started);
                doc.set_presentation(response.presentation, started);
                if let Some(version) = &version {
                    doc.set_survey_version(version, started);
                }
                // Checked against the questions when read, so they fit.
                let _ = doc.set_answers(&response.answers, started);
                doc.set_imported(file, now);
            });
            doc.complete(response.completed.unwrap_or(now));
            // Its row is what was just written: reading sixty answers back
            // out of automerge for each of thousands of rows cost seconds.
            let row = crate::results::row::ResponseRow {
                respondent: setup.respondent.clone(),
                answers: std::rc::Rc::new(response.answers),
                quotes: Default::default(),
            };
            self.insert(id.clone(), Doc::Response(doc));
            if let Some(entry) = self.entries.get_mut(&id) {
                entry.row_made = Some((entry.doc.heads(), row));
            }
            changed.extend(
                self.changed(&id)
                    .events
                    .into_iter()
                    .filter_map(|e| match e {
                        FromWorker::Changed { id, summary, .. } => Some((id, summary)),
                        _ => None,
                    }),
            );
            if let Some(write) = self.next_write(&id) {
                batch.writes.push(write);
                batch.made.push(id);
            }
        }
        if !changed.is_empty() {
            batch
                .events
                .push(FromWorker::ResponsesChanged { items: changed });
        }
        batch
    }
}
