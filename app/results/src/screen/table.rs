//! One question's results: its heading, who answered, and a table of each
//! answer's count and percentage of those who answered (or, for numbers and
//! dates, the smallest, middle and largest). Counts come with their bar
//! chart ([`super::chart`]) above the table, which is its visible
//! alternative.

use heard_core::{
    i18n::{CoordinatorMessages, Locale, fill},
    response::Feeling,
    results::{Counted, Shown, Table, hide_small, stats, suppress},
    survey::{Question, QuestionKind, RATING_MAX},
};
use heard_web::coordinator_messages::CoordinatorLanguage;
use leptos::prelude::*;

use heard_web::{components::face, i18n::use_language};

use super::{chart::bar_chart, free_text::FreeTexts, sharing::Sharing};

/// `tenths` of a percent in `locale`'s way of writing decimals.
pub(super) fn percent(count: usize, of: usize, locale: Locale) -> Option<(String, u32)> {
    let tenths = stats::percent_tenths(count, of)?;
    let text = stats::show_tenths(tenths);
    let text = if locale == Locale::Polish {
        text.replace('.', ",")
    } else {
        text
    };
    Some((format!("{text}%"), tenths))
}

/// A count hidden in results marked for sharing, in words; none when shown.
pub(super) fn hidden_text(shown: Shown, t: &CoordinatorMessages) -> Option<String> {
    match shown {
        Shown::Count(_) => None,
        Shown::FewerThan(th) => Some(fill(t.results_fewer, &[("n", &th.to_string())])),
        Shown::Withheld => Some(t.results_withheld.to_owned()),
    }
}

/// A count on its own (a total), as the tables marked for sharing show it.
pub(super) fn total_text(count: usize, hiding: Option<usize>, t: &CoordinatorMessages) -> String {
    hiding
        .and_then(|th| hidden_text(suppress(count, th), t))
        .unwrap_or_else(|| count.to_string())
}

