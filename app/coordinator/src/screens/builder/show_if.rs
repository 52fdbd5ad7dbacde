//! When a question is shown: always, or only after an earlier question's
//! answer. A choice or a face is picked from the list; a rating is a point,
//! that point or more, or that point or less; a number or a date is
//! compared (exactly, at least, at most) with a value typed below the list.

use heard_core::{
    i18n::{CoordinatorMessages, fill},
    response::{Answer, Feeling},
    survey::{Compare, QuestionKind, RATING_MAX, ShowIf, Survey},
};
use heard_web::coordinator_messages::CoordinatorLanguage;
use leptos::prelude::*;

use super::EditSurvey;
use heard_web::i18n::use_language;

#[component]
pub fn ShowIfField(
    id: String,
    edit: EditSurvey,
    index: Memo<usize>,
    n: Signal<String>,
) -> impl IntoView {
    let language = use_language();
    let t = move || language.coordinator_messages();
    let id = StoredValue::new(id);
    let qid = move |part: &str| format!("{}-{part}", id.get_value());
    let with_n = move |template: &str| fill(template, &[("n", &n.get())]);
    let rule = Memo::new(move |_| {
        edit.current()
            .and_then(|s| id.with_value(|id| s.question(id).and_then(|q| q.show_if.clone())))
    });
    let conditions = Memo::new(move |_| {
        edit.current()
            .map(|s| conditions(&s, index.get(), rule.get().as_ref(), t(), language.locale()))
            .unwrap_or_default()
    });
    let set = move |rule: Option<ShowIf>| {
        id.with_value(|id| edit.question(id, move |q| q.show_if = rule))
    };
    // The target's kind when the rule compares a typed value (number, date).
    let typed = Memo::new(move |_| {
        let rule = rule.get()?;
        let kind = edit.current()?.question(&rule.question)?.kind.clone();
        matches!(kind, QuestionKind::Number { .. } | QuestionKind::Date).then_some((rule, kind))
    });
    view! {
        <div class="field">
            <label for=qid("show-if")>{move || with_n(t().builder_show_if)}</label>
            <select id=qid("show-if")
                on:change=move |ev| set(parse_condition(&event_target_value(&ev)))>
                <option value="" selected=move || rule.get().is_none()>{move || t().builder_always}</option>
                {move || {
                    let now = rule.get().as_ref().map(condition_value).unwrap_or_default();
                    conditions.get().into_iter().map(|(value, label)| {
                        let selected = value == now;
                        view! { <option value=value selected=selected>{label}</option> }
                    }).collect_view()
                }}
            </select>
        </div>
        {move || typed.get().map(|(rule, kind)| {
            let is_date = matches!(kind, QuestionKind::Date);
            let compares = [
                (Compare::Exactly, t().compare_exactly),
                (Compare::AtLeast, if is_date { t().compare_on_or_after } else { t().compare_at_least }),
                (Compare::AtMost, if is_date { t().compare_on_or_before } else { t().compare_at_most }),
            ];
            let shown = match &rule.equals {
                Answer::Number(v) => v.to_string(),
                Answer::Date(d) => d.clone(),
                _ => String::new(),
            };
            let with = StoredValue::new(rule);
            let set_compare = move |value: String| {
                let compare = match value.as_str() {
                    "at_least" => Compare::AtLeast,
                    "at_most" => Compare::AtMost,
                    _ => Compare::Exactly,
                };
                set(Some(ShowIf { compare, ..with.get_value() }));
            };
            let set_value = move |value: String| {
                let answer = if is_date {
                    heard_core::response::is_iso_date(&value).then_some(Answer::Date(value))
                } else {
                    value.trim().parse::<f64>().ok().filter(|v| v.is_finite()).map(Answer::Number)
                };
                if let Some(answer) = answer {
                    set(Some(ShowIf { equals: answer, ..with.get_value() }));
                }
            };
            let current = with.with_value(|r| r.compare);
            view! {
                <div class="field">
                    <label for=qid("compare")>{with_n(t().builder_compare)}</label>
                    <select id=qid("compare") on:change=move |ev| set_compare(event_target_value(&ev))>
                        {compares.into_iter().map(|(compare, label)| {
                            let value = match compare { Compare::Exactly => "exactly", Compare::AtLeast => "at_least", Compare::AtMost => "at_most" };
                            view! { <option value=value selected=compare == current>{label}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for=qid("compare-value")>{with_n(t().builder_compare_value)}</label>
                    <input id=qid("compare-value") type=if is_date { "date" } else { "number" } inputmode=(!is_date).then_some("decimal")
                        prop:value=shown on:change=move |ev| set_value(event_target_value(&ev)) />
                </div>
            }
        })}
    }
}

/// The show-if choices for question `index`, as (value, label): every
/// answer of an earlier choice or picture-scale question, every point of a
/// rating (exactly, or more, or less), and for a number or a date one entry
/// whose value is typed below (`rule`, when it already names that question).
fn conditions(
    survey: &Survey,
    index: usize,
    rule: Option<&ShowIf>,
    t: &CoordinatorMessages,
    locale: heard_core::i18n::Locale,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, q) in survey.questions.iter().enumerate().take(index) {
        let number = (i + 1).to_string();
        let mut add = |rule: ShowIf, template: &str, label: &str| {
            let text = fill(template, &[("q", &number), ("answer", label)]);
            out.push((condition_value(&rule), text));
        };
        let exactly = |answer| ShowIf::equals(&q.id, answer);
        match &q.kind {
            QuestionKind::PictureScale => {
                for (feeling, label) in [
                    (Feeling::Happy, t.feeling_happy),
                    (Feeling::NotSure, t.feeling_not_sure),
                    (Feeling::Unhappy, t.feeling_unhappy),
                ] {
                    add(
                        exactly(Answer::Feeling(feeling)),
                        t.builder_show_when,
                        label,
                    );
                }
            }
            QuestionKind::Rating { .. } => {
                for point in 0..=RATING_MAX {
                    add(
                        exactly(Answer::Rating(point)),
                        t.builder_show_when,
                        &point.to_string(),
                    );
                }
                for point in 1..=RATING_MAX {
                    let rule = ShowIf::compared(&q.id, Compare::AtLeast, Answer::Rating(point));
                    add(rule, t.builder_show_at_least, &point.to_string());
                }
                for point in 0..RATING_MAX {
                    let rule = ShowIf::compared(&q.id, Compare::AtMost, Answer::Rating(point));
                    add(rule, t.builder_show_at_most, &point.to_string());
                }
            }
            QuestionKind::Number { min, .. } => {
                let rule = rule
                    .filter(|r| r.question == q.id)
                    .cloned()
                    .unwrap_or_else(|| {
                        ShowIf::compared(
                            &q.id,
                            Compare::AtLeast,
                            Answer::Number(min.unwrap_or(0.0)),
                        )
                    });
                add(rule, t.builder_show_value, "");
            }
            QuestionKind::Date => {
                let rule = rule
                    .filter(|r| r.question == q.id)
                    .cloned()
                    .unwrap_or_else(|| {
                        let today = heard_web::browser::today();
                        ShowIf::compared(&q.id, Compare::AtLeast, Answer::Date(today))
                    });
                add(rule, t.builder_show_value, "");
            }
            kind => {
                for choice in kind.choices() {
                    add(
                        exactly(Answer::Choice(choice.id.clone())),
                        t.builder_show_when,
                        choice.text.get(locale).0,
                    );
                }
            }
        }
    }
    out
}

/// A show-if rule as an option value (its JSON).
fn condition_value(rule: &ShowIf) -> String {
    serde_json::to_string(rule).unwrap_or_default()
}

fn parse_condition(value: &str) -> Option<ShowIf> {
    serde_json::from_str(value).ok()
}
