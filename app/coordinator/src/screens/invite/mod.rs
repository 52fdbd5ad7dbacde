//! "Invite another device": the project's invite as a QR code to scan from
//! the other device's join screen, with the same link beside it to send. The
//! QR encoder lives in this module, not the first screen's.

use heard_web::coordinator_messages::CoordinatorLanguage;
mod qr_code;

use heard_core::{i18n::fill, id::DocId, route::Route};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use heard_web::{
    components::{Link, SyncStatus},
    i18n::use_language,
    responses::use_responses,
    screens::NotFoundScreen,
};
use qr_code::QrCodeImage;

#[component]
pub fn InviteScreen(project: DocId) -> impl IntoView {
    let language = use_language();
    let responses = use_responses();
    let t = move || language.coordinator_messages();
    if responses.project(&project).is_none() {
        return view! { <NotFoundScreen /> }.into_any();
    }
    let id = StoredValue::new(project.clone());
    let name = Memo::new(move |_| {
        id.with_value(|id| responses.project(id))
            .map(|p| p.name)
            .unwrap_or_default()
    });
    let info = Memo::new(move |_| id.with_value(|id| responses.sync_of(id)));
    let line = Signal::derive(move || info.get().map(|i| i.line));
    // Drawn again only when the link changes, not with every status line.
    let invite = Memo::new(move |_| info.get().and_then(|i| i.invite));
    let label = Signal::derive(move || fill(t().invite_qr_label, &[("project", &name.get())]));
    let share = move |_| id.with_value(|id| responses.share(id));
    view! {
        <nav class="breadcrumb">
            <Link route=Route::Project { project }>{move || t().paper_back}</Link>
        </nav>
        <h1>{move || t().invite_qr_title}</h1>
        <p class="meta">{move || name.get()}</p>
        <SyncStatus line />
        {move || match invite.get() {
            Some(link) => {
                view! {
                    <p id="invite-qr-hint">{t().invite_qr_hint}</p>
                    <QrCodeImage link=link.clone() label />
                    <div class="stack">
                        <label for="invite-link">{t().sync_link}</label>
                        <input id="invite-link" type="text" readonly prop:value=link
                            aria-describedby="invite-hint"
                            on:focus=|ev| {
                                if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                                    input.select();
                                }
                            } />
                        <p id="invite-hint" class="hint">{t().sync_share_hint}</p>
                    </div>
                }
                .into_any()
            }
            None => view! {
                <p>{t().invite_qr_not_shared}</p>
                <button type="button" class="primary" on:click=share>{t().sync_share}</button>
            }
            .into_any(),
        }}
    }
    .into_any()
}
