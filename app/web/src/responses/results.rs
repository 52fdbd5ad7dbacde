//! A survey's results as the screens see them: asking the worker, which
//! holds every response, for the tables, and its answer.

use heard_core::{id::DocId, results::saved::SavedTables, storage::Storage, worker_api::ToWorker};
use heard_indexed_db::{DATABASE, IndexedDbStorage};
use leptos::prelude::*;

use super::Responses;

/// The CSV of one survey's completed responses, as the worker made it.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportedResponses {
    pub project: DocId,
    pub survey: String,
    pub responses: usize,
    pub csv: String,
}

/// What the worker said of an import into one survey: JSON of
/// `heard_core::results::import::ImportReport`.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedResponses {
    pub project: DocId,
    pub survey: String,
    pub report: String,
}

/// The tables of one survey of a project, over `responses` completed ones:
/// as JSON, read by the results screen alone
/// ([`heard_core::worker_api::FromWorker::results_tables`]).
#[derive(Clone, Debug, PartialEq)]
pub struct SurveyResults {
    pub project: DocId,
    pub survey: String,
    pub responses: usize,
    pub tables: String,
    /// What was asked (JSON of `heard_core::results::query::Query`), and
    /// the groups of its breakdown as JSON.
    pub query: String,
    pub groups: String,
}

/// A page of what people wrote for one question: JSON of
/// `heard_core::results::free_text::Page`, for `query` as asked.
#[derive(Clone, Debug, PartialEq)]
pub struct FreeTextPage {
    pub project: DocId,
    pub survey: String,
    pub query: String,
    pub page: String,
}

impl Responses {
    /// Asks for the results of `survey` of `project` that `query` (JSON of
    /// `heard_core::results::query::Query`) describes; they come in
    /// [`Responses::results`]. While the worker is still counting, only the
    /// latest of what is asked meanwhile waits, and goes when it answers:
    /// responses arriving one by one from sync each ask again, and
    /// thousands of counts in a row would keep the worker busy for minutes.
    pub fn ask_results(self, project: &DocId, survey: &str, query: String) {
        let request = ToWorker::Results {
            id: project.clone(),
            survey: survey.to_owned(),
            query,
        };
        let send = self.results_asked.with_value(|(asked, _)| !asked);
        if send {
            self.results_asked.set_value((true, None));
            crate::browser::mark("heard-results-asked");
            self.send(request);
        } else {
            self.results_asked
                .update_value(|(_, next)| *next = Some(request));
        }
    }

    /// The worker answered a request for results: send what waited, if
    /// anything did.
    pub(super) fn results_answered(self) {
        let next = self
            .results_asked
            .try_update_value(|(asked, next)| {
                let next = next.take();
                *asked = next.is_some();
                next
            })
            .flatten();
        if let Some(request) = next {
            self.send(request);
        }
    }

    /// Asks for a page of free text (`query`: JSON of
    /// `heard_core::results::free_text::Query`); it comes in
    /// [`Responses::free_text`].
    pub fn ask_free_text(self, project: &DocId, survey: &str, query: String) {
        self.send(ToWorker::FreeText {
            id: project.clone(),
            survey: survey.to_owned(),
            query,
        });
    }

    /// The worker's last page of free text for `query`, once it came.
    pub fn free_text(self, project: &DocId, survey: &str, query: &str) -> Option<FreeTextPage> {
        self.free_text.with(|p| {
            p.as_ref()
                .filter(|p| p.project == *project && p.survey == survey && p.query == query)
                .cloned()
        })
    }

    /// Marks (or unmarks) what response `response` wrote for `question`
    /// as a quote to share.
    pub fn mark_quote(self, response: &DocId, question: &str, quote: bool) {
        self.send(ToWorker::MarkQuote {
            id: response.clone(),
            question: question.to_owned(),
            quote,
            now: crate::browser::now(),
        });
    }

    /// Asks for the CSV of the completed responses of `survey` of
    /// `project`, written as `options` say (or, with `json`, their JSON);
    /// it comes in [`Responses::exported`].
    pub fn ask_export(
        self,
        project: &DocId,
        survey: &str,
        options: &heard_core::results::export::CsvOptions,
        json: bool,
    ) {
        self.exported.set(None);
        self.send(ToWorker::ExportResponses {
            id: project.clone(),
            survey: survey.to_owned(),
            text_headers: options.text_headers,
            labels: options.labels,
            byte_order_mark: options.byte_order_mark,
            language: options.locale.tag().to_owned(),
            json,
        });
    }

    /// The last CSV of responses the worker made, with its survey and how
    /// many responses it holds.
    pub fn exported(self) -> Option<ExportedResponses> {
        self.exported.get()
    }

    /// The worker's last results of `survey` of `project` for `query`,
    /// once they came.
    pub fn results(self, project: &DocId, survey: &str, query: &str) -> Option<SurveyResults> {
        self.results.with(|r| {
            r.as_ref()
                .filter(|r| r.project == *project && r.survey == survey && r.query == query)
                .cloned()
        })
    }

    /// Shows the results of `survey` of `project` kept from an earlier
    /// visit ([`heard_core::results::saved`]) while the worker, which may
    /// still be starting, counts them again; unless they answer another
    /// query than `query`, or the worker's answer came first.
    pub async fn show_kept_results(self, project: DocId, survey: String, query: String) {
        let key = heard_core::results::saved::key(&project, &survey);
        let Ok(storage) = IndexedDbStorage::open(DATABASE).await else {
            return;
        };
        let Some(kept) = storage
            .load_tables(&key)
            .await
            .ok()
            .flatten()
            .and_then(|json| SavedTables::read(&json))
            .filter(|kept| kept.query == query)
        else {
            return;
        };
        let answered = self.results.with_untracked(|r| {
            r.as_ref()
                .is_some_and(|r| r.project == project && r.survey == survey && r.query == query)
        });
        if !answered {
            self.results.set(Some(SurveyResults {
                project,
                survey,
                responses: kept.responses,
                tables: kept.tables,
                query,
                groups: String::new(),
            }));
        }
    }

    /// Asks the worker to check the CSV file `file` (its bytes `data`)
    /// as responses to `survey` of `project`, with headers placed by hand
    /// in `mapping` (JSON), and with `store` to take them in. The answer
    /// comes in [`Responses::imported`].
    pub fn ask_import(
        self,
        project: &DocId,
        survey: &str,
        file: &str,
        data: Vec<u8>,
        mapping: String,
        store: bool,
    ) {
        self.imported.set(None);
        self.send(ToWorker::ImportResponses {
            id: project.clone(),
            survey: survey.to_owned(),
            file: file.to_owned(),
            data,
            mapping,
            store,
            now: crate::browser::now(),
        });
    }

    /// The worker's last answer about an import.
    pub fn imported(self) -> Option<ImportedResponses> {
        self.imported.get()
    }
}
