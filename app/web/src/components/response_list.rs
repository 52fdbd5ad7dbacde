//! A list of responses, each linking to where it can be picked up: a draft at
//! its question, a completed one at its review. Long lists show the newest
//! first and more on request: a national survey's 2,165 responses would take
//! seconds to lay out on a cheap phone, and nobody scrolls through them all
//! (the date filter finds one).

use heard_core::{i18n::fill, id::DocId, response::ResponseSummary, route::Route};
use leptos::prelude::*;

use crate::{
    browser,
    components::{Link, with_device},
    i18n::use_language,
};

#[component]
pub fn ResponseList(
    items: Signal<Vec<(DocId, ResponseSummary)>>,
    empty: Signal<&'static str>,
) -> impl IntoView {
    let language = use_language();
    let limit = RwSignal::new(PAGE);
    let total = Memo::new(move |_| items.with(Vec::len));
    let shown = move || items.with(|all| all.iter().take(limit.get()).cloned().collect::<Vec<_>>());
    let more = move || {
        let left = total.get().saturating_sub(limit.get());
        (left > 0).then(|| {
            let label = language
                .messages()
                .list_show_more
                .format(language.locale(), left.min(PAGE) as u64);
            view! { <button type="button" class="secondary" on:click=move |_| limit.update(|n| *n += PAGE)>{label}</button> }
        })
    };
    move || {
        if total.get() == 0 {
            return view! { <p class="empty">{empty.get()}</p> }.into_any();
        }
        view! {
            <ul class="responses">
                <For each=shown key=|(id, s)| (id.clone(), s.updated) let:item>
                    <ResponseItem id=item.0 summary=item.1 locale_tag=language.locale().tag() />
                </For>
            </ul>
            {more}
        }
        .into_any()
    }
}

/// How many responses a list shows at first, and adds on each request.
const PAGE: usize = 50;

#[component]
fn ResponseItem(id: DocId, summary: ResponseSummary, locale_tag: &'static str) -> impl IntoView {
    let language = use_language();
    let t = language.messages();
    // "Started 1 Dec 2026, 14:05", with "on Hall tablet" when the device
    // it was started on had a name.
    let label = |plain: &str, on_device: &str, at| {
        let date = browser::format_date(at, locale_tag);
        let date = [("date", date.as_str())];
        with_device(fill(on_device, &date), summary.device.as_deref())
            .unwrap_or_else(|| fill(plain, &date).into_any())
    };
    let (label, route) = match summary.completed {
        Some(at) => (
            label(t.home_completed_on, t.device_name_completed_on, at),
            Route::Review { response: id },
        ),
        None => (
            label(t.home_started, t.device_name_started_on, summary.started),
            Route::Question {
                response: id,
                question: summary.position,
            },
        ),
    };
    let answered = t
        .home_answered
        .format(language.locale(), summary.answered as u64);
    // Which survey it answers, as a project may offer several.
    let survey = summary.project.as_ref().and_then(|p| {
        let project = crate::responses::use_responses().project(p)?;
        let survey = project.survey(&summary.survey)?;
        Some(survey.title.get(language.locale()).0.to_owned())
    });
    view! {
        <li>
            <Link route>{label}</Link>
            {survey.map(|title| view! { <span class="survey-name">{title}</span> })}
            <span class="meta">{answered}</span>
        </li>
    }
}
