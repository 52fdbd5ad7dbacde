//! A project's settings: its name, the languages it offers and which comes
//! first, and archiving.

use heard_core::{
    i18n::{Locale, Status, fill},
    project::Project,
};
use leptos::prelude::*;

use super::EditProject;
use crate::{i18n::use_language, screens::home::project_error};

#[component]
pub fn Settings(current: Memo<Option<Project>>, edit: EditProject) -> impl IntoView {
    let language = use_language();
    let t = move || language.messages();
    let name = RwSignal::new(current.get_untracked().map(|p| p.name).unwrap_or_default());
    let error = RwSignal::new(None::<String>);
    let report = move |result: Result<(), heard_core::project::ProjectError>| {
        error.set(result.err().map(|e| project_error(e, t())));
    };
    let rename = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let new_name = name.get().trim().to_owned();
        report(edit.apply(|p| p.name = new_name));
    };
    let languages = move || current.get().map(|p| p.languages).unwrap_or_default();
    let toggle = move |tag: &'static str, on: bool| {
        report(edit.apply(|p| {
            p.languages.retain(|l| l != tag);
            if on {
                p.languages.push(tag.to_owned());
            }
        }));
    };
    let first = move |tag: String| {
        let _ = edit.apply(|p| {
            if let Some(i) = p.languages.iter().position(|l| *l == tag) {
                let chosen = p.languages.remove(i);
                p.languages.insert(0, chosen);
            }
        });
    };
    let archived = move || current.get().is_some_and(|p| p.archived);
    let toggle_archive = move |_| {
        let _ = edit.apply(|p| p.archived = !p.archived);
    };
    view! {
        <section aria-labelledby="settings-title">
            <h2 id="settings-title">{move || t().project_settings}</h2>
            <form class="stack" on:submit=rename novalidate>
                <label for="project-name">{move || t().project_name}</label>
                <input id="project-name" type="text" autocomplete="off" aria-describedby="settings-error"
                    prop:value=name on:input=move |ev| name.set(event_target_value(&ev)) />
                <button type="submit" class="secondary">{move || t().project_rename}</button>
            </form>
            <fieldset>
                <legend>{move || t().project_languages}</legend>
                {Locale::ALL.into_iter().map(|locale| {
                    let tag = locale.tag();
                    let id = format!("language-{tag}");
                    view! {
                        <div class="check">
                            <input type="checkbox" id=id.clone()
                                prop:checked=move || languages().iter().any(|l| l == tag)
                                on:change=move |ev| toggle(tag, event_target_checked(&ev)) />
                            <label for=id class="language-name" lang=tag>{locale.native_name()}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <label for="first-language">{move || t().project_first_language}</label>
            <select id="first-language" on:change=move |ev| first(event_target_value(&ev))>
                {move || languages().into_iter().enumerate().map(|(i, tag)| {
                    let name = Locale::from_tag(&tag).map(|l| l.native_name()).unwrap_or_default();
                    view! { <option value=tag.clone() selected=i == 0>{name}</option> }
                }).collect_view()}
            </select>
            <TranslationStatus />
            <p id="settings-error" class="field-error" role="alert">{move || error.get()}</p>
            <button type="button" class="secondary" on:click=toggle_archive>
                {move || if archived() { t().project_unarchive } else { t().project_archive }}
            </button>
        </section>
    }
}

/// Which of the app's own translations a fluent speaker has checked, so a
/// coordinator knows which languages are still drafts. Folded away: reading
/// every catalog is only worth it when someone asks.
#[component]
fn TranslationStatus() -> impl IntoView {
    let language = use_language();
    let t = move || language.messages();
    let open = RwSignal::new(false);
    view! {
        <details class="translation-status" on:toggle=move |_| open.set(true)>
            <summary>{move || t().language_status_title}</summary>
            {move || open.get().then(|| view! { <StatusList /> })}
        </details>
    }
}

#[component]
fn StatusList() -> impl IntoView {
    let language = use_language();
    let t = move || language.messages();
    let catalogs = LocalResource::new(move || language.catalogs(&Locale::ALL));
    view! {
        <ul>
            {move || catalogs.get().map(|catalogs| catalogs.into_iter().map(|c| {
                let template = match c.status {
                    Status::Draft => t().language_status_draft,
                    Status::Reviewed => t().language_status_reviewed,
                };
                view! { <li>{fill(template, &[("language", c.locale.native_name())])}</li> }
            }).collect_view())}
        </ul>
    }
}
