//! "Saved on this device" in the app bar: the only save indicator, because
//! there is no Save button. Failures go to an alert so they are announced.

use heard_core::{i18n::fill, storage::StorageError};
use leptos::prelude::*;

use crate::{
    i18n::use_language,
    responses::{SaveState, use_responses},
};

#[component]
pub fn SaveStatus() -> impl IntoView {
    let language = use_language();
    let responses = use_responses();
    move || {
        let t = language.messages();
        match responses.save.get() {
            SaveState::Idle => ().into_any(),
            SaveState::Saving => {
                view! { <span class="save-status">{t.status_saving}</span> }.into_any()
            }
            SaveState::Saved => {
                view! { <span class="save-status saved">{t.status_saved}</span> }.into_any()
            }
            SaveState::Failed(error) => {
                let reason = match error {
                    StorageError::QuotaExceeded => t.storage_full,
                    _ => t.storage_other,
                };
                view! { <span class="save-status failed" role="alert">{fill(t.status_save_failed, &[("reason", reason)])}</span> }.into_any()
            }
        }
    }
}
