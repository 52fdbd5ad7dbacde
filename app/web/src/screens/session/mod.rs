//! A conversation or "tea and talk" session: when and where, who facilitated,
//! how many took part, the guide's topics and prompts, and the note cards
//! taken as the conversation goes. Every change is saved as it is made;
//! deleting a card can be undone.

mod card;
mod details;

use heard_core::{
    id::DocId,
    route::Route,
    session::{Card, Session},
};
use leptos::prelude::*;

use crate::{
    browser,
    components::{EraseResponse, Link, with_device},
    i18n::use_language,
    responses::{Responses, use_responses},
    screens::NotFoundScreen,
};
use card::NoteCard;

/// The key, and the Undo button's id, of the place a deleted card was.
const UNDO_SLOT: &str = "undo-note";
/// How long Undo stays.
const UNDO_FOR: std::time::Duration = std::time::Duration::from_secs(60);

/// A `Copy` handle on the session on screen.
#[derive(Clone, Copy)]
pub struct EditSession {
    id: StoredValue<DocId>,
    current: Memo<Option<Session>>,
    responses: Responses,
}

impl EditSession {
    pub fn id(&self) -> DocId {
        self.id.get_value()
    }

    pub fn current(&self) -> Option<Session> {
        self.current.get()
    }

    pub fn current_untracked(&self) -> Option<Session> {
        self.current.get_untracked()
    }

    /// Changes the session and saves it, if the result is valid.
    pub fn apply(
        &self,
        edit: impl FnOnce(&mut Session),
    ) -> Result<(), heard_core::session::SessionError> {
        let Some(mut session) = self.current.get_untracked() else {
            return Ok(());
        };
        edit(&mut session);
        session.check()?;
        self.responses.save_session(&self.id.get_value(), session);
        Ok(())
    }

    /// Changes one card and sends it to the worker, which is the judge of
    /// it: a note past the length limit is refused there, by number, and
    /// the card shows why ([`EditSession::refusal`]), keeping every word
    /// typed on screen.
    pub fn card(&self, card: &str, edit: impl FnOnce(&mut Card)) {
        let Some(mut session) = self.current.get_untracked() else {
            return;
        };
        if let Some(c) = session.cards.iter_mut().find(|c| c.id == card) {
            edit(c);
        }
        self.responses.save_session(&self.id.get_value(), session);
    }

    /// Takes `card` out of the session and out of its history (someone asked
    /// for their words to be removed); there is no undo.
    pub fn withdraw(&self, card: &str) {
        self.responses.withdraw(&self.id.get_value(), card);
    }

    /// Why the worker refused the last change of `card`, if it did.
    pub fn refusal(&self, card: &str) -> Option<heard_core::worker_api::Refusal> {
        self.responses.refusal(&self.id.get_value(), card)
    }
}

#[component]
pub fn SessionScreen(session: DocId) -> impl IntoView {
    let language = use_language();
    let responses = use_responses();
    let t = move || language.messages();
    let id = session.clone();
    let current = Memo::new(move |_| responses.session(&id));
    let Some(initial) = current.get_untracked() else {
        return view! { <NotFoundScreen /> }.into_any();
    };
    responses.prepare(&session);
    let edit = EditSession {
        id: StoredValue::new(session.clone()),
        current,
        responses,
    };
    let guide = responses
        .project(&initial.project)
        .and_then(|p| p.guide(&initial.guide).cloned());
    let guide = StoredValue::new(guide);
    let title = guide.with_value(|g| {
        g.as_ref()
            .map(|g| g.title.get(language.locale()).0.to_owned())
            .unwrap_or_else(|| initial.guide.clone())
    });
    let card_ids = Memo::new(move |_| {
        current
            .get()
            .map(|s| s.cards.iter().map(|c| c.id.clone()).collect::<Vec<_>>())
            .unwrap_or_default()
    });
    let deleted = RwSignal::new(None::<(usize, Card)>);
    let focus_last = RwSignal::new(false);
    let add = move |_| {
        let card = Card {
            id: browser::new_item_id(),
            text: String::new(),
            quote: false,
            feeling: None,
            topic: None,
            audio: None,
            created: browser::now(),
            device: crate::components::this_device(),
        };
        let _ = edit.apply(|s| s.cards.push(card));
        focus_last.set(true);
    };
    let undo = move |()| {
        if let Some((at, card)) = deleted.get() {
            // The worker let the card's recording go with the card; this page
            // still holds it, so it is sent again.
            let audio = card.audio.clone().map(|mime| (card.id.clone(), mime));
            let _ = edit.apply(|s| s.cards.insert(at.min(s.cards.len()), card));
            if let Some((key, mime)) = audio {
                responses.restore_audio(&edit.id(), &key, &mime);
            }
            deleted.set(None);
        }
    };
    // Undo sits where the deleted card was, takes the focus and is said in
    // the page's live region; it goes after a while, or at the next delete.
    let slots = Memo::new(move |_| {
        let mut ids = card_ids.get();
        if let Some(at) = deleted.with(|d| d.as_ref().map(|(at, _)| *at)) {
            ids.insert(at.min(ids.len()), UNDO_SLOT.to_owned());
        }
        ids
    });
    let deletions = StoredValue::new(0u32);
    Effect::new(move |_| {
        if deleted.with(Option::is_none) {
            return;
        }
        if let Some(announcer) = crate::components::use_announcer() {
            announcer.say(t().session_deleted.to_owned());
        }
        browser::after_frame(|| browser::focus_element(UNDO_SLOT));
        deletions.update_value(|n| *n += 1);
        let this = deletions.get_value();
        set_timeout(
            move || {
                if deletions.try_get_value() == Some(this) {
                    deleted.set(None);
                }
            },
            UNDO_FOR,
        );
    });
    view! {
        <p class="breadcrumb"><Link route=Route::Project { project: initial.project.clone() }>{move || t().builder_done}</Link></p>
        <h1>{title}</h1>
        {heard_core::device_name::shown(initial.device.as_deref()).map(|device| view! {
            <p class="meta">{move || with_device(t().device_name_started.to_owned(), Some(&device))}</p>
        })}
        <details::Details edit />
        {move || guide.get_value().map(|guide| view! {
            <details class="topics">
                <summary>{t().session_topics}</summary>
                <ul>
                    {guide.topics.iter().map(|topic| view! {
                        <li>
                            <strong>{topic.title.get(language.locale()).0.to_owned()}</strong>
                            <ul>{topic.prompts.iter().map(|p| view! { <li>{p.get(language.locale()).0.to_owned()}</li> }).collect_view()}</ul>
                        </li>
                    }).collect_view()}
                </ul>
            </details>
        })}
        <section aria-labelledby="notes-title">
            <h2 id="notes-title">{move || t().session_notes}</h2>
            {move || card_ids.get().is_empty().then(|| view! { <p class="empty">{t().session_no_notes}</p> })}
            <ol class="cards">
                <For each=move || slots.get() key=|id| id.clone() let:slot>
                    {if slot == UNDO_SLOT {
                        view! {
                            <li class="notice undo">
                                <span>{t().session_deleted}</span>" "
                                <button type="button" class="secondary" id=UNDO_SLOT on:click=move |_| undo(())>{t().builder_undo}</button>
                            </li>
                        }.into_any()
                    } else {
                        view! { <NoteCard card=slot edit guide=guide.get_value() deleted focus_last /> }.into_any()
                    }}
                </For>
            </ol>
            <button type="button" class="primary add-note" on:click=add>{move || t().session_add_note}</button>
        </section>
        <EraseResponse response=session session=true />
    }
    .into_any()
}
