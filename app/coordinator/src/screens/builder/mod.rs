//! The survey builder, made for a phone: one question shown in full at a
//! time (the others by their text and answer type, each with a button to
//! open it), and the texts of one language at a time, the first with every
//! setting. Every change is saved as it is made; a deleted question can be
//! brought back from where it was for a while. After each action focus
//! stays where the person is and a polite live region says what happened.
//! Problems that would stop the survey being used are listed as they arise,
//! in plain words, with the same checks an imported file must pass.

use heard_web::coordinator_messages::CoordinatorLanguage;
mod edit;
mod kind;
mod languages;
mod picture_picker;
mod question;
mod show_if;
mod state;
mod text_field;
mod translations;

use heard_core::{
    i18n::{Locale, fill},
    id::DocId,
    route::Route,
    survey::{LocalText, Question, QuestionKind, Section},
};
use leptos::prelude::*;

pub use edit::EditSurvey;
use heard_web::{
    components::Link, i18n::use_language, responses::use_responses, screens::NotFoundScreen,
};
use question::QuestionRow;
use state::{Builder, focus_soon};
use text_field::TextField;
use translations::Translations;

/// One row of the question list: a question, or Undo where one was deleted.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Row {
    Question(String),
    Undo(u64),
}

#[component]
pub fn BuilderScreen(project: DocId, survey: String) -> impl IntoView {
    let language = use_language();
    let responses = use_responses();
    let t = move || language.coordinator_messages();
    let edit = EditSurvey::new(project.clone(), survey, responses);
    if edit.current_untracked().is_none() {
        return view! { <NotFoundScreen /> }.into_any();
    }
    responses.prepare(&project);
    let languages = edit.languages();
    picture_picker::Catalogue::provide(languages.get_untracked());
    let initial = edit
        .current_untracked()
        .unwrap_or_else(|| unreachable!("checked above"));
    let builder = Builder::provide(languages, initial.questions.first().map(|q| q.id.clone()));
    let ids = Memo::new(move |_| {
        edit.current()
            .map(|s| s.questions.iter().map(|q| q.id.clone()).collect::<Vec<_>>())
            .unwrap_or_default()
    });
    let rows = Memo::new(move |_| {
        let mut rows: Vec<Row> = ids.get().into_iter().map(Row::Question).collect();
        if let Some((at, generation)) = builder
            .deleted
            .with(|d| d.as_ref().map(|d| (d.at, d.generation)))
        {
            rows.insert(at.min(rows.len()), Row::Undo(generation));
        }
        rows
    });
    let section_ids = Memo::new(move |_| {
        edit.current()
            .map(|s| s.sections.iter().map(|q| q.id.clone()).collect::<Vec<_>>())
            .unwrap_or_default()
    });
    let problems = Memo::new(move |_| {
        edit.current()
            .map(|s| {
                s.problems()
                    .iter()
                    .map(|p| p.message(language.coordinator_messages(), language.locale()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    // A published survey changes into a new version; say so.
    let has_responses = Memo::new(move |_| edit.has_responses());

    let add_question = move |_| {
        let id = heard_web::browser::new_item_id();
        let new = id.clone();
        edit.apply(|s| {
            s.questions.push(Question::new(
                &new,
                LocalText::default(),
                QuestionKind::FreeText,
            ))
        });
        builder.editing.set(builder.main.get_untracked());
        builder.open.set(Some(id.clone()));
        focus_soon(format!("{id}-text"), None);
    };
    let add_section = move |_| {
        edit.apply(|s| {
            let id = heard_web::browser::new_item_id();
            s.sections.push(Section {
                id,
                title: LocalText::english(t().builder_new_section),
            });
        });
    };
    let undo = move |_| {
        let Some(gone) = builder.deleted.get_untracked() else {
            return;
        };
        let id = gone.question.id.clone();
        let mut at = gone.at;
        edit.apply(|s| {
            at = gone.at.min(s.questions.len());
            s.questions.insert(at, gone.question)
        });
        builder.deleted.set(None);
        builder.open.set(Some(id.clone()));
        builder.announce(fill(t().builder_undone, &[("n", &(at + 1).to_string())]));
        focus_soon(format!("{id}-delete"), None);
    };

    view! {
        <p class="breadcrumb"><Link route=Route::Project { project }>{move || t().builder_done}</Link></p>
        <h1>{move || t().builder_title}</h1>
        <p class="hint">{move || t().builder_saved_hint}</p>
        <p class="visually-hidden" role="status" aria-live="polite" aria-label=move || t().builder_announcements>{move || builder.said().get()}</p>
        {move || has_responses.get().then(|| view! { <p class="notice" role="status">{t().builder_versions_note}</p> })}
        {move || {
            let list = problems.get();
            (!list.is_empty()).then(|| view! {
                <div class="field-error builder-problems" role="alert">
                    <p>{t().builder_problems}</p>
                    <ul>{list.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                </div>
            })
        }}
        <languages::LanguageTabs languages />
        {move || {
            let locale = builder.editing.get();
            let title = edit.current_untracked().map(|s| s.title).unwrap_or_default();
            view! {
                <TextField
                    label=Signal::derive(move || fill(t().builder_survey_title, &[("language", locale.native_name())]))
                    initial=text_in(&title, locale)
                    lang=locale.tag()
                    on_change=move |text| edit.apply(|s| set_text(&mut s.title, locale, text)) />
            }
        }}
        {move || builder.on_main().then(|| view! {
            <div class="check">
                <input type="checkbox" id="section-per-screen" prop:checked=initial.section_per_screen
                    on:change=move |ev| { let on = event_target_checked(&ev); edit.apply(|s| s.section_per_screen = on) } />
                <label for="section-per-screen">{move || t().builder_section_per_screen}</label>
            </div>
        })}

        <section aria-labelledby="sections-title">
            <h2 id="sections-title">{move || t().builder_sections}</h2>
            <For each=move || section_ids.get() key=|id| id.clone() let:id>
                {
                    let n = Memo::new({ let id = id.clone(); move |_| section_ids.get().iter().position(|s| *s == id).unwrap_or(0) + 1 });
                    let id = StoredValue::new(id);
                    move || {
                        let locale = builder.editing.get();
                        let initial = edit.current_untracked()
                            .and_then(|s| s.sections.into_iter().find(|s| id.with_value(|id| s.id == *id)))
                            .map(|s| s.title)
                            .unwrap_or_default();
                        view! {
                            <TextField
                                label=Signal::derive(move || fill(t().builder_section_title, &[("n", &n.get().to_string()), ("language", locale.native_name())]))
                                initial=text_in(&initial, locale)
                                lang=locale.tag()
                                on_change=move |text| edit.apply(|s| if let Some(section) = s.sections.iter_mut().find(|x| id.with_value(|id| x.id == *id)) { set_text(&mut section.title, locale, text) }) />
                        }
                    }
                }
            </For>
            {move || builder.on_main().then(|| view! {
                <button type="button" class="secondary" on:click=add_section>{t().builder_add_section}</button>
            })}
        </section>

        <section aria-labelledby="questions-title">
            <h2 id="questions-title">{move || t().builder_questions}</h2>
            <ol class="builder-questions">
                <For each=move || rows.get() key=|row| row.clone() let:row>
                    {match row {
                        Row::Question(id) => view! { <QuestionRow id edit /> }.into_any(),
                        Row::Undo(_) => view! {
                            <li class="notice undo builder-undo">
                                <span>{move || t().builder_deleted}</span>
                                " "
                                <button type="button" id="builder-undo" class="secondary" on:click=undo>{move || t().builder_undo}</button>
                            </li>
                        }.into_any(),
                    }}
                </For>
            </ol>
            <button type="button" class="primary" on:click=add_question>{move || t().builder_add_question}</button>
        </section>

        <Translations survey=Memo::new(move |_| edit.current()) languages />
    }
    .into_any()
}

/// The text of `text` in `locale` exactly (no fallback: the builder shows
/// what is missing).
pub fn text_in(text: &LocalText, locale: Locale) -> String {
    text.0.get(locale.tag()).cloned().unwrap_or_default()
}

/// Sets or clears the `locale` text of `text`.
pub fn set_text(text: &mut LocalText, locale: Locale, value: String) {
    if value.is_empty() {
        text.0.remove(locale.tag());
    } else {
        text.0.insert(locale.tag().to_owned(), value);
    }
}
