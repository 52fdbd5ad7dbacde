//! The start screen: begin a response, or pick up a draft or completed one.

use heard_core::{
    i18n::fill,
    id::DocId,
    response::{ResponseStatus, ResponseSummary},
    route::Route,
};
use leptos::prelude::*;

use crate::{
    app::Surveys, browser, components::Link, i18n::use_language, navigation::use_navigator,
    responses::use_responses,
};

#[component]
pub fn HomeScreen() -> impl IntoView {
    let language = use_language();
    let navigator = use_navigator();
    let responses = use_responses();
    let surveys = expect_context::<Surveys>();
    let t = move || language.messages();
    let by_status = move |status: ResponseStatus| {
        responses
            .list
            .get()
            .into_iter()
            .filter(move |(_, s)| s.status() == status)
            .collect::<Vec<_>>()
    };
    let starts = surveys
        .all()
        .into_iter()
        .map(|survey| {
            let title = survey.title.get(language.locale()).0.to_owned();
            let start = move |_| {
                navigator.go(Route::Start {
                    survey: survey.id.clone(),
                })
            };
            view! {
                <li><button type="button" class="primary" on:click=start>{fill(t().home_start_survey, &[("title", &title)])}</button></li>
            }
        })
        .collect_view();

    view! {
        <h1>{move || t().home_title}</h1>
        <section aria-labelledby="start-title">
            <h2 id="start-title">{move || t().home_choose}</h2>
            <ul class="surveys">{starts}</ul>
        </section>

        <section aria-labelledby="drafts-title">
            <h2 id="drafts-title">
                {move || t().home_drafts}
                " "
                <span class="count">{move || t().home_draft_count.format(language.locale(), by_status(ResponseStatus::Draft).len() as u64)}</span>
            </h2>
            <ResponseList items=Signal::derive(move || by_status(ResponseStatus::Draft)) empty=Signal::derive(move || t().home_no_drafts) />
        </section>
        <section aria-labelledby="completed-title">
            <h2 id="completed-title">
                {move || t().home_completed}
                " "
                <span class="count">{move || t().home_completed_count.format(language.locale(), by_status(ResponseStatus::Complete).len() as u64)}</span>
            </h2>
            <ResponseList items=Signal::derive(move || by_status(ResponseStatus::Complete)) empty=Signal::derive(move || t().home_no_completed) />
        </section>
    }
}

#[component]
fn ResponseList(
    items: Signal<Vec<(DocId, ResponseSummary)>>,
    empty: Signal<&'static str>,
) -> impl IntoView {
    let language = use_language();
    move || {
        let items = items.get();
        if items.is_empty() {
            return view! { <p class="empty">{empty.get()}</p> }.into_any();
        }
        view! {
            <ul class="responses">
                <For each=move || items.clone() key=|(id, s)| (id.clone(), s.updated) let:item>
                    <ResponseItem id=item.0 summary=item.1 locale_tag=language.locale().tag() />
                </For>
            </ul>
        }
        .into_any()
    }
}

#[component]
fn ResponseItem(id: DocId, summary: ResponseSummary, locale_tag: &'static str) -> impl IntoView {
    let language = use_language();
    let t = language.messages();
    let (label, route) = match summary.completed {
        Some(at) => (
            fill(
                t.home_completed_on,
                &[("date", &browser::format_date(at, locale_tag))],
            ),
            Route::Review { response: id },
        ),
        None => (
            fill(
                t.home_started,
                &[("date", &browser::format_date(summary.started, locale_tag))],
            ),
            Route::Question {
                response: id,
                question: summary.position,
            },
        ),
    };
    let answered = t
        .home_answered
        .format(language.locale(), summary.answered as u64);
    view! {
        <li>
            <Link route>{label}</Link>
            <span class="meta">{answered}</span>
        </li>
    }
}
