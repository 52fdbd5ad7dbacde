//! When and where a session took place, who facilitated, how many took part.

use heard_core::session::{PEOPLE_MAX, Session};
use leptos::prelude::*;

use super::EditSession;
use crate::i18n::use_language;

#[component]
pub fn Details(edit: EditSession) -> impl IntoView {
    let language = use_language();
    let t = move || language.messages();
    let initial = edit
        .current_untracked()
        .unwrap_or_else(|| unreachable!("the screen checked"));
    let people_error = RwSignal::new(false);
    // Each field follows the session as it is now, so an edit made in
    // another tab shows here at once (setting the same value again leaves
    // the caret where it is).
    let text = |id: &'static str,
                label: fn(&heard_core::i18n::Messages) -> &'static str,
                get: fn(&Session) -> String,
                set: fn(&mut Session, String)| {
        let value = move || edit.current().map(|s| get(&s)).unwrap_or_default();
        view! {
            <div class="field">
                <label for=id>{move || label(language.messages())}</label>
                <input id=id type="text" autocomplete="off" prop:value=value
                    on:input=move |ev| { let v = event_target_value(&ev); let _ = edit.apply(|s| set(s, v)); } />
            </div>
        }
    };
    let on_people = move |ev| {
        let value = event_target_value(&ev);
        let parsed = match value.trim() {
            "" => Some(None),
            v => v.parse::<u32>().ok().filter(|n| *n <= PEOPLE_MAX).map(Some),
        };
        people_error.set(parsed.is_none());
        if let Some(people) = parsed {
            let _ = edit.apply(|s| s.people = people);
        }
    };
    view! {
        <fieldset class="session-details">
            <legend>{move || t().session_details}</legend>
            <div class="field">
                <label for="session-date">{move || t().session_date}</label>
                <input id="session-date" type="date" prop:value=initial.date.clone()
                    on:input=move |ev| { let v = event_target_value(&ev); let _ = edit.apply(|s| s.date = v); } />
            </div>
            {text("session-place", |m| m.session_place, |s| s.place.clone(), |s, v| s.place = v)}
            {text("session-facilitator", |m| m.session_facilitator, |s| s.facilitator.clone(), |s, v| s.facilitator = v)}
            <div class="field">
                <label for="session-people">{move || t().session_people}</label>
                <input id="session-people" type="number" inputmode="numeric" min="0" max=PEOPLE_MAX
                    aria-describedby="session-people-error"
                    aria-invalid=move || people_error.get().to_string()
                    prop:value=initial.people.map(|n| n.to_string()).unwrap_or_default()
                    on:input=on_people />
                <p id="session-people-error" class="field-error" role="alert">{move || people_error.get().then(|| t().session_people_invalid)}</p>
            </div>
        </fieldset>
    }
}
