//! After a response is finished: nothing of it stays on screen, and the next
//! response needs a deliberate tap, so the next person never sees the last
//! person's answers. The answering screens of a response handed over in this
//! tab show this screen too (see `handed_over`), so going back finds it.

use heard_core::{id::DocId, route::Route};
use leptos::prelude::*;

use crate::{
    components::EasyLines, handed_over, i18n::use_language, navigation::use_navigator,
    presentation::use_presentation, responses::use_responses,
};
use heard_core::easy_read;

#[component]
pub fn HandoverScreen(project: Option<DocId>, survey: Option<String>) -> impl IntoView {
    let language = use_language();
    let navigator = use_navigator();
    let t = move || language.messages();
    // "Start the next response" starts one of the same survey: the consent
    // screen, never the project's page (with its lists) in between.
    let next = StoredValue::new(match (project, survey) {
        (Some(project), Some(survey)) => Route::Start { project, survey },
        (Some(project), None) => Route::Project { project },
        (None, _) => Route::Home,
    });
    view! {
        <h1 tabindex="-1">{move || t().handover_title}</h1>
        <p role="status">{move || t().handover_body}</p>
        {use_presentation().easy_read().then(|| view! { <EasyLines lines=vec![easy_read::HANDOVER] /> })}
        <button type="button" class="primary" on:click=move |_| navigator.go(next.get_value())>{move || t().handover_next}</button>
    }
}

/// Drawn in place of a handed-over response's questions or review: the
/// thank-you screen again, from the summary alone (its answers are never
/// opened), for the same survey.
#[component]
pub fn HandedOver(response: DocId) -> impl IntoView {
    let responses = use_responses();
    move || {
        let summary = responses.summary(&response);
        let project = summary.as_ref().and_then(|s| s.project.clone());
        let survey = summary.map(|s| s.survey);
        view! { <HandoverScreen project survey /> }
    }
}

/// Whether `response` was handed over in this tab.
pub fn is_handed_over(response: &DocId) -> bool {
    handed_over::contains(response)
}
