//! The device-wide owner lock, through the Web Locks API (called through
//! `js_sys`, since web-sys only has it behind its unstable-API flag).

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue, closure::Closure};

/// Asks for the lock `name` and holds it for as long as this worker lives.
/// `on_owner` runs once the lock is held; `on_waiting` runs at once when
/// another worker holds it (this one then waits its turn). Returns `false`
/// when the browser has no Web Locks.
pub fn hold(
    name: &str,
    on_owner: impl FnOnce() + 'static,
    on_waiting: impl FnOnce() + 'static,
) -> bool {
    let global = js_sys::global();
    let Some(locks) = Reflect::get(&global, &"navigator".into())
        .ok()
        .and_then(|n| Reflect::get(&n, &"locks".into()).ok())
        .filter(|l| !l.is_undefined())
    else {
        return false;
    };
    let Some(request) = Reflect::get(&locks, &"request".into())
        .ok()
        .and_then(|r| r.dyn_into::<Function>().ok())
    else {
        return false;
    };
    let on_owner = std::cell::Cell::new(Some(on_owner));
    // A promise that never settles keeps the lock until the worker ends.
    let granted = Closure::<dyn FnMut(JsValue) -> JsValue>::new(move |_lock: JsValue| {
        if let Some(on_owner) = on_owner.take() {
            on_owner();
        }
        Promise::new(&mut |_, _| {}).into()
    });
    let on_waiting = std::cell::Cell::new(Some(on_waiting));
    let locks_again = locks.clone();
    let request_again = request.clone();
    let name_again = JsValue::from_str(name);
    let granted_fn: Function = granted.as_ref().unchecked_ref::<Function>().clone();
    granted.forget();
    // First without waiting: if another worker owns the documents, say so
    // to this tab at once, then queue for the lock.
    let options = js_sys::Object::new();
    let _ = Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE);
    let granted_now = granted_fn.clone();
    let first = Closure::<dyn FnMut(JsValue) -> JsValue>::new(move |lock: JsValue| {
        if lock.is_null() {
            if let Some(on_waiting) = on_waiting.take() {
                on_waiting();
            }
            let _ = request_again.call2(&locks_again, &name_again, &granted_fn);
            JsValue::UNDEFINED
        } else {
            granted_now
                .call1(&JsValue::NULL, &lock)
                .unwrap_or(JsValue::UNDEFINED)
        }
    });
    let asked = Reflect::apply(
        &request,
        &locks,
        &js_sys::Array::of3(&JsValue::from_str(name), &options, first.as_ref()),
    );
    first.forget();
    asked.is_ok()
}
