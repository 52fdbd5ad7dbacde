//! A text box for free text. Over-long text stays in the box, unsaved, with a
//! message: it is never cut short.

use heard_core::{i18n::fill, id::DocId, response::Answer, survey::FREE_TEXT_MAX_CHARS};
use leptos::prelude::*;

use crate::{i18n::use_language, responses::use_responses};

#[component]
pub fn FreeText(
    response: DocId,
    question: String,
    label: String,
    input_id: String,
) -> impl IntoView {
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
            <super::QuestionHeading question=question.clone() text=label />
            <textarea
                id=input_id
                aria-labelledby=super::heading_id(&question)
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
