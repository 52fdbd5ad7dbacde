//! How sync stands, in words. On a project's page: one polite live region,
//! so a change ("3 changes waiting", "Synced") is announced without moving
//! focus, and the "Sync now" button. In the app bar, on every screen: the
//! same state in a few words, not live, so that answering a question is
//! never interrupted by sync news.

use heard_core::{
    i18n::fill,
    worker_api::{RelayRefusal, SyncLine},
};
use leptos::prelude::*;

use crate::{i18n::Language, i18n::use_language, responses::use_responses};

/// The words for `line`.
pub fn sync_words(line: &SyncLine, language: Language) -> String {
    let t = language.messages();
    match line {
        SyncLine::Synced => t.sync_synced.to_owned(),
        SyncLine::Waiting { changes } => t.sync_waiting.format(language.locale(), *changes as u64),
        SyncLine::Syncing { done, total } => fill(
            t.sync_syncing,
            &[("done", &done.to_string()), ("total", &total.to_string())],
        ),
        SyncLine::Offline { since: None } => t.sync_offline.to_owned(),
        SyncLine::Connecting => t.sync_connecting.to_owned(),
        SyncLine::Offline { since: Some(at) } => fill(
            t.sync_offline_since,
            &[(
                "time",
                &crate::browser::format_date(*at, language.locale().tag()),
            )],
        ),
        SyncLine::Refused { reason } => refusal_words(*reason, language).to_owned(),
        SyncLine::Garbled => t.sync_garbled.to_owned(),
        SyncLine::BadInvite { reason } => fill(t.sync_bad_invite, &[("reason", reason)]),
    }
}

fn refusal_words(reason: RelayRefusal, language: Language) -> &'static str {
    let t = language.messages();
    match reason {
        RelayRefusal::Unauthorized => t.sync_refused_unauthorized,
        RelayRefusal::UnknownProject => t.sync_refused_unknown_project,
        RelayRefusal::ProjectTaken => t.sync_refused_project_taken,
        RelayRefusal::TooLarge => t.sync_refused_too_large,
        RelayRefusal::NotUnderstood => t.sync_refused_not_understood,
        RelayRefusal::RelayFault => t.sync_refused_relay_fault,
        RelayRefusal::Busy => t.sync_refused_busy,
    }
}

/// A project's sync line, announced politely as it changes, with a
/// progress bar while a catch-up (joining, or coming back online) runs.
#[component]
pub fn SyncStatus(line: Signal<Option<SyncLine>>) -> impl IntoView {
    let language = use_language();
    view! {
        <p class="sync-status" role="status">
            {move || line.get().map(|line| sync_words(&line, language))}
        </p>
        <SyncProgress line />
    }
}

/// A bar while a catch-up (joining, or coming back online) runs: the words
/// beside it say the same, the bar is what a glance takes in.
#[component]
pub fn SyncProgress(line: Signal<Option<SyncLine>>) -> impl IntoView {
    let language = use_language();
    let progress = move || match line.get() {
        Some(SyncLine::Syncing { done, total }) if total > 0 => Some((done, total)),
        _ => None,
    };
    move || {
        progress().map(|(done, total)| {
            view! {
                <progress class="sync-progress" max=total value=done
                    aria-label=move || language.messages().sync_title></progress>
            }
        })
    }
}

/// "Sync now", for a project this device syncs.
#[component]
pub fn SyncNow(project: heard_core::id::DocId) -> impl IntoView {
    let language = use_language();
    let responses = use_responses();
    let project = StoredValue::new(project);
    view! {
        <button type="button" class="secondary"
            on:click=move |_| project.with_value(|id| responses.sync_now(id))>
            {move || language.messages().sync_now}
        </button>
    }
}

/// Sync on every screen: the state of every project this device syncs, in
/// a few words (the worst one first: a refusal, offline, catching up,
/// changes waiting, synced). Nothing while no project syncs.
#[component]
pub fn SyncBadge() -> impl IntoView {
    let language = use_language();
    let responses = use_responses();
    let words = move || {
        let t = language.messages();
        let lines: Vec<SyncLine> = responses
            .sync
            .with(|all| all.iter().map(|s| s.line.clone()).collect());
        let worst = lines.iter().max_by_key(|l| rank(l))?;
        Some(match worst {
            SyncLine::Synced => t.sync_badge_synced.to_owned(),
            SyncLine::Waiting { .. } => {
                let changes = lines
                    .iter()
                    .map(|l| match l {
                        SyncLine::Waiting { changes } => *changes,
                        _ => 0,
                    })
                    .sum::<usize>();
                t.sync_waiting.format(language.locale(), changes as u64)
            }
            SyncLine::Syncing { .. } | SyncLine::Connecting => sync_words(worst, language),
            SyncLine::Offline { .. } => t.sync_badge_offline.to_owned(),
            SyncLine::Refused { .. } | SyncLine::Garbled | SyncLine::BadInvite { .. } => {
                t.sync_badge_stopped.to_owned()
            }
        })
    };
    view! { <span class="sync-badge">{words}</span> }
}

fn rank(line: &SyncLine) -> u8 {
    match line {
        SyncLine::Synced => 0,
        SyncLine::Waiting { .. } => 1,
        SyncLine::Syncing { .. } | SyncLine::Connecting => 2,
        SyncLine::Offline { .. } => 3,
        SyncLine::Refused { .. } | SyncLine::Garbled | SyncLine::BadInvite { .. } => 4,
    }
}
