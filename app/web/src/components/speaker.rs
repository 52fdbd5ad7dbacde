//! Read aloud: a speaker button beside a question, choice or instruction.
//!
//! A prompt the coordinator recorded is played as it is. Otherwise the Web
//! Speech API reads the text with a voice for its language (a voice on the
//! device preferred); when the device has none for that language the button
//! says so, and never reads with a voice of another language.

use heard_core::{
    i18n::{Locale, fill},
    id::DocId,
};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{SpeechSynthesis, SpeechSynthesisUtterance, SpeechSynthesisVoice};

use super::{AudioPlayer, Picture};
use crate::i18n::use_language;

/// `text` is what is read and `lang` the language it is written in (English
/// where a translation is missing). `audio` is a recorded prompt in a project
/// document, played instead when there is one.
#[component]
pub fn Speaker(
    #[prop(into)] text: Signal<String>,
    #[prop(into)] lang: Signal<Locale>,
    #[prop(optional)] audio: Option<(DocId, String)>,
) -> impl IntoView {
    let language = use_language();
    let t = move || language.messages();
    if let Some((doc, key)) = audio {
        return view! { <AudioPlayer doc key caption=Signal::derive(move || fill(t().read_aloud_label, &[("text", &text.get())])) /> }.into_any();
    }
    let no_voice = RwSignal::new(None::<Locale>);
    let read = move |_| {
        let (text, lang) = (text.get_untracked(), lang.get_untracked());
        leptos::task::spawn_local(async move {
            no_voice.set(speak(&text, lang).await.err());
        });
    };
    view! {
        <span class="speaker">
            <button type="button" class="icon" on:click=read
                aria-label=move || fill(t().read_aloud_label, &[("text", &text.get())])>
                <Picture name=heard_core::easy_read::SPEAKER_PICTURE.to_owned() />
            </button>
            <span role="status" class="speaker-status">
                {move || no_voice.get().map(|l| fill(t().read_aloud_no_voice, &[("language", l.native_name())]))}
            </span>
        </span>
    }
    .into_any()
}

/// Reads `text` with a voice for `locale`; `Err(locale)` when there is none.
async fn speak(text: &str, locale: Locale) -> Result<(), Locale> {
    let synth = window().speech_synthesis().map_err(|_| locale)?;
    let voice = pick_voice(&voices(&synth).await, locale).ok_or(locale)?;
    let utterance = SpeechSynthesisUtterance::new_with_text(text).map_err(|_| locale)?;
    utterance.set_lang(&voice.lang());
    utterance.set_voice(Some(&voice));
    // A second tap starts again rather than queueing behind the first.
    synth.cancel();
    synth.speak(&utterance);
    Ok(())
}

/// How long to wait for the device's voices when none are listed yet.
const VOICES_WAIT_MS: i32 = 1500;

/// The device's voices. Chromium lists them only some time after a page first
/// asks, and says so with `voiceschanged`: an empty list is waited on briefly,
/// so the first tap does not report "no voice" on a device that has one.
async fn voices(synth: &SpeechSynthesis) -> js_sys::Array {
    let voices = synth.get_voices();
    if voices.length() > 0 {
        return voices;
    }
    let listed = js_sys::Promise::new(&mut |resolve, _| {
        synth.set_onvoiceschanged(Some(&resolve));
        let _ = window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, VOICES_WAIT_MS);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(listed).await;
    synth.set_onvoiceschanged(None);
    synth.get_voices()
}

/// A voice whose language is `locale` (any region), one on the device first.
fn pick_voice(voices: &js_sys::Array, locale: Locale) -> Option<SpeechSynthesisVoice> {
    let mut matching: Vec<SpeechSynthesisVoice> = voices
        .iter()
        .map(|v| v.unchecked_into::<SpeechSynthesisVoice>())
        .filter(|v| Locale::from_tag(&v.lang()) == Some(locale))
        .collect();
    matching.sort_by_key(|v| !v.local_service());
    matching.into_iter().next()
}
