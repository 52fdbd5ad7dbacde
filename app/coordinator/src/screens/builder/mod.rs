//! The survey builder: title, sections and questions of one survey, edited in
//! place on a phone. Every change is saved as it is made; deleting a question
//! can be undone. Problems that would stop the survey being used (a show-if
//! pointing at a later question, a choice question with no choices) are
//! listed as they arise, with the same checks an imported file must pass.

mod edit;
mod kind;
mod picture_picker;
mod question;
mod text_field;
mod translations;

use heard_core::{
    i18n::{Locale, fill},
    id::DocId,
    route::Route,
    survey::{LocalText, Question, QuestionKind, Section, check_survey},
};
use leptos::prelude::*;

pub use edit::EditSurvey;
use heard_web::{
    components::{Link, UndoNotice},
    i18n::use_language,
    responses::use_responses,
    screens::NotFoundScreen,
};
use question::QuestionEditor;
use text_field::TextField;
use translations::Translations;

#[component]
pub fn BuilderScreen(project: DocId, survey: String) -> impl IntoView {
    let language = use_language();
    let responses = use_responses();
    let t = move || language.messages();
    let edit = EditSurvey::new(project.clone(), survey, responses);
    if edit.current_untracked().is_none() {
        return view! { <NotFoundScreen /> }.into_any();
    }
    responses.prepare(&project);
    let languages = edit.languages();
    picture_picker::Catalogue::provide(languages.get_untracked());
    let ids = Memo::new(move |_| {
        edit.current()
            .map(|s| s.questions.iter().map(|q| q.id.clone()).collect::<Vec<_>>())
            .unwrap_or_default()
    });
    let section_ids = Memo::new(move |_| {
        edit.current()
            .map(|s| s.sections.iter().map(|q| q.id.clone()).collect::<Vec<_>>())
            .unwrap_or_default()
    });
    let problem = Memo::new(move |_| {
        edit.current()
            .and_then(|s| check_survey(&s).err())
            .map(|e| e.to_string())
    });
    // A published survey changes into a new version; say so.
    let has_responses = Memo::new(move |_| edit.has_responses());
    let deleted = RwSignal::new(None::<(usize, Question)>);
    let initial = edit
        .current_untracked()
        .unwrap_or_else(|| unreachable!("checked above"));

    let add_question = move |_| {
        edit.apply(|s| {
            let id = heard_web::browser::new_item_id();
            s.questions.push(Question::new(
                &id,
                LocalText::english(t().builder_new_question),
                QuestionKind::FreeText,
            ));
        });
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
    let undo = move |()| {
        if let Some((index, question)) = deleted.get() {
            edit.apply(|s| s.questions.insert(index.min(s.questions.len()), question));
            deleted.set(None);
        }
    };
    let title = StoredValue::new(initial.title.clone());

    view! {
        <p class="breadcrumb"><Link route=Route::Project { project }>{move || t().builder_done}</Link></p>
        <h1>{move || t().builder_title}</h1>
        <p class="hint">{move || t().builder_saved_hint}</p>
        {move || has_responses.get().then(|| view! { <p class="notice" role="status">{t().builder_versions_note}</p> })}
        <p class="field-error" role="alert">{move || problem.get().map(|p| format!("{} {p}", t().builder_problems))}</p>
        <For each=move || languages.get() key=|l| *l let:locale>
            <TextField
                label=Signal::derive(move || fill(t().builder_survey_title, &[("language", locale.native_name())]))
                initial=title.with_value(|t| text_in(t, locale))
                on_change=move |text| edit.apply(|s| set_text(&mut s.title, locale, text)) />
        </For>
        <div class="check">
            <input type="checkbox" id="section-per-screen" prop:checked=initial.section_per_screen
                on:change=move |ev| { let on = event_target_checked(&ev); edit.apply(|s| s.section_per_screen = on) } />
            <label for="section-per-screen">{move || t().builder_section_per_screen}</label>
        </div>

        <Translations survey=Memo::new(move |_| edit.current()) languages />

        <section aria-labelledby="sections-title">
            <h2 id="sections-title">{move || t().builder_sections}</h2>
            <For each=move || section_ids.get() key=|id| id.clone() let:id>
                {
                    let n = Memo::new({ let id = id.clone(); move |_| section_ids.get().iter().position(|s| *s == id).unwrap_or(0) + 1 });
                    let initial = edit.current_untracked().and_then(|s| s.sections.into_iter().find(|s| s.id == id)).map(|s| s.title).unwrap_or_default();
                    view! {
                        <For each=move || languages.get() key=|l| *l let:locale>
                            {
                                let id = id.clone();
                                view! {
                                    <TextField
                                        label=Signal::derive(move || fill(t().builder_section_title, &[("n", &n.get().to_string()), ("language", locale.native_name())]))
                                        initial=text_in(&initial, locale)
                                        on_change=move |text| edit.apply(|s| if let Some(section) = s.sections.iter_mut().find(|x| x.id == id) { set_text(&mut section.title, locale, text) }) />
                                }
                            }
                        </For>
                    }
                }
            </For>
            <button type="button" class="secondary" on:click=add_section>{move || t().builder_add_section}</button>
        </section>

        <section aria-labelledby="questions-title">
            <h2 id="questions-title">{move || t().builder_questions}</h2>
            <ol class="builder-questions">
                <For each=move || ids.get() key=|id| id.clone() let:id>
                    <QuestionEditor id edit deleted />
                </For>
            </ol>
            <UndoNotice
                message=Signal::derive(move || deleted.with(|d| d.as_ref().map(|_| t().builder_deleted)))
                on_undo=Callback::new(undo) />
            <button type="button" class="primary" on:click=add_question>{move || t().builder_add_question}</button>
        </section>
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
