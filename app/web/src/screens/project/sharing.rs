//! "Other devices": how the project syncs with the project team's other
//! devices, the link another device joins by (and the way to its QR code),
//! and the button that starts sharing the project.

use heard_core::{id::DocId, route::Route};
use leptos::prelude::*;

use crate::{
    components::{Link, SyncNow, SyncStatus},
    i18n::use_language,
    responses::use_responses,
};

#[component]
pub fn Sharing(project: DocId) -> impl IntoView {
    let language = use_language();
    let responses = use_responses();
    let t = move || language.messages();
    let project = StoredValue::new(project);
    let info = Memo::new(move |_| project.with_value(|id| responses.sync_of(id)));
    let line = Signal::derive(move || info.get().map(|i| i.line));
    // Only whether it syncs: the button must not be drawn anew (losing
    // focus) each time the status moves.
    let syncs = Memo::new(move |_| info.with(Option::is_some));
    let share = move |_| project.with_value(|id| responses.share(id));
    view! {
        <section aria-labelledby="sharing-title">
            <h2 id="sharing-title">{move || t().sync_title}</h2>
            <SyncStatus line />
            {move || syncs.get().then(|| view! { <SyncNow project=project.get_value() /> })}
            <crate::components::DeviceNameField />
            {move || match info.get().and_then(|i| i.invite) {
                Some(link) => view! {
                    <div class="stack">
                        <label for="invite-link">{t().sync_link}</label>
                        <input id="invite-link" type="text" readonly prop:value=link
                            aria-describedby="invite-hint"
                            on:focus=|ev| {
                                use wasm_bindgen::JsCast;
                                if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                                    input.select();
                                }
                            } />
                        <p id="invite-hint" class="hint">{t().sync_share_hint}</p>
                        // The QR code is drawn by the coordinator's module,
                        // which holds its encoder.
                        <p class="actions">
                            <Link route=Route::Invite { project: project.get_value() }>{t().invite_qr_open}</Link>
                        </p>
                    </div>
                }.into_any(),
                None => view! {
                    <button type="button" class="secondary" on:click=share>{t().sync_share}</button>
                }.into_any(),
            }}
            <crate::components::SyncFile project=project.get_value() />
        </section>
    }
}
