//! Heard's interface in the browser: Leptos screens, plus thin adapters for the
//! document worker, the service worker and the History API. Automerge never
//! loads here: documents live in the worker (`heard-worker`).

mod app;
mod browser;
mod components;
mod i18n;
mod navigation;
mod persistence;
mod presentation;
mod responses;
mod screens;
mod service_worker;

/// Mounts the app on `<body>`; called once by `main`.
pub fn start() {
    leptos::mount::mount_to_body(app::App);
}
