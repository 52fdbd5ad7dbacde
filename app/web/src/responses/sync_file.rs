//! Sync files as the screens see them: asking the worker to make one of a
//! project (and saving it as `<project name>.heard-sync` once it comes) or
//! to take one in, and the worker's last answer, for the screen that asked.

use heard_core::{
    id::DocId,
    worker_api::{FromWorker, SyncFileProblem, ToWorker},
};
use leptos::prelude::*;

use super::Responses;
use crate::browser;

/// The worker's last answer about a sync file. `id` is the request's: the
/// project for a file saved, the import's own id for a file opened.
#[derive(Clone, Debug, PartialEq)]
pub enum SyncFileNews {
    Saved {
        id: DocId,
        name: String,
    },
    Read {
        id: DocId,
        taken: usize,
        set_aside: usize,
    },
    Refused {
        id: DocId,
        problem: SyncFileProblem,
    },
}

impl SyncFileNews {
    pub fn id(&self) -> &DocId {
        match self {
            SyncFileNews::Saved { id, .. }
            | SyncFileNews::Read { id, .. }
            | SyncFileNews::Refused { id, .. } => id,
        }
    }
}

impl Responses {
    /// Asks for the sync file of `project`; it is saved when it comes.
    pub fn save_sync_file(self, project: &DocId) {
        self.sync_file.set(None);
        self.send(ToWorker::ExportSyncFile {
            id: project.clone(),
        });
    }

    /// Sends a sync file's bytes to be taken in as import `id` (random,
    /// drawn by the screen), which its answer carries.
    pub fn open_sync_file(self, id: DocId, data: Vec<u8>) {
        self.sync_file.set(None);
        self.send(ToWorker::ImportSyncFile { id, data });
    }

    pub(super) fn took_sync_file(self, event: FromWorker) {
        let news = match event {
            FromWorker::SyncFileMade { id, data } => {
                let project = self.project(&id).map(|p| p.name).unwrap_or_default();
                let name = file_name(&project);
                save(&name, &data);
                SyncFileNews::Saved { id, name }
            }
            FromWorker::SyncFileRead {
                id,
                taken,
                set_aside,
                ..
            } => SyncFileNews::Read {
                id,
                taken,
                set_aside,
            },
            FromWorker::SyncFileRefused { id, problem } => SyncFileNews::Refused { id, problem },
            _ => return,
        };
        self.sync_file.set(Some(news));
    }
}

/// The file's name: the project's, without what a file name cannot hold.
fn file_name(project: &str) -> String {
    let name: String = project
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '-',
            c if c.is_control() => '-',
            c => c,
        })
        .collect();
    let name = name.trim().trim_matches('.');
    format!(
        "{}.heard-sync",
        if name.is_empty() { "project" } else { name }
    )
}

/// Offers `data` as a download named `name`, and lets the browser free it
/// a minute later (a file of a large project can be megabytes).
fn save(name: &str, data: &[u8]) {
    let Some(url) = browser::object_url(data, "application/octet-stream") else {
        return;
    };
    if let Ok(link) = document().create_element("a") {
        let _ = link.set_attribute("href", &url);
        let _ = link.set_attribute("download", name);
        if let Ok(link) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(link) {
            link.click();
        }
    }
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(60),
    );
}
