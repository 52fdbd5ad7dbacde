//! The part of a question that depends on its answer type: words for both
//! ends of a rating, the range of a number, the choices of a choice question.
//! Words are shown in the language being edited; the rest on the main
//! language's page only. A new choice is empty, with a hint.

use heard_core::{
    i18n::fill,
    survey::{Choice, LocalText, QuestionKind},
};
use heard_web::coordinator_messages::CoordinatorLanguage;
use leptos::prelude::*;

use super::{
    EditSurvey, TextField, picture_picker::PicturePicker, set_text, state::Builder, text_in,
};
use heard_web::{components::Recorder, i18n::use_language};

#[component]
pub fn KindDetails(id: String, edit: EditSurvey, n: Signal<String>) -> impl IntoView {
    let language = use_language();
    let t = move || language.coordinator_messages();
    let builder = Builder::use_builder();
    let locale = builder.editing.get_untracked();
    let on_main = builder.main.get_untracked() == locale;
    let id = StoredValue::new(id);
    let kind = edit
        .current_untracked()
        .and_then(|s| id.with_value(|id| s.question(id).map(|q| q.kind.clone())));
    let change = move |f: Box<dyn FnOnce(&mut QuestionKind)>| {
        id.with_value(|id| edit.question(id, |q| f(&mut q.kind)))
    };
    match kind {
        Some(QuestionKind::Rating {
            low_label,
            high_label,
        }) => {
            let (low, high) = (StoredValue::new(low_label), StoredValue::new(high_label));
            view! {
                <TextField
                    label=Signal::derive(move || fill(t().builder_low, &[("n", &n.get()), ("language", locale.native_name())]))
                    initial=low.with_value(|x| text_in(x, locale))
                    lang=locale.tag()
                    on_change=move |value| change(Box::new(move |k| if let QuestionKind::Rating { low_label, .. } = k { set_text(low_label, locale, value) }))/>
                <TextField
                    label=Signal::derive(move || fill(t().builder_high, &[("n", &n.get()), ("language", locale.native_name())]))
                    initial=high.with_value(|x| text_in(x, locale))
                    lang=locale.tag()
                    on_change=move |value| change(Box::new(move |k| if let QuestionKind::Rating { high_label, .. } = k { set_text(high_label, locale, value) }))/>
            }
            .into_any()
        }
        Some(QuestionKind::Number { min, max }) if on_main => {
            let bound = move |value: String, is_min: bool| {
                let parsed = value.trim().parse::<f64>().ok().filter(|v| v.is_finite());
                change(Box::new(move |k| {
                    if let QuestionKind::Number { min, max } = k {
                        *(if is_min { min } else { max }) = parsed;
                    }
                }))
            };
            let show = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
            let (min_id, max_id) = (
                format!("{}-min", id.get_value()),
                format!("{}-max", id.get_value()),
            );
            view! {
                <div class="field">
                    <label for=min_id.clone()>{move || fill(t().builder_min, &[("n", &n.get())])}</label>
                    <input id=min_id type="number" inputmode="decimal" prop:value=show(min) on:input=move |ev| bound(event_target_value(&ev), true) />
                </div>
                <div class="field">
                    <label for=max_id.clone()>{move || fill(t().builder_max, &[("n", &n.get())])}</label>
                    <input id=max_id type="number" inputmode="decimal" prop:value=show(max) on:input=move |ev| bound(event_target_value(&ev), false) />
                </div>
            }
            .into_any()
        }
        Some(QuestionKind::SingleChoice { .. } | QuestionKind::MultipleChoice { .. }) => {
            view! { <Choices id=id.get_value() edit n locale on_main /> }.into_any()
        }
        _ => ().into_any(),
    }
}

