//! A picture from the app's set (OpenMoji), shown beside the words it
//! supports. It repeats what the words say, so it is hidden from screen
//! readers (empty alt text).

use leptos::prelude::*;

#[component]
pub fn Picture(name: String) -> impl IntoView {
    view! { <img class="picture" src=format!("/pictures/{name}.svg") alt="" width="48" height="48" /> }
}

/// The faces of the 3-point picture scale; the build precaches them, so the
/// scale shows faces offline from the first visit.
pub const FACES: [(heard_core::response::Feeling, &str); 3] = [
    (heard_core::response::Feeling::Happy, "1F600"),
    (heard_core::response::Feeling::NotSure, "1F610"),
    (heard_core::response::Feeling::Unhappy, "1F641"),
];
