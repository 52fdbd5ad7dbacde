//! Every answer on one page, each with a way back to change it, then "Mark as complete".

use heard_core::{
    id::DocId,
    response::Answer,
    route::Route,
    survey::{QuestionKind, Survey},
};
use leptos::prelude::*;

use crate::{
    components::{Link, ResponseGate},
    i18n::use_language,
    navigation::use_navigator,
    responses::use_responses,
};

#[component]
pub fn ReviewScreen(response: DocId) -> impl IntoView {
    view! {
        <ResponseGate response=response.clone() let:survey>
            <ReviewView response=response.clone() survey />
        </ResponseGate>
    }
}

#[component]
fn ReviewView(response: DocId, survey: Survey) -> impl IntoView {
    let language = use_language();
    let navigator = use_navigator();
    let responses = use_responses();
    let t = move || language.messages();
    let complete = {
        let response = response.clone();
        move || responses.summary(&response).is_some_and(|s| s.completed.is_some())
    };
    let mark_complete = {
        let response = response.clone();
        move |_| responses.complete(&response)
    };
    let questions = survey.questions.clone();
    let rows = questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let question_text = q.text.get(language.locale()).0.to_owned();
            let shown = {
                let (response, survey, id) = (response.clone(), survey.clone(), q.id.clone());
                move || answer_text(&survey, &id, responses.answer(&response, &id), language.locale()).unwrap_or_else(|| t().review_no_answer.to_owned())
            };
            view! {
                <div class="review-row">
                    <dt>{question_text.clone()}</dt>
                    <dd>
                        <span class="answer">{shown}</span>
                        <Link route=Route::Question { response: response.clone(), question: i }>
                            {t().review_change}<span class="visually-hidden">": "{question_text}</span>
                        </Link>
                    </dd>
                </div>
            }
        })
        .collect_view();

    view! {
        <h1>{move || t().review_title}</h1>
        <dl class="review">{rows}</dl>
        {move || if complete() {
            view! {
                <p class="done" role="status">{t().review_completed}</p>
                <button type="button" class="primary" on:click=move |_| navigator.go(Route::Home)>{t().review_home}</button>
            }.into_any()
        } else {
            view! { <button type="button" class="primary" on:click=mark_complete.clone()>{t().review_complete}</button> }.into_any()
        }}
    }
}

/// How an answer reads on the review screen, in the current language.
fn answer_text(survey: &Survey, question: &str, answer: Option<Answer>, locale: heard_core::i18n::Locale) -> Option<String> {
    let q = survey.question(question)?;
    Some(match (answer?, &q.kind) {
        (Answer::Rating(n), _) => n.to_string(),
        (Answer::Choice(id), QuestionKind::SingleChoice { choices }) => {
            choices.iter().find(|c| c.id == id).map_or(id, |c| c.text.get(locale).0.to_owned())
        }
        (Answer::Choice(id), _) => id,
        (Answer::Text(text), _) => text,
    })
}
