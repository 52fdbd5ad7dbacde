//! Who answered and how: the completed responses of the survey on this
//! device by who answered and by how the questions looked, from the
//! response summaries the page already holds.

use heard_core::{
    i18n::{CoordinatorMessages, Locale},
    id::DocId,
    results::who::{MODES, ModeKind, PRESENTATIONS, answered_how, answered_in},
};
use heard_web::coordinator_messages::CoordinatorLanguage;
use leptos::prelude::*;

use super::table::counts_under;
use heard_web::{i18n::use_language, responses::use_responses};

pub(super) fn mode_label(mode: Option<ModeKind>, t: &'static CoordinatorMessages) -> &'static str {
    match mode {
        Some(ModeKind::Alone) => t.mode_alone,
        Some(ModeKind::Supported) => t.mode_supported,
        Some(ModeKind::Group) => t.mode_group,
        Some(ModeKind::Paper) => t.mode_paper,
        None => t.results_not_recorded,
    }
}

/// How the questions looked, in the order of [`PRESENTATIONS`].
pub(super) fn presentation_labels(t: &'static CoordinatorMessages) -> [&'static str; 4] {
    [
        t.presentation_standard,
        t.presentation_easy_read,
        t.presentation_large_print,
        t.results_easy_and_large,
    ]
}

/// A language by its English name and its own, as a report lists them.
pub(super) fn language_label(locale: Locale) -> String {
    match (locale.english_name(), locale.native_name()) {
        (english, native) if english == native => english.to_owned(),
        (english, native) => format!("{english} ({native})"),
    }
}

#[component]
pub fn WhoAnswered(project: DocId, survey: String) -> impl IntoView {
    let language = use_language();
    let responses = use_responses();
    // Over the same responses as the tables: the screen's filters apply.
    let filter = use_context::<super::ResultsOf>().map(|of| of.query);
    let counts = Memo::new(move |_| {
        let filter = filter
            .map(|q| q.with(|q| q.filter.clone()))
            .unwrap_or_default();
        responses.list.with(|list| {
            let of_survey = || {
                list.iter()
                    .filter(|(_, r)| r.project.as_ref() == Some(&project) && r.survey == survey)
                    .map(|(_, r)| r)
                    .filter(|r| filter.keeps_summary(r))
            };
            let (modes, looks) = answered_how(of_survey());
            (modes, looks, answered_in(of_survey()))
        })
    });
    move || {
        let t = language.coordinator_messages();
        let locale = language.locale();
        let (modes, looks, languages) = counts.get();
        let n: usize = modes.iter().sum();
        if n == 0 {
            return None;
        }
        let mode_rows = MODES
            .iter()
            .zip(modes)
            .filter(|(m, count)| m.is_some() || *count > 0)
            .map(|(m, count)| (mode_label(*m, t).to_owned(), count))
            .collect();
        let look_labels = presentation_labels(t);
        let look_rows = PRESENTATIONS
            .iter()
            .zip(look_labels)
            .zip(looks)
            .map(|((_, label), count)| (label.to_owned(), count))
            .collect();
        // Each language by its English name and its own, as a report lists
        // them; the languages nobody answered in are left out.
        let language_rows = Locale::ALL
            .iter()
            .map(|l| language_label(*l))
            .chain(std::iter::once(t.results_not_recorded.to_owned()))
            .zip(languages)
            .filter(|(_, count)| *count > 0)
            .collect();
        Some(view! {
            <section class="card" aria-labelledby="results-who">
                <h2 id="results-who">{t.results_who_heading}</h2>
                {counts_under(t.results_who_mode, mode_rows, n, true, t, locale)}
                {counts_under(t.results_who_looked, look_rows, n, true, t, locale)}
                {counts_under(t.results_who_language, language_rows, n, true, t, locale)}
            </section>
        })
    }
}
