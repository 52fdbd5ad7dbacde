//! A survey's results, computed where the answers are: the worker reads
//! every completed response of the survey (one read per request round, see
//! [`Documents::needs`]) and answers with the tables of [`crate::results`],
//! or with their CSV ([`crate::results::export`]).

use super::{Doc, Documents, Outcome};
use crate::{
    id::DocId,
    project::Project,
    results::{
        self,
        export::{CsvOptions, ExportRow},
    },
    summary::Summary,
    survey::Survey,
    worker_api::FromWorker,
};

impl Documents {
    /// The completed responses of survey `survey` of project `project`, as
    /// the index lists them (damaged and erased ones left out).
    pub(super) fn completed_responses(&self, project: &DocId, survey: &str) -> Vec<DocId> {
        self.known
            .iter()
            .filter(|(id, summary)| {
                !self.damaged.contains(*id)
                    && matches!(summary, Some(Summary::Response(r))
                        if r.project.as_ref() == Some(project)
                            && r.survey == survey
                            && r.completed.is_some())
            })
            .map(|(id, _)| id.clone())
            .collect()
    }

    /// The next document a results request must read first, if any.
    pub(super) fn needs_for_results(&self, project: &DocId, survey: &str) -> Option<DocId> {
        std::iter::once(project.clone())
            .chain(self.completed_responses(project, survey))
            .find(|id| {
                self.known.contains_key(id)
                    && !self.entries.contains_key(id)
                    && !self.damaged.contains(id)
                    && !self.is_erased(id)
            })
    }

    /// Survey `survey` as project `project` now has it, once the project is
    /// open.
    pub(super) fn survey_of(&self, project: &DocId, survey: &str) -> Option<Survey> {
        match self.entries.get(project).map(|e| &e.doc) {
            Some(Doc::Project(doc)) => doc
                .read::<Project>()
                .ok()
                .and_then(|p| p.survey(survey).cloned()),
            _ => None,
        }
    }

    /// The completed responses of the survey that are open, with what their
    /// summaries say of them.
    fn completed_rows(&self, project: &DocId, survey: &str) -> Vec<ExportRow> {
        self.completed_responses(project, survey)
            .iter()
            .filter_map(|id| {
                let Some(Doc::Response(doc)) = self.entries.get(id).map(|e| &e.doc) else {
                    return None;
                };
                let Some(Some(Summary::Response(summary))) = self.known.get(id) else {
                    return None;
                };
                let answers = doc
                    .answered_questions()
                    .into_iter()
                    .filter_map(|q| Some((q.clone(), doc.answer(&q).ok()??)))
                    .collect();
                Some(ExportRow {
                    respondent: doc.setup().map(|s| s.respondent).unwrap_or_default(),
                    version: summary.survey_version.as_ref().map(|v| v.version),
                    mode: summary.mode.clone(),
                    presentation: summary.presentation,
                    started: summary.started,
                    completed: summary.completed,
                    language: summary.language.clone(),
                    answers,
                })
            })
            .collect()
    }

    /// The tables of survey `survey` of project `project` over its
    /// completed responses, all of which are open by now. Questions are
    /// those of the survey as it is now; an answer is counted under the
    /// question of its id, whichever version the response answered.
    pub(super) fn results(&self, project: DocId, survey: String, by: Option<String>) -> Outcome {
        let Some(definition) = self.survey_of(&project, &survey) else {
            return Outcome::event(FromWorker::Missing { id: project });
        };
        let answers: Vec<results::Answers> = self
            .completed_rows(&project, &survey)
            .into_iter()
            .map(|row| row.answers)
            .collect();
        let groups = by
            .as_deref()
            .and_then(|by| results::breakdown::breakdown(&definition, by, &answers))
            .and_then(|groups| serde_json::to_string(&groups).ok())
            .unwrap_or_default();
        Outcome::event(FromWorker::Results {
            id: project,
            survey,
            responses: answers.len(),
            tables: serde_json::to_string(&results::tables(&definition, &answers))
                .unwrap_or_default(),
            by,
            groups,
        })
    }

    /// The completed responses of the survey as CSV, or as JSON.
    pub(super) fn export_responses(
        &self,
        project: DocId,
        survey: String,
        options: &CsvOptions,
        json: bool,
    ) -> Outcome {
        let Some(definition) = self.survey_of(&project, &survey) else {
            return Outcome::event(FromWorker::Missing { id: project });
        };
        let rows = self.completed_rows(&project, &survey);
        Outcome::event(FromWorker::ResponsesExported {
            id: project,
            survey,
            responses: rows.len(),
            csv: match json {
                true => results::export::responses_json(&definition, &rows),
                false => results::export::responses_csv(&definition, &rows, options),
            },
        })
    }
}
