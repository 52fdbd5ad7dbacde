//! A labelled one-line text box for survey content. It is filled once and
//! then left to the person typing, so saving never moves the caret.

use leptos::prelude::*;

#[component]
pub fn TextField(
    #[prop(into)] label: Signal<String>,
    initial: String,
    #[prop(into)] on_change: Callback<String>,
) -> impl IntoView {
    let id = format!("field-{}", next_id());
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input id=id type="text" autocomplete="off" prop:value=initial
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
