//! A survey's results, computed where the answers are: the worker reads
//! the project, then every response's row in one read, then any response
//! asked for that has no row yet (stored before rows existed: its row is
//! written then), and answers with the tables of [`crate::results`], a page
//! of free text ([`crate::results::free_text`]), or their CSV
//! ([`crate::results::export`]).

use std::collections::BTreeSet;

use super::{Doc, Documents, Need, Outcome};
use crate::{
    id::DocId,
    project::Project,
    results::{
        self,
        export::{CsvOptions, ExportRow},
        free_text,
        query::{Asked, Filter, Query, tables_of},
        row::ResponseRow,
        saved::SavedTables,
    },
    storage::IndexEntry,
    summary::Summary,
    survey::Survey,
    worker_api::FromWorker,
};

/// A response as results list it.
struct Listed {
    id: DocId,
    row: ExportRow,
    quotes: BTreeSet<String>,
}

impl Documents {
    /// The responses of survey `survey` of project `project`, as the index
    /// lists them (damaged and erased ones left out): completed ones, and
    /// drafts too when asked.
    pub(super) fn responses_of(&self, project: &DocId, survey: &str, drafts: bool) -> Vec<DocId> {
        self.known
            .iter()
            .filter(|(id, summary)| {
                !self.damaged.contains(*id)
                    && matches!(summary, Some(Summary::Response(r))
                        if r.project.as_ref() == Some(project)
                            && r.survey == survey
                            && (drafts || r.completed.is_some()))
            })
            .map(|(id, _)| id.clone())
            .collect()
    }

    /// What a results request must read first, if anything.
    pub(super) fn needs_for_results(
        &self,
        project: &DocId,
        survey: &str,
        drafts: bool,
    ) -> Option<Need> {
        // The index holds a project's whole content: it is opened only
        // when the index cannot say.
        if self.project_of(project).is_none() && self.needs_doc_read(project) {
            return Some(Need::Doc(project.clone()));
        }
        if !self.rows_read {
            return Some(Need::Rows);
        }
        self.responses_of(project, survey, drafts)
            .into_iter()
            .find(|id| !self.rows.contains_key(id) && self.needs_doc_read(id))
            .map(Need::Doc)
    }

    /// Takes every row storage holds. A row made since start-up is newer
    /// than the stored one and stays; one that cannot be read is left out,
    /// so its response is opened instead.
    pub fn rows_read(&mut self, rows: Vec<IndexEntry>) {
        for (id, json) in rows {
            let (Ok(id), Ok(row)) = (DocId::parse(&id), serde_json::from_str(&json)) else {
                continue;
            };
            self.rows.entry(id).or_insert(row);
        }
        self.rows_read = true;
    }

    /// Keeps `row` as `id`'s, and returns it as a row for storage.
    pub(super) fn keep_row(&mut self, id: &DocId, row: ResponseRow) -> Option<(DocId, String)> {
        let json = serde_json::to_string(&row).ok()?;
        self.rows.insert(id.clone(), row);
        Some((id.clone(), json))
    }

    /// Survey `survey` as project `project` now has it, once the project is
    /// open.
    pub(super) fn survey_of(&self, project: &DocId, survey: &str) -> Option<Survey> {
        self.project_of(project)
            .and_then(|p| p.survey(survey).cloned())
    }

    /// Project `project` as the index has it (kept up to date with every
    /// change), or as its document reads when the index has no summary.
    fn project_of(&self, project: &DocId) -> Option<Project> {
        match (
            self.known.get(project),
            self.entries.get(project).map(|e| &e.doc),
        ) {
            (Some(Some(Summary::Project(p))), _) => Some(p.clone()),
            (_, Some(Doc::Project(doc))) => doc.read::<Project>().ok(),
            _ => None,
        }
    }

