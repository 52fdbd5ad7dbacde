//! A list of responses, each linking to where it can be picked up: a draft at
//! its question, a completed one at its review.

use heard_core::{i18n::fill, id::DocId, response::ResponseSummary, route::Route};
use leptos::prelude::*;

use crate::{browser, components::Link, i18n::use_language};

#[component]
pub fn ResponseList(
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
