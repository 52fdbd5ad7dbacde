//! Recordings: the playable copies this page holds (object URLs), fetched
//! from the worker when first shown, and recordings sent to it.

use super::*;

impl Responses {
    /// Keeps recorded audio under `key` of document `id`, and offers it for
    /// playing.
    pub fn set_audio(self, id: &DocId, key: &str, mime: &str, data: Vec<u8>) {
        if let Some(url) = browser::object_url(&data, mime) {
            self.audio.update(|a| {
                a.insert((id.clone(), key.to_owned()), url);
            });
        }
        self.change(ToWorker::SetAudio {
            id: id.clone(),
            key: key.to_owned(),
            mime: mime.to_owned(),
            data,
            now: browser::now(),
        });
    }

    /// Sends again the recording under `key` that this page still plays (a
    /// card whose deletion was undone: the worker let its audio go).
    pub fn restore_audio(self, id: &DocId, key: &str, mime: &str) {
        let pair = (id.clone(), key.to_owned());
        let Some(url) = self.audio.with_untracked(|a| a.get(&pair).cloned()) else {
            return;
        };
        let (id, key, mime) = (id.clone(), key.to_owned(), mime.to_owned());
        leptos::task::spawn_local(async move {
            use wasm_bindgen_futures::JsFuture;
            let Some(window) = web_sys::window() else {
                return;
            };
            let Ok(response) = JsFuture::from(window.fetch_with_str(&url)).await else {
                return;
            };
            let Ok(response) = response.dyn_into::<web_sys::Response>() else {
                return;
            };
            let Ok(promise) = response.array_buffer() else {
                return;
            };
            let Ok(buffer) = JsFuture::from(promise).await else {
                return;
            };
            let data = js_sys::Uint8Array::new(&buffer).to_vec();
            self.change(ToWorker::SetAudio {
                id,
                key,
                mime,
                data,
                now: browser::now(),
            });
        });
    }

    /// Asks the worker for the audio under `key`, unless it is here already.
    pub fn fetch_audio(self, id: &DocId, key: &str) {
        let pair = (id.clone(), key.to_owned());
        if !self.audio.with_untracked(|a| a.contains_key(&pair)) {
            self.send(ToWorker::GetAudio {
                id: id.clone(),
                key: key.to_owned(),
            });
        }
    }
}
