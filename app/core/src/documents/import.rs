//! Responses imported from a file, taken in as one batch: the file is read
//! and checked whole ([`crate::results::import`]), and only a file with no
//! bad row makes documents, one complete response per row, each marked with
//! the file's name and the date.

use super::{Doc, Documents, Outcome};
use crate::{
    id::DocId,
    response::{Consent, Mode, ResponseDoc, ResponseSetup, pseudonym},
    results::import::{self, ImportReport, Mapping},
    time::Timestamp,
    worker_api::FromWorker,
};

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
    /// and pseudonyms). Returns what changed and the answer for the screen.
    pub fn import_responses(
        &mut self,
        request: ImportRequest<'_>,
        random: &mut dyn FnMut() -> [u8; 16],
    ) -> (Vec<Outcome>, FromWorker) {
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
            return (Vec::new(), FromWorker::Missing { id: project });
        };
        let read = import::read(&definition, bytes, mapping);
        let mut report = ImportReport {
            unmatched: read.unmatched,
            free: read.free,
            ..ImportReport::default()
        };
        let mut outcomes = Vec::new();
        match read.result {
            Err(error) => report.error = Some(error),
            Ok(responses) => {
                report.rows = responses.len();
                if store {
                    outcomes = self.store_imported(&project, &survey, file, responses, now, random);
                    report.stored = true;
                }
            }
        }
        let report = serde_json::to_string(&report).unwrap_or_default();
        let answer = FromWorker::ResponsesImported {
            id: project,
            survey,
            report,
        };
        (outcomes, answer)
    }

    fn store_imported(
        &mut self,
        project: &DocId,
        survey: &str,
        file: &str,
        responses: Vec<import::ImportedResponse>,
        now: Timestamp,
        random: &mut dyn FnMut() -> [u8; 16],
    ) -> Vec<Outcome> {
        let (version, published) = self.publish(project, survey, now);
        let mut outcomes = Vec::with_capacity(responses.len() + 1);
        if published {
            outcomes.push(self.changed(project));
        }
        for response in responses {
            let id = DocId::from_random(random());
            let started = response.started.unwrap_or(now);
            let mut doc = ResponseDoc::new(self.actor, project, survey, started);
            let setup = ResponseSetup {
                consent: Consent::Elsewhere,
                mode: response.mode.unwrap_or(Mode::Paper),
                respondent: response.respondent.unwrap_or_else(|| pseudonym(random())),
                device: None,
            };
            doc.set_setup(&setup, started);
            doc.set_presentation(response.presentation, started);
            if let Some(version) = &version {
                doc.set_survey_version(version, started);
            }
            // Checked against the questions when read, so they fit; one
            // change for them all keeps a large import quick and small.
            let _ = doc.set_answers(&response.answers, started);
            doc.set_imported(file, now);
            doc.complete(response.completed.unwrap_or(now));
            self.insert(id.clone(), Doc::Response(doc));
            outcomes.push(self.changed(&id));
        }
        outcomes
    }
}
