//! One question in the builder: its text in each language, easy-read text,
//! answer type, whether it must be answered, section, show-if rule, and
//! move, duplicate and delete.

use heard_core::{
    i18n::fill,
    response::{Answer, Feeling},
    survey::{Question, QuestionKind, ShowIf, Survey},
};
use leptos::prelude::*;

use super::{
    EditSurvey, TextField, kind::KindDetails, picture_picker::PicturePicker, set_text, text_in,
};
use heard_web::{components::Recorder, i18n::use_language};

#[component]
pub fn QuestionEditor(
    id: String,
    edit: EditSurvey,
    deleted: RwSignal<Option<(usize, Question)>>,
) -> impl IntoView {
    let language = use_language();
    let t = move || language.messages();
    let id = StoredValue::new(id);
    let index = Memo::new(move |_| {
        edit.current()
            .and_then(|s| {
                s.questions
                    .iter()
                    .position(|q| id.with_value(|id| q.id == *id))
            })
            .unwrap_or(0)
    });
    let n = move || (index.get() + 1).to_string();
    let with_n = move |template: &str| fill(template, &[("n", &n())]);
    let initial = edit
        .current_untracked()
        .and_then(|s| id.with_value(|id| s.question(id).cloned()))
        .unwrap_or_else(|| Question::new("", Default::default(), QuestionKind::FreeText));
    let kind = Memo::new(move |_| {
        edit.current()
            .and_then(|s| id.with_value(|id| s.question(id).map(|q| kind_tag(&q.kind))))
            .unwrap_or("free_text")
    });
    let sections = Memo::new(move |_| {
        edit.current()
            .map(|s| {
                s.sections
                    .iter()
                    .map(|x| (x.id.clone(), x.title.get(language.locale()).0.to_owned()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    let conditions = Memo::new(move |_| {
        edit.current()
            .map(|s| conditions(&s, index.get(), language.messages(), language.locale()))
            .unwrap_or_default()
    });
    let change = move |f: Box<dyn FnOnce(&mut Question)>| id.with_value(|id| edit.question(id, f));
    let languages = edit.languages();
    let (text, easy_read) = (
        StoredValue::new(initial.text.clone()),
        StoredValue::new(initial.easy_read.clone()),
    );
    // Read live: the option lists below are rebuilt when other questions
    // change, and must keep showing what is chosen now.
    let question_now = move || {
        edit.current()
            .and_then(|s| id.with_value(|id| s.question(id).cloned()))
    };
    let section = Memo::new(move |_| question_now().and_then(|q| q.section).unwrap_or_default());
    let show_if = Memo::new(move |_| {
        question_now()
            .and_then(|q| q.show_if.as_ref().map(condition_value))
            .unwrap_or_default()
    });

    // The key the recorded question is kept under in the project document.
    let audio_key = StoredValue::new(initial.audio.clone().unwrap_or_else(|| {
        format!(
            "prompt-{}",
            heard_core::id::DocId::from_random(heard_web::browser::random_bytes()).short()
        )
    }));

    let move_by = move |delta: isize| {
        edit.apply(|s| {
            let from = index.get_untracked();
            let to = from as isize + delta;
            if to >= 0 && (to as usize) < s.questions.len() {
                s.questions.swap(from, to as usize);
            }
        })
    };
    let duplicate = move |_| {
        edit.apply(|s| {
            let from = index.get_untracked();
            let mut copy = s.questions[from].clone();
            copy.id = heard_web::browser::new_item_id();
            s.questions.insert(from + 1, copy);
        })
    };
    let delete = move |_| {
        let at = index.get_untracked();
        edit.apply(|s| {
            let removed = s.questions.remove(at);
            deleted.set(Some((at, removed)));
        })
    };

    view! {
        <li class="card builder-question">
            <fieldset>
                <legend>{move || with_n(t().builder_question)}</legend>
                <For each=move || languages.get() key=|l| *l let:locale>
                    <TextField
                        label=Signal::derive(move || fill(t().builder_question_text, &[("n", &n()), ("language", locale.native_name())]))
                        initial=text.with_value(|t| text_in(t, locale))
                        on_change=move |value| change(Box::new(move |q| set_text(&mut q.text, locale, value))) />
                    <TextField
                        label=Signal::derive(move || fill(t().builder_easy_read, &[("n", &n()), ("language", locale.native_name())]))
                        initial=easy_read.with_value(|t| text_in(t, locale))
                        on_change=move |value| change(Box::new(move |q| set_text(&mut q.easy_read, locale, value))) />
                </For>
                <PicturePicker
                    search_label=Signal::derive(move || with_n(t().builder_picture))
                    remove_label=Signal::derive(move || with_n(t().builder_picture_remove))
                    current=Signal::derive(move || question_now().and_then(|q| q.picture))
                    on_pick=Callback::new(move |picture: Option<String>| change(Box::new(move |q| q.picture = picture))) />
                <Recorder
                    doc=edit.project_id()
                    key=audio_key.get_value()
                    has_audio=Signal::derive(move || question_now().is_some_and(|q| q.audio.is_some()))
                    record_label=Signal::derive(move || with_n(t().builder_record))
                    stop_label=Signal::derive(move || with_n(t().builder_stop))
                    caption=Signal::derive(move || with_n(t().builder_audio))
                    on_recorded=Callback::new(move |_mime: String| { let key = audio_key.get_value(); change(Box::new(move |q| q.audio = Some(key))) }) />
                <div class="field">
                    <label for=move || format!("{}-kind", id.get_value())>{move || with_n(t().builder_kind)}</label>
                    <select id=move || format!("{}-kind", id.get_value())
                        on:change=move |ev| { let tag = event_target_value(&ev); let m = t(); change(Box::new(move |q| q.kind = convert(&tag, &q.kind, m))) }>
                        {KINDS.iter().map(|(tag, label)| view! {
                            <option value=*tag selected=move || kind.get() == *tag>{move || label(t())}</option>
                        }).collect_view()}
                    </select>
                </div>
                {move || { kind.track(); view! { <KindDetails id=id.get_value() edit n=Signal::derive(n) /> } }}
                <div class="check">
                    <input type="checkbox" id=move || format!("{}-required", id.get_value()) prop:checked=initial.required
                        on:change=move |ev| { let on = event_target_checked(&ev); change(Box::new(move |q| q.required = on)) } />
                    <label for=move || format!("{}-required", id.get_value())>{move || with_n(t().builder_required)}</label>
                </div>
                {move || (!sections.get().is_empty()).then(|| { let section = section.get(); view! {
                    <div class="field">
                        <label for=format!("{}-section", id.get_value())>{with_n(t().builder_section)}</label>
                        <select id=format!("{}-section", id.get_value())
                            on:change=move |ev| { let value = event_target_value(&ev); change(Box::new(move |q| q.section = (!value.is_empty()).then_some(value))) }>
                            <option value="" selected=section.is_empty()>{t().builder_no_section}</option>
                            {sections.get().into_iter().map(|(value, title)| view! {
                                <option value=value.clone() selected=value == section>{title}</option>
                            }).collect_view()}
                        </select>
                    </div>
                }})}
                <div class="field">
                    <label for=move || format!("{}-show-if", id.get_value())>{move || with_n(t().builder_show_if)}</label>
                    <select id=move || format!("{}-show-if", id.get_value())
                        on:change=move |ev| { let value = event_target_value(&ev); change(Box::new(move |q| q.show_if = parse_condition(&value))) }>
                        <option value="" selected=move || show_if.get().is_empty()>{move || t().builder_always}</option>
                        {move || conditions.get().into_iter().map(|(value, label)| {
                            let selected = value == show_if.get_untracked();
                            view! { <option value=value selected=selected>{label}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="actions">
                    <button type="button" class="secondary" on:click=move |_| move_by(-1) disabled=move || index.get() == 0>{move || with_n(t().builder_move_up)}</button>
                    <button type="button" class="secondary" on:click=move |_| move_by(1)
                        disabled=move || edit.current().is_none_or(|s| index.get() + 1 >= s.questions.len())>{move || with_n(t().builder_move_down)}</button>
                    <button type="button" class="secondary" on:click=duplicate>{move || with_n(t().builder_duplicate)}</button>
                    <button type="button" class="danger" on:click=delete>{move || with_n(t().builder_delete)}</button>
                </div>
            </fieldset>
        </li>
    }
}

type KindLabel = fn(&heard_core::i18n::Messages) -> &'static str;

const KINDS: [(&str, KindLabel); 7] = [
    ("rating", |m| m.kind_rating),
    ("picture_scale", |m| m.kind_picture_scale),
    ("single_choice", |m| m.kind_single),
    ("multiple_choice", |m| m.kind_multiple),
    ("free_text", |m| m.kind_free_text),
    ("number", |m| m.kind_number),
    ("date", |m| m.kind_date),
];

fn kind_tag(kind: &QuestionKind) -> &'static str {
    match kind {
        QuestionKind::Rating { .. } => "rating",
        QuestionKind::PictureScale => "picture_scale",
        QuestionKind::SingleChoice { .. } => "single_choice",
        QuestionKind::MultipleChoice { .. } => "multiple_choice",
        QuestionKind::FreeText => "free_text",
        QuestionKind::Number { .. } => "number",
        QuestionKind::Date => "date",
        QuestionKind::Newer => "newer",
    }
}

/// The new kind chosen in the select, keeping choices when moving between
/// single and multiple choice.
fn convert(tag: &str, old: &QuestionKind, t: &heard_core::i18n::Messages) -> QuestionKind {
    use heard_core::survey::{Choice, LocalText};
    let choices = if old.choices().is_empty() {
        vec![
            Choice::new(
                &heard_web::browser::new_item_id(),
                LocalText::english(t.builder_new_choice),
            ),
            Choice::new(
                &heard_web::browser::new_item_id(),
                LocalText::english(t.builder_new_choice),
            ),
        ]
    } else {
        old.choices().to_vec()
    };
    match tag {
        "rating" => QuestionKind::Rating {
            low_label: LocalText::english(t.builder_default_low),
            high_label: LocalText::english(t.builder_default_high),
        },
        "picture_scale" => QuestionKind::PictureScale,
        "single_choice" => QuestionKind::SingleChoice { choices },
        "multiple_choice" => QuestionKind::MultipleChoice {
            choices,
            other: false,
        },
        "number" => QuestionKind::Number {
            min: None,
            max: None,
        },
        "date" => QuestionKind::Date,
        _ => QuestionKind::FreeText,
    }
}

/// The show-if choices for question `index`: every answer of an earlier
/// choice or picture-scale question, as (value, label).
fn conditions(
    survey: &Survey,
    index: usize,
    t: &heard_core::i18n::Messages,
    locale: heard_core::i18n::Locale,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, q) in survey.questions.iter().enumerate().take(index) {
        let mut add = |answer: Answer, label: &str| {
            let rule = ShowIf {
                question: q.id.clone(),
                equals: answer,
            };
            let text = fill(
                t.builder_show_when,
                &[("q", &(i + 1).to_string()), ("answer", label)],
            );
            out.push((condition_value(&rule), text));
        };
        match &q.kind {
            QuestionKind::PictureScale => {
                for (feeling, label) in [
                    (Feeling::Happy, t.feeling_happy),
                    (Feeling::NotSure, t.feeling_not_sure),
                    (Feeling::Unhappy, t.feeling_unhappy),
                ] {
                    add(Answer::Feeling(feeling), label);
                }
            }
            kind => {
                for choice in kind.choices() {
                    add(Answer::Choice(choice.id.clone()), choice.text.get(locale).0);
                }
            }
        }
    }
    out
}

/// A show-if rule as an option value (its JSON).
fn condition_value(rule: &ShowIf) -> String {
    serde_json::to_string(rule).unwrap_or_default()
}

fn parse_condition(value: &str) -> Option<ShowIf> {
    serde_json::from_str(value).ok()
}
