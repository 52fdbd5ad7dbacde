//! Number and date answers. Input that is not a number (or not a real date) or
//! is out of range stays in the box with a message tied to it, and is not saved.

use heard_core::{
    i18n::fill,
    id::DocId,
    response::{Answer, is_iso_date},
};
use leptos::prelude::*;

use crate::{i18n::use_language, responses::use_responses};

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

#[component]
pub fn NumberInput(
    response: DocId,
    question: String,
    label: String,
    input_id: String,
    min: Option<f64>,
    max: Option<f64>,
) -> impl IntoView {
    let language = use_language();
    let responses = use_responses();
    let saved = match responses.answer(&response, &question) {
        Some(Answer::Number(n)) => format_number(n),
        _ => String::new(),
    };
    let error = RwSignal::new(None::<String>);
    let question_id = question.clone();
    let on_input = move |ev| {
        let value = event_target_value(&ev);
        let t = language.messages();
        let trimmed = value.trim().replace(',', ".");
        if trimmed.is_empty() {
            error.set(None);
            return responses.set_answer(&response, &question, None);
        }
        let Ok(n) = trimmed
            .parse::<f64>()
            .map_err(|_| ())
            .and_then(|n| if n.is_finite() { Ok(n) } else { Err(()) })
        else {
            return error.set(Some(t.number_invalid.to_owned()));
        };
        let too_low = min.is_some_and(|m| n < m);
        let too_high = max.is_some_and(|m| n > m);
        if too_low || too_high {
            let (lo, hi) = (
                min.map(format_number).unwrap_or_default(),
                max.map(format_number).unwrap_or_default(),
            );
            let message = match (min, max) {
                (Some(_), Some(_)) => fill(t.number_between, &[("min", &lo), ("max", &hi)]),
                (Some(_), None) => fill(t.number_at_least, &[("min", &lo)]),
                _ => fill(t.number_at_most, &[("max", &hi)]),
            };
            return error.set(Some(message));
        }
        error.set(None);
        responses.set_answer(&response, &question, Some(Answer::Number(n)));
    };
    view! { <Field question=question_id label input_id error saved kind="number" on_input /> }
}

#[component]
pub fn DateInput(
    response: DocId,
    question: String,
    label: String,
    input_id: String,
) -> impl IntoView {
    let language = use_language();
    let responses = use_responses();
    let saved = match responses.answer(&response, &question) {
        Some(Answer::Date(date)) => date,
        _ => String::new(),
    };
    let error = RwSignal::new(None::<String>);
    let question_id = question.clone();
    let on_input = move |ev| {
        let value = event_target_value(&ev);
        if value.is_empty() {
            error.set(None);
            responses.set_answer(&response, &question, None);
        } else if is_iso_date(&value) {
            error.set(None);
            responses.set_answer(&response, &question, Some(Answer::Date(value)));
        } else {
            error.set(Some(language.messages().date_invalid.to_owned()));
        }
    };
    view! { <Field question=question_id label input_id error saved kind="date" on_input /> }
}

/// A labelled single-line input with an error message tied to it.
#[component]
fn Field(
    question: String,
    label: String,
    input_id: String,
    error: RwSignal<Option<String>>,
    saved: String,
    kind: &'static str,
    on_input: impl Fn(leptos::ev::Event) + 'static,
) -> impl IntoView {
    let error_id = format!("{input_id}-error");
    let described = {
        let error_id = error_id.clone();
        move || error.get().map(|_| error_id.clone())
    };
    let unsaved = use_context::<super::Unsaved>();
    let on_input = {
        let input_id = input_id.clone();
        move |ev| {
            on_input(ev);
            if let Some(unsaved) = unsaved {
                unsaved.mark(&input_id, error.get_untracked().is_some());
            }
        }
    };
    view! {
        <div class="question">
            <super::QuestionHeading question=question.clone() text=label />
            <input
                type=kind
                id=input_id
                aria-labelledby=super::heading_id(&question)
                inputmode=(kind == "number").then_some("decimal")
                aria-invalid=move || error.get().map(|_| "true")
                aria-describedby=described
                prop:value=saved
                on:input=on_input
            />
            <p id=error_id class="field-error" role="alert">{move || error.get()}</p>
        </div>
    }
}
