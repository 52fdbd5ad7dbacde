//! The current language as a narrow context handle, and the messages for it.
//!
//! English is compiled in. Another language's catalog is fetched from
//! `/locales/<tag>.json` (precached by the service worker, so it works offline)
//! the first time it is chosen, and kept for the rest of the page's life.

use heard_core::i18n::{Catalog, Locale, Messages};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::browser;

const SETTING: &str = "heard.language";

/// The language on screen and the catalogs read so far.
#[derive(Clone, Copy)]
pub struct Language {
    locale: RwSignal<Locale>,
    loaded: RwSignal<Vec<&'static Catalog>>,
    /// Why the last chosen language could not be shown, if it could not.
    pub error: RwSignal<Option<String>>,
}

impl Language {
    pub fn provide() -> Language {
        let language = Language {
            locale: RwSignal::new(Locale::English),
            loaded: RwSignal::new(vec![Catalog::english()]),
            error: RwSignal::new(None),
        };
        provide_context(language);
        // Keep <html lang dir> in step so screen readers and layout follow.
        Effect::new(move |_| {
            let locale = language.locale.get();
            if let Some(root) = document().document_element() {
                let _ = root.set_attribute("lang", locale.tag());
                let _ = root.set_attribute("dir", locale.direction().as_str());
            }
        });
        // The language chosen last time is offered again.
        if let Some(locale) = browser::setting(SETTING).and_then(|t| Locale::from_tag(&t)) {
            language.choose(locale);
        }
        language
    }

    pub fn locale(self) -> Locale {
        self.locale.get()
    }

    /// The messages of the language on screen.
    pub fn messages(self) -> &'static Messages {
        self.catalog().messages
    }

    /// The catalog on screen; English until a chosen language has loaded.
    pub fn catalog(self) -> &'static Catalog {
        let locale = self.locale.get();
        self.loaded
            .with(|loaded| loaded.iter().copied().find(|c| c.locale == locale))
            .unwrap_or(Catalog::english())
    }

    /// Shows `locale` once its catalog is read, and remembers the choice.
    pub fn choose(self, locale: Locale) {
        browser::set_setting(SETTING, locale.tag());
        leptos::task::spawn_local(async move {
            match self.load(locale).await {
                Ok(_) => {
                    self.error.set(None);
                    self.locale.set(locale);
                }
                Err(e) => self.error.set(Some(e)),
            }
        });
    }

    /// The catalogs of `locales` that can be read, English first: what the
    /// built-in templates are written from.
    pub async fn catalogs(self, locales: &[Locale]) -> Vec<&'static Catalog> {
        let mut catalogs = vec![Catalog::english()];
        for &locale in locales {
            if let Ok(catalog) = self.load(locale).await
                && catalog.locale != Locale::English
            {
                catalogs.push(catalog);
            }
        }
        catalogs
    }

    async fn load(self, locale: Locale) -> Result<&'static Catalog, String> {
        if let Some(catalog) = self
            .loaded
            .with_untracked(|loaded| loaded.iter().copied().find(|c| c.locale == locale))
        {
            return Ok(catalog);
        }
        let text = fetch_text(&format!("/locales/{}.json", locale.tag()))
            .await
            .ok_or_else(|| format!("{}: could not be read", locale.native_name()))?;
        let catalog =
            Catalog::parse(locale, &text).map_err(|e| format!("{}: {e}", locale.native_name()))?;
        let catalog: &'static Catalog = Box::leak(Box::new(catalog));
        self.loaded.update(|loaded| loaded.push(catalog));
        Ok(catalog)
    }
}

async fn fetch_text(url: &str) -> Option<String> {
    let response: web_sys::Response = JsFuture::from(window().fetch_with_str(url))
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    if !response.ok() {
        return None;
    }
    JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()
}

pub fn use_language() -> Language {
    expect_context::<Language>()
}
