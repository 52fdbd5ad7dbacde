//! When the browser will not promise to keep this site's storage: said above
//! the coordinator's screens until "OK" is tapped, and always in the app
//! bar's panel, where it can be found again.

use leptos::prelude::*;

use crate::{
    browser,
    i18n::use_language,
    persistence::{self, Persistence},
};

const SEEN: &str = "heard.storage-note-seen";

/// The note in the app bar's panel, whenever storage may be cleared.
#[component]
pub fn StorageNote() -> impl IntoView {
    let language = use_language();
    let persistence = LocalResource::new(persistence::request);
    move || {
        (persistence.get() == Some(Persistence::Refused))
            .then(|| view! { <p class="storage-note">{language.messages().persist_refused}</p> })
    }
}

/// The same note above the screen until "OK" is tapped on this device;
/// never above a question, where the person answering needs the room.
#[component]
pub fn StorageNotice() -> impl IntoView {
    use heard_core::route::Route;
    let language = use_language();
    let navigator = crate::navigation::use_navigator();
    let answering = move || {
        matches!(
            navigator.route(),
            Route::Start { .. }
                | Route::Question { .. }
                | Route::Review { .. }
                | Route::Handover { .. }
        )
    };
    let persistence = LocalResource::new(persistence::request);
    let seen = RwSignal::new(browser::setting(SEEN).is_some());
    let t = move || language.messages();
    let dismiss = move |_| {
        browser::set_setting(SEEN, "1");
        seen.set(true);
    };
    move || {
        (persistence.get() == Some(Persistence::Refused) && !seen.get() && !answering()).then(
            || {
                view! {
                    <div class="notice warning compact" role="status">
                        <p>{t().persist_refused}</p>
                        <button type="button" on:click=dismiss>{t().notice_ok}</button>
                    </div>
                }
            },
        )
    }
}
