//! What a project offers: each survey (start, edit, export, archive) and
//! each conversation guide (start a session); archived surveys apart, to
//! restore or delete.

use heard_core::{
    i18n::fill,
    id::DocId,
    project::{Project, survey_file_name},
    route::Route,
    session::Session,
    survey::{ImportError, Survey, check_survey, export},
};
use leptos::prelude::*;

use super::EditProject;
use crate::{
    browser, components::Link, i18n::use_language, navigation::use_navigator,
    responses::use_responses,
};

#[component]
pub fn Offered(project: DocId, current: Memo<Option<Project>>) -> impl IntoView {
    let language = use_language();
    let navigator = use_navigator();
    let responses = use_responses();
    let t = move || language.messages();
    let edit = EditProject(StoredValue::new(project.clone()), responses);
    let project = StoredValue::new(project);
    let problem = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    // The survey whose deletion waits for a yes.
    let confirming = RwSignal::new(None::<String>);
    let guides = move || current.get().map(|p| p.guides).unwrap_or_default();
    let card = move |survey: Survey| {
        let title = survey.title.get(language.locale()).0.to_owned();
        let id = StoredValue::new(survey.id.clone());
        let named = |template: &str| fill(template, &[("title", &title)]);
        if survey.archived {
            let delete_label = named(t().survey_delete);
            let confirm = named(t().survey_delete_confirm);
            let yes = named(t().survey_delete_yes);
            let deleted = named(t().survey_deleted);
            let restored = named(t().survey_restore);
            let delete = move |_| {
                if edit.apply(|p| p.delete_survey(&id.get_value())).is_ok() {
                    confirming.set(None);
                    done.set(Some(deleted.clone()));
                }
            };
            return view! {
                <li class="card">
                    <h3>{title.clone()}</h3>
                    <div class="actions">
                        <button type="button" class="secondary" on:click=move |_| { let _ = edit.apply(|p| p.set_archived(&id.get_value(), false)); }>{restored}</button>
                        <button type="button" class="danger" on:click=move |_| confirming.set(Some(id.get_value()))>{delete_label}</button>
                    </div>
                    {move || (confirming.get() == Some(id.get_value())).then(|| view! {
                        <div class="confirm" role="group" aria-label=confirm.clone()>
                            <p>{confirm.clone()}</p>
                            <div class="actions">
                                <button type="button" class="danger" on:click=delete.clone()>{yes.clone()}</button>
                                <button type="button" class="secondary" on:click=move |_| confirming.set(None)>{t().survey_delete_no}</button>
                            </div>
                        </div>
                    })}
                </li>
            }
            .into_any();
        }
        let start = {
            let survey = survey.clone();
            let title = title.clone();
            move |_| match survey.start_problem() {
                Some(ImportError::NoQuestions) => {
                    problem.set(Some(fill(t().survey_cannot_start, &[("title", &title)])))
                }
                Some(other) => problem.set(Some(format!(
                    "{} {}",
                    t().builder_problems,
                    other.message(t(), language.locale())
                ))),
                None => navigator.go(Route::Start {
                    project: project.get_value(),
                    survey: survey.id.clone(),
                }),
            }
        };
        let export_file = {
            let survey = survey.clone();
            move |_| match check_survey(&survey) {
                Ok(()) => {
                    problem.set(None);
                    let name = survey_file_name(&survey, language.locale());
                    browser::download(&name, &export(&survey), "application/json");
                }
                Err(e) => problem.set(Some(format!(
                    "{} {}",
                    t().builder_problems,
                    e.message(t(), language.locale())
                ))),
            }
        };
        let [
            start_label,
            edit_label,
            export_label,
            archive_label,
            results_label,
        ] = [
            t().home_start_survey,
            t().project_edit_survey,
            t().project_export_survey,
            t().survey_archive,
            t().project_survey_results,
        ]
        .map(named);
        view! {
            <li class="card">
                <h3>{title.clone()}</h3>
                <div class="actions">
                    <button type="button" class="primary" on:click=start>{start_label}</button>
                    <Link route=Route::Builder { project: project.get_value(), survey: survey.id.clone() }>{edit_label}</Link>
                    <button type="button" class="secondary" on:click=export_file>{export_label}</button>
                    <Link route=Route::Paper { project: project.get_value(), survey: survey.id.clone() }>{t().paper_open}</Link>
                    <Link route=Route::Results { project: project.get_value(), survey: survey.id.clone() }>{results_label}</Link>
                    <button type="button" class="secondary" on:click=move |_| { let _ = edit.apply(|p| p.set_archived(&id.get_value(), true)); }>{archive_label}</button>
                </div>
            </li>
        }
        .into_any()
    };
    let split = move || {
        current
            .get()
            .map(|p| {
                let (offered, archived) = p.surveys_by_archived();
                let own = |list: Vec<&Survey>| list.into_iter().cloned().collect::<Vec<_>>();
                (own(offered), own(archived))
            })
            .unwrap_or_default()
    };
    view! {
        <section aria-labelledby="surveys-title">
            <h2 id="surveys-title">{move || t().project_surveys}</h2>
            <p class="field-error" role="alert">{move || problem.get()}</p>
            <p role="status">{move || done.get()}</p>
            {move || {
                let (offered, _) = split();
                if offered.is_empty() {
                    return view! { <p class="empty">{t().project_no_surveys}</p> }.into_any();
                }
                view! { <ul class="surveys">{offered.into_iter().map(card).collect_view()}</ul> }.into_any()
            }}
        </section>
        {move || {
            let (_, archived) = split();
            (!archived.is_empty()).then(|| view! {
                <section aria-labelledby="archived-title">
                    <h2 id="archived-title">{t().survey_archived_title}</h2>
                    <p class="hint">{t().survey_archived_hint}</p>
                    <ul class="surveys archived">{archived.into_iter().map(card).collect_view()}</ul>
                </section>
            })
        }}
        <section aria-labelledby="guides-title">
            <h2 id="guides-title">{move || t().project_guides}</h2>
            {move || {
                let list = guides();
                if list.is_empty() {
                    return view! { <p class="empty">{t().project_no_guides}</p> }.into_any();
                }
                view! {
                    <ul class="surveys">
                        {list.into_iter().map(|guide| {
                            let title = guide.title.get(language.locale()).0.to_owned();
                            let start = move |_| {
                                let id = DocId::from_random(browser::random_bytes());
                                let mut session = Session::new(project.get_value(), &guide.id, &browser::today(), browser::now());
                                session.device = crate::components::this_device();
                                responses.save_session(&id, session);
                                navigator.go(Route::Session { session: id });
                            };
                            view! {
                                <li class="card">
                                    <h3>{title.clone()}</h3>
                                    <button type="button" class="primary" on:click=start>{fill(t().project_start_session, &[("title", &title)])}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
