//! The results of one survey: for each question, the table a published
//! survey report prints, computed by the document worker over the completed
//! responses on this device (the relay cannot read them, so nothing else
//! can). Asked again whenever a response of the survey is completed here or
//! arrives from another device.

use heard_web::coordinator_messages::CoordinatorLanguage;
mod breakdown;
mod chart;
mod export;
mod filters;
mod free_text;
mod import;
mod import_problem;
mod sharing;
mod summary;
mod table;
mod who;

use heard_core::{
    i18n::fill, id::DocId, results::query::Query, route::Route, worker_api::FromWorker,
};
use leptos::prelude::*;

use breakdown::Groups;
use export::ExportResponses;
use filters::ResultsFilters;
use heard_web::{
    app::Surveys, components::Link, i18n::use_language, responses::use_responses,
    screens::NotFoundScreen,
};
use import::ImportResponses;
use sharing::{ShareControls, Sharing};
use summary::EasyReadSummary;
use table::QuestionResults;
use who::WhoAnswered;

/// The survey whose results are on screen and what is asked of them: a
/// narrow context handle for the parts that ask the worker themselves.
#[derive(Clone)]
pub struct ResultsOf {
    pub project: DocId,
    pub survey: String,
    pub query: RwSignal<Query>,
}

#[component]
pub fn ResultsScreen(project: DocId, survey: String) -> impl IntoView {
    let language = use_language();
    let t = move || language.coordinator_messages();
    let responses = use_responses();
    let Some(found) = expect_context::<Surveys>().find(Some(&project), &survey) else {
        return view! { <NotFoundScreen /> }.into_any();
    };
    // How many completed responses of the survey the lists hold: when it
    // moves, the tables are asked for again.
    let completed = {
        let (project, survey) = (project.clone(), survey.clone());
        Memo::new(move |_| {
            responses.list.with(|list| {
                list.iter()
                    .filter(|(_, r)| {
                        r.project.as_ref() == Some(&project)
                            && r.survey == survey
                            && r.completed.is_some()
                    })
                    .count()
            })
        })
    };
    // Marked for sharing or not; the threshold is the project's.
    let sharing = {
        let project = project.clone();
        Sharing {
            on: RwSignal::new(false),
            threshold: Signal::derive(move || {
                responses
                    .project(&project)
                    .map_or(heard_core::project::SMALL_NUMBERS as usize, |p| {
                        p.small_numbers()
                    })
            }),
        }
    };
    provide_context(sharing);
    // The filters and the breakdown, asked of the worker as JSON.
    let query = RwSignal::new(Query::default());
    let asked = Memo::new(move |_| query.with(|q| serde_json::to_string(q).unwrap_or_default()));
    provide_context(ResultsOf {
        project: project.clone(),
        survey: survey.clone(),
        query,
    });
    {
        let (project, survey) = (project.clone(), survey.clone());
        Effect::new(move |_| {
            completed.track();
            responses.ask_results(&project, &survey, asked.get());
        });
    }
    let versions = {
        let (project, survey) = (project.clone(), survey.clone());
        Signal::derive(move || {
            responses.project(&project).map_or_else(Vec::new, |p| {
                let mut numbers: Vec<u32> = p
                    .survey_versions(&survey)
                    .iter()
                    .map(|(_, v)| v.version)
                    .collect();
                numbers.dedup();
                numbers
            })
        })
    };
    let locale = language.locale();
    let title = found.title.get(locale).0.to_owned();
    // A memo: the worker's answer, when it is what was kept from the last
    // visit and is already on screen, draws nothing again.
    let results = {
        let (project, survey) = (project.clone(), survey.clone());
        Memo::new(move |_| responses.results(&project, &survey, &asked.get()))
    };
    leptos::task::spawn_local(responses.show_kept_results(
        project.clone(),
        survey.clone(),
        asked.get_untracked(),
    ));
    let export = view! { <ExportResponses project=project.clone() survey=found.clone() results=Signal::from(results) /> };
    let import = view! { <ImportResponses project=project.clone() survey=found.clone() /> };
    let choose = view! { <ResultsFilters survey=found.clone() versions query /> };
    let definition = StoredValue::new(found);
    let share = view! { <ShareControls project=project.clone() sharing /> };
    let body_of = move |results: Option<heard_web::responses::SurveyResults>| match results {
        None => view! { <p role="status">{t().results_counting}</p> }.into_any(),
        Some(r) if r.responses == 0 => {
            let chosen = query.with_untracked(|q| q.filter != Default::default());
            let none = if chosen {
                t().results_none_chosen
            } else {
                t().results_none
            };
            view! { <p role="status">{none}</p> }.into_any()
        }
        Some(r) => {
            let drafts = query.with_untracked(|q| q.filter.drafts);
            let said = if drafts {
                t().results_responses_drafts
            } else {
                t().results_responses
            };
            let count = fill(said, &[("n", &r.responses.to_string())]);
            // Written by this app's own worker: a table it cannot read is a
            // bug, and the count is still shown.
            let tables = FromWorker::results_tables(&r.tables).unwrap_or_default();
            let groups = FromWorker::results_groups(&r.groups).unwrap_or_default();
            let by = serde_json::from_str::<Query>(&r.query)
                .ok()
                .and_then(|q| q.by);
            if let (Some(by), false) = (by, groups.is_empty()) {
                let survey = definition.get_value();
                return view! {
                    <p role="status">{count}</p>
                    <WhoAnswered project=r.project.clone() survey=r.survey.clone() />
                    <Groups survey by groups />
                }
                .into_any();
            }
            let easy_read = view! {
                <EasyReadSummary survey=definition.get_value() tables=tables.clone()
                    threshold=sharing.threshold />
            };
            let questions = definition.with_value(|survey| {
                survey
                    .questions
                    .iter()
                    .zip(tables)
                    .enumerate()
                    .map(|(i, (question, table))| {
                        view! { <QuestionResults number=i + 1 question=question.clone() table /> }
                    })
                    .collect_view()
            });
            view! {
                <p role="status">{count}</p>
                {easy_read}
                <WhoAnswered project=r.project.clone() survey=r.survey.clone() />
                {questions}
            }
            .into_any()
        }
    };
    let body = move || {
        // Drawn again when marked for sharing, or no longer.
        sharing.hiding();
        body_of(results.get())
    };
    view! {
        <nav class="breadcrumb">
            <Link route=Route::Project { project: project.clone() }>{t().paper_back}</Link>
        </nav>
        <h1>{fill(t().results_title, &[("title", &title)])}</h1>
        <p>{t().results_intro}</p>
        <div class="actions no-print">
            <button type="button" class="secondary" on:click=|_| {
                let _ = window().print();
            }>{move || t().results_print}</button>
        </div>
        {export}
        {import}
        {share}
        {choose}
        {body}
    }
    .into_any()
}
