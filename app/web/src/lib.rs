//! Heard in the browser: the Leptos interface and thin adapters (IndexedDB,
//! service worker, History API) around `heard-core`.

mod app;
mod browser;
mod components;
mod i18n;
mod navigation;
mod persistence;
mod responses;
mod screens;
mod service_worker;
pub mod storage;

/// Mounts the app on `<body>`; called once by `main`.
pub fn start() {
    leptos::mount::mount_to_body(app::App);
}
