//! What came in to a project: drafts, completed responses and sessions, each
//! newest first with a count, and a filter to one date.

use heard_core::{
    i18n::{Messages, Plural, fill},
    id::DocId,
    project::Project,
    response::{ResponseStatus, ResponseSummary},
    route::Route,
    session::Session,
};
use leptos::prelude::*;

use crate::{
    browser,
    components::{Link, ResponseList, with_device},
    i18n::use_language,
    responses::use_responses,
};

#[component]
pub fn Items(project: DocId, current: Memo<Option<Project>>) -> impl IntoView {
    let language = use_language();
    let responses = use_responses();
    let t = move || language.messages();
    let project = StoredValue::new(project);
    let day = RwSignal::new(String::new());
    let on_day = |day: &str, at: &[Option<heard_core::time::Timestamp>]| {
        day.is_empty() || at.iter().flatten().any(|t| browser::local_day(*t) == day)
    };
    // Each list is worked out once per change, not once per reader.
    let list = move |status: ResponseStatus| {
        Memo::new(move |_| {
            let day = day.get();
            responses.list.with(|all| {
                all.iter()
                    .filter(|(_, s): &&(DocId, ResponseSummary)| {
                        s.status() == status
                            && project.with_value(|p| s.project.as_ref() == Some(p))
                            && on_day(&day, &[Some(s.started), s.completed])
                    })
                    .cloned()
                    .collect::<Vec<_>>()
            })
        })
    };
    let (drafts, completed) = (list(ResponseStatus::Draft), list(ResponseStatus::Complete));
    let sessions = move || {
        let day = day.get();
        responses
            .sessions
            .get()
            .into_iter()
            .filter(|(_, s): &(DocId, Session)| {
                s.project == project.get_value()
                    && (day.is_empty() || s.date == day || on_day(&day, &[Some(s.created)]))
            })
            .collect::<Vec<_>>()
    };
    let count = move |messages: &heard_core::i18n::Plural, n: usize| {
        messages.format(language.locale(), n as u64)
    };
    type Pick<T> = fn(&Messages) -> T;
    // Drafts and completed responses: a heading with a count, then the list.
    let section = move |id: &'static str,
                        title: Pick<&'static str>,
                        counted: fn(&Messages) -> &Plural,
                        empty: Pick<&'static str>,
                        items: Memo<Vec<(DocId, ResponseSummary)>>| {
        view! {
            <section aria-labelledby=id>
                <h2 id=id>
                    {move || title(t())} " "
                    <span class="count">{move || count(counted(t()), items.with(Vec::len))}</span>
                </h2>
                <ResponseList items=items.into() empty=Signal::derive(move || if day.get().is_empty() { empty(t()) } else { t().project_search_none }) />
            </section>
        }
    };
    view! {
        <div class="date-filter">
            <label for="day-filter">{move || t().project_search}</label>
            <input id="day-filter" type="date" prop:value=day on:input=move |ev| day.set(event_target_value(&ev)) />
            {move || (!day.get().is_empty()).then(|| view! {
                <button type="button" class="secondary" on:click=move |_| day.set(String::new())>{t().project_search_clear}</button>
            })}
        </div>
        {section("drafts-title", |m| m.home_drafts, |m| &m.home_draft_count, |m| m.home_no_drafts, drafts)}
        {section("completed-title", |m| m.home_completed, |m| &m.home_completed_count, |m| m.home_no_completed, completed)}
        <section aria-labelledby="sessions-title">
            <h2 id="sessions-title">
                {move || t().project_sessions} " "
                <span class="count">{move || count(&t().project_session_count, sessions().len())}</span>
            </h2>
            {move || {
                let list = sessions();
                if list.is_empty() {
                    let empty = if day.get().is_empty() { t().project_no_sessions } else { t().project_search_none };
                    return view! { <p class="empty">{empty}</p> }.into_any();
                }
                let project = current.get();
                view! {
                    <ul class="responses">
                        {list.into_iter().map(|(id, session)| {
                            let guide = project.as_ref()
                                .and_then(|p| p.guide(&session.guide))
                                .map(|g| g.title.get(language.locale()).0.to_owned())
                                .unwrap_or_else(|| session.guide.clone());
                            let date = if session.date.is_empty() { t().project_session_undated.to_owned() } else { crate::browser::format_day(&session.date, language.locale().tag()) };
                            let label = fill(t().project_session_item, &[("guide", &guide), ("date", &date)]);
                            view! {
                                <li>
                                    <Link route=Route::Session { session: id }>{label}</Link>
                                    <span class="meta">
                                        {count(&t().project_note_count, session.cards.len())}
                                        {with_device(t().device_name_started.to_owned(), session.device.as_deref()).map(|on| view! { " · "{on} })}
                                    </span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
