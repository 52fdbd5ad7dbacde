//! One question in the builder. Closed, it is its number, text and answer
//! type with a button to open it; open, its texts in the language being
//! edited and, on the main language's page, its answer type, whether it must
//! be answered, section, show-if rule, and move, duplicate and delete.

use heard_core::{
    i18n::{Locale, fill},
    survey::{Question, QuestionKind},
};
use heard_web::coordinator_messages::CoordinatorLanguage;
use leptos::prelude::*;

use super::{
    EditSurvey, TextField,
    kind::KindDetails,
    picture_picker::PicturePicker,
    set_text,
    show_if::ShowIfField,
    state::{Builder, focus_soon},
    text_in,
};
use heard_web::{components::Recorder, i18n::use_language};

#[component]
pub fn QuestionRow(id: String, edit: EditSurvey) -> impl IntoView {
    let language = use_language();
    let t = move || language.coordinator_messages();
    let builder = Builder::use_builder();
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
    let n = Signal::derive(move || (index.get() + 1).to_string());
    let is_open = Memo::new(move |_| {
        builder
            .open
            .with(|o| id.with_value(|id| o.as_ref() == Some(id)))
    });
    let summary = Memo::new(move |_| {
        let q = edit
            .current()
            .and_then(|s| id.with_value(|id| s.question(id).cloned()));
        let text = q
            .as_ref()
            .map(|q| q.text.get(language.locale()).0.trim().to_owned())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| t().builder_no_text_yet.to_owned());
        let kind = q.map(|q| kind_label(&q.kind, t())).unwrap_or_default();
        (text, kind)
    });
    let open = move |_| {
        builder.open.set(Some(id.get_value()));
        focus_soon(format!("{}-text", id.get_value()), None);
    };
    view! {
        <li class="card builder-question" class:open=move || is_open.get()>
            {move || if is_open.get() {
                view! { <QuestionEditor id=id.get_value() edit index n /> }.into_any()
            } else {
                view! {
                    <fieldset class="closed">
                        <legend>{move || fill(t().builder_question, &[("n", &n.get())])}</legend>
                        <p class="question-summary">
                            <span class="summary-text">{move || summary.get().0}</span>
                            <span class="summary-kind">{move || summary.get().1}</span>
                        </p>
                        <button type="button" class="secondary" id=format!("{}-open", id.get_value()) on:click=open>
                            {move || fill(t().builder_edit_question, &[("n", &n.get())])}
                        </button>
                    </fieldset>
                }.into_any()
            }}
        </li>
    }
}

