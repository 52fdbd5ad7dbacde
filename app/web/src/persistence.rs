//! Asking the browser not to evict this site's storage when space runs low.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Persistence {
    Granted,
    Refused,
    /// The browser has no StorageManager (old or embedded browsers).
    Unsupported,
}

async fn ask(promise: Result<js_sys::Promise, wasm_bindgen::JsValue>) -> Option<bool> {
    JsFuture::from(promise.ok()?).await.ok()?.as_bool()
}

/// Checks for persistent storage and asks for it when not yet granted.
pub async fn request() -> Persistence {
    let Some(window) = web_sys::window() else {
        return Persistence::Unsupported;
    };
    let navigator = window.navigator();
    let has_storage =
        js_sys::Reflect::has(navigator.unchecked_ref(), &"storage".into()).unwrap_or(false);
    if !has_storage {
        return Persistence::Unsupported;
    }
    let manager = navigator.storage();
    if ask(manager.persisted()).await == Some(true) || ask(manager.persist()).await == Some(true) {
        Persistence::Granted
    } else {
        Persistence::Refused
    }
}
