//! The current language as a narrow context handle, and the messages for it.

use heard_core::i18n::{Catalog, Locale, Messages};
use leptos::prelude::*;

/// The language on screen. Only languages with a catalog are offered, so the
/// `lang` attribute never claims a language the text is not in.
#[derive(Clone, Copy)]
pub struct Language(pub RwSignal<Locale>);

impl Language {
    pub fn provide() -> Language {
        let language = Language(RwSignal::new(Locale::English));
        provide_context(language);
        // Keep <html lang dir> in step so screen readers and layout follow.
        Effect::new(move |_| {
            let locale = language.0.get();
            if let Some(root) = document().document_element() {
                let _ = root.set_attribute("lang", locale.tag());
                let _ = root.set_attribute("dir", locale.direction().as_str());
            }
        });
        language
    }

    pub fn locale(self) -> Locale {
        self.0.get()
    }

    pub fn messages(self) -> &'static Messages {
        Catalog::for_locale(self.0.get()).messages
    }
}

pub fn use_language() -> Language {
    expect_context::<Language>()
}
