//! What the builder shows apart from the survey: which question is open,
//! which language's texts are being edited, the question just deleted (for
//! undo), where focus goes after an action, and what the polite live region
//! says about it.

use std::time::Duration;

use heard_core::{
    i18n::{Catalog, Locale},
    survey::Question,
};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// How long Undo stays beside a deleted question.
const UNDO_FOR: Duration = Duration::from_secs(60);

#[derive(Clone, Debug, PartialEq)]
pub struct Deleted {
    /// Where it was (from 0), where Undo now sits.
    pub at: usize,
    pub question: Question,
    /// Which deletion this is, so an old timer does not take a newer Undo.
    pub generation: u64,
}

/// A `Copy` handle, put in context by the builder screen.
#[derive(Clone, Copy)]
pub struct Builder {
    /// The id of the one question shown in full.
    pub open: RwSignal<Option<String>>,
    /// The language whose texts are shown; the first is the main one, with
    /// every setting that is not words.
    pub editing: RwSignal<Locale>,
    pub main: Memo<Locale>,
    pub deleted: RwSignal<Option<Deleted>>,
    /// The catalogs of the project's languages, for words put into survey
    /// texts (" (copy)"); English until the others are read.
    pub catalogs: RwSignal<Vec<&'static Catalog>>,
    said: RwSignal<String>,
}

impl Builder {
    pub fn provide(languages: Memo<Vec<Locale>>, open: Option<String>) -> Builder {
        let main = Memo::new(move |_| languages.get().first().copied().unwrap_or(Locale::English));
        let builder = Builder {
            open: RwSignal::new(open),
            editing: RwSignal::new(main.get_untracked()),
            main,
            deleted: RwSignal::new(None),
            catalogs: RwSignal::new(vec![Catalog::english()]),
            said: RwSignal::new(String::new()),
        };
        let catalogs = builder.catalogs;
        let language = heard_web::i18n::use_language();
        leptos::task::spawn_local(async move {
            catalogs.set(language.catalogs(&languages.get_untracked()).await);
        });
        provide_context(builder);
        builder
    }

    pub fn use_builder() -> Builder {
        expect_context::<Builder>()
    }

    /// Whether the main language's page is shown (with pictures, types and
    /// rules); the others show only words.
    pub fn on_main(self) -> bool {
        self.editing.get() == self.main.get()
    }

    /// What the live region says. The same words twice are made to differ,
    /// so a screen reader says them again.
    pub fn said(self) -> RwSignal<String> {
        self.said
    }

    pub fn announce(self, text: String) {
        let again = self
            .said
            .with_untracked(|s| s.trim_end_matches('\u{a0}') == text);
        let text = if again && !self.said.with_untracked(|s| s.ends_with('\u{a0}')) {
            format!("{text}\u{a0}")
        } else {
            text
        };
        self.said.set(text);
    }

    /// Keeps `question`, deleted from `at`, for Undo, for a while.
    pub fn keep_deleted(self, at: usize, question: Question) {
        let generation = self
            .deleted
            .with_untracked(|d| d.as_ref().map_or(0, |d| d.generation + 1));
        self.deleted.set(Some(Deleted {
            at,
            question,
            generation,
        }));
        let deleted = self.deleted;
        set_timeout(
            move || {
                if deleted.with_untracked(|d| d.as_ref().map(|d| d.generation)) == Some(generation)
                {
                    deleted.set(None);
                }
            },
            UNDO_FOR,
        );
    }
}

/// Moves focus to the element `id` once the change on screen is drawn (the
/// list is redrawn after the signal that changed it; a moved element loses
/// focus as the browser moves it). `fallback` is tried when `id` is gone or
/// disabled.
pub fn focus_soon(id: String, fallback: Option<String>) {
    set_timeout(
        move || {
            let document = document();
            let usable = |id: &str| {
                document
                    .get_element_by_id(id)
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                    .filter(|e| !e.has_attribute("disabled"))
            };
            if let Some(element) = usable(&id).or_else(|| fallback.as_deref().and_then(usable)) {
                let _ = element.focus();
            }
        },
        Duration::from_millis(30),
    );
}
