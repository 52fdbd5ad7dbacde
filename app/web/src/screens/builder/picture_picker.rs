//! Choosing a picture for a question or a choice: search the picture set by
//! word and tap one. The catalogue is fetched once, when the builder opens.

use heard_core::i18n::fill;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::{components::Picture, i18n::use_language};

/// Every picture's name (hexcode) and the words that describe it.
#[derive(Clone, Copy)]
pub struct Catalogue(RwSignal<Vec<(String, String)>>);

impl Catalogue {
    /// Starts fetching the catalogue and puts a handle in context.
    pub fn provide() {
        let list = RwSignal::new(Vec::new());
        provide_context(Catalogue(list));
        leptos::task::spawn_local(async move {
            if let Some(entries) = fetch_catalogue().await {
                list.set(entries);
            }
        });
    }

    /// Up to `limit` pictures whose words contain `query`, closest first.
    fn search(self, query: &str, limit: usize) -> Vec<(String, String)> {
        let query = query.trim().to_lowercase();
        if query.is_empty() {
            return Vec::new();
        }
        self.0.with(|all| {
            let mut hits: Vec<(usize, &(String, String))> = all
                .iter()
                .filter_map(|entry| {
                    let words = entry.1.to_lowercase();
                    // A match at the start of the name ranks above one in the tags.
                    Some((usize::from(words.find(&query)? > 0), entry))
                })
                .collect();
            hits.sort_by_key(|(rank, _)| *rank);
            hits.into_iter()
                .take(limit)
                .map(|(_, e)| e.clone())
                .collect()
        })
    }
}

async fn fetch_catalogue() -> Option<Vec<(String, String)>> {
    let response =
        wasm_bindgen_futures::JsFuture::from(window().fetch_with_str("/pictures/catalogue.json"))
            .await
            .ok()?
            .dyn_into::<web_sys::Response>()
            .ok()?;
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
        heard_core::id::DocId::from_random(crate::browser::random_bytes()).short()
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
