//! One question per screen, with progress, back and next.

use heard_core::{i18n::fill, id::DocId, route::Route, survey::Survey};
use leptos::prelude::*;

use crate::{
    components::{QuestionInput, ResponseGate},
    i18n::use_language,
    navigation::use_navigator,
    responses::use_responses,
};

#[component]
pub fn QuestionScreen(response: DocId, question: usize) -> impl IntoView {
    view! {
        <ResponseGate response=response.clone() let:survey>
            <QuestionView response=response.clone() question survey />
        </ResponseGate>
    }
}

#[component]
fn QuestionView(response: DocId, question: usize, survey: Survey) -> impl IntoView {
    let language = use_language();
    let navigator = use_navigator();
    let responses = use_responses();
    let total = survey.questions.len();
    if question >= total {
        navigator.replace(Route::Review { response });
        return ().into_any();
    }
    responses.set_position(&response, question);
    let current = survey.questions[question].clone();
    let optional = !current.required;
    let t = move || language.messages();
    let back = {
        let response = response.clone();
        move |_| match question {
            0 => navigator.go(Route::Home),
            n => navigator.go(Route::Question { response: response.clone(), question: n - 1 }),
        }
    };
    let next = {
        let response = response.clone();
        move |_| {
            let response = response.clone();
            navigator.go(if question + 1 < total { Route::Question { response, question: question + 1 } } else { Route::Review { response } })
        }
    };
    let is_last = question + 1 == total;
    let title = survey.title.get(language.locale()).0.to_owned();

    view! {
        <h1>{title}</h1>
        <p class="progress">
            {move || fill(t().question_progress, &[("n", &(question + 1).to_string()), ("total", &total.to_string())])}
        </p>
        <progress max=total value=question + 1 aria-hidden="true"></progress>
        <QuestionInput response=response.clone() question=current />
        <Show when=move || optional>
            <p class="hint">{move || t().question_optional}</p>
        </Show>
        <nav class="question-nav">
            <button type="button" class="secondary" on:click=back>{move || t().question_back}</button>
            <button type="button" class="primary" on:click=next>
                {move || if is_last { t().question_review } else { t().question_next }}
            </button>
        </nav>
    }
    .into_any()
}
