//! How complete each of the project's languages is for this survey, with what
//! still shows in English, so a coordinator can fill the gaps. The language's
//! name and the counts are each isolated (`<bdi>`), so a right-to-left name
//! does not carry the numbers around it the wrong way.

use heard_core::{
    i18n::{Locale, fill},
    survey::{Gap, Survey},
};
use heard_web::coordinator_messages::CoordinatorLanguage;
use leptos::prelude::*;

use heard_web::i18n::use_language;

#[component]
pub fn Translations(survey: Memo<Option<Survey>>, languages: Memo<Vec<Locale>>) -> impl IntoView {
    let language = use_language();
    let t = move || language.coordinator_messages();
    let rows = move || {
        let Some(survey) = survey.get() else {
            return Vec::new();
        };
        languages
            .get()
            .into_iter()
            .filter(|l| *l != Locale::English)
            .map(|locale| {
                let done = survey.translation(locale.tag());
                let gaps = done.gaps.iter().map(|g| gap_label(t(), g, locale)).collect::<Vec<_>>().join(", ");
                view! {
                    <li>
                        <p>{isolated(t().builder_translation_done, &[
                            ("language", locale.native_name().to_owned()),
                            ("done", done.done.to_string()),
                            ("total", done.total.to_string()),
                        ])}</p>
                        {(!done.gaps.is_empty()).then(|| view! {
                            <p class="hint">{fill(t().builder_translation_missing, &[("items", &gaps)])}</p>
                        })}
                    </li>
                }
            })
            .collect::<Vec<_>>()
    };
    view! {
        <section aria-labelledby="translations-title">
            <h2 id="translations-title">{move || t().builder_translations}</h2>
            <ul class="translations">{rows}</ul>
        </section>
    }
}

fn gap_label(t: &heard_core::i18n::CoordinatorMessages, gap: &Gap, locale: Locale) -> String {
    let n = |i: &usize| i.to_string();
    let language = ("language", locale.native_name());
    match gap {
        Gap::Title => fill(t.builder_survey_title, &[language]),
        Gap::Section(i) => fill(t.builder_section_title, &[("n", &n(i)), language]),
        Gap::Question(i) => fill(t.builder_question, &[("n", &n(i))]),
        Gap::RatingLow(i) => fill(t.builder_low, &[("n", &n(i)), language]),
        Gap::RatingHigh(i) => fill(t.builder_high, &[("n", &n(i)), language]),
        Gap::Choice(i, c) => fill(t.builder_choice, &[("n", &n(i)), ("c", &n(c)), language]),
    }
}

/// `template` with each `{name}` filled by its value inside a `<bdi>`.
fn isolated(template: &str, args: &[(&str, String)]) -> Vec<AnyView> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        let name = &rest[start + 1..start + len];
        match args.iter().find(|(n, _)| *n == name) {
            Some((_, value)) => {
                out.push(rest[..start].to_owned().into_any());
                out.push(view! { <bdi>{value.clone()}</bdi> }.into_any());
            }
            None => out.push(rest[..start + len + 1].to_owned().into_any()),
        }
        rest = &rest[start + len + 1..];
    }
    out.push(rest.to_owned().into_any());
    out
}
