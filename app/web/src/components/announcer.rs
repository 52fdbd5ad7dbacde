//! The page's one polite live region for news that belongs to no control:
//! "Question 4 of 12" after Next. It is always on the page (a region added
//! with its words is not reliably read out), and hidden from view: the same
//! words are on screen where they belong.

use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Announcer(RwSignal<String>);

impl Announcer {
    pub fn provide() -> Announcer {
        let announcer = Announcer(RwSignal::new(String::new()));
        provide_context(announcer);
        announcer
    }

    pub fn say(self, words: String) {
        self.0.set(words);
    }
}

pub fn use_announcer() -> Option<Announcer> {
    use_context::<Announcer>()
}

#[component]
pub fn Announcements() -> impl IntoView {
    let words = use_announcer().map(|a| a.0);
    view! { <p class="visually-hidden" aria-live="polite">{move || words.map(|w| w.get())}</p> }
}
