//! The camera for scanning: asked for with the rear camera preferred, shown
//! in a `<video>`, and stopped (every track, so the browser's camera light
//! goes off) as soon as it is no longer needed.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlVideoElement, MediaStream, MediaStreamConstraints, MediaStreamTrack};

/// Why the camera could not be used, as a person can be told.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CameraProblem {
    /// No camera, none that fits, or no camera API (a page not served over
    /// HTTPS has none).
    None,
    /// The person or the browser's settings refused the permission.
    Refused,
    /// There is a camera, but it did not start (another app holds it).
    Failed,
}

impl CameraProblem {
    /// The problem a `getUserMedia` rejection names (its `DOMException`
    /// name).
    pub fn from_error_name(name: &str) -> CameraProblem {
        match name {
            "NotAllowedError" | "SecurityError" | "PermissionDeniedError" => CameraProblem::Refused,
            "NotFoundError" | "OverconstrainedError" | "DevicesNotFoundError" | "TypeError" => {
                CameraProblem::None
            }
            _ => CameraProblem::Failed,
        }
    }
}

/// Asks for a camera, the rear one if there is a choice (`ideal`, so a
/// laptop's only camera still does), with no sound.
pub async fn open() -> Result<MediaStream, CameraProblem> {
    let devices = web_sys::window()
        .and_then(|w| w.navigator().media_devices().ok())
        .ok_or(CameraProblem::None)?;
    let video = js_sys::Object::new();
    let facing = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&facing, &"ideal".into(), &"environment".into());
    let _ = js_sys::Reflect::set(&video, &"facingMode".into(), &facing);
    let constraints = MediaStreamConstraints::new();
    constraints.set_audio(&false.into());
    constraints.set_video(&video);
    let promise = devices
        .get_user_media_with_constraints(&constraints)
        .map_err(|e| CameraProblem::from_error_name(&error_name(&e)))?;
    let stream = JsFuture::from(promise)
        .await
        .map_err(|e| CameraProblem::from_error_name(&error_name(&e)))?;
    stream.dyn_into().map_err(|_| CameraProblem::Failed)
}

/// Shows `stream` in `video`, which plays muted and inline (a phone would
/// otherwise open it full screen).
pub fn show(video: &HtmlVideoElement, stream: &MediaStream) {
    video.set_muted(true);
    let _ = video.set_attribute("playsinline", "");
    video.set_src_object(Some(stream));
    // Autoplay of a muted video is allowed; a refusal would leave the
    // preview still, and the next tick reads nothing.
    let _ = video.play();
}

/// Stops every track of `stream` and takes it out of `video`.
pub fn stop(stream: &MediaStream, video: Option<&HtmlVideoElement>) {
    for track in stream.get_tracks().iter() {
        if let Ok(track) = track.dyn_into::<MediaStreamTrack>() {
            track.stop();
        }
    }
    if let Some(video) = video {
        video.set_src_object(None);
    }
}

fn error_name(error: &wasm_bindgen::JsValue) -> String {
    js_sys::Reflect::get(error, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default()
}
