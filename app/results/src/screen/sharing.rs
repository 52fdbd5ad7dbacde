//! Results marked for sharing: every count under the project's threshold
//! (5 unless it sets another), and its percentage and bar, is shown as
//! "fewer than 5", so that a small group's answers cannot identify anyone.
//! The threshold is the project's, so every device shows the same tables.

use heard_core::{i18n::fill, id::DocId, project::SMALL_NUMBERS};
use leptos::prelude::*;

use heard_web::coordinator_messages::CoordinatorLanguage;
use heard_web::{i18n::use_language, responses::use_responses, screens::project::EditProject};

/// Whether the tables on screen are marked for sharing, and under what
/// count they hide it: a narrow context handle for the tables.
#[derive(Clone, Copy)]
pub struct Sharing {
    pub on: RwSignal<bool>,
    pub threshold: Signal<usize>,
}

impl Sharing {
    /// The threshold when marked for sharing, tracked.
    pub fn hiding(self) -> Option<usize> {
        self.on.get().then(|| self.threshold.get())
    }

    /// The same, untracked: for drawing inside a view that tracks
    /// [`Sharing::hiding`] itself.
    pub fn hiding_now(self) -> Option<usize> {
        self.on
            .get_untracked()
            .then(|| self.threshold.get_untracked())
    }
}

/// Hiding is asked for by people who mean to share: the least it allows
/// is 2, the most 50.
const RANGE: (u32, u32) = (2, 50);

#[component]
pub fn ShareControls(project: DocId, sharing: Sharing) -> impl IntoView {
    let language = use_language();
    let t = move || language.coordinator_messages();
    let edit = EditProject(StoredValue::new(project), use_responses());
    let set_threshold = move |ev| {
        let Ok(n) = event_target_value(&ev).trim().parse::<u32>() else {
            return;
        };
        let n = n.clamp(RANGE.0, RANGE.1);
        let _ = edit.apply(|p| p.small_numbers = (n != SMALL_NUMBERS).then_some(n));
    };
    view! {
        <section class="card results-sharing" aria-labelledby="results-sharing">
            <h2 id="results-sharing">{move || t().results_sharing_heading}</h2>
            <div class="check">
                <input type="checkbox" id="sharing-on" prop:checked=move || sharing.on.get()
                    on:change=move |ev| sharing.on.set(event_target_checked(&ev)) />
                <label for="sharing-on">{move || t().results_sharing_hide}</label>
            </div>
            <div class="field">
                <label for="sharing-threshold">{move || t().results_sharing_threshold}</label>
                <input id="sharing-threshold" type="number" inputmode="numeric"
                    min=RANGE.0 max=RANGE.1 prop:value=move || sharing.threshold.get().to_string()
                    on:change=set_threshold />
            </div>
            <p role="status">{move || sharing.hiding().map(|n| fill(t().results_sharing_on, &[("n", &n.to_string())]))}</p>
        </section>
    }
}
