//! Downloading a survey's responses as CSV, its codebook, and its tables.
//! The worker writes the responses' CSV, since it holds the answers; the
//! codebook needs only the survey, and the tables file only the tables on
//! screen (hidden where they are, when marked for sharing), so those are
//! written here. Headers and labels are in the language on screen.

use heard_core::{
    i18n::fill,
    id::DocId,
    project::{responses_file_name, tables_file_name},
    results::{
        export::{CsvOptions, codebook_csv, tables_csv},
        query::Query,
    },
    survey::Survey,
    worker_api::FromWorker,
};
use heard_web::coordinator_messages::CoordinatorLanguage;
use leptos::prelude::*;

use heard_web::{
    browser,
    i18n::use_language,
    responses::{SurveyResults, use_responses},
};

use super::sharing::Sharing;

const CSV: &str = "text/csv;charset=utf-8";
const JSON: &str = "application/json";

/// The tables of `results` as a file, hidden at `hiding` when marked for
/// sharing; none when the worker's answer cannot be read (its own bug).
fn tables_file(
    survey: &Survey,
    results: &SurveyResults,
    hiding: Option<usize>,
    options: &CsvOptions,
) -> Option<String> {
    let whole = FromWorker::results_tables(&results.tables).ok()?;
    let groups = FromWorker::results_groups(&results.groups).unwrap_or_default();
    let by = serde_json::from_str::<Query>(&results.query)
        .ok()
        .and_then(|q| q.by);
    let breakdown = by
        .as_ref()
        .filter(|_| !groups.is_empty())
        .map(|by| (by, groups.as_slice()));
    Some(tables_csv(survey, &whole, breakdown, hiding, options))
}

/// `results`: the tables on screen, for the tables file.
#[component]
pub fn ExportResponses(
    project: DocId,
    survey: Survey,
    results: Signal<Option<SurveyResults>>,
) -> impl IntoView {
    let language = use_language();
    let t = move || language.coordinator_messages();
    let responses = use_responses();
    let text_headers = RwSignal::new(false);
    let labels = RwSignal::new(false);
    let byte_order_mark = RwSignal::new(true);
    // What the status line says: nothing, making the file, or saved.
    let said = RwSignal::new(String::new());
    // Which file is being made: none, the CSV, or the JSON.
    let waiting = RwSignal::new(None::<bool>);
    let survey = StoredValue::new(survey);
    let survey_id = survey.with_value(|s| s.id.clone());
    {
        let (project, survey_id) = (project.clone(), survey_id.clone());
        Effect::new(move |_| {
            let Some(file) = responses.exported() else {
                return;
            };
            let Some(json) = waiting.get_untracked() else {
                return;
            };
            if file.project != project || file.survey != survey_id {
                return;
            }
            waiting.set(None);
            let name = survey.with_value(|s| responses_file_name(s, language.locale(), false));
            if json {
                let name = format!("{}.json", name.trim_end_matches(".csv"));
                browser::download(&name, &file.csv, JSON);
                said.set(fill(
                    t().results_export_saved,
                    &[("name", &name), ("n", &file.responses.to_string())],
                ));
                return;
            }
            browser::download(&name, &file.csv, CSV);
            said.set(fill(
                t().results_export_saved,
                &[("name", &name), ("n", &file.responses.to_string())],
            ));
        });
    }
    let download = {
        let (project, survey_id) = (project.clone(), survey_id.clone());
        move |json: bool| {
            waiting.set(Some(json));
            said.set(t().results_export_preparing.to_owned());
            let options = CsvOptions {
                text_headers: text_headers.get_untracked(),
                labels: labels.get_untracked(),
                byte_order_mark: byte_order_mark.get_untracked(),
                locale: language.locale(),
            };
            responses.ask_export(&project, &survey_id, &options, json);
        }
    };
    let codebook = move |_| {
        let options = CsvOptions {
            text_headers: false,
            labels: true,
            byte_order_mark: byte_order_mark.get_untracked(),
            locale: language.locale(),
        };
        let (name, text) = survey.with_value(|s| {
            (
                responses_file_name(s, language.locale(), true),
                codebook_csv(s, &options),
            )
        });
        browser::download(&name, &text, CSV);
    };
    let sharing = use_context::<Sharing>();
    let tables = move |_| {
        let hiding = sharing.and_then(Sharing::hiding_now);
        let options = CsvOptions {
            text_headers: false,
            labels: true,
            byte_order_mark: byte_order_mark.get_untracked(),
            locale: language.locale(),
        };
        let Some(file) = results.with_untracked(|r| {
            r.as_ref()
                .and_then(|r| survey.with_value(|s| tables_file(s, r, hiding, &options)))
        }) else {
            said.set(t().results_counting.to_owned());
            return;
        };
        let name = survey.with_value(|s| tables_file_name(s, language.locale(), hiding.is_some()));
        browser::download(&name, &file, CSV);
        said.set(fill(t().results_export_tables_saved, &[("name", &name)]));
    };
    let check =
        |id: &'static str,
         signal: RwSignal<bool>,
         label: fn(&heard_core::i18n::CoordinatorMessages) -> &'static str| {
            view! {
                <div class="check">
                    <input type="checkbox" id=id prop:checked=move || signal.get()
                        on:change=move |ev| signal.set(event_target_checked(&ev)) />
                    <label for=id>{move || label(language.coordinator_messages())}</label>
                </div>
            }
        };
    view! {
        <section class="card results-export" aria-labelledby="results-export">
            <h2 id="results-export">{move || t().results_export_heading}</h2>
            <p>{move || t().results_export_note}</p>
            {check("export-text-headers", text_headers, |t| t.results_export_text_headers)}
            {check("export-labels", labels, |t| t.results_export_labels)}
            {check("export-bom", byte_order_mark, |t| t.results_export_bom)}
            <div class="actions">
                <button type="button" class="primary" on:click={
                    let download = download.clone();
                    move |_| download(false)
                }>{move || t().results_export_download}</button>
                <button type="button" class="secondary" on:click=move |_| download(true)>{move || t().results_export_json}</button>
                <button type="button" class="secondary" on:click=codebook>{move || t().results_export_codebook}</button>
            </div>
            <p>{move || t().results_export_tables_note}</p>
            <div class="actions">
                <button type="button" class="secondary" on:click=tables>{move || t().results_export_tables}</button>
            </div>
            <p role="status">{move || said.get()}</p>
        </section>
    }
}
