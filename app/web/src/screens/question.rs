//! One question per screen, with progress, back and next (on a wide screen, a
//! whole section when the survey asks for it). Next skips questions whose
//! show-if condition does not hold, and a required question must be answered
//! before moving on. A response is always shown the version of the survey it
//! answers ([`answered_survey`]), however the survey changed since.

use heard_core::{
    easy_read,
    i18n::fill,
    id::DocId,
    route::Route,
    survey::{Survey, missing_required},
};
use leptos::prelude::*;

use crate::{
    components::{
        EasyLines, Glossary, Picture, QuestionInput, ResponseGate, Speaker, SupporterNotes,
    },
    i18n::use_language,
    navigation::use_navigator,
    presentation::use_presentation,
    responses::use_responses,
};

#[component]
pub fn QuestionScreen(response: DocId, question: usize) -> impl IntoView {
    if crate::screens::is_handed_over(&response) {
        return view! { <crate::screens::HandedOver response /> }.into_any();
    }
    let id = StoredValue::new(response.clone());
    view! {
        <ResponseGate response=response.clone() let:survey>
            {
                let shown = answered_survey(id.get_value(), survey);
                move || view! { <QuestionView response=id.get_value() question survey=shown() /> }
            }
        </ResponseGate>
    }
    .into_any()
}

/// The survey as response `response` answered it: the version it names
/// (`Project::survey_version`), not `current` (the survey as it is now)
/// when that has changed since. Worked out again only when the version the
/// response names changes, not on every answer. The worker published that
/// version in the project when the response started.
pub(crate) fn answered_survey(
    response: DocId,
    current: Survey,
) -> impl Fn() -> Survey + Copy + Send + Sync + 'static {
    let responses = use_responses();
    let named = Memo::new(move |_| {
        responses
            .summary(&response)
            .map(|s| (s.project, s.survey_version))
    });
    let current = StoredValue::new(current);
    // A memo of the survey itself, so the screen is drawn again only when
    // the questions shown change: the version named first arriving with the
    // worker's summary of the first answer (the same survey) must not redraw
    // it, which took the focus off the answer just chosen.
    let shown = Memo::new(move |_| {
        let shown = match named.get() {
            Some((Some(project), version)) => untrack(|| responses.project(&project))
                .and_then(|p| current.with_value(|c| p.survey_version(&c.id, version.as_ref()))),
            _ => None,
        };
        shown.unwrap_or_else(|| current.get_value())
    });
    move || shown.get()
}

