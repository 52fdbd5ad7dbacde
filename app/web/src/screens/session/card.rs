//! One note card: its text, whether it is a quote, a feeling, the topic it
//! belongs to and an optional audio note; moved, or deleted with undo.

use heard_core::{guide::Guide, i18n::fill, response::Feeling, session::Card};
use leptos::{html, prelude::*};

use super::EditSession;
use crate::components::{Recorder, with_device};
use crate::i18n::use_language;

#[component]
pub fn NoteCard(
    card: String,
    edit: EditSession,
    guide: Option<Guide>,
    deleted: RwSignal<Option<(usize, Card)>>,
    focus_last: RwSignal<bool>,
) -> impl IntoView {
    let language = use_language();
    let t = move || language.messages();
    let card = StoredValue::new(card);
    let ids = Memo::new(move |_| {
        edit.current()
            .map(|s| s.cards.iter().map(|c| c.id.clone()).collect::<Vec<_>>())
            .unwrap_or_default()
    });
    let index = Memo::new(move |_| {
        ids.get()
            .iter()
            .position(|c| card.with_value(|x| c == x))
            .unwrap_or(0)
    });
    let n = move || (index.get() + 1).to_string();
    let with_n = move |template: &str| fill(template, &[("n", &n())]);
    let initial = edit.current_untracked().and_then(|s| {
        s.cards
            .into_iter()
            .find(|c| card.with_value(|x| c.id == *x))
    });
    let Some(initial) = initial else {
        return ().into_any();
    };
    let dom_id = move |part: &str| format!("card-{}-{part}", card.get_value());
    let change = move |f: Box<dyn FnOnce(&mut Card)>| card.with_value(|c| edit.card(c, f));
    let text_ref = NodeRef::<html::Textarea>::new();
    let withdrawing = RwSignal::new(false);
    // The text as the session now has it, so another tab's typing shows
    // here; the screen's own typing sets the same value (the caret stays).
    let text = Memo::new(move |_| {
        edit.current()
            .and_then(|s| {
                s.cards
                    .into_iter()
                    .find(|c| card.with_value(|x| c.id == *x))
            })
            .map(|c| c.text)
            .unwrap_or_default()
    });
    let too_long = move || match card.with_value(|c| edit.refusal(c)) {
        Some(heard_core::worker_api::Refusal::TooLong { chars, max, .. }) => Some((chars, max)),
        _ => None,
    };
    // A new card takes the focus, so the facilitator can type at once.
    Effect::new(move |_| {
        if focus_last.get() && index.get() + 1 == ids.get().len() {
            if let Some(el) = text_ref.get() {
                let _ = el.focus();
            }
            focus_last.set(false);
        }
    });
    // Focus stays on the button pressed, once the card is in its new place
    // (moving the card's element takes focus off it); at the top or bottom,
    // where that button is disabled, on the other one.
    let move_by = move |delta: isize| {
        let _ = edit.apply(|s| {
            let from = index.get_untracked();
            let to = from as isize + delta;
            if to >= 0 && (to as usize) < s.cards.len() {
                s.cards.swap(from, to as usize);
            }
        });
        let (pressed, other) = if delta < 0 {
            ("up", "down")
        } else {
            ("down", "up")
        };
        let at_end = if delta < 0 {
            index.get_untracked() == 0
        } else {
            index.get_untracked() + 1 >= ids.get_untracked().len()
        };
        let target = dom_id(if at_end { other } else { pressed });
        crate::browser::after_frame(move || crate::browser::focus_element(&target));
    };
    let delete = move |_| {
        let at = index.get_untracked();
        let _ = edit.apply(|s| {
            let removed = s.cards.remove(at);
            deleted.set(Some((at, removed)));
        });
    };
    let feelings = [
        (None, t().session_no_feeling),
        (Some(Feeling::Happy), t().feeling_happy),
        (Some(Feeling::NotSure), t().feeling_not_sure),
        (Some(Feeling::Unhappy), t().feeling_unhappy),
    ];
    let topics: Vec<(String, String)> = guide
        .map(|g| {
            g.topics
                .iter()
                .map(|topic| {
                    (
                        topic.id.clone(),
                        topic.title.get(language.locale()).0.to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    // Where the card was added, said with its text; cards added before
    // devices had names say nothing.
    let device = StoredValue::new(initial.device.clone());
    let has_device = device.with_value(|d| heard_core::device_name::shown(d.as_deref()).is_some());
    let described = move || {
        let parts: Vec<String> = [
            has_device.then(|| dom_id("device")),
            too_long().map(|_| dom_id("text-error")),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    };
    let feeling = initial.feeling;
    let topic = initial.topic.clone().unwrap_or_default();
    view! {
        <li class="card note-card">
            <div class="field">
                <label for=dom_id("text")>{move || with_n(t().session_note)}</label>
                <textarea id=dom_id("text") rows="3" node_ref=text_ref prop:value=text
                    aria-invalid=move || too_long().map(|_| "true")
                    aria-describedby=described
                    on:input=move |ev| { let v = event_target_value(&ev); change(Box::new(move |c| c.text = v)) }></textarea>
                <p id=dom_id("text-error") class="field-error" role="alert">
                    {move || too_long().map(|(chars, max)| fill(t().text_limit, &[("count", &chars.to_string()), ("max", &max.to_string())]))}
                </p>
                {has_device.then(|| view! {
                    <p id=dom_id("device") class="meta">
                        {move || device.with_value(|d| with_device(t().device_name_added.to_owned(), d.as_deref()))}
                    </p>
                })}
            </div>
            <div class="check">
                <input type="checkbox" id=dom_id("quote") prop:checked=initial.quote
                    on:change=move |ev| { let on = event_target_checked(&ev); change(Box::new(move |c| c.quote = on)) } />
                <label for=dom_id("quote")>{move || with_n(t().session_quote)}</label>
            </div>
            <div class="field">
                <label for=dom_id("feeling")>{move || with_n(t().session_feeling)}</label>
                <select id=dom_id("feeling")
                    on:change=move |ev| { let v = event_target_value(&ev); change(Box::new(move |c| c.feeling = serde_json::from_str(&format!("\"{v}\"")).ok())) }>
                    {feelings.into_iter().map(|(value, label)| {
                        let key = value.map(|f| serde_json::to_value(f).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()).unwrap_or_default();
                        view! { <option value=key selected=value == feeling>{label}</option> }
                    }).collect_view()}
                </select>
            </div>
            {(!topics.is_empty()).then(|| view! {
                <div class="field">
                    <label for=dom_id("topic")>{move || with_n(t().session_topic)}</label>
                    <select id=dom_id("topic")
                        on:change=move |ev| { let v = event_target_value(&ev); change(Box::new(move |c| c.topic = (!v.is_empty()).then_some(v))) }>
                        <option value="" selected=topic.is_empty()>{t().session_no_topic}</option>
                        {topics.into_iter().map(|(value, label)| {
                            let selected = value == topic;
                            view! { <option value=value selected=selected>{label}</option> }
                        }).collect_view()}
                    </select>
                </div>
            })}
            <Recorder
                doc=edit.id()
                key=card.get_value()
                has_audio=Signal::derive(move || edit.current().is_some_and(|s| s.cards.iter().any(|c| card.with_value(|id| c.id == *id) && c.audio.is_some())))
                record_label=Signal::derive(move || with_n(t().session_record))
                stop_label=Signal::derive(move || with_n(t().session_stop))
                caption=Signal::derive(move || with_n(t().session_audio))
                on_recorded=Callback::new(move |mime: String| card.with_value(|id| edit.card(id, |c| c.audio = Some(mime)))) />
            <div class="actions">
                <button type="button" class="secondary" id=dom_id("up") on:click=move |_| move_by(-1) disabled=move || index.get() == 0>{move || with_n(t().session_move_up)}</button>
                <button type="button" class="secondary" id=dom_id("down") on:click=move |_| move_by(1) disabled=move || { index.get() + 1 >= ids.get().len() }>{move || with_n(t().session_move_down)}</button>
                <button type="button" class="danger" on:click=delete>{move || with_n(t().session_delete)}</button>
                <button type="button" class="secondary" on:click=move |_| withdrawing.set(true)>{move || with_n(t().session_withdraw)}</button>
            </div>
            {move || withdrawing.get().then(|| view! {
                <div class="notice warning" role="alertdialog" aria-labelledby=dom_id("withdraw-question")>
                    <p id=dom_id("withdraw-question")>{t().withdraw_confirm}</p>
                    <div class="question-nav">
                        <button type="button" class="danger" on:click=move |_| card.with_value(|c| edit.withdraw(c))>{t().withdraw_yes}</button>
                        <button type="button" class="secondary" on:click=move |_| withdrawing.set(false)>{t().withdraw_no}</button>
                    </div>
                </div>
            })}
        </li>
    }
    .into_any()
}
