//! A labelled one-line text box for survey content. It is filled once and
//! then left to the person typing, so saving never moves the caret. A new
//! item's box is empty, with a hint (placeholder) of what goes in it.

use leptos::prelude::*;

#[component]
pub fn TextField(
    #[prop(into)] label: Signal<String>,
    initial: String,
    #[prop(into)] on_change: Callback<String>,
    /// Shown while the box is empty.
    #[prop(optional, into)]
    placeholder: Option<Signal<String>>,
    /// An id to move focus to it; a unique one otherwise.
    #[prop(optional)]
    id: Option<String>,
    /// The box's text is in this language (its direction follows).
    #[prop(optional)]
    lang: Option<&'static str>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| format!("field-{}", next_id()));
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input id=id type="text" autocomplete="off" prop:value=initial lang=lang dir=lang.map(|_| "auto")
                placeholder=move || placeholder.map(|p| p.get())
                on:input=move |ev| on_change.run(event_target_value(&ev)) />
        </div>
    }
}

/// A unique id per field, so labels point at the right box.
fn next_id() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
