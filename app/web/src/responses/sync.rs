//! Sync as the screens see it: per project this device syncs, the worker's
//! status line and the invite link; and the two things a person asks for,
//! sharing a project and joining one from a link.

use heard_core::{
    id::DocId,
    worker_api::{SyncLine, ToWorker},
};
use leptos::prelude::*;

use super::Responses;
use crate::browser;

/// One project's sync, as the worker last told it.
#[derive(Clone, Debug, PartialEq)]
pub struct SyncInfo {
    pub relay_project: String,
    pub project: Option<DocId>,
    pub line: SyncLine,
    pub invite: Option<String>,
}

/// The relay of this app: the server it came from.
fn relay_address() -> String {
    let location = web_sys::window().map(|w| w.location());
    let host = location
        .as_ref()
        .and_then(|l| l.host().ok())
        .unwrap_or_default();
    let secure = location
        .and_then(|l| l.protocol().ok())
        .is_some_and(|p| p == "https:");
    format!("{}://{host}/relay", if secure { "wss" } else { "ws" })
}

fn app_address() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .map(|origin| format!("{origin}/"))
        .unwrap_or_default()
}

impl Responses {
    pub(super) fn took_sync(self, info: SyncInfo) {
        self.sync.update(|all| {
            all.retain(|other| other.relay_project != info.relay_project);
            all.push(info);
        });
    }

    /// How project `id` syncs, if it does.
    pub fn sync_of(self, id: &DocId) -> Option<SyncInfo> {
        self.sync
            .with(|all| all.iter().find(|s| s.project.as_ref() == Some(id)).cloned())
    }

    /// Projects being joined whose document has not arrived yet.
    pub fn joining(self) -> Vec<SyncInfo> {
        self.sync.with(|all| {
            all.iter()
                .filter(|s| s.project.is_none())
                .cloned()
                .collect()
        })
    }

    /// Starts syncing project `id` through this app's relay, under a new
    /// random id there and a new random secret.
    pub fn share(self, id: &DocId) {
        let relay_project = browser::random_bytes();
        let secret = [browser::random_bytes(), browser::random_bytes()].concat();
        self.send(ToWorker::ShareProject {
            id: id.clone(),
            relay: relay_address(),
            relay_project: hex::encode(relay_project),
            secret: hex::encode(&secret),
            app: app_address(),
        });
    }

    /// Syncs project `id` now, whatever the backoff says.
    pub fn sync_now(self, id: &DocId) {
        self.send(ToWorker::SyncNow { id: id.clone() });
    }

    /// Joins the project of the invite link `link`.
    pub fn join(self, link: String) {
        self.send(ToWorker::JoinProject {
            // The request must name a document; none has this random id.
            id: DocId::from_random(browser::random_bytes()),
            invite: link,
            relay: relay_address(),
        });
    }
}
