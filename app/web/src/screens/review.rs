//! Every answer on one page, each with a way back to change it, then "Mark as complete".
//! The questions, their words and the checks are those of the survey version
//! the response answered.

use heard_core::{
    i18n::{Locale, Messages, fill},
    id::DocId,
    response::{Answer, Mode},
    route::Route,
    survey::{Survey, missing_required},
};
use leptos::prelude::*;

use crate::{
    components::EasyLines,
    components::{EraseResponse, Link, ResponseGate, SupporterNotes, with_device},
    i18n::use_language,
    navigation::use_navigator,
    presentation::use_presentation,
    responses::use_responses,
    screens::question::answered_survey,
};
use heard_core::easy_read;

#[component]
pub fn ReviewScreen(response: DocId) -> impl IntoView {
    if crate::screens::is_handed_over(&response) {
        return view! { <crate::screens::HandedOver response /> }.into_any();
    }
    let id = StoredValue::new(response.clone());
    view! {
        <ResponseGate response=response.clone() let:survey>
            {
                let shown = answered_survey(id.get_value(), survey);
                move || view! { <ReviewView response=id.get_value() survey=shown() /> }
            }
        </ResponseGate>
    }
    .into_any()
}

#[component]
fn ReviewView(response: DocId, survey: Survey) -> impl IntoView {
    let language = use_language();
    let navigator = use_navigator();
    let responses = use_responses();
    let t = move || language.messages();
    let complete = {
        let response = response.clone();
        move || {
            responses
                .summary(&response)
                .is_some_and(|s| s.completed.is_some())
        }
    };
    let survey_ref = StoredValue::new(survey.clone());
    let erase_id = response.clone();
    let home = StoredValue::new(responses.home_of(&response));
    // The answer someone asked to have taken out, while it is being confirmed.
    let withdrawing = RwSignal::new(None::<String>);
    // Required questions still unanswered when "Mark as complete" was tapped.
    let missing = RwSignal::new(Vec::<usize>::new());
    let mark_complete = {
        let response = response.clone();
        move |_| {
            let answers = responses.answers(&response);
            let gaps = survey_ref.with_value(|s| missing_required(s, &|q| answers.get(q)));
            if gaps.is_empty() {
                let summary = responses.summary(&response);
                let project = summary.as_ref().and_then(|s| s.project.clone());
                responses.complete(&response);
                crate::handed_over::mark(&response);
                navigator.go(Route::Handover {
                    survey: project
                        .is_some()
                        .then(|| summary.map(|s| s.survey))
                        .flatten(),
                    project,
                });
            }
            missing.set(gaps);
        }
    };
    let questions = survey.questions.clone();
    let rows = questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let question_text = q.text.get(language.locale()).0.to_owned();
            let shown = {
                let (response, survey, id) = (response.clone(), survey.clone(), q.id.clone());
                move || answer_text(&survey, &id, responses.answer(&response, &id), language.locale(), t()).unwrap_or_else(|| t().review_no_answer.to_owned())
            };
            let is_shown = {
                let response = response.clone();
                move || {
                    let answers = responses.answers(&response);
                    survey_ref.with_value(|s| s.is_shown(i, &|q| answers.get(q)))
                }
            };
            view! {
                <div class="review-row" hidden=move || !is_shown()>
                    <dt>{question_text.clone()}</dt>
                    <dd>
                        <span class="answer">{shown}</span>
                        {
                            // A completed response is read, not changed.
                            let (route, label) = (Route::Question { response: response.clone(), question: i }, fill(t().review_change_label, &[("question", &question_text)]));
                            let complete = complete.clone();
                            move || (!complete()).then(|| view! { <Link route=route.clone() label=label.clone()>{t().review_change}</Link> })
                        }
                        {
                            let (response, id) = (response.clone(), q.id.clone());
                            let label = fill(t().review_withdraw_label, &[("question", &question_text)]);
                            move || {
                                let answered = responses.answer(&response, &id).is_some();
                                let asking = withdrawing.with(|w| w.as_deref() == Some(id.as_str()));
                                let (response, id) = (response.clone(), id.clone());
                                match (answered, asking) {
                                    (true, true) => Some(view! {
                                        <div class="notice warning" role="alertdialog" aria-label=label.clone()>
                                            <p>{t().withdraw_confirm}</p>
                                            <div class="question-nav">
                                                <button type="button" class="danger" on:click=move |_| { responses.withdraw_answer(&response, &id); withdrawing.set(None); }>{t().withdraw_yes}</button>
                                                <button type="button" class="secondary" on:click=move |_| withdrawing.set(None)>{t().withdraw_no}</button>
                                            </div>
                                        </div>
                                    }.into_any()),
                                    (true, false) => Some(view! {
                                        <button type="button" class="secondary" aria-label=label.clone() on:click=move |_| withdrawing.set(Some(id.clone()))>{t().review_withdraw}</button>
                                    }.into_any()),
                                    _ => None,
                                }
                            }
                        }
                    </dd>
                </div>
            }
        })
        .collect_view();

    view! {
        <h1>{move || t().review_title}</h1>
        {use_presentation().easy_read().then(|| view! { <EasyLines lines=vec![easy_read::REVIEW] /> })}
        {move || responses.setup().map(|setup| {
            let locale = language.locale();
            let who = match setup.mode {
                Mode::Alone => t().answered_alone.to_owned(),
                Mode::Supported { role } => fill(t().answered_supported, &[("role", &role)]),
                Mode::Group { name, size } => format!("{}, {}", fill(t().answered_group, &[("name", &name)]), t().group_people.format(locale, u64::from(size))),
                Mode::Paper => t().answered_paper.to_owned(),
            };
            let started = with_device(t().device_name_started.to_owned(), setup.device.as_deref())
                .map(|on| view! { " · "{on} });
            view! { <p class="meta">{who}" · "{fill(t().respondent, &[("id", &setup.respondent)])}{started}</p> }
        })}
        <dl class="review">{rows}</dl>
        <SupporterNotes response=response.clone() />
        {move || {
            let gaps = missing.get();
            (!gaps.is_empty()).then(|| view! {
                <div class="notice error" role="alert">
                    <p>{t().review_missing}</p>
                    <ul>
                        {gaps.into_iter().map(|i| {
                            let text = survey_ref.with_value(|s| s.questions[i].text.get(language.locale()).0.to_owned());
                            view! { <li><Link route=Route::Question { response: response.clone(), question: i }>{text}</Link></li> }
                        }).collect_view()}
                    </ul>
                </div>
            })
        }}
        {move || if complete() {
            view! {
                <p class="done" role="status">{t().review_completed}</p>
                <button type="button" class="primary" on:click=move |_| navigator.go(home.get_value())>{t().review_home}</button>
            }.into_any()
        } else {
            view! { <button type="button" class="primary" on:click=mark_complete.clone()>{t().review_complete}</button> }.into_any()
        }}
        <EraseResponse response=erase_id />
    }
}

/// How an answer reads on the review screen, in the current language.
fn answer_text(
    survey: &Survey,
    question: &str,
    answer: Option<Answer>,
    locale: Locale,
    t: &Messages,
) -> Option<String> {
    let q = survey.question(question)?;
    let choice = |id: &str| {
        q.kind
            .choices()
            .iter()
            .find(|c| c.id == id)
            .map_or(id.to_owned(), |c| c.text.get(locale).0.to_owned())
    };
    Some(match answer? {
        Answer::Rating(n) => n.to_string(),
        Answer::Feeling(f) => crate::components::face(f, t).0.to_owned(),
        Answer::Choice(id) => choice(&id),
        Answer::Choices { chosen, other } => {
            let mut parts: Vec<String> = chosen.iter().map(|id| choice(id)).collect();
            parts.extend(other.filter(|o| !o.trim().is_empty()));
            parts.join(t.list_separator)
        }
        Answer::Text(text) => text,
        Answer::Number(n) => n.to_string(),
        Answer::Date(date) => crate::browser::format_day(&date, locale.tag()),
    })
}
