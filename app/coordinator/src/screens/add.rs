//! Adding to a project: a built-in template or guide, a new empty survey for
//! the builder, or a survey file. An import either adds the whole survey or
//! changes nothing and says why. A screen of the coordinator's module: the
//! templates and the file's checks stay out of the first screen.

use heard_core::{
    guide::tea_and_talk,
    i18n::{Locale, fill},
    id::DocId,
    project::Project,
    route::Route,
    survey::{
        ImportError, LocalText, MAX_FILE_BYTES, Question, QuestionKind, Survey, built_in_surveys,
        import,
    },
};
use heard_web::coordinator_messages::CoordinatorLanguage;
use leptos::prelude::*;

use heard_web::{
    components::Link, i18n::use_language, navigation::use_navigator, responses::use_responses,
    screens::NotFoundScreen, screens::project::EditProject,
};

#[component]
pub fn AddScreen(project: DocId) -> impl IntoView {
    let responses = use_responses();
    let language = use_language();
    let t = move || language.coordinator_messages();
    let Some(current) = responses.project(&project) else {
        return view! { <NotFoundScreen /> }.into_any();
    };
    let edit = EditProject(StoredValue::new(project.clone()), responses);
    view! {
        <p class="breadcrumb"><Link route=Route::Project { project: project.clone() }>{move || t().review_home}</Link></p>
        <h1>{current.name.clone()}</h1>
        <AddSurvey project edit />
    }
    .into_any()
}

#[component]
fn AddSurvey(project: DocId, edit: EditProject) -> impl IntoView {
    let language = use_language();
    let navigator = use_navigator();
    let t = move || language.coordinator_messages();
    let project = StoredValue::new(project);
    let message = RwSignal::new(None::<Result<String, String>>);
    // Said when the project already had a survey of that title.
    let copy_named = move |title: &str, copy: &LocalText| {
        fill(
            t().project_added_copy,
            &[("title", title), ("copy", copy.get(language.locale()).0)],
        )
    };

    // Templates are written in every language the project offers that has a
    // catalog, so they are read first (from the cache when offline).
    let languages = move || {
        edit.1
            .project(&project.get_value())
            .map(|p| {
                p.languages
                    .iter()
                    .filter_map(|t| Locale::from_tag(t))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let templates = built_in_surveys(&[language.catalog()])
        .into_iter()
        .enumerate()
        .map(|(index, survey)| {
            let title = survey.title.get(language.locale()).0.to_owned();
            let named = title.clone();
            let add = move |_| {
                let title = named.clone();
                leptos::task::spawn_local(async move {
                    let catalogs = language.catalogs(&languages()).await;
                    if let Some(survey) = built_in_surveys(&catalogs).into_iter().nth(index) {
                        let mut renamed = None;
                        let added = edit.apply(|p| renamed = add_survey(p, survey, t()));
                        message.set(match (added, renamed) {
                            (Ok(()), Some(copy)) => Some(Ok(copy_named(&title, &copy))),
                            (Ok(()), None) => Some(Ok(fill(t().project_added, &[("title", &title)]))),
                            (Err(e), _) => Some(Err(e.to_string())),
                        });
                    }
                });
            };
            view! { <li><button type="button" class="secondary" on:click=add>{fill(t().project_add_template, &[("title", &title)])}</button></li> }
        })
        .collect_view();
    let guide_title = tea_and_talk(&[language.catalog()])
        .title
        .get(language.locale())
        .0
        .to_owned();
    let add_guide = move |_| {
        leptos::task::spawn_local(async move {
            let mut guide = tea_and_talk(&language.catalogs(&languages()).await);
            let title = guide.title.get(language.locale()).0.to_owned();
            let added = edit.apply(|p| {
                guide.id = heard_web::browser::new_item_id();
                p.guides.push(guide);
            });
            message.set(Some(match added {
                Ok(()) => Ok(fill(t().project_added, &[("title", &title)])),
                Err(e) => Err(e.to_string()),
            }));
        });
    };
    let new_survey = move |_| {
        let mut id = String::new();
        let ok = edit.apply(|p| {
            id = heard_web::browser::new_item_id();
            // Empty, so the builder shows "New question" as a hint to type
            // over rather than words to delete first.
            let first = Question::new(
                &heard_web::browser::new_item_id(),
                LocalText::default(),
                QuestionKind::FreeText,
            );
            p.surveys.push(Survey {
                id: id.clone(),
                title: LocalText::english(t().builder_new_survey),
                sections: Vec::new(),
                section_per_screen: false,
                archived: false,
                questions: vec![first],
            });
        });
        if ok.is_ok() {
            navigator.go(Route::Builder {
                project: project.get_value(),
                survey: id,
            });
        }
    };
    let on_file = move |ev: leptos::ev::Event| {
        let Some(file) = heard_web::browser::chosen_file(&ev) else {
            return;
        };
        leptos::task::spawn_local(async move {
            let result = read_file(&file).await.and_then(|bytes| import(&bytes));
            let failed = |reason: &str| Err(fill(t().project_import_failed, &[("reason", reason)]));
            message.set(Some(match result {
                Ok(survey) => {
                    let title = survey.title.get(language.locale()).0.to_owned();
                    let mut renamed = None;
                    match edit.apply(|p| renamed = add_survey(p, survey, t())) {
                        Ok(()) => Ok(match renamed {
                            Some(copy) => copy_named(&title, &copy),
                            None => fill(t().project_import_done, &[("title", &title)]),
                        }),
                        Err(e) => failed(&e.to_string()),
                    }
                }
                Err(e) => failed(&e.message(t(), language.locale())),
            }));
        });
    };

    view! {
        <section aria-labelledby="add-title">
            <h2 id="add-title">{move || t().project_add}</h2>
            <ul class="templates">
                {templates}
                <li><button type="button" class="secondary" on:click=add_guide>{fill(t().project_add_template, &[("title", &guide_title)])}</button></li>
                <li><button type="button" class="secondary" on:click=new_survey>{move || t().project_new_survey}</button></li>
            </ul>
            <label class="file-picker" for="import-file">{move || t().project_import}</label>
            <input id="import-file" type="file" accept=".json,application/json" on:change=on_file />
            {move || match message.get() {
                Some(Ok(text)) => view! { <p class="notice" role="status">{text}</p> }.into_any(),
                Some(Err(text)) => view! { <p class="field-error" role="alert">{text}</p> }.into_any(),
                None => ().into_any(),
            }}
        </section>
    }
}

/// Adds `survey` under a new random id, so two devices adding the same
/// template never make the same survey; a second copy of a title is
/// numbered, and its new title returned.
fn add_survey(
    project: &mut Project,
    survey: Survey,
    t: &heard_core::i18n::CoordinatorMessages,
) -> Option<LocalText> {
    project.add_survey(survey, heard_web::browser::new_item_id(), t.survey_numbered)
}

/// The bytes of a picked file, refusing one too large to be a survey before
/// reading it into memory.
async fn read_file(file: &web_sys::File) -> Result<Vec<u8>, ImportError> {
    let size = file.size() as usize;
    if size > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge { bytes: size });
    }
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| ImportError::Unreadable)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}
