//! Small wrappers over browser globals that the rest of the app needs: the
//! clock, randomness and per-device settings.

use heard_core::time::Timestamp;

pub fn now() -> Timestamp {
    Timestamp(js_sys::Date::now() as i64)
}

/// A new random id for an item inside a document (question, choice, card, ...).
pub fn new_item_id() -> String {
    let bytes = random_bytes();
    let mut half = [0u8; 8];
    half.copy_from_slice(&bytes[..8]);
    heard_core::id::item_id(half)
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

/// Formats a date in the page's language, e.g. "22 Nov 2026, 14:05". The
/// formatter is made once per language: making one per call costs more than
/// the formatting, and a list shows fifty dates at a time.
pub fn format_date(at: Timestamp, lang: &str) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at.0 as f64));
    format_with(lang, Style::DateTime, &date)
}

/// Formats a calendar day given as YYYY-MM-DD (an answer, a session's date)
/// in the page's language, e.g. "4 Sept 2023"; anything else as it is.
pub fn format_day(day: &str, lang: &str) -> String {
    let mut parts = day.splitn(3, '-').map(|p| p.parse::<u32>().ok());
    let (Some(Some(y)), Some(Some(m)), Some(Some(d))) = (parts.next(), parts.next(), parts.next())
    else {
        return day.to_owned();
    };
    if day.len() != 10 || !heard_core::response::is_iso_date(day) {
        return day.to_owned();
    }
    let at =
        js_sys::Date::utc(f64::from(y), f64::from(m - 1)) + (f64::from(d) - 1.0) * 86_400_000.0;
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at));
    format_with(lang, Style::Day, &date)
}

#[derive(Clone, Copy, PartialEq)]
enum Style {
    /// Date and time, in the device's time zone.
    DateTime,
    /// A calendar day, whatever the time zone.
    Day,
}

fn format_with(lang: &str, style: Style, date: &js_sys::Date) -> String {
    // Plain "en" formats dates the American way; Heard is made for the UK.
    let lang = if lang == "en" { "en-GB" } else { lang };
    type Formats = Vec<(String, Style, js_sys::Intl::DateTimeFormat)>;
    thread_local! {
        static FORMATS: std::cell::RefCell<Formats> = const { std::cell::RefCell::new(Vec::new()) };
    }
    FORMATS.with(|formats| {
        let mut formats = formats.borrow_mut();
        if !formats.iter().any(|(l, s, _)| l == lang && *s == style) {
            let options = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
            match style {
                Style::DateTime => {
                    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
                }
                Style::Day => {
                    let _ = js_sys::Reflect::set(&options, &"timeZone".into(), &"UTC".into());
                }
            }
            let locales = js_sys::Array::of1(&lang.into());
            formats.push((
                lang.to_owned(),
                style,
                js_sys::Intl::DateTimeFormat::new(&locales, &options),
            ));
        }
        formats
            .iter()
            .find(|(l, s, _)| l == lang && *s == style)
            .and_then(|(_, _, f)| f.format().call1(&wasm_bindgen::JsValue::NULL, date).ok())
            .and_then(|s| s.as_string())
            .unwrap_or_default()
    })
}

/// The local calendar day of `at`, as YYYY-MM-DD.
pub fn local_day(at: Timestamp) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at.0 as f64));
    format!(
        "{:04}-{:02}-{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date()
    )
}

pub fn today() -> String {
    local_day(now())
}

/// An object URL for `data`, for an `<audio>` or a download link.
pub fn object_url(data: &[u8], mime: &str) -> Option<String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(data));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

/// Offers `text` as a file download named `name`.
pub fn download(name: &str, text: &str, mime: &str) {
    let Some(url) = object_url(text.as_bytes(), mime) else {
        return;
    };
    let document = leptos::prelude::document();
    if let Ok(link) = document.create_element("a") {
        let _ = link.set_attribute("href", &url);
        let _ = link.set_attribute("download", name);
        if let Ok(link) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(link) {
            link.click();
        }
    }
}

/// A User Timing mark, so the benchmark (and browser profilers) can see
/// when a change became durable or the worker became ready.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// The invite link this page was opened with, if any, taken out of the
/// address bar and the history at once: its fragment holds the project's
/// secret, which must not linger where the next person can see it.
pub fn take_invite() -> Option<String> {
    let window = web_sys::window()?;
    let location = window.location();
    if !location.hash().ok()?.starts_with("#join=") {
        return None;
    }
    let link = location.href().ok()?;
    let rest = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    let _ = window
        .history()
        .and_then(|h| h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&rest)));
    Some(link)
}

/// After a move to another screen, once it is drawn: focus its first shown
/// question's heading, or else its main heading, unless the person has put
/// focus somewhere themselves. The button that moved them is gone by then,
/// and focus left on nothing would start a screen reader at the page's top.
pub fn focus_arrival() {
    use wasm_bindgen::JsCast;
    let frame = wasm_bindgen::closure::Closure::once_into_js(|| {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let idle = match document.active_element() {
            None => true,
            Some(active) => {
                !active.is_connected()
                    || document
                        .body()
                        .is_some_and(|b| AsRef::<web_sys::Element>::as_ref(&b) == &active)
            }
        };
        if !idle {
            return;
        }
        let target = [
            "main .question-block:not([hidden]) .question-text",
            "main h1",
        ]
        .into_iter()
        .find_map(|selector| document.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(target) = target {
            if !target.has_attribute("tabindex") {
                let _ = target.set_attribute("tabindex", "-1");
            }
            let _ = target.focus();
        }
    });
    if let Some(window) = web_sys::window() {
        let _ = window.request_animation_frame(frame.unchecked_ref());
    }
}

/// Runs `then` once the screen has been drawn again (at the next frame).
pub fn after_frame(then: impl FnOnce() + 'static) {
    use wasm_bindgen::JsCast;
    let frame = wasm_bindgen::closure::Closure::once_into_js(then);
    if let Some(window) = web_sys::window() {
        let _ = window.request_animation_frame(frame.unchecked_ref());
    }
}

/// Moves focus to the element with `id`, when there is one.
pub fn focus_element(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

/// The file just chosen in a file input (`ev` is its change event), with the
/// input cleared, so choosing the same file again is another change.
pub fn chosen_file(ev: &web_sys::Event) -> Option<web_sys::File> {
    use wasm_bindgen::JsCast;
    let input = ev.target()?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
    let file = input.files().and_then(|f| f.get(0))?;
    input.set_value("");
    Some(file)
}
