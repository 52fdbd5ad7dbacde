//! An ordinary link to an app route that navigates without a page load, while
//! still working with "open in new tab" and assistive technology.

use heard_core::route::Route;
use leptos::prelude::*;

use crate::navigation::use_navigator;

#[component]
pub fn Link(
    route: Route,
    /// A fuller accessible name, when the visible text alone is ambiguous.
    #[prop(optional, into)]
    label: Option<String>,
    children: Children,
) -> impl IntoView {
    let navigator = use_navigator();
    let href = route.path();
    let follow = move |ev: leptos::ev::MouseEvent| {
        if ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.button() != 0 {
            return;
        }
        ev.prevent_default();
        navigator.go(route.clone());
    };
    view! { <a href=href aria-label=label on:click=follow>{children()}</a> }
}
