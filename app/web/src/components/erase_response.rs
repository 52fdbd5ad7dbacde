//! "Delete this response", with a confirmation step: used when a person
//! withdraws. The response leaves the device for good.

use heard_core::{id::DocId, route::Route};
use leptos::prelude::*;

use crate::{i18n::use_language, navigation::use_navigator, responses::use_responses};

#[component]
pub fn EraseResponse(
    response: DocId,
    /// Whether this is a conversation session rather than a response.
    #[prop(optional)]
    session: bool,
) -> impl IntoView {
    let language = use_language();
    let navigator = use_navigator();
    let responses = use_responses();
    let asking = RwSignal::new(false);
    let t = move || language.messages();
    let erase = move |_| {
        let home = match responses.session(&response) {
            Some(s) => Route::Project { project: s.project },
            None => responses.home_of(&response),
        };
        responses.erase(&response);
        navigator.go(home);
    };
    view! {
        <div class="erase">
            {move || if asking.get() {
                let erase = erase.clone();
                view! {
                    <div class="notice warning" role="alertdialog" aria-labelledby="erase-question">
                        <p id="erase-question">{t().erase_confirm}</p>
                        <div class="question-nav">
                            <button type="button" class="danger" on:click=erase>{t().erase_yes}</button>
                            <button type="button" class="secondary" on:click=move |_| asking.set(false)>{t().erase_no}</button>
                        </div>
                    </div>
                }.into_any()
            } else {
                view! { <button type="button" class="secondary" on:click=move |_| asking.set(true)>{if session { t().session_erase } else { t().erase_button }}</button> }.into_any()
            }}
        </div>
    }
}
