//! Sync files, for places with no signal: "Save a sync file" downloads
//! everything this device holds of a project, and "Open a sync file" takes
//! one in; each says in words how it went. [`SyncFile`] is for a project
//! this device syncs (it has the project's secret); [`OpenSyncFile`] is for
//! a project being joined, so a device that never reached the relay can
//! get the project from a file.

use heard_core::{
    i18n::fill,
    id::DocId,
    worker_api::{MAX_SYNC_FILE_BYTES, SyncFileProblem},
};
use leptos::prelude::*;

use crate::{
    browser,
    i18n::{Language, use_language},
    responses::{Responses, SyncFileNews, use_responses},
};

/// What one control asked last (its request's id, and whether it opens a
/// file), or what stopped it before it could ask.
#[derive(Clone, Copy)]
struct Asked {
    request: RwSignal<Option<(DocId, bool)>>,
    before: RwSignal<Option<Before>>,
}

#[derive(Clone, Copy, PartialEq)]
enum Before {
    TooLarge,
    Unreadable,
}

impl Asked {
    fn new() -> Asked {
        Asked {
            request: RwSignal::new(None),
            before: RwSignal::new(None),
        }
    }

    fn is_some(self) -> bool {
        self.request.with(Option::is_some) || self.before.with(Option::is_some)
    }
}

/// Saving and opening sync files of `project`, if this device syncs it.
#[component]
pub fn SyncFile(project: DocId) -> impl IntoView {
    let language = use_language();
    let responses = use_responses();
    let project = StoredValue::new(project);
    let syncs = Memo::new(move |_| project.with_value(|id| responses.sync_of(id).is_some()));
    let asked = Asked::new();
    let save = move |_| {
        let id = project.get_value();
        asked.before.set(None);
        asked.request.set(Some((id.clone(), false)));
        responses.save_sync_file(&id);
    };
    move || {
        syncs.get().then(|| {
            let t = language.messages();
            view! {
                <div class="stack sync-file">
                    <p class="hint">{t.sync_file_hint}</p>
                    <button type="button" class="secondary" on:click=save>{t.sync_file_save}</button>
                    {picker(asked, responses, language)}
                    {news(asked, responses, language)}
                </div>
            }
        })
    }
}

/// Opening a sync file while a project is being joined (or while what the
/// last one did is still to be told).
#[component]
pub fn OpenSyncFile() -> impl IntoView {
    let language = use_language();
    let responses = use_responses();
    let asked = Asked::new();
    let joining = Memo::new(move |_| !responses.joining().is_empty());
    let shown = Memo::new(move |_| joining.get() || asked.is_some());
    move || {
        shown.get().then(|| {
            view! {
                <div class="notice stack sync-file">
                    {picker(asked, responses, language)}
                    {news(asked, responses, language)}
                </div>
            }
        })
    }
}

fn picker(asked: Asked, responses: Responses, language: Language) -> impl IntoView {
    // Unique: a page may show a project's control and a joining one.
    let input = format!("sync-file-{}", browser::new_item_id());
    let on_file = move |ev: leptos::ev::Event| {
        // Choosing the same file again opens it again.
        let Some(file) = browser::chosen_file(&ev) else {
            return;
        };
        asked.request.set(None);
        if file.size() > MAX_SYNC_FILE_BYTES as f64 {
            asked.before.set(Some(Before::TooLarge));
            return;
        }
        asked.before.set(None);
        let id = DocId::from_random(browser::random_bytes());
        asked.request.set(Some((id.clone(), true)));
        leptos::task::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
                Ok(buffer) => {
                    responses.open_sync_file(id, js_sys::Uint8Array::new(&buffer).to_vec())
                }
                Err(_) => {
                    asked.request.set(None);
                    asked.before.set(Some(Before::Unreadable));
                }
            }
        });
    };
    view! {
        <label class="file-picker" for=input.clone()>{move || language.messages().sync_file_open}</label>
        <input id=input type="file" on:change=on_file />
    }
}

/// How the last request went, in words: a status while it runs and when it
/// went well, an alert when it did not.
fn news(asked: Asked, responses: Responses, language: Language) -> impl IntoView {
    let said = move || -> Option<(bool, String)> {
        let t = language.messages();
        match asked.before.get() {
            Some(Before::TooLarge) => return Some((true, t.sync_file_too_large.into())),
            Some(Before::Unreadable) => return Some((true, t.sync_file_unreadable.into())),
            None => {}
        }
        let (id, opening) = asked.request.get()?;
        let working = if opening {
            t.sync_file_reading
        } else {
            t.sync_file_saving
        };
        Some(match responses.sync_file.get() {
            Some(news) if *news.id() == id => words(&news, language),
            _ => (false, working.into()),
        })
    };
    view! {
        <p class="sync-file-news" role="status">
            {move || said().and_then(|(alert, text)| (!alert).then_some(text))}
        </p>
        {move || said().and_then(|(alert, text)| alert.then(|| view! {
            <p class="field-error" role="alert">{text}</p>
        }))}
    }
}

/// The words for an answer, and whether it is a problem.
fn words(news: &SyncFileNews, language: Language) -> (bool, String) {
    let t = language.messages();
    let locale = language.locale();
    match news {
        SyncFileNews::Saved { name, .. } => (false, fill(t.sync_file_saved, &[("name", name)])),
        SyncFileNews::Read {
            taken: 0,
            set_aside: 0,
            ..
        } => (false, t.sync_file_nothing_new.into()),
        SyncFileNews::Read {
            taken, set_aside, ..
        } => {
            let mut text = t.sync_file_read.format(locale, *taken as u64);
            if *set_aside > 0 {
                text.push(' ');
                text.push_str(&t.sync_file_set_aside.format(locale, *set_aside as u64));
            }
            (false, text)
        }
        SyncFileNews::Refused { problem, .. } => (
            true,
            match problem {
                SyncFileProblem::NotShared => t.sync_file_not_shared,
                SyncFileProblem::NotASyncFile => t.sync_file_not_a_sync_file,
                SyncFileProblem::Newer => t.sync_file_newer,
                SyncFileProblem::NotJoined => t.sync_file_not_joined,
                SyncFileProblem::Truncated => t.sync_file_truncated,
                SyncFileProblem::Damaged => t.sync_file_damaged,
                SyncFileProblem::TooLarge => t.sync_file_too_large,
            }
            .into(),
        ),
    }
}