#[component]
fn Choices(
    id: String,
    edit: EditSurvey,
    n: Signal<String>,
    locale: heard_core::i18n::Locale,
    on_main: bool,
) -> impl IntoView {
    let language = use_language();
    let t = move || language.coordinator_messages();
    let id = StoredValue::new(id);
    let kind = Memo::new(move |_| {
        edit.current()
            .and_then(|s| id.with_value(|id| s.question(id).map(|q| q.kind.clone())))
    });
    let choice_ids = Memo::new(move |_| {
        kind.get()
            .map(|k| k.choices().iter().map(|c| c.id.clone()).collect::<Vec<_>>())
            .unwrap_or_default()
    });
    let change = move |f: ChoicesEdit| {
        id.with_value(|id| {
            edit.question(id, |q| {
                if let Some(choices) = choices_mut(&mut q.kind) {
                    f(choices)
                }
            })
        })
    };
    let add = move |_| {
        let new = heard_web::browser::new_item_id();
        let focus = format!("{}-{new}-choice-text", id.get_value());
        change(Box::new(move |choices| {
            choices.push(Choice::new(&new, LocalText::default()));
        }));
        super::state::focus_soon(focus, None);
    };
    let is_multiple =
        Memo::new(move |_| matches!(kind.get(), Some(QuestionKind::MultipleChoice { .. })));
    let other = Memo::new(move |_| {
        matches!(
            kind.get(),
            Some(QuestionKind::MultipleChoice { other: true, .. })
        )
    });
    view! {
        <ol class="builder-choices">
            <For each=move || choice_ids.get() key=|c| c.clone() let:choice>
                {
                    let choice = StoredValue::new(choice);
                    let c = move || (choice_ids.get().iter().position(|x| choice.with_value(|c| x == c)).unwrap_or(0) + 1).to_string();
                    // Read when the row appears, so a choice added later shows its own text.
                    let now = kind.get_untracked().and_then(|k| k.choices().iter().find(|x| choice.with_value(|c| x.id == *c)).cloned());
                    let text = StoredValue::new(now.as_ref().map(|x| x.text.clone()).unwrap_or_default());
                    // Another language's box hints at the English words it translates.
                    let english = StoredValue::new(now.as_ref().and_then(|x| x.text.0.get("en").cloned()).filter(|_| locale != heard_core::i18n::Locale::English));
                    let easy = StoredValue::new(now.as_ref().map(|x| x.easy_read.clone()).unwrap_or_default());
                    let audio_key = now.and_then(|x| x.audio).unwrap_or_else(|| {
                        format!("prompt-{}", heard_core::id::DocId::from_random(heard_web::browser::random_bytes()).short())
                    });
                    let audio_key = StoredValue::new(audio_key);
                    let remove = move |_| change(Box::new(move |choices| choice.with_value(|c| choices.retain(|x| x.id != *c))));
                    view! {
                        <li>
                            <TextField
                                id=choice.with_value(|c| format!("{}-{c}-choice-text", id.get_value()))
                                label=Signal::derive(move || fill(t().builder_choice, &[("n", &n.get()), ("c", &c()), ("language", locale.native_name())]))
                                initial=text.with_value(|x| text_in(x, locale))
                                placeholder=Signal::derive(move || english.with_value(|e| e.clone()).unwrap_or_else(|| t().builder_new_choice.to_owned()))
                                lang=locale.tag()
                                on_change=move |value| change(Box::new(move |choices| {
                                    if let Some(x) = choices.iter_mut().find(|x| choice.with_value(|c| x.id == *c)) { set_text(&mut x.text, locale, value) }
                                })) />
                            <TextField
                                label=Signal::derive(move || fill(t().builder_choice_easy_read, &[("n", &n.get()), ("c", &c()), ("language", locale.native_name())]))
                                initial=easy.with_value(|x| text_in(x, locale))
                                lang=locale.tag()
                                on_change=move |value| change(Box::new(move |choices| {
                                    if let Some(x) = choices.iter_mut().find(|x| choice.with_value(|c| x.id == *c)) { set_text(&mut x.easy_read, locale, value) }
                                })) />
                            {on_main.then(|| view! {
                            <PicturePicker
                                search_label=Signal::derive(move || fill(t().builder_choice_picture, &[("n", &n.get()), ("c", &c())]))
                                remove_label=Signal::derive(move || fill(t().builder_choice_picture_remove, &[("n", &n.get()), ("c", &c())]))
                                current=Signal::derive(move || kind.get().and_then(|k| k.choices().iter().find(|x| choice.with_value(|c| x.id == *c)).and_then(|x| x.picture.clone())))
                                on_pick=Callback::new(move |picture: Option<String>| change(Box::new(move |choices| {
                                    if let Some(x) = choices.iter_mut().find(|x| choice.with_value(|c| x.id == *c)) { x.picture = picture }
                                }))) />
                            <Recorder
                                doc=edit.project_id()
                                key=audio_key.get_value()
                                has_audio=Signal::derive(move || kind.get().is_some_and(|k| k.choices().iter().any(|x| choice.with_value(|c| x.id == *c) && x.audio.is_some())))
                                record_label=Signal::derive(move || fill(t().builder_choice_record, &[("n", &n.get()), ("c", &c())]))
                                stop_label=Signal::derive(move || fill(t().builder_choice_stop, &[("n", &n.get()), ("c", &c())]))
                                caption=Signal::derive(move || fill(t().builder_choice_audio, &[("n", &n.get()), ("c", &c())]))
                                on_recorded=Callback::new(move |_mime: String| change(Box::new(move |choices| {
                                    if let Some(x) = choices.iter_mut().find(|x| choice.with_value(|c| x.id == *c)) { x.audio = Some(audio_key.get_value()) }
                                }))) />
                            <button type="button" class="secondary" on:click=remove>{move || fill(t().builder_remove_choice, &[("n", &n.get()), ("c", &c())])}</button>
                            })}
                        </li>
                    }
                }
            </For>
        </ol>
        {on_main.then(|| view! {
            <button type="button" class="secondary" on:click=add>{move || fill(t().builder_add_choice, &[("n", &n.get())])}</button>
        })}
        {move || (on_main && is_multiple.get()).then(|| view! {
            <div class="check">
                <input type="checkbox" id=format!("{}-other", id.get_value()) prop:checked=move || other.get()
                    on:change=move |ev| { let on = event_target_checked(&ev); id.with_value(|id| edit.question(id, |q| if let QuestionKind::MultipleChoice { other, .. } = &mut q.kind { *other = on })) } />
                <label for=format!("{}-other", id.get_value())>{fill(t().builder_other, &[("n", &n.get())])}</label>
            </div>
        })}
    }
}

fn choices_mut(kind: &mut QuestionKind) -> Option<&mut Vec<Choice>> {
    match kind {
        QuestionKind::SingleChoice { choices } | QuestionKind::MultipleChoice { choices, .. } => {
            Some(choices)
        }
        _ => None,
    }
}

type ChoicesEdit = Box<dyn FnOnce(&mut Vec<Choice>)>;
