//! How the questions look on this device, as a narrow context handle.
//!
//! The choice is a per-device setting (read at start, saved on change) and is
//! applied as classes on `<html>` so the stylesheet does the rest. Screens that
//! change their content for easy read (pictures beside sentences, faces for
//! ratings, a glossary) read it here.

use heard_core::response::Presentation;
use leptos::prelude::*;

use crate::browser;

const SETTING: &str = "heard.presentation";

#[derive(Clone, Copy)]
pub struct PresentationChoice(RwSignal<Presentation>);

impl PresentationChoice {
    pub fn provide() -> PresentationChoice {
        let initial = browser::setting(SETTING)
            .and_then(|name| Presentation::from_name(&name))
            .unwrap_or_default();
        let choice = PresentationChoice(RwSignal::new(initial));
        provide_context(choice);
        Effect::new(move |_| {
            let p = choice.0.get();
            if let Some(root) = document().document_element() {
                let list = root.class_list();
                let _ = list.toggle_with_force("easy-read", p.easy_read);
                let _ = list.toggle_with_force("large-print", p.large_print);
            }
        });
        choice
    }

    pub fn get(self) -> Presentation {
        self.0.get()
    }

    pub fn get_untracked(self) -> Presentation {
        self.0.get_untracked()
    }

    pub fn set(self, presentation: Presentation) {
        browser::set_setting(SETTING, presentation.name());
        self.0.set(presentation);
    }

    pub fn easy_read(self) -> bool {
        self.0.with(|p| p.easy_read)
    }
}

pub fn use_presentation() -> PresentationChoice {
    expect_context::<PresentationChoice>()
}
