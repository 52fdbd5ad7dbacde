//! What a project offers: each survey (start, edit, export) and each
//! conversation guide (start a session).

use heard_core::{
    i18n::fill,
    id::DocId,
    project::Project,
    route::Route,
    session::Session,
    survey::{check_survey, export},
};
use leptos::prelude::*;

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
    let project = StoredValue::new(project);
    let problem = RwSignal::new(None::<String>);
    let surveys = move || current.get().map(|p| p.surveys).unwrap_or_default();
    let guides = move || current.get().map(|p| p.guides).unwrap_or_default();
    view! {
        <section aria-labelledby="surveys-title">
            <h2 id="surveys-title">{move || t().project_surveys}</h2>
            <p class="field-error" role="alert">{move || problem.get()}</p>
            {move || {
                let list = surveys();
                if list.is_empty() {
                    return view! { <p class="empty">{t().project_no_surveys}</p> }.into_any();
                }
                view! {
                    <ul class="surveys">
                        {list.into_iter().map(|survey| {
                            let title = survey.title.get(language.locale()).0.to_owned();
                            let start = {
                                let id = survey.id.clone();
                                move |_| navigator.go(Route::Start { project: project.get_value(), survey: id.clone() })
                            };
                            let export_file = {
                                let survey = survey.clone();
                                move |_| match check_survey(&survey) {
                                    Ok(()) => {
                                        problem.set(None);
                                        browser::download(&format!("{}.heard-survey.json", survey.id), &export(&survey), "application/json");
                                    }
                                    Err(e) => problem.set(Some(e.to_string())),
                                }
                            };
                            let [start_label, edit_label, export_label] = [t().home_start_survey, t().project_edit_survey, t().project_export_survey]
                                .map(|template| fill(template, &[("title", &title)]));
                            view! {
                                <li class="card">
                                    <h3>{title.clone()}</h3>
                                    <div class="actions">
                                        <button type="button" class="primary" on:click=start>{start_label}</button>
                                        <Link route=Route::Builder { project: project.get_value(), survey: survey.id.clone() }>{edit_label}</Link>
                                        <button type="button" class="secondary" on:click=export_file>{export_label}</button>
                                        <Link route=Route::Paper { project: project.get_value(), survey: survey.id.clone() }>{t().paper_open}</Link>
                                    </div>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
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
