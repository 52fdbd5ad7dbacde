//! Shown for an address the app does not know, or a response not on this device.

use heard_core::route::Route;
use leptos::prelude::*;

use crate::{i18n::use_language, navigation::use_navigator};

#[component]
pub fn NotFoundScreen(#[prop(optional)] missing_response: bool) -> impl IntoView {
    let language = use_language();
    let navigator = use_navigator();
    let t = move || language.messages();
    view! {
        <h1>{move || t().not_found_title}</h1>
        <p>{move || if missing_response { t().response_missing } else { t().not_found_body }}</p>
        <button type="button" class="secondary" on:click=move |_| navigator.go(Route::Home)>{move || t().review_home}</button>
    }
}
