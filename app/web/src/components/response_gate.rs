//! Shows its children only once a response's answers have arrived from the
//! document worker; says so while waiting, or when the response is not here.

use heard_core::{id::DocId, survey::Survey};
use leptos::prelude::*;

use crate::{
    app::Surveys,
    i18n::use_language,
    responses::{Availability, use_responses},
    screens::NotFoundScreen,
};

#[component]
pub fn ResponseGate<V: IntoView + 'static>(
    response: DocId,
    children: impl Fn(Survey) -> V + Send + Sync + 'static,
) -> impl IntoView {
    let language = use_language();
    let responses = use_responses();
    let surveys = expect_context::<Surveys>();
    responses.open(&response);
    // A memo, so the screen is built once when ready and not again on every
    // answer (which would take focus out of a text box mid-word).
    let availability = Memo::new(move |_| responses.availability(&response));
    // The survey too, so that a change to the project that leaves the survey
    // as it was (the worker publishing the version a new response answers,
    // often just after its first answer) does not build the screen again.
    let shown = Memo::new(move |_| match availability.get() {
        Availability::Loading => Err(true),
        Availability::Missing => Err(false),
        Availability::Ready(project, survey) => {
            surveys.find(project.as_ref(), &survey).ok_or(false)
        }
    });
    move || match shown.get() {
        Err(true) => view! { <p class="loading">{language.messages().loading}</p> }.into_any(),
        Err(false) => view! { <NotFoundScreen missing_response=true /> }.into_any(),
        Ok(survey) => children(survey).into_any(),
    }
}
