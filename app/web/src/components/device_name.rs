//! This device's name ("Hall tablet"): the field that sets it, in a
//! project's "Other devices", and the words that show a recorded name
//! beside what a device added.
//!
//! The name belongs to the device, not to a project, so it is a setting of
//! the device (every project's field shows and sets the same name). What
//! the device adds records the name as it is then; renaming the device
//! changes nothing already added.

use heard_core::device_name::{DEVICE_NAME_MAX_CHARS, DeviceName, DeviceNameError, shown};
use heard_core::i18n::fill;
use leptos::prelude::*;

use crate::{browser, i18n::use_language};

const SETTING: &str = "heard.device-name";

/// This device's name, to record in what it adds now; `None` until it is
/// named.
pub fn this_device() -> Option<String> {
    browser::setting(SETTING)
        .and_then(|name| DeviceName::parse(&name).ok())
        .map(DeviceName::into_string)
}

/// The labelled field that names this device. It saves as the person
/// types: a name that cannot be kept says why and leaves the saved name
/// as it was.
#[component]
pub fn DeviceNameField() -> impl IntoView {
    let language = use_language();
    let t = move || language.messages();
    let initial = this_device().unwrap_or_default();
    let named = RwSignal::new(!initial.is_empty());
    let error = RwSignal::new(None::<DeviceNameError>);
    let input = move |ev| {
        let typed = event_target_value(&ev);
        match DeviceName::parse(&typed) {
            Ok(name) => {
                browser::set_setting(SETTING, name.as_str());
                named.set(true);
                error.set(None);
            }
            // Emptied: the device goes back to having no name.
            Err(DeviceNameError::Empty) => {
                browser::set_setting(SETTING, "");
                named.set(false);
                error.set(None);
            }
            Err(bad) => error.set(Some(bad)),
        }
    };
    let error_words = move || {
        error.get().map(|bad| match bad {
            DeviceNameError::TooLong { chars } => fill(
                t().device_name_too_long,
                &[
                    ("count", &chars.to_string()),
                    ("max", &DEVICE_NAME_MAX_CHARS.to_string()),
                ],
            ),
            _ => t().device_name_bad_character.to_owned(),
        })
    };
    view! {
        <div class="field device-name">
            <label for="device-name">{move || t().device_name_label}</label>
            <p id="device-name-hint" class="hint">{move || t().device_name_hint}</p>
            <input id="device-name" type="text" autocomplete="off" prop:value=initial
                aria-describedby="device-name-hint device-name-state device-name-error"
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                on:input=input />
            <p id="device-name-error" class="field-error" role="alert">{error_words}</p>
            <p id="device-name-state" class="meta">
                {move || if named.get() { t().device_name_saved } else { t().device_name_unset }}
            </p>
        </div>
    }
}

/// `template` (placeholders other than `{device}` already filled) with the
/// recorded name in its place, isolated so that a name in one direction of
/// writing does not reorder the words around it; `None` when no usable
/// name is recorded, so older items show nothing extra.
pub fn with_device(template: String, recorded: Option<&str>) -> Option<AnyView> {
    let name = shown(recorded)?;
    let (before, after) = match template.split_once("{device}") {
        Some((before, after)) => (before.to_owned(), after.to_owned()),
        None => (template, String::new()),
    };
    Some(view! { {before}<bdi>{name}</bdi>{after} }.into_any())
}
