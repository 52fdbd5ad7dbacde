//! The root component: provides the narrow context handles, shows the notices
//! that belong on every screen, and picks the screen for the route.

use heard_core::{
    route::Route,
    survey::{Survey, built_in_surveys},
};
use leptos::prelude::*;

use crate::{
    components::{Notices, SaveStatus},
    i18n::Language,
    navigation::Navigator,
    responses::{LoadState, Responses},
    screens::{
        ConsentScreen, HandoverScreen, HomeScreen, NotFoundScreen, QuestionScreen, ReviewScreen,
    },
    service_worker::Updates,
};

/// The surveys this device can answer: the built-in ones for now.
#[derive(Clone, Copy)]
pub struct Surveys(pub StoredValue<Vec<Survey>>);

impl Surveys {
    pub fn find(self, id: &str) -> Option<Survey> {
        self.0
            .with_value(|all| all.iter().find(|s| s.id == id).cloned())
    }

    pub fn all(self) -> Vec<Survey> {
        self.0.get_value()
    }
}

#[component]
pub fn App() -> impl IntoView {
    let language = Language::provide();
    let navigator = Navigator::provide();
    let responses = Responses::provide();
    let updates = Updates::register();
    provide_context(updates);
    provide_context(Surveys(StoredValue::new(built_in_surveys())));

    // Reopening the app goes straight back to where the person was.
    let restored = StoredValue::new(false);
    Effect::new(move |_| {
        if responses.load.get() == LoadState::Ready && !restored.get_value() {
            restored.set_value(true);
            if navigator.route() == Route::Home
                && let Some(last) = Navigator::last_route()
            {
                navigator.replace(last);
            }
        }
    });
    Effect::new(move |_| Navigator::remember(&navigator.route()));

    let t = move || language.messages();
    view! {
        <a class="skip-link" href="#main">{move || t().skip_to_content}</a>
        <header class="app-bar">
            <span class="app-name">{move || t().app_name}</span>
            <SaveStatus />
        </header>
        <Notices />
        <main id="main" tabindex="-1">
            {move || match responses.load.get() {
                LoadState::Loading => view! { <p class="loading">{t().loading}</p> }.into_any(),
                LoadState::Ready | LoadState::Unavailable(_) => match navigator.route() {
                    Route::Home => view! { <HomeScreen /> }.into_any(),
                    Route::Question { response, question } => view! { <QuestionScreen response question /> }.into_any(),
                    Route::Review { response } => view! { <ReviewScreen response /> }.into_any(),
                    Route::Start { survey } => view! { <ConsentScreen survey /> }.into_any(),
                    Route::Handover => view! { <HandoverScreen /> }.into_any(),
                    Route::NotFound => view! { <NotFoundScreen /> }.into_any(),
                },
            }}
        </main>
    }
}