/// Rows of answer, count and percentage of `n`, under `first` (what the
/// rows are: the answer, unless said); `adds_up` when the counts add up to
/// `n` (not for multiple choice).
pub(super) fn counts_under(
    first: &'static str,
    rows: Vec<(String, usize)>,
    n: usize,
    adds_up: bool,
    t: &CoordinatorMessages,
    locale: Locale,
) -> AnyView {
    // Marked for sharing, a small count hides its number, its percentage
    // and its bar alike: any one of them would give the others away. So
    // does a count that, with the total, would give a hidden one away.
    let hiding = use_context::<Sharing>().and_then(Sharing::hiding_now);
    let counts: Vec<Vec<usize>> = rows.iter().map(|(_, count)| vec![*count]).collect();
    let shown = hiding.map(|th| hide_small(&counts, th, adds_up));
    let rows: Vec<(String, String, String, u32)> = rows
        .into_iter()
        .enumerate()
        .map(
            |(r, (label, count))| match shown.as_ref().and_then(|s| hidden_text(s[r][0], t)) {
                Some(hidden) => (label, hidden.clone(), hidden, 0),
                None => {
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
    adds_up: bool,
    t: &CoordinatorMessages,
    locale: Locale,
) -> AnyView {
    counts_under(t.results_answer, rows, n, adds_up, t, locale)
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

fn counted_line(counted: &Counted, t: &CoordinatorMessages) -> AnyView {
    // Marked for sharing, how many answered or skipped is a count too.
    let hiding = use_context::<Sharing>().and_then(Sharing::hiding_now);
    let skipped = total_text(counted.skipped, hiding, t);
    if counted.n == 0 && counted.unreadable == 0 {
        let skipped = fill(t.results_counted, &[("n", "0"), ("skipped", &skipped)]);
        return view! { <p>{t.results_nobody}" "{skipped}</p> }.into_any();
    }
    let line = fill(
        t.results_counted,
        &[
            ("n", &total_text(counted.n, hiding, t)),
            ("skipped", &skipped),
        ],
    );
    let unreadable = (counted.unreadable > 0).then(|| {
        fill(
            t.results_unreadable,
            &[("n", &total_text(counted.unreadable, hiding, t))],
        )
    });
    view! { <p>{line}</p>{unreadable.map(|u| view! { <p>{u}</p> })} }.into_any()
}

/// Who answered, and the table of their answers when anyone did.
fn counted_rows(
    counted: &Counted,
    rows: Vec<(String, usize)>,
    adds_up: bool,
    t: &CoordinatorMessages,
    locale: Locale,
) -> AnyView {
    let table = (counted.n > 0).then(|| counts(rows, counted.n, adds_up, t, locale));
    view! { {counted_line(counted, t)}{table} }.into_any()
}

/// The id of a question's heading: a random part keeps it apart from any
/// other id on the page, whatever the question's id holds.
pub(super) fn heading_id(question: &str) -> String {
    format!(
        "results-{}-{}",
        question,
        heard_core::id::DocId::from_random(heard_web::browser::random_bytes()).short()
    )
}

fn show_number(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        value.to_string()
    }
}

/// The label of rating point `point` of `question`, with its end's words.
fn point_label(question: &Question, point: usize, locale: Locale) -> String {
    let (low, high) = match &question.kind {
        QuestionKind::Rating {
            low_label,
            high_label,
        } => (low_label.get(locale).0, high_label.get(locale).0),
        _ => ("", ""),
    };
    match point {
        0 if !low.is_empty() => format!("0 – {low}"),
        p if p == RATING_MAX as usize && !high.is_empty() => format!("{p} – {high}"),
        p => p.to_string(),
    }
}

/// Each answer's label and count, for the kinds counted by answer, and
/// who answered.
pub(super) fn answer_rows(
    question: &Question,
    table: &Table,
    t: &CoordinatorMessages,
    locale: Locale,
) -> Option<(Vec<(String, usize)>, Counted)> {
    let choice_label = |id: &str| question.kind.choice_text(id, locale);
    match table {
        Table::Rating {
            points, counted, ..
        } => Some((
            (0..=RATING_MAX as usize)
                .map(|p| (point_label(question, p, locale), points[p]))
                .collect(),
            counted.clone(),
        )),
        Table::PictureScale {
            faces,
            dont_know,
            counted,
        } => Some((
            [Feeling::Happy, Feeling::NotSure, Feeling::Unhappy]
                .into_iter()
                .zip(*faces)
                .map(|(f, count)| (face(f, t).0.to_owned(), count))
                .chain([(face(Feeling::DontKnow, t).0.to_owned(), *dont_know)])
                .collect(),
            counted.clone(),
        )),
        Table::SingleChoice { choices, counted }
        | Table::MultipleChoice {
            choices, counted, ..
        } => Some((
            choices
                .iter()
                .map(|(id, count)| (choice_label(id), *count))
                .collect(),
            counted.clone(),
        )),
        _ => None,
    }
}

#[component]
pub fn QuestionResults(number: usize, question: Question, table: Table) -> impl IntoView {
    let language = use_language();
    let t = language.coordinator_messages();
    let locale = language.locale();
    let text = question.text.get(locale).0.to_owned();
    let heading_id = heading_id(&question.id);
    let labelled_by = heading_id.clone();
    let heading = fill(
        t.results_question,
        &[("n", &number.to_string()), ("text", &text)],
    );
    let rows = answer_rows(&question, &table, t, locale);
    // Marked for sharing, a mean, smallest or largest of fewer people than
    // the threshold could be one person's answer: left out.
    let hiding = use_context::<Sharing>().and_then(Sharing::hiding_now);
    let few = hiding.is_some_and(|th| table.counted().is_some_and(|c| c.n < th));
    let body = match (table, rows) {
        (
            Table::Rating {
                mean_hundredths, ..
            },
            Some((rows, counted)),
        ) => {
            let mean = mean_hundredths.filter(|_| !few).map(|m| {
                let shown = format!("{}.{:02}", m / 100, m % 100);
                let shown = if locale == Locale::Polish {
                    shown.replace('.', ",")
                } else {
                    shown
                };
                fill(t.results_mean, &[("mean", &shown)])
            });
            view! {
                {counted_rows(&counted, rows, true, t, locale)}
                {mean.map(|m| view! { <p>{m}</p> })}
            }
            .into_any()
        }
        (Table::MultipleChoice { others, .. }, Some((rows, counted))) => view! {
            {counted_rows(&counted, rows, false, t, locale)}
            {(others > 0).then(|| view! {
                <FreeTexts question=question.id.clone() count=others heading=t.results_others />
            })}
        }
        .into_any(),
        (_, Some((rows, counted))) => counted_rows(&counted, rows, true, t, locale),
        (Table::Number { range, counted }, _) => view! {
            {counted_line(&counted, t)}
            {range.filter(|_| !few).map(|(low, mid, high)| values([
                (t.results_smallest, show_number(low)),
                (t.results_median, show_number(mid)),
                (t.results_largest, show_number(high)),
            ], t))}
        }
        .into_any(),
        (Table::Date { range, counted }, _) => view! {
            {counted_line(&counted, t)}
            {range.filter(|_| !few).map(|(low, mid, high)| values([
                (t.results_earliest, heard_web::browser::format_day(&low, locale.tag())),
                (t.results_median, heard_web::browser::format_day(&mid, locale.tag())),
                (t.results_latest, heard_web::browser::format_day(&high, locale.tag())),
            ], t))}
        }
        .into_any(),
        (Table::FreeText { counted }, _) => {
            let written = counted.n;
            view! {
                {counted_line(&counted, t)}
                {(written > 0).then(|| view! {
                    <FreeTexts question=question.id.clone() count=written heading=t.results_texts />
                })}
            }
            .into_any()
        }
        _ => view! { <p>{t.results_newer}</p> }.into_any(),
    };
    let heading = view! { <h2 id=heading_id>{heading}</h2> };
    view! {
        <section class="card results-question" aria-labelledby=labelled_by>
            {heading}
            {body}
        </section>
    }
}
