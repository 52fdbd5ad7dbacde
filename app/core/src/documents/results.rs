//! A survey's results, computed where the answers are: the worker reads
//! every completed response of the survey (one read per request round, see
//! [`Documents::needs`]) and answers with the tables of [`crate::results`].

use super::{Doc, Documents, Outcome};
use crate::{id::DocId, project::Project, results, summary::Summary, worker_api::FromWorker};

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

    /// The tables of survey `survey` of project `project` over its
    /// completed responses, all of which are open by now. Questions are
    /// those of the survey as it is now; an answer is counted under the
    /// question of its id, whichever version the response answered.
    pub(super) fn results(&self, project: DocId, survey: String) -> Outcome {
        let definition = match self.entries.get(&project).map(|e| &e.doc) {
            Some(Doc::Project(doc)) => doc
                .read::<Project>()
                .ok()
                .and_then(|p| p.survey(&survey).cloned()),
            _ => None,
        };
        let Some(definition) = definition else {
            return Outcome::event(FromWorker::Missing { id: project });
        };
        let answers: Vec<results::Answers> = self
            .completed_responses(&project, &survey)
            .iter()
            .filter_map(|id| match self.entries.get(id).map(|e| &e.doc) {
                Some(Doc::Response(doc)) => Some(
                    doc.answered_questions()
                        .into_iter()
                        .filter_map(|q| Some((q.clone(), doc.answer(&q).ok()??)))
                        .collect(),
                ),
                _ => None,
            })
            .collect();
        Outcome::event(FromWorker::Results {
            id: project,
            survey,
            responses: answers.len(),
            tables: serde_json::to_string(&results::tables(&definition, &answers))
                .unwrap_or_default(),
        })
    }
}
