//! Where the pictures come from, as their licence (CC BY-SA 4.0) asks.

use heard_core::route::Route;
use leptos::prelude::*;

use crate::{components::Link, i18n::use_language};

#[component]
pub fn AboutPicturesScreen() -> impl IntoView {
    let language = use_language();
    let t = move || language.messages();
    view! {
        <p class="breadcrumb"><Link route=Route::Home>{move || t().project_back}</Link></p>
        <h1>{move || t().pictures_title}</h1>
        <p>{move || t().pictures_body}</p>
        <ul class="credits">
            <li><a href="https://openmoji.org/">"OpenMoji"</a></li>
            <li><a href="https://creativecommons.org/licenses/by-sa/4.0/">"CC BY-SA 4.0"</a></li>
        </ul>
    }
}
