//! The easy-read summary of the results, for the people who took part:
//! short lines with a picture each ("7 of 10 people said: Happy"), each
//! read aloud on request. It is always shared, so small numbers are never
//! in it ([`heard_core::results::summary`]).

use heard_core::{
    i18n::fill,
    results::{
        Table,
        summary::{Said, summary},
    },
    survey::Survey,
};
use heard_web::coordinator_messages::CoordinatorLanguage;
use leptos::prelude::*;

use heard_web::{
    components::{Picture, RatingPicture, Speaker, face},
    i18n::use_language,
};

#[component]
pub fn EasyReadSummary(
    survey: Survey,
    tables: Vec<Table>,
    /// The project's small-number threshold: changing it redraws the lines.
    threshold: Signal<usize>,
) -> impl IntoView {
    let language = use_language();
    let t = language.coordinator_messages();
    let locale = language.locale();
    let lines = move || {
        let threshold = threshold.get();
        let lines = summary(&tables, threshold)
            .into_iter()
            .filter_map(|line| {
                let question = survey.questions.get(line.question)?;
                let (answer, picture) = match &line.said {
                    Said::Face(feeling) => {
                        let (label, picture) = face(*feeling, t);
                        (
                            label.to_owned(),
                            picture.map(|name| view! { <Picture name /> }.into_any()),
                        )
                    }
                    Said::Point(p) => (
                        fill(t.results_easy_point, &[("n", &p.to_string())]),
                        Some(view! { <RatingPicture n=*p /> }.into_any()),
                    ),
                    Said::Choice(id) => {
                        let choice = question.kind.choices().iter().find(|c| c.id == *id);
                        (
                            question.kind.choice_text(id, locale),
                            choice
                                .and_then(|c| c.picture.clone())
                                .or_else(|| question.picture.clone())
                                .map(|name| view! { <Picture name /> }.into_any()),
                        )
                    }
                };
                let asked = fill(
                    t.results_easy_asked,
                    &[("question", question.text.get(locale).0)],
                );
                let said = fill(
                    t.results_easy_line,
                    &[
                        ("n", &line.count.to_string()),
                        ("total", &line.total.to_string()),
                        ("answer", &answer),
                    ],
                );
                let spoken = format!("{asked} {said}");
                Some(view! {
                    <li class="easy-line">
                        {picture}
                        <div>
                            <p>{asked}</p>
                            <p><strong>{said}</strong></p>
                        </div>
                        <Speaker text=spoken lang=locale />
                    </li>
                })
            })
            .collect::<Vec<_>>();
        let empty = lines.is_empty();
        view! {
            {empty.then(|| view! { <p>{fill(t.results_easy_none, &[("n", &threshold.to_string())])}</p> })}
            <ul class="easy-lines">{lines}</ul>
        }
    };
    view! {
        <details class="card results-easy-read">
            <summary>{t.results_easy_heading}</summary>
            <p>{t.results_easy_intro}</p>
            {lines}
        </details>
    }
}
