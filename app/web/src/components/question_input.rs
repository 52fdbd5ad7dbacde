//! The answer control for one question: a labelled radio group for ratings and
//! single choices, a text area for free text. Every change is saved at once.

use heard_core::{
    i18n::fill,
    id::DocId,
    response::Answer,
    survey::{FREE_TEXT_MAX_CHARS, Question, QuestionKind, RATING_MAX},
};
use leptos::prelude::*;

use crate::{i18n::use_language, responses::use_responses};

#[component]
pub fn QuestionInput(response: DocId, question: Question) -> impl IntoView {
    let language = use_language();
    let locale = language.locale();
    let (text, _) = question.text.get(locale);
    let text = text.to_owned();
    let input_id = format!("answer-{}", question.id);
    match question.kind.clone() {
        QuestionKind::Rating { low_label, high_label } => {
            let options = (0..=RATING_MAX)
                .map(|n| {
                    let label = match n {
                        0 => format!("{n} – {}", low_label.get(locale).0),
                        RATING_MAX => format!("{n} – {}", high_label.get(locale).0),
                        _ => n.to_string(),
                    };
                    (Answer::Rating(n), label)
                })
                .collect();
            view! { <RadioGroup response question=question.id.clone() legend=text options /> }.into_any()
        }
        QuestionKind::SingleChoice { choices } => {
            let options = choices.iter().map(|c| (Answer::Choice(c.id.clone()), c.text.get(locale).0.to_owned())).collect();
            view! { <RadioGroup response question=question.id.clone() legend=text options /> }.into_any()
        }
        QuestionKind::FreeText => view! { <FreeText response question=question.id.clone() label=text input_id /> }.into_any(),
    }
}

#[component]
fn RadioGroup(response: DocId, question: String, legend: String, options: Vec<(Answer, String)>) -> impl IntoView {
    let responses = use_responses();
    let name = format!("q-{question}");
    let current = {
        let (response, question) = (response.clone(), question.clone());
        Memo::new(move |_| responses.answer(&response, &question))
    };
    let items = options
        .into_iter()
        .enumerate()
        .map(|(i, (answer, label))| {
            let id = format!("{name}-{i}");
            let checked = {
                let answer = answer.clone();
                move || current.get().as_ref() == Some(&answer)
            };
            let (response, question) = (response.clone(), question.clone());
            let choose = move |_| responses.set_answer(&response, &question, Some(answer.clone()));
            view! {
                <div class="option">
                    <input type="radio" id=id.clone() name=name.clone() prop:checked=checked on:change=choose />
                    <label for=id>{label}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset class="question">
            <legend class="question-text">{legend}</legend>
            <div class="options">{items}</div>
        </fieldset>
    }
}

#[component]
fn FreeText(response: DocId, question: String, label: String, input_id: String) -> impl IntoView {
    let language = use_language();
    let responses = use_responses();
    let saved = match responses.answer(&response, &question) {
        Some(Answer::Text(text)) => text,
        _ => String::new(),
    };
    // Over-long text stays in the box, unsaved, with a message: never cut short.
    let too_long = RwSignal::new(None::<usize>);
    let error_id = format!("{input_id}-error");
    let on_input = {
        let (response, question) = (response.clone(), question.clone());
        move |ev| {
            let value = event_target_value(&ev);
            let chars = value.chars().count();
            if chars > FREE_TEXT_MAX_CHARS {
                too_long.set(Some(chars));
                return;
            }
            too_long.set(None);
            let answer = (!value.is_empty()).then_some(Answer::Text(value));
            responses.set_answer(&response, &question, answer);
        }
    };
    let described = {
        let error_id = error_id.clone();
        move || too_long.get().map(|_| error_id.clone())
    };
    view! {
        <div class="question">
            <label class="question-text" for=input_id.clone()>{label}</label>
            <textarea
                id=input_id
                rows="6"
                aria-invalid=move || too_long.get().map(|_| "true")
                aria-describedby=described
                on:input=on_input
                prop:value=saved
            ></textarea>
            <p id=error_id class="field-error" role="alert">
                {move || too_long.get().map(|chars| fill(language.messages().text_limit, &[("count", &chars.to_string()), ("max", &FREE_TEXT_MAX_CHARS.to_string())]))}
            </p>
        </div>
    }
}
