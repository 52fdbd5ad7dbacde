//! What people wrote for one question, opened on demand: a page of texts at
//! a time from the worker, searched in any script, each of which can be
//! marked as a quote to share (the co-production board takes those up).
//! Only a page is ever on screen, however many thousands were written.

use heard_core::{
    i18n::fill,
    results::free_text::{PAGE, Page, Query},
};
use heard_web::coordinator_messages::CoordinatorLanguage;
use leptos::prelude::*;

use super::ResultsOf;
use heard_web::{i18n::use_language, responses::use_responses};

#[component]
pub fn FreeTexts(
    question: String,
    /// How many wrote something (of those the tables count).
    count: usize,
    heading: &'static str,
) -> impl IntoView {
    let language = use_language();
    let t = move || language.coordinator_messages();
    let responses = use_responses();
    let of = expect_context::<ResultsOf>();
    let open = RwSignal::new(false);
    let search = RwSignal::new(String::new());
    let quotes_only = RwSignal::new(false);
    let from = RwSignal::new(0usize);
    // Asked again after a quote is marked, with the same query.
    let again = RwSignal::new(0u32);
    let key = heard_core::id::DocId::from_random(heard_web::browser::random_bytes());
    let (panel, search_id, quotes_id) = (
        format!("texts-{}", key.short()),
        format!("texts-search-{}", key.short()),
        format!("texts-quotes-{}", key.short()),
    );
    let query = {
        let question = question.clone();
        Memo::new(move |_| {
            serde_json::to_string(&Query {
                question: question.clone(),
                search: search.get(),
                quotes_only: quotes_only.get(),
                from: from.get(),
                filter: of.query.with(|q| q.filter.clone()),
            })
            .unwrap_or_default()
        })
    };
    {
        let of = of.clone();
        Effect::new(move |_| {
            again.track();
            if open.get() {
                responses.ask_free_text(&of.project, &of.survey, query.get());
            }
        });
    }
    let page = {
        let of = of.clone();
        move || {
            responses
                .free_text(&of.project, &of.survey, &query.get())
                .and_then(|p| serde_json::from_str::<Page>(&p.page).ok())
        }
    };
    let mark = move |response: heard_core::id::DocId, quote: bool| {
        let question = question.clone();
        move |_| {
            responses.mark_quote(&response, &question, quote);
            again.update(|n| *n += 1);
        }
    };
    let list = move || {
        let page = page()?;
        let shown = if page.items.is_empty() {
            t().results_texts_none.to_owned()
        } else {
            fill(
                t().results_texts_shown,
                &[
                    ("first", &(page.from + 1).to_string()),
                    ("last", &(page.from + page.items.len()).to_string()),
                    ("matching", &page.matching.to_string()),
                    ("quotes", &page.quotes.to_string()),
                ],
            )
        };
        let items = page
            .items
            .into_iter()
            .map(|item| {
                let pressed = item.quote.to_string();
                view! {
                    <li class="results-text">
                        <p>{item.text}</p>
                        <button type="button" class="secondary" aria-pressed=pressed
                            on:click=mark(item.response, !item.quote)>
                            <span aria-hidden="true">{if item.quote { "★ " } else { "☆ " }}</span>
                            {t().results_quote}
                        </button>
                    </li>
                }
            })
            .collect_view();
        let earlier = page.from > 0;
        let later = page.from + PAGE < page.matching;
        Some(view! {
            <p role="status">{shown}</p>
            <ul class="results-texts">{items}</ul>
            <div class="actions">
                {earlier.then(|| view! {
                    <button type="button" class="secondary"
                        on:click=move |_| from.update(|f| *f = f.saturating_sub(PAGE))>{t().results_texts_earlier}</button>
                })}
                {later.then(|| view! {
                    <button type="button" class="secondary"
                        on:click=move |_| from.update(|f| *f += PAGE)>{t().results_texts_later}</button>
                })}
            </div>
        })
    };
    let toggle_label = move || match open.get() {
        true => t().results_texts_hide.to_owned(),
        false => fill(t().results_texts_read, &[("n", &count.to_string())]),
    };
    let controls = panel.clone();
    view! {
        <h3>{heading}</h3>
        <button type="button" class="secondary" aria-expanded=move || open.get().to_string()
            aria-controls=controls on:click=move |_| open.update(|o| *o = !*o)>{toggle_label}</button>
        <div id=panel hidden=move || !open.get()>
            <Show when=move || open.get()>
                <div class="field">
                    <label for=search_id.clone()>{move || t().results_texts_search}</label>
                    <input id=search_id.clone() type="search" prop:value=move || search.get()
                        on:input=move |ev| { search.set(event_target_value(&ev)); from.set(0); } />
                </div>
                <div class="check">
                    <input type="checkbox" id=quotes_id.clone() prop:checked=move || quotes_only.get()
                        on:change=move |ev| { quotes_only.set(event_target_checked(&ev)); from.set(0); } />
                    <label for=quotes_id.clone()>{move || t().results_texts_quotes_only}</label>
                </div>
                {list.clone()}
            </Show>
        </div>
    }
}
