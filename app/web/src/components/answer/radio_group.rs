//! A labelled group of radio buttons; picking one saves it at once.

use heard_core::{id::DocId, response::Answer};
use leptos::prelude::*;

use super::Extras;
use crate::responses::use_responses;

#[component]
pub fn RadioGroup(
    response: DocId,
    question: String,
    legend: String,
    /// Each answer with its words, picture and recording.
    options: Vec<(Answer, String, Extras)>,
) -> impl IntoView {
    let responses = use_responses();
    let name = format!("q-{question}");
    let current = {
        let (response, question) = (response.clone(), question.clone());
        Memo::new(move |_| responses.answer(&response, &question))
    };
    let items = options
        .into_iter()
        .enumerate()
        .map(|(i, (answer, label, extras))| {
            let id = format!("{name}-{i}");
            let checked = {
                let answer = answer.clone();
                move || current.get().as_ref() == Some(&answer)
            };
            let (response, question) = (response.clone(), question.clone());
            let choose = move |_| responses.set_answer(&response, &question, Some(answer.clone()));
            view! {
                <div class="option">
                    <span class="choice">
                        <input type="radio" id=id.clone() name=name.clone() prop:checked=checked on:change=choose />
                        <label for=id lang=extras.lang.tag()>
                            {extras.picture()}
                            {label.clone()}
                        </label>
                    </span>
                    {extras.speaker(label)}
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset class="question">
            <legend><super::QuestionHeading question=question.clone() text=legend /></legend>
            <div class="options">{items}</div>
        </fieldset>
    }
}
