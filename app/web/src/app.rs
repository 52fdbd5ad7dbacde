//! The root component of either wasm module: provides the narrow context
//! handles, shows the notices that belong on every screen, and draws the
//! route with the module's own table of screens.

use heard_core::{
    id::DocId,
    route::{Module, Route},
    survey::{Survey, built_in_surveys},
};
use leptos::prelude::*;

use crate::{
    components::{Notices, SaveStatus, SyncBadge, ViewControls},
    i18n::Language,
    navigation::Navigator,
    presentation::PresentationChoice,
    responses::{LoadState, Responses},
    service_worker::Updates,
};

/// Finds the survey a response answers: in its project, or among the
/// built-in ones for responses made before projects existed.
#[derive(Clone, Copy)]
pub struct Surveys(Responses);

impl Surveys {
    pub fn find(self, project: Option<&DocId>, id: &str) -> Option<Survey> {
        match project {
            Some(project) => self.0.project(project)?.survey(id).cloned(),
            None => built_in_surveys(&[heard_core::i18n::Catalog::english()])
                .into_iter()
                .find(|s| s.id == id),
        }
    }
}

/// A module's screens: draws a route of that module (any other route is one
/// this page was started on by a malformed address, and is not found).
pub type Screens = fn(Route) -> AnyView;

#[component]
pub fn App(module: Module, screens: Screens) -> impl IntoView {
    let language = Language::provide();
    let presentation = PresentationChoice::provide();
    let responses = Responses::provide();
    crate::components::Announcer::provide();
    // Opened from an invite link: join its project (the worker starts once
    // the first screen is up; the request waits for it).
    if let Some(link) = crate::browser::take_invite() {
        responses.join(link);
    }
    let navigator = Navigator::provide(module, responses);
    let updates = Updates::register();
    provide_context(updates);
    provide_context(Surveys(responses));

    // Opening the app from the home screen goes straight back to where the
    // person was. Read now, before the effect below records this screen.
    let last = StoredValue::new(Navigator::launch_route());
    Effect::new(move |_| {
        if responses.load.get() == LoadState::Ready
            && let Some(last) = last.try_update_value(Option::take).flatten()
        {
            navigator.replace(last);
        }
    });
    Effect::new(move |_| Navigator::remember(&navigator.route()));
    // The first date formatter of a language costs a few hundred
    // milliseconds on a slow phone (the browser builds its patterns); make it
    // as soon as the first screen is up, not when someone opens a list.
    Effect::new(move |_| {
        if responses.load.get() == LoadState::Ready {
            let tag = language.locale().tag();
            set_timeout(
                move || {
                    crate::browser::format_date(crate::browser::now(), tag);
                },
                std::time::Duration::ZERO,
            );
        }
    });

    let t = move || language.messages();
    view! {
        <a class="skip-link" href="#main">{move || t().skip_to_content}</a>
        <header class="app-bar">
            <span class="app-name">{move || t().app_name}</span>
            <SaveStatus />
            <SyncBadge />
            <ViewControls />
        </header>
        <Notices />
        <crate::components::Announcements />
        <Joining />
        <crate::components::OpenSyncFile />
        <main id="main" tabindex="-1">
            {move || match responses.load.get() {
                LoadState::Loading => view! { <p class="loading">{t().loading}</p> }.into_any(),
                LoadState::Ready | LoadState::Unavailable(_) => {
                    let route = navigator.route();
                    // Screens pick survey content when drawn, so they are drawn
                    // again in a new language or presentation. The start
                    // screen keeps its step instead; its texts follow by
                    // themselves.
                    if !matches!(route, Route::Start { .. }) {
                        language.locale();
                        presentation.get();
                    }
                    screens(route)
                }
            }}
        </main>
    }
}

/// While a project is being joined and its document has not arrived: what
/// is happening, in one live region whose words change, and a progress bar.
#[component]
fn Joining() -> impl IntoView {
    use heard_core::worker_api::SyncLine;
    let language = crate::i18n::use_language();
    let responses = crate::responses::use_responses();
    let line = Memo::new(move |_| responses.joining().into_iter().next().map(|j| j.line));
    let words = move || {
        line.get().map(|line| {
            let words = crate::components::sync_words(&line, language);
            match line {
                SyncLine::BadInvite { .. } => words,
                _ => format!("{} {words}", language.messages().sync_joining),
            }
        })
    };
    view! {
        <Show when=move || line.with(Option::is_some)>
            <div class="notice">
                <p role="status">{words}</p>
                <crate::components::SyncProgress line=line.into() />
            </div>
        </Show>
    }
}
