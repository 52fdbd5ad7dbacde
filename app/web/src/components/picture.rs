//! A picture from the app's set (OpenMoji), shown beside the words it
//! supports. It repeats what the words say, so it is hidden from screen
//! readers (empty alt text).

use leptos::prelude::*;

#[component]
pub fn Picture(name: String) -> impl IntoView {
    view! { <img class="picture" src=format!("/pictures/{name}.svg") alt="" width="48" height="48" /> }
}

/// A rating's point as a picture: `n` of five dots filled, left to right in
/// every language (a scale's direction is not mirrored with the text). It
/// repeats the number beside it, so it is hidden from screen readers.
#[component]
pub fn RatingPicture(n: u8) -> impl IntoView {
    let dots = (0..heard_core::survey::RATING_MAX)
        .map(|i| {
            let fill = if i < n { "currentColor" } else { "none" };
            view! { <circle cx=5 + 10 * u32::from(i) cy="5" r="4" fill=fill stroke="currentColor" stroke-width="1.5" /> }
        })
        .collect_view();
    view! {
        <svg class="picture rating-picture" viewBox="0 0 50 10" aria-hidden="true" focusable="false">{dots}</svg>
    }
}

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
    let picture = heard_core::easy_read::FACE_PICTURES
        .iter()
        .find(|(f, _)| *f == feeling)
        .map(|(_, name)| (*name).to_owned());
    (label, picture)
}
