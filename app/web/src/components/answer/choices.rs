//! Tick boxes for a multiple-choice question, with an optional "other - please
//! say" that opens a text box.

use heard_core::{id::DocId, response::Answer};
use leptos::prelude::*;

use super::Extras;
use crate::{i18n::use_language, responses::use_responses};

#[component]
pub fn Choices(
    response: DocId,
    question: String,
    legend: String,
    /// Each choice id with its words, picture and recording.
    options: Vec<(String, String, Extras)>,
    other: bool,
) -> impl IntoView {
    let language = use_language();
    let responses = use_responses();
    let (chosen, other_text) = match responses.answer(&response, &question) {
        Some(Answer::Choices { chosen, other }) => (chosen, other),
        _ => (Vec::new(), None),
    };
    let chosen = RwSignal::new(chosen);
    let other_open = RwSignal::new(other_text.is_some());
    let other_text = RwSignal::new(other_text.unwrap_or_default());
    let save = {
        let (response, question) = (response.clone(), question.clone());
        move || {
            let other = other_open
                .get_untracked()
                .then(|| other_text.get_untracked());
            let answer = Answer::Choices {
                chosen: chosen.get_untracked(),
                other,
            };
            responses.set_answer(&response, &question, Some(answer));
        }
    };
    let name = format!("q-{question}");
    let items = options
        .into_iter()
        .enumerate()
        .map(|(i, (choice, label, extras))| {
            let id = format!("{name}-{i}");
            let checked = {
                let choice = choice.clone();
                move || chosen.with(|c| c.contains(&choice))
            };
            let save = save.clone();
            let toggle = move |ev| {
                let on = event_target_checked(&ev);
                chosen.update(|c| {
                    c.retain(|x| *x != choice);
                    if on {
                        c.push(choice.clone());
                    }
                });
                save();
            };
            view! {
                <div class="option">
                    <span class="choice">
                        <input type="checkbox" id=id.clone() name=name.clone() prop:checked=checked on:change=toggle />
                        <label for=id lang=extras.lang.tag()>{extras.picture()}{label.clone()}</label>
                    </span>
                    {extras.speaker(label)}
                </div>
            }
        })
        .collect_view();
    let other_id = format!("{name}-other");
    let other_text_id = format!("{name}-other-text");
    let toggle_other = {
        let save = save.clone();
        move |ev| {
            other_open.set(event_target_checked(&ev));
            save();
        }
    };
    let type_other = move |ev| {
        other_text.set(event_target_value(&ev));
        save();
    };
    let t = move || language.messages();
    view! {
        <fieldset class="question">
            <legend><super::QuestionHeading question=question.clone() text=legend /></legend>
            <div class="options">
                {items}
                {other.then(|| view! {
                    <div class="option">
                        <span class="choice">
                            <input type="checkbox" id=other_id.clone() prop:checked=move || other_open.get() on:change=toggle_other />
                            <label for=other_id>{move || t().choice_other}</label>
                        </span>
                    </div>
                    {move || {
                        let (id, type_other) = (other_text_id.clone(), type_other.clone());
                        other_open.get().then(|| view! {
                            <label class="sub-label" for=id.clone()>{t().choice_other_label}</label>
                            <input type="text" id=id prop:value=other_text.get_untracked() on:input=type_other />
                        })
                    }}
                })}
            </div>
        </fieldset>
    }
}
