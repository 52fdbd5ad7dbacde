//! One question's results: its heading, who answered, and a table of each
//! answer's count and percentage of those who answered (or, for numbers and
//! dates, the smallest, middle and largest). Counts come with their bar
//! chart ([`super::chart`]) above the table, which is its visible
//! alternative.

use crate::messages::CoordinatorLanguage;
use heard_core::{
    i18n::{CoordinatorMessages, Locale, fill},
    response::Feeling,
    results::{Counted, Shown, Table, stats, suppress},
    survey::{Question, QuestionKind, RATING_MAX},
};
use leptos::prelude::*;

use heard_web::{components::face, i18n::use_language};

use super::{chart::bar_chart, sharing::Sharing};

/// `tenths` of a percent in `locale`'s way of writing decimals.
fn percent(count: usize, of: usize, locale: Locale) -> Option<(String, u32)> {
    let tenths = stats::percent_tenths(count, of)?;
    let text = stats::show_tenths(tenths);
    let text = if locale == Locale::Polish {
        text.replace('.', ",")
    } else {
        text
    };
    Some((format!("{text}%"), tenths))
}

/// Rows of answer, count and percentage of `n`, under `first` (what the
/// rows are: the answer, unless said).
pub(super) fn counts_under(
    first: &'static str,
    rows: Vec<(String, usize)>,
    n: usize,
    t: &CoordinatorMessages,
    locale: Locale,
) -> AnyView {
    // Marked for sharing, a small count hides its number, its percentage
    // and its bar alike: any one of them would give the others away.
    let hiding = use_context::<Sharing>().and_then(Sharing::hiding_now);
    let rows: Vec<(String, String, String, u32)> = rows
        .into_iter()
        .map(
            |(label, count)| match hiding.map(|th| suppress(count, th)) {
                Some(Shown::FewerThan(th)) => {
                    let fewer = fill(t.results_fewer, &[("n", &th.to_string())]);
                    (label, fewer.clone(), fewer, 0)
                }
                _ => {
                    let (shown, tenths) = percent(count, n, locale).unwrap_or_default();
                    (label, count.to_string(), shown, tenths)
                }
            },
        )
        .collect();
    let bars: Vec<(String, String, u32)> = rows
        .iter()
        .map(|(label, _, shown, tenths)| (label.clone(), shown.clone(), *tenths))
        .collect();
    let chart = bar_chart(&bars, t, locale);
    let rows = rows
        .into_iter()
        .map(|(label, count, shown, _)| {
            view! {
                <tr>
                    <th scope="row">{label}</th>
                    <td class="number">{count}</td>
                    <td class="number">{shown}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {chart}
        <table class="results-table">
            <thead><tr>
                <th scope="col">{first}</th>
                <th scope="col" class="number">{t.results_people}</th>
                <th scope="col" class="number">{t.results_percent}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

fn counts(
    rows: Vec<(String, usize)>,
    n: usize,
    t: &CoordinatorMessages,
    locale: Locale,
) -> AnyView {
    counts_under(t.results_answer, rows, n, t, locale)
}

/// Rows of what a value is (smallest, middle, largest) and the value.
fn values(rows: [(&'static str, String); 3], t: &CoordinatorMessages) -> AnyView {
    let rows = rows
        .into_iter()
        .map(|(label, value)| view! { <tr><th scope="row">{label}</th><td class="number">{value}</td></tr> })
        .collect_view();
    view! {
        <table class="results-table">
            <thead><tr><th scope="col">{t.results_answer}</th><th scope="col" class="number">{t.results_value}</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

fn texts(heading: &'static str, texts: Vec<String>) -> AnyView {
    view! {
        <h3>{heading}</h3>
        <ul class="results-texts">{texts.into_iter().map(|text| view! { <li>{text}</li> }).collect_view()}</ul>
    }
    .into_any()
}

fn counted_line(counted: &Counted, t: &CoordinatorMessages) -> AnyView {
    if counted.n == 0 && counted.unreadable == 0 {
        let skipped = fill(
            t.results_counted,
            &[("n", "0"), ("skipped", &counted.skipped.to_string())],
        );
        return view! { <p>{t.results_nobody}" "{skipped}</p> }.into_any();
    }
    let line = fill(
        t.results_counted,
        &[
            ("n", &counted.n.to_string()),
            ("skipped", &counted.skipped.to_string()),
        ],
    );
    let unreadable = (counted.unreadable > 0).then(|| {
        fill(
            t.results_unreadable,
            &[("n", &counted.unreadable.to_string())],
        )
    });
    view! { <p>{line}</p>{unreadable.map(|u| view! { <p>{u}</p> })} }.into_any()
}

/// Who answered, and the table of their answers when anyone did.
fn counted_rows(
    counted: &Counted,
    rows: Vec<(String, usize)>,
    t: &CoordinatorMessages,
    locale: Locale,
) -> AnyView {
    let table = (counted.n > 0).then(|| counts(rows, counted.n, t, locale));
    view! { {counted_line(counted, t)}{table} }.into_any()
}

fn show_number(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        value.to_string()
    }
}

#[component]
pub fn QuestionResults(
    number: usize,
    question: Question,
    table: Table,
    /// Inside a group of a breakdown: its heading one level down.
    nested: bool,
) -> impl IntoView {
    let language = use_language();
    let t = language.coordinator_messages();
    let locale = language.locale();
    let text = question.text.get(locale).0.to_owned();
    // A question's heading is in every group of a breakdown: a random part
    // keeps each id its own.
    let heading_id = format!(
        "results-{}-{}",
        question.id,
        heard_core::id::DocId::from_random(heard_web::browser::random_bytes()).short()
    );
    let labelled_by = heading_id.clone();
    let heading = fill(
        t.results_question,
        &[("n", &number.to_string()), ("text", &text)],
    );
    let choice_label = |id: &str| question.kind.choice_text(id, locale);
    let body = match table {
        Table::Rating {
            points,
            mean_hundredths,
            counted,
        } => {
            let ends = match &question.kind {
                QuestionKind::Rating {
                    low_label,
                    high_label,
                } => (
                    low_label.get(locale).0.to_owned(),
                    high_label.get(locale).0.to_owned(),
                ),
                _ => Default::default(),
            };
            let rows = (0..=RATING_MAX as usize)
                .map(|point| {
                    let label = match point {
                        0 if !ends.0.is_empty() => format!("0 – {}", ends.0),
                        p if p == RATING_MAX as usize && !ends.1.is_empty() => {
                            format!("{p} – {}", ends.1)
                        }
                        p => p.to_string(),
                    };
                    (label, points[point])
                })
                .collect();
            let mean = mean_hundredths.map(|m| {
                let shown = format!("{}.{:02}", m / 100, m % 100);
                let shown = if locale == Locale::Polish {
                    shown.replace('.', ",")
                } else {
                    shown
                };
                fill(t.results_mean, &[("mean", &shown)])
            });
            view! {
                {counted_rows(&counted, rows, t, locale)}
                {mean.map(|m| view! { <p>{m}</p> })}
            }
            .into_any()
        }
        Table::PictureScale {
            faces,
            dont_know,
            counted,
        } => {
            let rows = [Feeling::Happy, Feeling::NotSure, Feeling::Unhappy]
                .into_iter()
                .zip(faces)
                .map(|(f, count)| (face(f, t).0.to_owned(), count))
                .chain([(face(Feeling::DontKnow, t).0.to_owned(), dont_know)])
                .collect();
            view! {
                {counted_rows(&counted, rows, t, locale)}
            }
            .into_any()
        }
        Table::SingleChoice { choices, counted } => {
            let rows = choices
                .into_iter()
                .map(|(id, count)| (choice_label(&id), count))
                .collect();
            view! {
                {counted_rows(&counted, rows, t, locale)}
            }
            .into_any()
        }
        Table::MultipleChoice {
            choices,
            others,
            counted,
        } => {
            let rows = choices
                .into_iter()
                .map(|(id, count)| (choice_label(&id), count))
                .collect();
            view! {
                {counted_rows(&counted, rows, t, locale)}
                {(!others.is_empty()).then(|| texts(t.results_others, others))}
            }
            .into_any()
        }
        Table::Number { range, counted } => view! {
            {counted_line(&counted, t)}
            {range.map(|(low, mid, high)| values([
                (t.results_smallest, show_number(low)),
                (t.results_median, show_number(mid)),
                (t.results_largest, show_number(high)),
            ], t))}
        }
        .into_any(),
        Table::Date { range, counted } => view! {
            {counted_line(&counted, t)}
            {range.map(|(low, mid, high)| values([
                (t.results_earliest, heard_web::browser::format_day(&low, locale.tag())),
                (t.results_median, heard_web::browser::format_day(&mid, locale.tag())),
                (t.results_latest, heard_web::browser::format_day(&high, locale.tag())),
            ], t))}
        }
        .into_any(),
        Table::FreeText {
            texts: given,
            counted,
        } => view! {
            {counted_line(&counted, t)}
            {(!given.is_empty()).then(|| texts(t.results_texts, given))}
        }
        .into_any(),
        Table::Newer => view! { <p>{t.results_newer}</p> }.into_any(),
    };
    let heading = if nested {
        view! { <h3 id=heading_id>{heading}</h3> }.into_any()
    } else {
        view! { <h2 id=heading_id>{heading}</h2> }.into_any()
    };
    view! {
        <section class="card results-question" aria-labelledby=labelled_by>
            {heading}
            {body}
        </section>
    }
}
