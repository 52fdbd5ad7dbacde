//! Responses finished and handed over in this tab. Their answering screens
//! show the thank-you screen instead of answers, so the next person at the
//! device finds nothing of them through the Back button, the browser's back
//! or the address bar. Kept in the tab's session storage: a reload keeps it,
//! a new tab (a coordinator opening the completed list later) does not.

use heard_core::id::DocId;

const KEY: &str = "heard.handed-over";
/// Enough for a long day of tea and talk; the oldest are forgotten first.
const KEPT: usize = 500;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn read(storage: &web_sys::Storage) -> Vec<String> {
    storage
        .get_item(KEY)
        .ok()
        .flatten()
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

pub fn mark(response: &DocId) {
    let Some(storage) = storage() else { return };
    let mut ids = read(&storage);
    let id = response.to_string();
    if !ids.contains(&id) {
        ids.push(id);
    }
    let from = ids.len().saturating_sub(KEPT);
    if let Ok(json) = serde_json::to_string(&ids[from..]) {
        let _ = storage.set_item(KEY, &json);
    }
}

pub fn contains(response: &DocId) -> bool {
    let id = response.to_string();
    storage().is_some_and(|s| read(&s).contains(&id))
}
