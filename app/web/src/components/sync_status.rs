//! How a project's sync stands, in words: one polite live region, so a
//! change ("3 changes waiting", "Synced") is announced without moving focus.

use heard_core::{i18n::fill, worker_api::SyncLine};
use leptos::prelude::*;

use crate::i18n::use_language;

/// The words for `line`.
pub fn sync_words(line: &SyncLine, language: crate::i18n::Language) -> String {
    let t = language.messages();
    match line {
        SyncLine::Synced => t.sync_synced.to_owned(),
        SyncLine::Waiting { changes } => t.sync_waiting.format(language.locale(), *changes as u64),
        SyncLine::Syncing { done, total } => fill(
            t.sync_syncing,
            &[("done", &done.to_string()), ("total", &total.to_string())],
        ),
        SyncLine::Offline { .. } => t.sync_offline.to_owned(),
        SyncLine::Refused { reason } => fill(t.sync_refused, &[("reason", reason)]),
        SyncLine::Garbled => t.sync_garbled.to_owned(),
        SyncLine::BadInvite { reason } => fill(t.sync_bad_invite, &[("reason", reason)]),
    }
}

#[component]
pub fn SyncStatus(line: Signal<Option<SyncLine>>) -> impl IntoView {
    let language = use_language();
    view! {
        <p class="sync-status" role="status">
            {move || line.get().map(|line| sync_words(&line, language))}
        </p>
    }
}
