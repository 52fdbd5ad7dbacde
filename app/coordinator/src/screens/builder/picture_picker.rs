//! Choosing a picture for a question or a choice: search the picture set by
//! word (in English or any of the project's languages) and tap one. The
//! catalogue is fetched once, when the builder opens.

use heard_core::{
    i18n::{Locale, fill},
    picture_search::{PictureIndex, PictureWords},
};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use heard_web::{components::Picture, i18n::use_language};

/// The picture set's words, with the search words of the project's languages.
#[derive(Clone, Copy)]
pub struct Catalogue(RwSignal<PictureIndex>);

impl Catalogue {
    /// Starts fetching the catalogue and the search words of `languages`, and
    /// puts a handle in context. Both are kept by the service worker.
    pub fn provide(languages: Vec<Locale>) {
        let index = RwSignal::new(PictureIndex::default());
        provide_context(Catalogue(index));
        leptos::task::spawn_local(async move {
            let Some(entries) = fetch_json("/pictures/catalogue.json").await else {
                return;
            };
            let mut found = PictureIndex::new(entries);
            for locale in languages.into_iter().filter(|l| *l != Locale::English) {
                let url = format!("/pictures/words-{}.json", locale.tag());
                if let Some(words) = fetch_json::<PictureWords>(&url).await {
                    found.add_words(words);
                }
            }
            index.set(found);
        });
    }

    fn search(self, query: &str, limit: usize) -> Vec<(String, String)> {
        self.0.with(|index| index.search(query, limit))
    }
}

async fn fetch_json<T: serde::de::DeserializeOwned>(url: &str) -> Option<T> {
    let response = wasm_bindgen_futures::JsFuture::from(window().fetch_with_str(url))
        .await
        .ok()?
        .dyn_into::<web_sys::Response>()
        .ok()?;
    if !response.ok() {
        return None;
    }
    let text = wasm_bindgen_futures::JsFuture::from(response.text().ok()?)
        .await
        .ok()?;
    serde_json::from_str(&text.as_string()?).ok()
}

#[component]
pub fn PicturePicker(
    search_label: Signal<String>,
    remove_label: Signal<String>,
    current: Signal<Option<String>>,
    on_pick: Callback<Option<String>>,
) -> impl IntoView {
    let language = use_language();
    let catalogue = expect_context::<Catalogue>();
    let query = RwSignal::new(String::new());
    let id = format!(
        "picture-{}",
        heard_core::id::DocId::from_random(heard_web::browser::random_bytes()).short()
    );
    let results = move || catalogue.search(&query.get(), 12);
    view! {
        <div class="picture-picker">
            {move || current.get().map(|name| view! {
                <div class="chosen-picture">
                    <Picture name />
                    <button type="button" class="secondary" on:click=move |_| on_pick.run(None)>{remove_label}</button>
                </div>
            })}
            <label for=id.clone()>{search_label}</label>
            <input id=id type="search" autocomplete="off" prop:value=query on:input=move |ev| query.set(event_target_value(&ev)) />
            <ul class="picture-results">
                {move || results().into_iter().map(|(name, words)| {
                    let label = fill(language.messages().picture_choose, &[("name", words.split(',').next().unwrap_or_default())]);
                    let picked = name.clone();
                    view! {
                        <li>
                            <button type="button" class="picture-choice" aria-label=label
                                on:click=move |_| { on_pick.run(Some(picked.clone())); query.set(String::new()); }>
                                <Picture name />
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}
