//! After a response is finished: nothing of it stays on screen, and the next
//! response needs a deliberate tap, so the next person never sees the last
//! person's answers.

use heard_core::{id::DocId, route::Route};
use leptos::prelude::*;

use crate::{
    components::EasyLines, i18n::use_language, navigation::use_navigator,
    presentation::use_presentation,
};
use heard_core::easy_read;

#[component]
pub fn HandoverScreen(project: Option<DocId>) -> impl IntoView {
    let language = use_language();
    let navigator = use_navigator();
    let t = move || language.messages();
    let next = StoredValue::new(match project {
        Some(project) => Route::Project { project },
        None => Route::Home,
    });
    view! {
        <h1>{move || t().handover_title}</h1>
        <p role="status">{move || t().handover_body}</p>
        {use_presentation().easy_read().then(|| view! { <EasyLines lines=vec![easy_read::HANDOVER] /> })}
        <button type="button" class="primary" on:click=move |_| navigator.go(next.get_value())>{move || t().handover_next}</button>
    }
}
