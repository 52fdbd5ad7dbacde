//! Heard's interface in the browser: Leptos screens, plus thin adapters for the
//! document worker, the service worker and the History API. Automerge never
//! loads here: documents live in the worker (`heard-worker`).
//!
//! This library is the first wasm module (its `main`) and everything the
//! others, `heard-coordinator` and `heard-results`, share with it; each
//! module mounts [`app::App`] with its own table of screens.

pub mod app;
pub mod browser;
pub mod components;
pub mod coordinator_messages;
mod handed_over;
pub mod i18n;
pub mod navigation;
mod persistence;
pub mod presentation;
pub mod responses;
pub mod screens;
pub mod service_worker;

use heard_core::route::Module;

/// Mounts the app on `<body>` with `module`'s screens; called once by each
/// module's `main`.
pub fn start(module: Module, screens: app::Screens) {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("page panic: {info}").into());
    }));
    leptos::mount::mount_to_body(move || leptos::view! { <app::App module screens /> });
}
