//! The supporter's own notes, shown only when a supporter is present, and
//! stored apart from the person's answers.

use heard_core::{id::DocId, response::Mode};
use leptos::prelude::*;

use crate::{i18n::use_language, responses::use_responses};

#[component]
pub fn SupporterNotes(response: DocId) -> impl IntoView {
    let language = use_language();
    let responses = use_responses();
    let supported = move || {
        matches!(
            responses.setup().map(|s| s.mode),
            Some(Mode::Supported { .. })
        )
    };
    let id = format!("notes-{response}");
    move || {
        supported().then(|| {
            let response = response.clone();
            view! {
                <div class="supporter-notes">
                    <label class="sub-label" for=id.clone()>{language.messages().notes_label}</label>
                    <textarea id=id.clone() rows="3" prop:value=responses.notes()
                        on:input=move |ev| responses.set_notes(&response, event_target_value(&ev))></textarea>
                </div>
            }
        })
    }
}
