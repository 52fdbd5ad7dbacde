//! The tables broken down, as a report prints them: one table per
//! question, a column per group (a choice of the question broken down by,
//! or a way of answering), each cell the count and its percentage of those
//! in the group who answered. Small numbers are hidden here too when the
//! results are marked for sharing, across the groups as well as down them.

use heard_core::{
    i18n::{CoordinatorMessages, Locale, fill},
    results::{
        Shown, Table,
        breakdown::{Group, mode_key},
        hide_small,
        query::By,
        who::{MODES, PRESENTATIONS},
    },
    survey::{QuestionKind, Survey},
};
use heard_web::coordinator_messages::CoordinatorLanguage;
use leptos::prelude::*;

use super::{
    sharing::Sharing,
    table::{answer_rows, heading_id, hidden_text, percent},
    who::{language_label, mode_label, presentation_labels},
};
use heard_web::i18n::use_language;

/// What a group is called: its choice, way of answering or language.
fn group_name(
    survey: &Survey,
    by: &By,
    key: Option<&str>,
    t: &'static CoordinatorMessages,
    locale: Locale,
) -> String {
    let Some(key) = key else {
        return match by {
            By::Question(_) => t.results_group_none,
            _ => t.results_not_recorded,
        }
        .to_owned();
    };
    match by {
        By::Question(id) => survey
            .questions
            .iter()
            .find(|q| q.id == *id)
            .map_or_else(|| key.to_owned(), |q| q.kind.choice_text(key, locale)),
        By::Mode => MODES
            .iter()
            .flatten()
            .find(|m| mode_key(**m) == key)
            .map_or(key, |m| mode_label(Some(*m), t))
            .to_owned(),
        By::Presentation => PRESENTATIONS
            .iter()
            .zip(presentation_labels(t))
            .find(|(p, _)| p.name() == key)
            .map_or(key, |(_, label)| label)
            .to_owned(),
        By::Language => Locale::from_tag(key).map_or_else(|| key.to_owned(), language_label),
    }
}

/// One cell: the count and its percentage of `n`, or why it is hidden.
fn cell(
    count: usize,
    n: usize,
    shown: Option<Shown>,
    t: &CoordinatorMessages,
    locale: Locale,
) -> String {
    match shown.and_then(|s| hidden_text(s, t)) {
        Some(hidden) => hidden,
        None => match percent(count, n, locale) {
            Some((shown, _)) => format!("{count} ({shown})"),
            None => count.to_string(),
        },
    }
}

/// Every question's table across the groups of the breakdown by `by`.
#[component]
pub fn Groups(survey: Survey, by: By, groups: Vec<Group>) -> impl IntoView {
    let language = use_language();
    let t = language.coordinator_messages();
    let locale = language.locale();
    let hiding = use_context::<Sharing>().and_then(Sharing::hiding_now);
    // The groups' sizes add up to the responses counted: marked for
    // sharing, they hide one another like any row of counts.
    let sizes: Vec<usize> = groups.iter().map(|g| g.responses).collect();
    let sizes_shown =
        hiding.map(|th| hide_small(std::slice::from_ref(&sizes), th, false).remove(0));
    let names: Vec<String> = groups
        .iter()
        .enumerate()
        .map(|(c, g)| {
            let name = group_name(&survey, &by, g.choice.as_deref(), t, locale);
            let size = sizes_shown
                .as_ref()
                .and_then(|s| hidden_text(s[c], t))
                .unwrap_or_else(|| g.responses.to_string());
            fill(t.results_group, &[("group", &name), ("n", &size)])
        })
        .collect();
    survey
        .questions
        .iter()
        .enumerate()
        .map(|(i, question)| {
            let tables: Vec<&Table> = groups.iter().filter_map(|g| g.tables.get(i)).collect();
            let id = heading_id(&question.id);
            let heading = fill(
                t.results_question,
                &[("n", &(i + 1).to_string()), ("text", question.text.get(locale).0)],
            );
            let counted: Vec<usize> = tables
                .iter()
                .map(|table| table.counted().map_or(0, |c| c.n))
                .collect();
            // Rows of answers for the kinds counted by answer; for the
            // others, who answered in each group.
            let per_group: Vec<Vec<(String, usize)>> = tables
                .iter()
                .filter_map(|table| answer_rows(question, table, t, locale).map(|(rows, _)| rows))
                .collect();
            let adds_up = !matches!(question.kind, QuestionKind::MultipleChoice { .. });
            let grid: Vec<Vec<usize>> = (0..per_group.first().map_or(0, Vec::len))
                .map(|r| per_group.iter().map(|rows| rows.get(r).map_or(0, |(_, c)| *c)).collect())
                .collect();
            // Marked for sharing, hidden across the groups as well as down
            // each (the same cells as the tables file).
            let shown = hiding.map(|th| hide_small(&grid, th, adds_up));
            let answered_shown = hiding.map(|th| hide_small(std::slice::from_ref(&counted), th, false).remove(0));
            let labels: Vec<String> = per_group
                .first()
                .map(|rows| rows.iter().map(|(label, _)| label.clone()).collect())
                .unwrap_or_default();
            let rows = labels
                .into_iter()
                .enumerate()
                .map(|(r, label)| {
                    let cells = per_group
                        .iter()
                        .zip(&counted)
                        .enumerate()
                        .map(|(c, (rows, n))| {
                            let count = rows.get(r).map_or(0, |(_, c)| *c);
                            let hidden = shown.as_ref().map(|s| s[r][c]);
                            view! { <td class="number">{cell(count, *n, hidden, t, locale)}</td> }
                        })
                        .collect_view();
                    view! { <tr><th scope="row">{label}</th>{cells}</tr> }
                })
                .collect_view();
            let answered = counted
                .iter()
                .enumerate()
                .map(|(c, n)| {
                    let shown = answered_shown
                        .as_ref()
                        .and_then(|s| hidden_text(s[c], t))
                        .unwrap_or_else(|| n.to_string());
                    view! { <td class="number">{shown}</td> }
                })
                .collect_view();
            let columns = names
                .iter()
                .map(|name| view! { <th scope="col" class="number">{name.clone()}</th> })
                .collect_view();
            let labelled_by = id.clone();
            let region_label = id.clone();
            view! {
                <section class="card results-question" aria-labelledby=labelled_by>
                    <h2 id=id>{heading}</h2>
                    <div class="table-scroll" role="region" tabindex="0" aria-labelledby=region_label>
                        <table class="results-table">
                            <thead><tr><th scope="col">{t.results_answer}</th>{columns}</tr></thead>
                            <tbody>
                                {rows}
                                <tr><th scope="row">{t.results_answered}</th>{answered}</tr>
                            </tbody>
                        </table>
                    </div>
                </section>
            }
        })
        .collect_view()
}
