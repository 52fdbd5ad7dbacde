//! Breaking the tables down by a single-choice question of the survey (a
//! role, a nation): the choice of question, and the groups, each with every
//! question's table over its responses.

use crate::messages::CoordinatorLanguage;
use heard_core::{
    i18n::fill,
    results::breakdown::Group,
    survey::{QuestionKind, Survey},
};
use leptos::prelude::*;

use super::table::QuestionResults;
use heard_web::i18n::use_language;

/// The select of the question to break down by; none keeps all responses
/// together.
#[component]
pub fn BreakdownChoice(survey: Survey, by: RwSignal<Option<String>>) -> impl IntoView {
    let language = use_language();
    let t = move || language.coordinator_messages();
    let locale = language.locale();
    let options: Vec<(String, String)> = survey
        .questions
        .iter()
        .filter(|q| matches!(q.kind, QuestionKind::SingleChoice { .. }))
        .map(|q| (q.id.clone(), q.text.get(locale).0.to_owned()))
        .collect();
    (!options.is_empty()).then(|| {
        view! {
            <div class="field">
                <label for="results-by">{move || t().results_by}</label>
                <select id="results-by" on:change=move |ev| {
                    let value = event_target_value(&ev);
                    by.set((!value.is_empty()).then_some(value));
                }>
                    <option value="" selected=move || by.get().is_none()>{move || t().results_by_none}</option>
                    {options.into_iter().map(|(id, text)| {
                        let chosen = id.clone();
                        view! { <option value=id selected=move || by.get().as_deref() == Some(chosen.as_str())>{text}</option> }
                    }).collect_view()}
                </select>
            </div>
        }
    })
}

/// Every group of the breakdown by question `by`, the unanswered last.
#[component]
pub fn Groups(survey: Survey, by: String, groups: Vec<Group>) -> impl IntoView {
    let language = use_language();
    let t = language.coordinator_messages();
    let locale = language.locale();
    let by_question = survey.questions.iter().find(|q| q.id == by).cloned();
    groups
        .into_iter()
        .enumerate()
        .map(|(n, group)| {
            let name = match &group.choice {
                Some(choice) => by_question
                    .as_ref()
                    .map_or_else(|| choice.clone(), |q| q.kind.choice_text(choice, locale)),
                None => t.results_group_none.to_owned(),
            };
            let heading = fill(t.results_group, &[("group", &name), ("n", &group.responses.to_string())]);
            let id = format!("results-group-{n}");
            let labelled_by = id.clone();
            let questions = survey
                .questions
                .iter()
                .zip(group.tables)
                .enumerate()
                .map(|(i, (question, table))| {
                    view! { <QuestionResults number=i + 1 question=question.clone() table nested=true /> }
                })
                .collect_view();
            view! {
                <section class="results-group" aria-labelledby=labelled_by>
                    <h2 id=id>{heading}</h2>
                    {(group.responses > 0).then_some(questions)}
                </section>
            }
        })
        .collect_view()
}
