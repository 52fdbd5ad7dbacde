//! Importing responses from a CSV file into a survey: the worker checks the
//! file and says which columns it could not match; each of those is placed
//! here by hand (or left out), and the file is checked again; then every
//! row is taken in, or, with one bad row, none, and the rows are named.

use heard_core::{
    i18n::fill,
    id::DocId,
    results::import::{ImportReport, MAX_IMPORT_BYTES, Mapping, column_label},
    survey::Survey,
};
use leptos::prelude::*;

use super::import_problem::problem_text;
use heard_web::coordinator_messages::CoordinatorLanguage;
use heard_web::{i18n::use_language, responses::use_responses};

/// The file chosen, as read, and where its unmatched headers were placed.
#[derive(Clone)]
struct Chosen {
    survey: String,
    name: String,
    bytes: Vec<u8>,
    mapping: Mapping,
}

thread_local! {
    // Kept beyond the section: the screen is drawn again when the language
    // changes, and the worker's report of the file outlives it too.
    static CHOSEN: std::cell::RefCell<Option<Chosen>> = const { std::cell::RefCell::new(None) };
}

fn chosen_file(survey: &str) -> Option<Chosen> {
    chosen_with(survey, Chosen::clone)
}

/// One part of the file chosen for `survey`, without copying its bytes.
fn chosen_with<T>(survey: &str, part: impl FnOnce(&Chosen) -> T) -> Option<T> {
    CHOSEN.with_borrow(|c| c.as_ref().filter(|c| c.survey == survey).map(part))
}

