//! One project: what it offers (surveys and conversation guides, with ways to
//! add more), what came in (drafts, completed responses and sessions, newest
//! first, with counts and a date filter), and its settings.

mod items;
mod settings;
mod sharing;
mod surveys;

use heard_core::{i18n::Locale, id::DocId, project::Project, route::Route};
use leptos::prelude::*;

use crate::{
    components::Link, i18n::use_language, responses::use_responses, screens::NotFoundScreen,
};

/// Changes the project on screen: applies `edit` to the latest copy and
/// saves it, if the result is a valid project.
#[derive(Clone, Copy)]
pub struct EditProject(pub StoredValue<DocId>, pub crate::responses::Responses);

impl EditProject {
    pub fn apply(
        &self,
        edit: impl FnOnce(&mut Project),
    ) -> Result<(), heard_core::project::ProjectError> {
        let id = self.0.get_value();
        let Some(mut project) = self.1.project(&id) else {
            return Ok(());
        };
        edit(&mut project);
        project.check()?;
        self.1.save_project(&id, project);
        Ok(())
    }
}

#[component]
pub fn ProjectScreen(project: DocId) -> impl IntoView {
    let language = use_language();
    let responses = use_responses();
    let t = move || language.messages();
    let id = project.clone();
    let current = Memo::new(move |_| responses.project(&id));
    if current.get_untracked().is_none() {
        return view! { <NotFoundScreen /> }.into_any();
    }
    let edit = EditProject(StoredValue::new(project.clone()), responses);
    let project = StoredValue::new(project);
    // DocId is not Copy; the StoredValue keeps the closures below `Copy`.
    let name = move || current.get().map(|p| p.name).unwrap_or_default();
    let archived = move || current.get().is_some_and(|p| p.archived);
    // The fonts of the languages this project offers work offline from now.
    Effect::new(move |_| {
        let tags = current
            .get()
            .map(|p| {
                p.languages
                    .iter()
                    .filter_map(|t| Locale::from_tag(t))
                    .map(Locale::tag)
                    .collect()
            })
            .unwrap_or_default();
        crate::service_worker::keep_languages(tags);
    });
    // So do the pictures its surveys show, for answering with no signal.
    Effect::new(move |_| {
        let names = current.with(|p| p.as_ref().map(survey_pictures).unwrap_or_default());
        crate::service_worker::keep_pictures(names);
    });
    view! {
        <p class="breadcrumb"><Link route=Route::Home>{move || t().project_back}</Link></p>
        <h1>{name}</h1>
        {move || archived().then(|| view! { <p class="notice" role="status">{t().project_archived_note}</p> })}
        <surveys::Offered project=project.get_value() current />
        // Adding a survey or guide is the coordinator's, in its own module.
        <p class="actions"><Link route=Route::AddToProject { project: project.get_value() }>{move || t().project_add}</Link></p>
        <items::Items project=project.get_value() current />
        <sharing::Sharing project=project.get_value() />
        <settings::Settings current edit />
    }
    .into_any()
}

/// The pictures of every question and choice of a project's surveys.
fn survey_pictures(project: &heard_core::project::Project) -> Vec<String> {
    let mut names: Vec<String> = project
        .surveys
        .iter()
        .flat_map(|s| &s.questions)
        .flat_map(|q| {
            let choices = q.kind.choices().iter().filter_map(|c| c.picture.clone());
            q.picture.clone().into_iter().chain(choices)
        })
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}
