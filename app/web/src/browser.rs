//! Small wrappers over browser globals that the rest of the app needs: the
//! clock, randomness and per-device settings.

use heard_core::time::Timestamp;

pub fn now() -> Timestamp {
    Timestamp(js_sys::Date::now() as i64)
}

/// 16 bytes from the browser's cryptographic random source.
pub fn random_bytes() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    let crypto = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .expect("window.crypto exists in every supported browser");
    crypto
        .get_random_values_with_u8_array(&mut bytes)
        .expect("16 random bytes are within the getRandomValues limit");
    bytes
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// A per-device setting; `None` when unset or when storage is blocked.
pub fn setting(name: &str) -> Option<String> {
    local_storage()?.get_item(name).ok().flatten()
}

/// Saves a per-device setting; settings are conveniences, so a blocked
/// storage is tolerated rather than reported.
pub fn set_setting(name: &str, value: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(name, value);
    }
}

/// Formats a date in the page's language, e.g. "22 Nov 2026, 14:05".
pub fn format_date(at: Timestamp, lang: &str) -> String {
    // Plain "en" formats dates the American way; Heard is made for the UK.
    let lang = if lang == "en" { "en-GB" } else { lang };
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at.0 as f64));
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    date.to_locale_string(lang, &options).into()
}
