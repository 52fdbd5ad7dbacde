//! "Paste the invite link": the same join as scanning, for a link sent by
//! message or email, with what is wrong with a bad one in plain words.

use heard_core::{
    i18n::CoordinatorMessages,
    sync::{Invite, InviteError},
};
use heard_web::coordinator_messages::CoordinatorLanguage;
use leptos::prelude::*;

use heard_web::i18n::use_language;

/// What is wrong with pasted text, as a person can act on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Problem {
    Empty,
    /// A link with its fragment (the invite) cut off.
    CutShort,
    NotAnInvite,
    /// Its parts are garbled or the wrong length: a damaged copy.
    Damaged,
    /// It names a relay that is not a web address.
    Relay,
}

impl Problem {
    fn of(text: &str) -> Option<Problem> {
        if text.is_empty() {
            return Some(Problem::Empty);
        }
        Some(match Invite::parse(text).err()? {
            // A web address without its `#…` lost the invite when copied;
            // other text without one was never a link.
            InviteError::NoFragment if text.contains("://") => Problem::CutShort,
            InviteError::NoFragment | InviteError::NotAnInvite => Problem::NotAnInvite,
            InviteError::WrongPartCount { .. }
            | InviteError::NotBase64 { .. }
            | InviteError::WrongLength { .. } => Problem::Damaged,
            InviteError::RelayNotText | InviteError::RelayNotUrl => Problem::Relay,
        })
    }

    fn words(self, t: &CoordinatorMessages) -> &'static str {
        match self {
            Problem::Empty => t.join_error_empty,
            Problem::CutShort => t.join_error_cut,
            Problem::NotAnInvite => t.join_error_not_invite,
            Problem::Damaged => t.join_error_damaged,
            Problem::Relay => t.join_error_relay,
        }
    }
}

#[component]
pub fn PasteLink(on_invite: Callback<String>) -> impl IntoView {
    let language = use_language();
    let t = move || language.coordinator_messages();
    let text = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Problem>);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let link = text.get_untracked().trim().to_owned();
        problem.set(Problem::of(&link));
        if problem.get_untracked().is_none() {
            // The link holds the project's secret: it leaves the box.
            text.set(String::new());
            on_invite.run(link);
        }
    };
    view! {
        <form class="stack" on:submit=submit novalidate>
            <label for="join-link">{move || t().join_paste_label}</label>
            <input id="join-link" type="text" inputmode="url" autocomplete="off" autocapitalize="none"
                spellcheck="false" aria-describedby="join-link-error"
                aria-invalid=move || problem.get().is_some().to_string()
                prop:value=text on:input=move |ev| text.set(event_target_value(&ev)) />
            <p id="join-link-error" class="field-error" role="alert">
                {move || problem.get().map(|p| p.words(t()))}
            </p>
            <button type="submit" class="primary">{move || t().join_paste_join}</button>
        </form>
    }
}