#[component]
fn QuestionEditor(
    id: String,
    edit: EditSurvey,
    index: Memo<usize>,
    n: Signal<String>,
) -> impl IntoView {
    let language = use_language();
    let t = move || language.coordinator_messages();
    let builder = Builder::use_builder();
    let id = StoredValue::new(id);
    let with_n = move |template: &str| fill(template, &[("n", &n.get())]);
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
    let change = move |f: Box<dyn FnOnce(&mut Question)>| id.with_value(|id| edit.question(id, f));
    // Read live: the option lists below are rebuilt when other questions
    // change, and must keep showing what is chosen now.
    let question_now = move || {
        edit.current()
            .and_then(|s| id.with_value(|id| s.question(id).cloned()))
    };
    let section = Memo::new(move |_| question_now().and_then(|q| q.section).unwrap_or_default());

    // The key the recorded question is kept under in the project document.
    let audio_key = StoredValue::new(initial.audio.clone().unwrap_or_else(|| {
        format!(
            "prompt-{}",
            heard_core::id::DocId::from_random(heard_web::browser::random_bytes()).short()
        )
    }));
    let qid = move |part: &str| format!("{}-{part}", id.get_value());

    let move_by = move |delta: isize| {
        let from = index.get_untracked();
        let to = from as isize + delta;
        let mut moved = false;
        edit.apply(|s| {
            if to >= 0 && (to as usize) < s.questions.len() {
                s.questions.swap(from, to as usize);
                moved = true;
            }
        });
        if moved {
            builder.announce(fill(
                t().builder_moved,
                &[
                    ("from", &(from + 1).to_string()),
                    ("n", &(to + 1).to_string()),
                ],
            ));
            // The same button, unless the question reached an end and it is
            // now disabled: then the other one.
            let (same, other) = if delta < 0 {
                ("up", "down")
            } else {
                ("down", "up")
            };
            focus_soon(qid(same), Some(qid(other)));
        }
    };
    let duplicate = move |_| {
        let from = index.get_untracked();
        let copy_id = heard_web::browser::new_item_id();
        let new = copy_id.clone();
        // " (copy)" in each language, in that language's words where its
        // catalog is loaded (English otherwise).
        let catalogs = builder.catalogs.get_untracked();
        edit.apply(|s| {
            let mut copy = s.questions[from].clone();
            copy.id = new;
            for (tag, text) in copy.text.0.iter_mut() {
                let messages = Locale::from_tag(tag)
                    .and_then(|l| catalogs.iter().find(|c| c.locale == l))
                    .and_then(|c| heard_web::coordinator_messages::of_catalog(c).ok())
                    .unwrap_or(heard_core::i18n::CoordinatorMessages::english());
                *text = fill(messages.builder_copy, &[("text", text)]);
            }
            s.questions.insert(from + 1, copy);
        });
        builder.open.set(Some(copy_id.clone()));
        builder.announce(fill(
            t().builder_duplicated,
            &[
                ("n", &(from + 2).to_string()),
                ("from", &(from + 1).to_string()),
            ],
        ));
        focus_soon(format!("{copy_id}-text"), None);
    };
    let delete = move |_| {
        let at = index.get_untracked();
        let mut gone = None;
        edit.apply(|s| gone = Some(s.questions.remove(at)));
        if let Some(question) = gone {
            let named = heard_core::survey::QuestionRef {
                number: at + 1,
                text: question.text.clone(),
            }
            .said(t(), language.locale());
            builder.keep_deleted(at, question);
            builder.open.set(None);
            builder.announce(fill(t().builder_deleted_announce, &[("question", &named)]));
            focus_soon("builder-undo".into(), None);
        }
    };

    view! {
        <fieldset>
            <legend>{move || with_n(t().builder_question)}</legend>
            {move || {
                let locale = builder.editing.get();
                // Untracked: the boxes are made once per language shown, and
                // then left to the person typing.
                let now = edit
                    .current_untracked()
                    .and_then(|s| id.with_value(|id| s.question(id).cloned()))
                    .unwrap_or_else(|| initial.clone());
                let english = now.text.0.get("en").cloned().filter(|_| locale != Locale::English);
                let hint = Signal::derive(move || english.clone().unwrap_or_else(|| t().builder_new_question.to_owned()));
                view! {
                    <TextField
                        id=qid("text")
                        label=Signal::derive(move || fill(t().builder_question_text, &[("n", &n.get()), ("language", locale.native_name())]))
                        initial=text_in(&now.text, locale)
                        placeholder=hint
                        lang=locale.tag()
                        on_change=move |value| change(Box::new(move |q| set_text(&mut q.text, locale, value))) />
                    <TextField
                        label=Signal::derive(move || fill(t().builder_easy_read, &[("n", &n.get()), ("language", locale.native_name())]))
                        initial=text_in(&now.easy_read, locale)
                        lang=locale.tag()
                        on_change=move |value| change(Box::new(move |q| set_text(&mut q.easy_read, locale, value))) />
                }
            }}
            {move || builder.on_main().then(|| view! {
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
                    <label for=qid("kind")>{move || with_n(t().builder_kind)}</label>
                    <select id=qid("kind")
                        on:change=move |ev| { let tag = event_target_value(&ev); let m = t(); change(Box::new(move |q| q.kind = convert(&tag, &q.kind, m))) }>
                        {KINDS.iter().map(|(tag, label)| view! {
                            <option value=*tag selected=move || kind.get() == *tag>{move || label(t())}</option>
                        }).collect_view()}
                    </select>
                </div>
            })}
            {move || { kind.track(); builder.editing.track(); view! { <KindDetails id=id.get_value() edit n /> } }}
            {move || builder.on_main().then(|| view! {
                <div class="check">
                    <input type="checkbox" id=qid("required") prop:checked=move || question_now().is_some_and(|q| q.required)
                        on:change=move |ev| { let on = event_target_checked(&ev); change(Box::new(move |q| q.required = on)) } />
                    <label for=qid("required")>{move || with_n(t().builder_required)}</label>
                </div>
                {move || (!sections.get().is_empty()).then(|| { let section = section.get(); view! {
                    <div class="field">
                        <label for=qid("section")>{with_n(t().builder_section)}</label>
                        <select id=qid("section")
                            on:change=move |ev| { let value = event_target_value(&ev); change(Box::new(move |q| q.section = (!value.is_empty()).then_some(value))) }>
                            <option value="" selected=section.is_empty()>{t().builder_no_section}</option>
                            {sections.get().into_iter().map(|(value, title)| view! {
                                <option value=value.clone() selected=value == section>{title}</option>
                            }).collect_view()}
                        </select>
                    </div>
                }})}
                <ShowIfField id=id.get_value() edit index n />
                <div class="actions">
                    <button type="button" class="secondary" id=qid("up") on:click=move |_| move_by(-1) disabled=move || index.get() == 0>{move || with_n(t().builder_move_up)}</button>
                    <button type="button" class="secondary" id=qid("down") on:click=move |_| move_by(1)
                        disabled=move || edit.current().is_none_or(|s| index.get() + 1 >= s.questions.len())>{move || with_n(t().builder_move_down)}</button>
                    <button type="button" class="secondary" id=qid("duplicate") on:click=duplicate>{move || with_n(t().builder_duplicate)}</button>
                    <button type="button" class="danger" id=qid("delete") on:click=delete>{move || with_n(t().builder_delete)}</button>
                </div>
            })}
        </fieldset>
    }
}

/// The answer type's name, as the closed question shows it.
fn kind_label(kind: &QuestionKind, t: &heard_core::i18n::CoordinatorMessages) -> String {
    let tag = kind_tag(kind);
    KINDS
        .iter()
        .find(|(k, _)| *k == tag)
        .map(|(_, label)| label(t).to_owned())
        .unwrap_or_default()
}

type KindLabel = fn(&heard_core::i18n::CoordinatorMessages) -> &'static str;

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
fn convert(
    tag: &str,
    old: &QuestionKind,
    t: &heard_core::i18n::CoordinatorMessages,
) -> QuestionKind {
    use heard_core::survey::{Choice, LocalText};
    let choices = if old.choices().is_empty() {
        vec![
            Choice::new(&heard_web::browser::new_item_id(), LocalText::default()),
            Choice::new(&heard_web::browser::new_item_id(), LocalText::default()),
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
