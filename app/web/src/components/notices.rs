//! Notices that can appear above any screen: a new version, storage that may be
//! cleared (once) or is unavailable, saved items made by a newer version, and saved
//! items that are damaged.

use heard_core::i18n::fill;
use leptos::prelude::*;

use crate::{
    i18n::use_language,
    responses::{LoadState, use_responses},
    service_worker::Updates,
};

#[component]
pub fn Notices() -> impl IntoView {
    let language = use_language();
    let responses = use_responses();
    let updates = expect_context::<Updates>();
    let t = move || language.messages();

    view! {
        <div class="notices">
            <Show when=move || updates.ready.get()>
                <div class="notice" role="status">
                    <p>{move || t().update_ready}</p>
                    <button type="button" on:click=move |_| updates.apply()>{move || t().update_reload}</button>
                </div>
            </Show>
            <crate::components::StorageNotice />
            {move || match responses.load.get() {
                LoadState::Unavailable(reason) => Some(view! {
                    <p class="notice error" role="alert">{fill(t().storage_unavailable, &[("reason", &reason)])}</p>
                }),
                _ => None,
            }}
            <Show when=move || !responses.newer.get().is_empty()>
                <section class="notice" role="status" aria-labelledby="newer-title">
                    <h2 id="newer-title">{move || t().newer_version}</h2>
                    <ul>
                        {move || responses.newer.get().into_iter().map(|(_, item)| view! { <li>{responses.describe(&item, language)}</li> }).collect_view()}
                    </ul>
                </section>
            </Show>
            <Show when=move || !responses.damaged.get().is_empty()>
                <section class="notice error" role="alert" aria-labelledby="damaged-title">
                    <h2 id="damaged-title">{move || t().damaged_title}</h2>
                    <ul>
                        {move || responses.damaged.get().into_iter().map(|(_, item)| view! {
                            <li>{fill(t().damaged_item, &[("item", &responses.describe(&item, language))])}</li>
                        }).collect_view()}
                    </ul>
                </section>
            </Show>
        </div>
    }
}
