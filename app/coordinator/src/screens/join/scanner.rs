//! "Scan the QR code": asks for the camera, shows what it sees, reads a few
//! frames a second, and stops the camera the moment an invite is read, the
//! person stops it, or the screen is left. A code that is not an invite is
//! said so while scanning goes on.

use heard_web::coordinator_messages::CoordinatorLanguage;
use std::time::Duration;

use heard_core::sync::Invite;
use leptos::prelude::*;
use web_sys::{HtmlVideoElement, MediaStream};

use super::{
    camera::{self, CameraProblem},
    frame_reader::FrameReader,
};
use heard_web::i18n::use_language;

/// How often a frame is read: often enough to feel instant, rarely enough
/// to leave a slow phone's page responsive.
const EVERY: Duration = Duration::from_millis(250);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scan {
    Off,
    /// Waiting for the camera (and, the first time, the permission).
    Starting,
    On,
    Problem(CameraProblem),
}

/// What runs while the camera is on.
struct Running {
    stream: MediaStream,
    video: HtmlVideoElement,
    interval: Option<IntervalHandle>,
}

#[component]
pub fn Scanner(on_invite: Callback<String>) -> impl IntoView {
    let language = use_language();
    let t = move || language.coordinator_messages();
    let scan = RwSignal::new(Scan::Off);
    let not_invite = RwSignal::new(false);
    let video = NodeRef::<leptos::html::Video>::new();
    let running = StoredValue::new_local(None::<Running>);

    let stop = move || {
        if let Some(r) = running.try_update_value(Option::take).flatten() {
            if let Some(interval) = r.interval {
                interval.clear();
            }
            camera::stop(&r.stream, Some(&r.video));
        }
    };
    // Leaving the screen turns the camera off.
    on_cleanup(move || {
        stop();
        let _ = scan.try_set(Scan::Off);
    });

    let found = move |texts: Vec<String>| {
        for text in texts {
            if Invite::parse(&text).is_ok() {
                stop();
                scan.set(Scan::Off);
                not_invite.set(false);
                on_invite.run(text);
                return;
            }
            not_invite.set(true);
        }
    };
    let start = move || {
        not_invite.set(false);
        scan.set(Scan::Starting);
        leptos::task::spawn_local(async move {
            let opened = camera::open().await;
            // Stopped, or the screen left, while the browser asked.
            if scan.try_get_untracked() != Some(Scan::Starting) {
                if let Ok(stream) = opened {
                    camera::stop(&stream, None);
                }
                return;
            }
            let stream = match opened {
                Ok(stream) => stream,
                Err(problem) => return scan.set(Scan::Problem(problem)),
            };
            let (Some(element), Some(reader)) = (video.get_untracked(), FrameReader::new()) else {
                camera::stop(&stream, None);
                return scan.set(Scan::Problem(CameraProblem::Failed));
            };
            camera::show(&element, &stream);
            let shown = element.clone();
            let interval = set_interval_with_handle(move || reader.read(&shown, found), EVERY).ok();
            running.set_value(Some(Running {
                stream,
                video: element,
                interval,
            }));
            scan.set(Scan::On);
        });
    };
    // One button that starts and stops, so focus stays on it.
    let toggle = move |_| match scan.get_untracked() {
        Scan::Starting | Scan::On => {
            stop();
            scan.set(Scan::Off);
        }
        Scan::Off | Scan::Problem(_) => start(),
    };
    let on = move || matches!(scan.get(), Scan::Starting | Scan::On);
    let problem = move || match scan.get() {
        Scan::Problem(CameraProblem::None) => Some(t().join_camera_none),
        Scan::Problem(CameraProblem::Refused) => Some(t().join_camera_refused),
        Scan::Problem(CameraProblem::Failed) => Some(t().join_camera_failed),
        _ => None,
    };
    view! {
        <button type="button" class=move || if on() { "secondary" } else { "primary" } on:click=toggle>
            {move || if on() { t().join_scan_stop } else { t().join_scan }}
        </button>
        <p class="hint" role="status">{move || (scan.get() == Scan::On).then(|| t().join_scanning)}</p>
        <p class="field-error" role="alert">
            {move || problem().or_else(|| (on() && not_invite.get()).then(|| t().join_not_invite_qr))}
        </p>
        <video node_ref=video class="scanner-video" hidden=move || scan.get() != Scan::On
            aria-label=move || t().join_camera_view></video>
    }
}
