//! "Saved on this device" in the app bar: the only save indicator, because
//! there is no Save button. Failures go to an alert so they are announced.
//!
//! The status is one element whose words change, not a new element per state:
//! it changes twice for every tap on an answer, and replacing it each time
//! made the browser restyle and lay out the bar while a save was on its way.

use heard_core::{i18n::fill, storage::StorageError};
use leptos::prelude::*;

use crate::{
    i18n::use_language,
    responses::{SaveState, use_responses},
};

#[component]
pub fn SaveStatus() -> impl IntoView {
    let language = use_language();
    let save = use_responses().save;
    let failure = Memo::new(move |_| match save.get() {
        SaveState::Failed(error) => Some(error),
        _ => None,
    });
    let words = move || {
        let t = language.messages();
        match save.get() {
            SaveState::Saving => t.status_saving,
            SaveState::Saved => t.status_saved,
            SaveState::Refused => t.status_not_saved,
            SaveState::Idle | SaveState::Failed(_) => "",
        }
    };
    view! {
        <span class="save-status">{words}</span>
        {move || failure.get().map(|error| {
            let t = language.messages();
            let reason = match error {
                StorageError::QuotaExceeded => t.storage_full,
                _ => t.storage_other,
            };
            view! { <span class="save-status failed" role="alert">{fill(t.status_save_failed, &[("reason", reason)])}</span> }
        })}
    }
}
