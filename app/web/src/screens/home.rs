//! The start screen: the projects on this device, and creating one.

use heard_core::{
    id::DocId,
    project::{NAME_MAX_CHARS, Project, ProjectError},
    route::Route,
};
use leptos::prelude::*;

use crate::{
    browser, components::Link, i18n::use_language, navigation::use_navigator,
    responses::use_responses,
};

#[component]
pub fn HomeScreen() -> impl IntoView {
    let language = use_language();
    let responses = use_responses();
    let t = move || language.messages();
    let projects = move |archived: bool| {
        responses
            .projects
            .get()
            .into_iter()
            .filter(move |(_, p)| p.archived == archived)
            .collect::<Vec<_>>()
    };
    view! {
        <h1>{move || t().projects_title}</h1>
        <section aria-labelledby="active-title">
            <h2 id="active-title">{move || t().projects_active}</h2>
            {move || {
                let active = projects(false);
                if active.is_empty() {
                    view! { <p class="empty">{t().projects_none}</p> }.into_any()
                } else {
                    view! { <ProjectList items=active /> }.into_any()
                }
            }}
            // Scanning another device's QR code or pasting its link, on a
            // screen of the coordinator's module.
            <p class="actions"><Link route=Route::Join>{move || t().join_open}</Link></p>
        </section>
        <NewProject />
        {move || {
            let archived = projects(true);
            (!archived.is_empty()).then(|| view! {
                <section aria-labelledby="archived-title">
                    <h2 id="archived-title">{t().projects_archived}</h2>
                    <ProjectList items=archived />
                </section>
            })
        }}
        <p class="credits"><Link route=Route::AboutPictures>{move || t().pictures_link}</Link></p>
    }
}

#[component]
fn ProjectList(items: Vec<(DocId, Project)>) -> impl IntoView {
    view! {
        <ul class="projects">
            {items.into_iter().map(|(id, project)| view! {
                <li><Link route=Route::Project { project: id }>{project.name}</Link></li>
            }).collect_view()}
        </ul>
    }
}

/// The name of a new project; it is created and opened in one step.
#[component]
fn NewProject() -> impl IntoView {
    let language = use_language();
    let navigator = use_navigator();
    let responses = use_responses();
    let t = move || language.messages();
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let create = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let mut project = Project::new(&name.get(), browser::now());
        project.languages = vec![language.locale().tag().to_owned()];
        if let Err(e) = project.check() {
            return error.set(Some(project_error(e, t())));
        }
        let id = DocId::from_random(browser::random_bytes());
        responses.save_project(&id, project);
        navigator.go(Route::Project { project: id });
    };
    view! {
        <section aria-labelledby="new-project-title">
            <h2 id="new-project-title">{move || t().projects_new}</h2>
            <form class="stack" on:submit=create novalidate>
                <label for="new-project-name">{move || t().project_name}</label>
                <input id="new-project-name" type="text" autocomplete="off"
                    aria-describedby="new-project-error"
                    aria-invalid=move || error.get().is_some().to_string()
                    prop:value=name on:input=move |ev| name.set(event_target_value(&ev)) />
                <p id="new-project-error" class="field-error" role="alert">{move || error.get()}</p>
                <button type="submit" class="primary">{move || t().project_create}</button>
            </form>
        </section>
    }
}

/// A project problem in the interface's language.
pub fn project_error(error: ProjectError, t: &heard_core::i18n::Messages) -> String {
    match error {
        ProjectError::NameTooLong { .. } => heard_core::i18n::fill(
            t.project_name_too_long,
            &[("max", &NAME_MAX_CHARS.to_string())],
        ),
        ProjectError::NoLanguage => t.project_language_needed.to_owned(),
        ProjectError::NoName => t.project_name_needed.to_owned(),
        other => other.to_string(),
    }
}
