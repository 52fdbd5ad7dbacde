//! Which responses the results are over, and what they are broken down by:
//! the days completed, drafts too or not, the survey version, and a
//! single-choice question or how people answered. Each change asks the
//! worker again (the screen keeps the query).

use heard_core::{
    i18n::fill,
    results::query::{By, Query},
    survey::{QuestionKind, Survey},
    time::Timestamp,
};
use heard_web::coordinator_messages::CoordinatorLanguage;
use leptos::prelude::*;

use heard_web::i18n::use_language;

/// The start of local day `day` (`YYYY-MM-DD`), or of the day after it.
fn day_start(day: &str, after: bool) -> Option<Timestamp> {
    if !heard_core::response::is_iso_date(day) {
        return None;
    }
    // A date and time with no zone is read in the device's own zone.
    let date = js_sys::Date::new(&format!("{day}T00:00").into());
    if after {
        date.set_date(date.get_date() + 1);
    }
    let time = date.get_time();
    time.is_finite().then_some(Timestamp(time as i64))
}

/// A breakdown's value in the select, and back.
fn by_value(by: &Option<By>) -> String {
    match by {
        None => String::new(),
        Some(By::Question(id)) => format!("q:{id}"),
        Some(By::Mode) => "mode".into(),
        Some(By::Presentation) => "presentation".into(),
        Some(By::Language) => "language".into(),
    }
}

fn by_of(value: &str) -> Option<By> {
    match value {
        "mode" => Some(By::Mode),
        "presentation" => Some(By::Presentation),
        "language" => Some(By::Language),
        other => other
            .strip_prefix("q:")
            .map(|id| By::Question(id.to_owned())),
    }
}

#[component]
pub fn ResultsFilters(
    survey: Survey,
    /// The survey's published versions, by number.
    versions: Signal<Vec<u32>>,
    query: RwSignal<Query>,
) -> impl IntoView {
    let language = use_language();
    let t = move || language.coordinator_messages();
    let locale = language.locale();
    let questions: Vec<(String, String)> = survey
        .questions
        .iter()
        .filter(|q| matches!(q.kind, QuestionKind::SingleChoice { .. }))
        .map(|q| (format!("q:{}", q.id), q.text.get(locale).0.to_owned()))
        .collect();
    let set_day = move |after: bool| {
        move |ev| {
            let day = day_start(&event_target_value(&ev), after);
            query.update(|q| match after {
                false => q.filter.from = day,
                true => q.filter.until = day,
            });
        }
    };
    let chosen = move || by_value(&query.with(|q| q.by.clone()));
    let option = move |value: String, text: String| {
        let is = value.clone();
        view! { <option value=value selected=move || chosen() == is>{text}</option> }
    };
    let how = [
        ("mode".to_owned(), t().results_by_mode.to_owned()),
        ("presentation".to_owned(), t().results_who_looked.to_owned()),
        ("language".to_owned(), t().results_who_language.to_owned()),
    ];
    view! {
        <section class="card results-filters" aria-labelledby="results-filters">
            <h2 id="results-filters">{move || t().results_filters_heading}</h2>
            <div class="field">
                <label for="results-from">{move || t().results_from}</label>
                <input id="results-from" type="date" on:change=set_day(false) />
            </div>
            <div class="field">
                <label for="results-until">{move || t().results_until}</label>
                <input id="results-until" type="date" on:change=set_day(true) />
            </div>
            <div class="check">
                <input type="checkbox" id="results-drafts" prop:checked=move || query.with(|q| q.filter.drafts)
                    on:change=move |ev| query.update(|q| q.filter.drafts = event_target_checked(&ev)) />
                <label for="results-drafts">{move || t().results_drafts}</label>
            </div>
            {move || {
                let versions = versions.get();
                (versions.len() > 1).then(|| view! {
                    <div class="field">
                        <label for="results-version">{t().results_version}</label>
                        <select id="results-version" on:change=move |ev| {
                            let version = event_target_value(&ev).parse().ok();
                            query.update(|q| q.filter.version = version);
                        }>
                            <option value="" selected=move || query.with(|q| q.filter.version.is_none())>{t().results_version_all}</option>
                            {versions.into_iter().map(|v| view! {
                                <option value=v.to_string() selected=move || query.with(|q| q.filter.version == Some(v))>
                                    {fill(t().results_version_n, &[("n", &v.to_string())])}
                                </option>
                            }).collect_view()}
                        </select>
                    </div>
                })
            }}
            <div class="field">
                <label for="results-by">{move || t().results_by}</label>
                <select id="results-by" on:change=move |ev| {
                    let by = by_of(&event_target_value(&ev));
                    query.update(|q| q.by = by);
                }>
                    {option(String::new(), t().results_by_none.to_owned())}
                    {how.into_iter().map(|(value, text)| option(value, text)).collect_view()}
                    {questions.into_iter().map(|(value, text)| option(value, text)).collect_view()}
                </select>
            </div>
        </section>
    }
}
