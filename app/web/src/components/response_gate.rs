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
    move || match availability.get() {
        Availability::Loading => {
            view! { <p class="loading">{language.messages().loading}</p> }.into_any()
        }
        Availability::Missing => view! { <NotFoundScreen missing_response=true /> }.into_any(),
        Availability::Ready(project, survey) => match surveys.find(project.as_ref(), &survey) {
            Some(survey) => children(survey).into_any(),
            None => view! { <NotFoundScreen missing_response=true /> }.into_any(),
        },
    }
}
