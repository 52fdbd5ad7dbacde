//! The controls that are always on screen: the language, and how the
//! questions look (standard, easy read, large print; the last two combine).

use heard_core::{
    i18n::{Locale, Status},
    response::Presentation,
};
use leptos::prelude::*;

use crate::{i18n::use_language, presentation::use_presentation, service_worker};

/// One compact button in the app bar that opens the language and
/// presentation controls below it, so the question, not the controls, fills
/// a phone's screen. The panel closes on moving to another screen.
#[component]
pub fn ViewControls() -> impl IntoView {
    let language = use_language();
    let open = RwSignal::new(false);
    let navigator = crate::navigation::use_navigator();
    Effect::new(move |_| {
        navigator.route();
        open.set(false);
    });
    let t = move || language.messages();
    view! {
        <button type="button" class="view-toggle" aria-expanded=move || open.get().to_string()
            aria-controls="view-panel" on:click=move |_| open.update(|o| *o = !*o)>
            // Short on screen, whole for screen readers: the language's name,
            // then what the button opens.
            <span class="language-name" lang=move || language.locale().tag()>{move || language.locale().native_name()}</span>
            <span class="visually-hidden">", "{move || t().language_label}", "{move || t().presentation_label}</span>
        </button>
        {move || (language.catalog().status == Status::Draft).then(|| view! {
            <span class="draft-badge">{t().language_draft}</span>
        })}
        <div id="view-panel" class="view-controls" hidden=move || !open.get()
            on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Escape" { open.set(false) }>
            <LanguageControl />
            <PresentationControl />
            <crate::components::StorageNote />
        </div>
    }
}

/// Every language in its own name, so a speaker finds theirs whatever is on
/// screen. Drafts are marked, so coordinators know what is not yet checked.
#[component]
fn LanguageControl() -> impl IntoView {
    let language = use_language();
    let t = move || language.messages();
    // The fonts of the language on screen are kept for offline use.
    Effect::new(move |_| {
        let locale = language.locale();
        service_worker::keep_languages(vec![Locale::English.tag(), locale.tag()]);
    });
    let on_change = move |ev: leptos::ev::Event| {
        if let Some(locale) = Locale::from_tag(&event_target_value(&ev)) {
            language.choose(locale);
        }
    };
    view! {
        <label class="language-control">
            <span>{move || t().language_label}</span>
            <select on:change=on_change prop:value=move || language.locale().tag().to_owned()>
                {Locale::ALL.into_iter().map(|locale| view! {
                    <option value=locale.tag() selected=move || language.locale() == locale>
                        {language_name(locale)}
                    </option>
                }).collect_view()}
            </select>
        </label>
        {move || language.error.get().map(|e| view! { <p class="notice error" role="alert">{e}</p> })}
    }
}

/// A language's own name, with its English name beside it for the others
/// ("Cymraeg (Welsh)"): a coordinator setting up a device can find each one,
/// even where the device has no font for its script.
fn language_name(locale: Locale) -> String {
    match locale {
        Locale::English => locale.native_name().to_owned(),
        _ => format!("{} ({})", locale.native_name(), locale.english_name()),
    }
}

/// The languages a project offers, in its order (a Welsh project offers Welsh
/// first), as buttons at the start of a response.
#[component]
pub fn LanguageChoice(languages: Vec<Locale>) -> impl IntoView {
    let language = use_language();
    view! {
        <div role="group" class="language-choice" aria-label=move || language.messages().language_label>
            {languages.into_iter().map(|locale| view! {
                <button type="button" aria-pressed=move || (language.locale() == locale).to_string()
                    on:click=move |_| language.choose(locale)>
                    <span class="language-name" lang=locale.tag()>{locale.native_name()}</span>
                    {(locale != Locale::English).then(|| view! { " " <span class="english-name" lang="en">"("{locale.english_name()}")"</span> })}
                </button>
            }).collect_view()}
        </div>
    }
}

/// Standard, easy read and large print (the last two combine): in the app
/// bar's panel, and on the start screen under its question about them.
#[component]
pub fn PresentationControl() -> impl IntoView {
    let language = use_language();
    let t = move || language.messages();
    let choice = use_presentation();
    let toggle = move |flip: fn(&mut Presentation)| {
        move |_| {
            let mut p = choice.get_untracked();
            flip(&mut p);
            choice.set(p);
        }
    };
    view! {
        <div role="group" class="presentation-control" aria-label=move || t().presentation_label>
            <button type="button" aria-pressed=move || choice.get().is_standard().to_string()
                on:click=move |_| choice.set(Presentation::STANDARD)>
                {move || t().presentation_standard}
            </button>
            <button type="button" aria-pressed=move || choice.get().easy_read.to_string()
                on:click=toggle(|p| p.easy_read = !p.easy_read)>
                {move || t().presentation_easy_read}
            </button>
            <button type="button" aria-pressed=move || choice.get().large_print.to_string()
                on:click=toggle(|p| p.large_print = !p.large_print)>
                {move || t().presentation_large_print}
            </button>
        </div>
    }
}