#[component]
pub fn ImportResponses(project: DocId, survey: Survey) -> impl IntoView {
    let language = use_language();
    let t = move || language.coordinator_messages();
    let responses = use_responses();
    let mapping = RwSignal::new(chosen_with(&survey.id, |c| c.mapping.clone()).unwrap_or_default());
    let waiting = RwSignal::new(false);
    let survey = StoredValue::new(survey);
    let survey_id = survey.with_value(|s| s.id.clone());
    let project = StoredValue::new(project);

    let ask = move |store: bool| {
        let survey = survey.with_value(|s| s.id.clone());
        let Some(file) = chosen_file(&survey) else {
            return;
        };
        waiting.set(true);
        let map = serde_json::to_string(&mapping.get_untracked()).unwrap_or_default();
        responses.ask_import(
            &project.get_value(),
            &survey,
            &file.name,
            file.bytes,
            map,
            store,
        );
    };
    // The worker's last answer about this survey, once asked.
    let report = {
        let survey_id = survey_id.clone();
        Memo::new(move |_| {
            let answer = responses.imported()?;
            if answer.project != project.get_value() || answer.survey != survey_id {
                return None;
            }
            serde_json::from_str::<ImportReport>(&answer.report).ok()
        })
    };
    let of = use_context::<super::ResultsOf>();
    Effect::new(move |_| {
        let Some(report) = report.get() else {
            return;
        };
        waiting.set(false);
        // Once they are stored the tables are counted again with them.
        if report.stored {
            let survey = survey.with_value(|s| s.id.clone());
            let asked = of
                .as_ref()
                .map(|of| {
                    of.query
                        .with_untracked(|q| serde_json::to_string(q).unwrap_or_default())
                })
                .unwrap_or_default();
            responses.ask_results(&project.get_value(), &survey, asked);
        }
    });
    let on_file = move |ev: leptos::ev::Event| {
        let Some(file) = heard_web::browser::chosen_file(&ev) else {
            return;
        };
        leptos::task::spawn_local(async move {
            let name = file.name();
            // Too large to be a survey's responses: the worker says so
            // without the browser reading it into memory.
            let bytes = if file.size() as usize > MAX_IMPORT_BYTES {
                vec![0; MAX_IMPORT_BYTES + 1]
            } else {
                match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
                    Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
                    Err(_) => Vec::new(),
                }
            };
            let survey = survey.with_value(|s| s.id.clone());
            CHOSEN.set(Some(Chosen {
                survey,
                name,
                bytes,
                mapping: Mapping::new(),
            }));
            mapping.set(Mapping::new());
            ask(false);
        });
    };
    let place = move |header: String, target: String| {
        mapping.update(|m| {
            m.insert(header, target);
        });
        let placed = mapping.get_untracked();
        CHOSEN.with_borrow_mut(|c| {
            if let Some(c) = c {
                c.mapping = placed;
            }
        });
        ask(false);
    };
    let body = move || {
        if waiting.get() {
            return view! { <p role="status">{t().results_import_checking}</p> }.into_any();
        }
        let Some(report) = report.get() else {
            return ().into_any();
        };
        let name =
            survey.with_value(|s| chosen_with(&s.id, |c| c.name.clone()).unwrap_or_default());
        if let Some(error) = &report.error {
            let lines = problem_text(error, t());
            return view! {
                <div class="field-error" role="alert">
                    <p>{t().results_import_refused}</p>
                    <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                </div>
            }
            .into_any();
        }
        if report.not_stored.is_some() {
            return view! { <p class="field-error" role="alert">{t().results_import_not_stored}</p> }
                .into_any();
        }
        if report.not_stored.is_some() {
            return view! { <p class="field-error" role="alert">{t().results_import_not_stored}</p> }
                .into_any();
        }
        if report.stored {
            let done = fill(
                t().results_import_done,
                &[("n", &report.rows.to_string()), ("name", &name)],
            );
            return view! { <p class="notice" role="status">{done}</p> }.into_any();
        }
        let locale = language.locale();
        let options: Vec<(String, String)> = survey.with_value(|s| {
            report
                .free
                .iter()
                .filter_map(|id| Some((id.clone(), column_label(s, id, locale)?)))
                .collect()
        });
        let unmatched = report
            .unmatched
            .iter()
            .chain(mapping.get().keys())
            .cloned()
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .enumerate()
            .map(|(i, header)| {
                let id = format!("import-column-{i}");
                let current = mapping.with(|m| m.get(&header).cloned().unwrap_or_default());
                let mut choices = options.clone();
                if !current.is_empty() {
                    let label = survey.with_value(|s| column_label(s, &current, locale));
                    choices.insert(0, (current.clone(), label.unwrap_or_default()));
                }
                let choices = choices
                    .into_iter()
                    .map(|(value, label)| {
                        let selected = value == current;
                        view! { <option value=value selected=selected>{label}</option> }
                    })
                    .collect_view();
                let on_change = {
                    let header = header.clone();
                    move |ev| place(header.clone(), event_target_value(&ev))
                };
                view! {
                    <div class="field">
                        <label for=id.clone()>{header.clone()}</label>
                        <select id=id on:change=on_change>
                            <option value="" selected=current.is_empty()>{t().results_import_leave_out}</option>
                            {choices}
                        </select>
                    </div>
                }
            })
            .collect_view();
        let ready = fill(t().results_import_ready, &[("n", &report.rows.to_string())]);
        let unmatched_note = (!report.unmatched.is_empty() || !mapping.with(Mapping::is_empty))
            .then(|| view! { <p>{t().results_import_unmatched}</p> });
        view! {
            <p role="status">{ready}</p>
            {unmatched_note}
            {unmatched}
            <button type="button" class="primary" on:click=move |_| ask(true)>
                {fill(t().results_import_button, &[("n", &report.rows.to_string())])}
            </button>
        }
        .into_any()
    };
    view! {
        <section class="card results-import" aria-labelledby="results-import">
            <h2 id="results-import">{move || t().results_import_heading}</h2>
            <p>{move || t().results_import_note}</p>
            <label class="file-picker" for="import-responses">{move || t().results_import_file}</label>
            <input id="import-responses" type="file" accept=".csv,text/csv" on:change=on_file />
            {body}
        </section>
    }
}
