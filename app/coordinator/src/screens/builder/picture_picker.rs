//! Choosing a picture for a question or a choice: search the picture set by
//! word (in English or any of the project's languages) and tap one. The
//! chosen picture shows with its name, which is its alt text too; focus goes
//! to it (its Remove button) and the change is announced. The catalogue is
//! fetched once, when the builder opens.

use heard_core::{
    i18n::{Locale, fill},
    picture_search::{PictureIndex, PictureWords},
};
use heard_web::coordinator_messages::CoordinatorLanguage;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::state::{Builder, focus_soon};
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

    /// What a picture shows, once the catalogue is read.
    fn name_of(self, code: &str) -> Option<String> {
        self.0.with(|index| index.name_of(code).map(str::to_owned))
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
    let builder = Builder::use_builder();
    let t = move || language.coordinator_messages();
    let (search_id, remove_id) = (id.clone(), format!("{id}-remove"));
    let pick = {
        let remove_id = remove_id.clone();
        move |name: String| {
            let said = catalogue.name_of(&name).unwrap_or_else(|| name.clone());
            on_pick.run(Some(name));
            query.set(String::new());
            builder.announce(fill(t().builder_picture_chosen, &[("name", &said)]));
            focus_soon(remove_id.clone(), None);
        }
    };
    let remove = {
        let search_id = search_id.clone();
        move |_| {
            on_pick.run(None);
            builder.announce(t().builder_picture_removed.to_owned());
            focus_soon(search_id.clone(), None);
        }
    };
    view! {
        <div class="picture-picker">
            {move || current.get().map(|name| {
                let said = catalogue.name_of(&name).unwrap_or_default();
                view! {
                    <div class="chosen-picture">
                        <img class="picture" src=format!("/pictures/{name}.svg") alt=said.clone() width="48" height="48" />
                        <span class="picture-name" aria-hidden="true">{fill(t().builder_picture_name, &[("name", &said)])}</span>
                        <button type="button" class="secondary" id=remove_id.clone() on:click=remove.clone()>{remove_label}</button>
                    </div>
                }
            })}
            <label for=id.clone()>{search_label}</label>
            <input id=id type="search" autocomplete="off" prop:value=query on:input=move |ev| query.set(event_target_value(&ev)) />
            <ul class="picture-results">
                {move || results().into_iter().map(|(name, words)| {
                    let label = fill(language.coordinator_messages().picture_choose, &[("name", words.split(',').next().unwrap_or_default())]);
                    let picked = name.clone();
                    let pick = pick.clone();
                    view! {
                        <li>
                            <button type="button" class="picture-choice" aria-label=label
                                on:click=move |_| pick(picked.clone())>
                                <Picture name />
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}
