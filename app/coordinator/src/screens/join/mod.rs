//! "Join a project": scan the QR code another device shows, or paste its
//! invite link. Either way the worker joins through the same request as
//! opening the link; the list of projects opens once it has arrived. The QR
//! decoder lives in this module, not the first screen's.

use heard_web::coordinator_messages::CoordinatorLanguage;
mod camera;
mod frame_reader;
mod paste;
mod scanner;

use heard_core::{route::Route, sync::Invite};
use leptos::prelude::*;

use heard_web::{
    components::{Link, SyncStatus},
    i18n::use_language,
    navigation::use_navigator,
    responses::use_responses,
};
use paste::PasteLink;
use scanner::Scanner;

#[component]
pub fn JoinScreen() -> impl IntoView {
    let language = use_language();
    let responses = use_responses();
    let navigator = use_navigator();
    let t = move || language.coordinator_messages();
    // The project's id on the relay (how the worker names it until its
    // document arrives), once an invite is read.
    let joining = RwSignal::new(None::<String>);
    let join = Callback::new(move |link: String| {
        let Ok(invite) = Invite::parse(&link) else {
            return;
        };
        joining.set(Some(hex(&invite.project.0)));
        responses.join(link);
    });
    let info = Memo::new(move |_| {
        let key = joining.get()?;
        responses
            .sync
            .with(|all| all.iter().find(|s| s.relay_project == key).cloned())
    });
    let line = Signal::derive(move || info.get().map(|i| i.line));
    // Once the project's document has come, the list of projects opens
    // with it: a page load to the first module. Not the project's own page:
    // the document may not be on storage yet when this page's worker ends,
    // and a new worker fetches it again, which the list shows when it comes
    // but a project page drawn before would not.
    let arrived = Memo::new(move |_| {
        info.get()
            .and_then(|i| i.project)
            .is_some_and(|id| responses.project(&id).is_some())
    });
    let opened = StoredValue::new(false);
    Effect::new(move |_| {
        if arrived.get() && !opened.get_value() {
            opened.set_value(true);
            navigator.go(Route::Home);
        }
    });
    view! {
        <nav class="breadcrumb">
            <Link route=Route::Home>{move || t().project_back}</Link>
        </nav>
        <h1>{move || t().join_title}</h1>
        <p>{move || t().join_intro}</p>
        <p role="status">{move || joining.get().map(|_| t().join_started)}</p>
        {move || joining.get().is_some().then(|| view! { <SyncStatus line /> })}
        <section aria-labelledby="join-qr-title">
            <h2 id="join-qr-title">{move || t().join_by_qr}</h2>
            <Scanner on_invite=join />
        </section>
        <section aria-labelledby="join-link-title">
            <h2 id="join-link-title">{move || t().join_by_link}</h2>
            <PasteLink on_invite=join />
        </section>
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
