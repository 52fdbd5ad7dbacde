//! Audio kept in a document: recorded on the device with MediaRecorder (a
//! session card's note, a coordinator's spoken question) and played back.

use heard_core::{id::DocId, session::check_audio};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, closure::Closure};
use web_sys::{BlobEvent, MediaRecorder, MediaStream, MediaStreamConstraints};

use crate::{i18n::use_language, responses::use_responses};

/// A recording in progress: the recorder, its stream (whose tracks must be
/// stopped to free the microphone) and the pieces recorded so far.
#[derive(Clone)]
struct Recording {
    recorder: MediaRecorder,
    stream: MediaStream,
    parts: js_sys::Array,
}

/// Record and play the audio under `key` of document `doc`. `on_recorded`
/// runs with the media type before the bytes are stored, so the caller can
/// mark its content as having audio.
#[component]
pub fn Recorder(
    doc: DocId,
    key: String,
    has_audio: Signal<bool>,
    record_label: Signal<String>,
    stop_label: Signal<String>,
    caption: Signal<String>,
    on_recorded: Callback<String>,
) -> impl IntoView {
    let language = use_language();
    let t = move || language.messages();
    let responses = use_responses();
    let (doc, key) = (StoredValue::new(doc), StoredValue::new(key));
    let recording = StoredValue::new_local(None::<Recording>);
    let is_recording = RwSignal::new(false);
    let error = RwSignal::new(None::<&'static str>);

    let start = move |_| {
        error.set(None);
        leptos::task::spawn_local(async move {
            match begin().await {
                Some(r) => {
                    recording.set_value(Some(r));
                    is_recording.set(true);
                }
                None => error.set(Some(t().session_mic_refused)),
            }
        });
    };
    let stop = move |_| {
        let Some(r) = recording.try_update_value(Option::take).flatten() else {
            return;
        };
        is_recording.set(false);
        let (parts, mime, stream) = (r.parts.clone(), r.recorder.mime_type(), r.stream.clone());
        let on_stop = Closure::once(move || {
            stream.get_tracks().for_each(&mut |track, _, _| {
                if let Ok(track) = track.dyn_into::<web_sys::MediaStreamTrack>() {
                    track.stop();
                }
            });
            leptos::task::spawn_local(async move {
                let Some(bytes) = bytes_of(&parts, &mime).await else {
                    return error.set(Some(t().session_mic_refused));
                };
                let mime = if mime.is_empty() {
                    "audio/webm".to_owned()
                } else {
                    mime
                };
                if check_audio(&mime, bytes.len()).is_err() {
                    return error.set(Some(t().session_audio_too_long));
                }
                on_recorded.run(mime.clone());
                responses.set_audio(&doc.get_value(), &key.get_value(), &mime, bytes);
            });
        });
        r.recorder
            .set_onstop(Some(on_stop.as_ref().unchecked_ref()));
        on_stop.forget();
        let _ = r.recorder.stop();
    };
    view! {
        <div class="audio-note">
            {move || has_audio.get().then(|| view! { <AudioPlayer doc=doc.get_value() key=key.get_value() caption /> })}
            {move || if is_recording.get() {
                view! { <button type="button" class="danger" on:click=stop>{stop_label}</button> }.into_any()
            } else {
                view! { <button type="button" class="secondary" on:click=start>{record_label}</button> }.into_any()
            }}
            <p class="field-error" role="alert">{move || error.get()}</p>
        </div>
    }
}

/// Plays the audio under `key` of document `doc`, fetched from the worker.
#[component]
pub fn AudioPlayer(doc: DocId, key: String, caption: Signal<String>) -> impl IntoView {
    let responses = use_responses();
    {
        let (doc, key) = (doc.clone(), key.clone());
        // Asked for at once, and again while it is not here as its document
        // changes: made on another device, it can be fetched once that
        // device has put it on the relay and said so.
        Effect::new(move |_| {
            responses.news.track();
            responses.fetch_audio(&doc, &key);
        });
    }
    let url = move || {
        responses
            .audio
            .with(|a| a.get(&(doc.clone(), key.clone())).cloned())
    };
    move || {
        url().map(|src| {
            view! {
                <figure>
                    <figcaption>{caption}</figcaption>
                    <audio controls src=src></audio>
                </figure>
            }
        })
    }
}

/// Asks for the microphone and starts recording; `None` when refused or
/// when the browser cannot record.
async fn begin() -> Option<Recording> {
    let devices = web_sys::window()?.navigator().media_devices().ok()?;
    let constraints = MediaStreamConstraints::new();
    constraints.set_audio(&true.into());
    let promise = devices.get_user_media_with_constraints(&constraints).ok()?;
    let stream: MediaStream = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    let recorder = MediaRecorder::new_with_media_stream(&stream).ok()?;
    let parts = js_sys::Array::new();
    let collect = parts.clone();
    let on_data = Closure::<dyn Fn(BlobEvent)>::new(move |event: BlobEvent| {
        if let Some(blob) = event.data() {
            collect.push(&blob);
        }
    });
    recorder.set_ondataavailable(Some(on_data.as_ref().unchecked_ref()));
    on_data.forget();
    recorder.start().ok()?;
    Some(Recording {
        recorder,
        stream,
        parts,
    })
}

async fn bytes_of(parts: &js_sys::Array, mime: &str) -> Option<Vec<u8>> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_blob_sequence_and_options(parts, &options).ok()?;
    let buffer = wasm_bindgen_futures::JsFuture::from(blob.array_buffer())
        .await
        .ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}
