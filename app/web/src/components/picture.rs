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
const FACES: [(heard_core::response::Feeling, &str); 3] = [
    (heard_core::response::Feeling::Happy, "1F600"),
    (heard_core::response::Feeling::NotSure, "1F610"),
    (heard_core::response::Feeling::Unhappy, "1F641"),
];

/// The words for `feeling` and the face shown beside them (none for "don't
/// know"): the one place the scale's labels and pictures are paired.
pub fn face(
    feeling: heard_core::response::Feeling,
    t: &heard_core::i18n::Messages,
) -> (&'static str, Option<String>) {
    use heard_core::response::Feeling;
    let label = match feeling {
        Feeling::Happy => t.feeling_happy,
        Feeling::NotSure => t.feeling_not_sure,
        Feeling::Unhappy => t.feeling_unhappy,
        Feeling::DontKnow => t.feeling_dont_know,
    };
    let picture = FACES
        .iter()
        .find(|(f, _)| *f == feeling)
        .map(|(_, name)| (*name).to_owned());
    (label, picture)
}
