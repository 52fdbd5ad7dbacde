//! "Deleted. Undo" after a question or note card is deleted. The live region
//! is always on the page, so screen readers announce the message when it
//! appears.

use leptos::prelude::*;

use crate::i18n::use_language;

#[component]
pub fn UndoNotice(
    /// The message while something can be brought back; `None` otherwise.
    message: Signal<Option<&'static str>>,
    on_undo: Callback<()>,
) -> impl IntoView {
    let language = use_language();
    view! {
        <div role="status" class="undo-region">
            {move || message.get().map(|text| view! {
                <div class="notice undo">
                    <span>{text}</span>
                    " "
                    <button type="button" class="secondary" on:click=move |_| on_undo.run(())>{language.messages().builder_undo}</button>
                </div>
            })}
        </div>
    }
}