    /// The responses `filter` keeps, with what their summaries say of them,
    /// oldest first (by the time completed, or started for drafts).
    fn rows_of(&self, project: &DocId, survey: &str, filter: &Filter) -> Vec<Listed> {
        let mut rows: Vec<Listed> = self
            .responses_of(project, survey, filter.drafts)
            .into_iter()
            .filter_map(|id| {
                let Some(Some(Summary::Response(summary))) = self.known.get(&id) else {
                    return None;
                };
                let made;
                let kept = match (self.rows.get(&id), self.entries.get(&id).map(|e| &e.doc)) {
                    (Some(row), _) => row,
                    (None, Some(Doc::Response(doc))) => {
                        made = ResponseRow::of(doc);
                        &made
                    }
                    _ => return None,
                };
                let row = ExportRow {
                    respondent: kept.respondent.clone(),
                    version: summary.survey_version.as_ref().map(|v| v.version),
                    version_id: summary.survey_version.as_ref().map(|v| v.id.clone()),
                    mode: summary.mode.clone(),
                    presentation: summary.presentation,
                    started: summary.started,
                    completed: summary.completed,
                    language: summary.language.clone(),
                    answers: std::rc::Rc::clone(&kept.answers),
                };
                filter.keeps(&row).then(|| Listed {
                    quotes: kept.quotes.clone(),
                    id,
                    row,
                })
            })
            .collect();
        rows.sort_by(|a, b| {
            let when = |l: &Listed| l.row.completed.unwrap_or(l.row.started);
            (when(a), &a.id).cmp(&(when(b), &b.id))
        });
        rows
    }

    /// The tables of survey `survey` of project `project` over the
    /// responses `query` keeps, all of which are readable by now, and its
    /// breakdown. Questions are those of the survey as it is now; each
    /// counts the responses whose version asked it the same way.
    pub(super) fn results(&self, project: DocId, survey: String, query: String) -> Outcome {
        let (Some(content), Some(definition)) =
            (self.project_of(&project), self.survey_of(&project, &survey))
        else {
            return Outcome::event(FromWorker::Missing { id: project });
        };
        // Made by this app's own screen; one it cannot read asks for
        // everything completed, unbroken.
        let asked_for: Query = serde_json::from_str(&query).unwrap_or_default();
        let rows = self.rows_of(&project, &survey, &asked_for.filter);
        let rows: Vec<&ExportRow> = rows.iter().map(|l| &l.row).collect();
        let asked = Asked::of(&content, &definition, &rows);
        let keep = results::saved::is_kept(&asked_for) && self.importing == 0;
        let groups = asked_for
            .by
            .as_ref()
            .and_then(|by| results::breakdown::breakdown(&definition, by, &rows, &asked))
            .and_then(|groups| serde_json::to_string(&groups).ok())
            .unwrap_or_default();
        let tables =
            serde_json::to_string(&tables_of(&definition, &rows, &asked)).unwrap_or_default();
        let keep_tables = keep.then(|| {
            let saved = SavedTables {
                responses: rows.len(),
                tables: tables.clone(),
                query: query.clone(),
            };
            (results::saved::key(&project, &survey), saved.to_json())
        });
        Outcome {
            keep_tables,
            ..Outcome::event(FromWorker::Results {
                id: project,
                survey,
                responses: rows.len(),
                tables,
                query,
                groups,
            })
        }
    }

    /// A page of the texts written for one question, searched.
    pub(super) fn free_text(&self, project: DocId, survey: String, query: String) -> Outcome {
        let Some(definition) = self.survey_of(&project, &survey) else {
            return Outcome::event(FromWorker::Missing { id: project });
        };
        let asked_for: free_text::Query = serde_json::from_str(&query).unwrap_or_default();
        let rows = self.rows_of(&project, &survey, &asked_for.filter);
        let written = rows.iter().map(|l| free_text::Written {
            response: &l.id,
            answers: &l.row.answers,
            quotes: &l.quotes,
        });
        let page = free_text::page(&definition, written, &asked_for)
            .and_then(|page| serde_json::to_string(&page).ok())
            .unwrap_or_default();
        Outcome::event(FromWorker::FreeText {
            id: project,
            survey,
            query,
            page,
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
        let rows: Vec<ExportRow> = self
            .rows_of(&project, &survey, &Filter::default())
            .into_iter()
            .map(|l| l.row)
            .collect();
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