#[component]
fn QuestionView(response: DocId, question: usize, survey: Survey) -> impl IntoView {
    let language = use_language();
    let navigator = use_navigator();
    let responses = use_responses();
    let total = survey.questions.len();
    // Past the last question, or a completed response (read on its review,
    // never changed): the review.
    // Read untracked: the screen is built once, not again on every save
    // (which would take focus and any message off it).
    let completed = untrack(|| responses.summary(&response)).is_some_and(|s| s.completed.is_some());
    if question >= total || completed {
        navigator.replace(Route::Review { response });
        return ().into_any();
    }
    responses.set_position(&response, question);
    let presentation = use_presentation();
    let easy = presentation.easy_read();
    // A change of presentation while answering is stored with the response.
    {
        let response = response.clone();
        Effect::new(move |_| responses.set_presentation(&response, presentation.get()));
    }
    // Easy read keeps to one question per screen.
    let block = if survey.section_per_screen && is_wide() && !easy {
        survey.section_block(question)
    } else {
        question..question + 1
    };
    let (first, last) = (block.start, block.end - 1);
    let shown_questions: Vec<(usize, heard_core::survey::Question)> = block
        .clone()
        .map(|i| (i, survey.questions[i].clone()))
        .collect();
    let t = move || language.messages();
    let survey = StoredValue::new(survey);
    let blocked = RwSignal::new(None::<Blocked>);
    let unsaved = crate::components::Unsaved::provide();
    let error_id = format!(
        "required-{}",
        survey.with_value(|s| s.questions[question].id.clone())
    );

    let back = {
        let response = response.clone();
        move |_| {
            let answers = responses.answers(&response);
            match survey.with_value(|s| s.previous_shown(first, &|q| answers.get(q))) {
                Some(previous) => navigator.go(Route::Question {
                    response: response.clone(),
                    question: previous,
                }),
                None => navigator.go(responses.home_of(&response)),
            }
        }
    };
    let next = {
        let response = response.clone();
        move |_| {
            let answers = responses.answers(&response);
            let lookup = |q: &str| answers.get(q);
            // What was typed but could not be saved is put right (or
            // cleared) first: moving on would drop it without a word.
            if let Some(input) = unsaved.first() {
                blocked.set(Some(Blocked::Unsaved));
                crate::browser::focus_element(&input);
                return;
            }
            if survey.with_value(|s| {
                missing_required(s, &lookup)
                    .iter()
                    .any(|i| (first..=last).contains(i))
            }) {
                blocked.set(Some(Blocked::Required));
                return;
            }
            let response = response.clone();
            navigator.go(match survey.with_value(|s| s.next_shown(last, &lookup)) {
                Some(next) => Route::Question {
                    response,
                    question: next,
                },
                None => Route::Review { response },
            })
        }
    };
    let response_id = StoredValue::new(response.clone());
    let is_last = {
        let response = response.clone();
        move || {
            let answers = responses.answers(&response);
            survey.with_value(|s| s.next_shown(last, &|q| answers.get(q)).is_none())
        }
    };
    let title = survey.with_value(|s| s.title.get(language.locale()).0.to_owned());
    let required = shown_questions.iter().any(|(_, q)| q.required);
    let shown = move |i: usize| {
        let answers = response_id.with_value(|r| responses.answers(r));
        survey.with_value(|s| i == question || s.is_shown(i, &|q| answers.get(q)))
    };
    let inputs = shown_questions
        .into_iter()
        .map(|(i, current)| {
            let response = response.clone();
            let project = responses.summary(&response).and_then(|s| s.project);
            let (text, lang) = current.text.shown(&current.easy_read, language.locale(), easy);
            let (text, fallback) = (text.to_owned(), lang != language.locale());
            let speaker = match current.audio.clone().zip(project) {
                Some((key, doc)) => view! { <Speaker text=text lang audio=(doc, key) /> }.into_any(),
                None => view! { <Speaker text=text lang /> }.into_any(),
            };
            view! {
                <div class="question-block" aria-describedby=error_id.clone() hidden=move || !shown(i)
                    lang=fallback.then_some(lang.tag())>
                    {current.picture.clone().map(|name| view! { <Picture name /> })}
                    <div class="question-body">
                        <QuestionInput response=response question=current />
                        {speaker}
                        {fallback.then(|| view! { <p class="fallback-note" lang=language.locale().tag()>{t().content_fallback}</p> })}
                    </div>
                </div>
            }
        })
        .collect_view();

    let progress = move || {
        fill(
            t().question_progress,
            &[
                ("n", &(question + 1).to_string()),
                ("total", &total.to_string()),
            ],
        )
    };
    if let Some(announcer) = crate::components::use_announcer() {
        announcer.say(untrack(progress));
    }
    view! {
        <h1 class="survey-title">{title}</h1>
        <p class="progress">
            {progress}
        </p>
        <progress max=total value=question + 1 aria-hidden="true"></progress>
        {inputs}
        {if easy && !required {
            view! { <EasyLines lines=vec![easy_read::OPTIONAL] /> }.into_any()
        } else {
            view! { <p class="hint">{move || if required { t().question_required } else { t().question_optional }}</p> }.into_any()
        }}
        <p id=error_id class="field-error" role="alert">{move || blocked.get().map(|b| match b {
            Blocked::Required => t().required_missing,
            Blocked::Unsaved => t().answer_not_saved,
        })}</p>
        <nav class="question-nav">
            <button type="button" class="secondary" on:click=back>{move || t().question_back}</button>
            <button type="button" class="primary" on:click=next>
                {move || if is_last() { t().question_review } else { t().question_next }}
            </button>
        </nav>
        // Leaving part way: the draft stays, listed with the project's
        // drafts, and opens again at this question.
        <p class="stop">
            <button type="button" class="secondary" on:click=move |_| navigator.go(response_id.with_value(|r| responses.home_of(r)))>{move || t().question_stop}</button>
        </p>
        {easy.then(|| view! { <Glossary /> })}
        <SupporterNotes response=response.clone() />
    }
    .into_any()
}

/// Why Next did not move on.
#[derive(Clone, Copy, PartialEq)]
enum Blocked {
    /// A required question on the screen has no answer.
    Required,
    /// Something typed on the screen could not be saved.
    Unsaved,
}

/// Whether the screen is wide enough for a whole section (48em, about a
/// small tablet held upright).
fn is_wide() -> bool {
    window()
        .match_media("(min-width: 48em)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
}
