//! Registers the service worker and turns its life cycle into one signal:
//! "a new version is ready". The page reloads only when the person taps
//! the update button, never by itself, so no one loses their place mid-answer.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue, closure::Closure};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorkerRegistration, ServiceWorkerState};

#[derive(Clone, Copy)]
pub struct Updates {
    pub ready: RwSignal<bool>,
    registration: StoredValue<Option<ServiceWorkerRegistration>, LocalStorage>,
}

impl Updates {
    pub fn register() -> Updates {
        let updates = Updates {
            ready: RwSignal::new(false),
            registration: StoredValue::new_local(None),
        };
        let navigator = window().navigator();
        if !js_sys::Reflect::has(navigator.unchecked_ref(), &"serviceWorker".into())
            .unwrap_or(false)
        {
            return updates;
        }
        let container = navigator.service_worker();
        let promise = container.register("/sw.js");
        leptos::task::spawn_local(async move {
            let Ok(registration) = JsFuture::from(promise).await else {
                return;
            };
            let registration: ServiceWorkerRegistration = registration.unchecked_into();
            updates.registration.set_value(Some(registration.clone()));
            updates.watch(&registration);
        });
        updates
    }

    fn watch(self, registration: &ServiceWorkerRegistration) {
        let has_controller = || window().navigator().service_worker().controller().is_some();
        // A worker already waiting from an earlier visit is a ready update;
        // the very first install (no controller yet) is not an update.
        if registration.waiting().is_some() && has_controller() {
            self.ready.set(true);
        }
        let reg = registration.clone();
        let on_update_found = Closure::<dyn Fn()>::new(move || {
            let Some(installing) = reg.installing() else {
                return;
            };
            let worker = installing.clone();
            let on_state = Closure::<dyn Fn()>::new(move || {
                if worker.state() == ServiceWorkerState::Installed && has_controller() {
                    self.ready.set(true);
                }
            });
            installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
            on_state.forget();
        });
        registration.set_onupdatefound(Some(on_update_found.as_ref().unchecked_ref()));
        on_update_found.forget();
    }

    /// Activates the waiting version and reloads once it has taken control.
    pub fn apply(self) {
        let Some(waiting) = self
            .registration
            .with_value(|r| r.as_ref().and_then(|r| r.waiting()))
        else {
            return;
        };
        let container = window().navigator().service_worker();
        let on_change = Closure::<dyn Fn()>::new(|| {
            let _ = window().location().reload();
        });
        container.set_oncontrollerchange(Some(on_change.as_ref().unchecked_ref()));
        on_change.forget();
        let _ = waiting.post_message(&JsValue::from_str("skip-waiting"));
    }
}

/// Asks the service worker to keep the fonts of `tags` for offline use, once
/// it is active. Failing quietly is right: the text still shows in a system
/// font, and the next visit asks again.
pub fn keep_languages(tags: Vec<&'static str>) {
    keep(
        "keep-languages",
        "tags",
        tags.into_iter().map(str::to_owned).collect(),
    );
}

/// Asks the service worker to keep the pictures a project's surveys show
/// (OpenMoji codes), so they show with no signal, once it is active. Quiet
/// on failure for the same reason: words come with every picture.
pub fn keep_pictures(names: Vec<String>) {
    if !names.is_empty() {
        keep("keep-pictures", "names", names);
    }
}

fn keep(kind: &'static str, field: &'static str, items: Vec<String>) {
    let navigator = window().navigator();
    if !js_sys::Reflect::has(navigator.unchecked_ref(), &"serviceWorker".into()).unwrap_or(false) {
        return;
    }
    let Ok(ready) = navigator.service_worker().ready() else {
        return;
    };
    leptos::task::spawn_local(async move {
        let Ok(registration) = JsFuture::from(ready).await else {
            return;
        };
        let registration: ServiceWorkerRegistration = registration.unchecked_into();
        let Some(active) = registration.active() else {
            return;
        };
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &kind.into());
        let list = js_sys::Array::new();
        for item in items {
            list.push(&JsValue::from_str(&item));
        }
        let _ = js_sys::Reflect::set(&message, &field.into(), &list);
        let _ = active.post_message(&message);
    });
}
