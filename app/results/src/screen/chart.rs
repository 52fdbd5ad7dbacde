//! A horizontal bar chart of one table, drawn as SVG: each answer's words
//! above its bar and its percentage at the bar's end, so colour is never
//! the only sign. Lengths are in `em` and percentages of the width, so the
//! chart grows with large print and fits a phone; in a right-to-left
//! language the bars grow from the right. The table beside it holds the
//! same numbers, so the chart is one image with a name to assistive
//! technology rather than a second copy of every number.

use heard_core::i18n::{CoordinatorMessages, Direction, Locale};
use leptos::prelude::*;

/// The longest bar, as a share of the chart's width: room for the
/// percentage after it.
const LONGEST: f64 = 80.0;
/// Each answer takes this many `em`: its words, then its bar.
const ROW: f64 = 2.6;

/// The chart of `rows` (words, count, the percentage written and in tenths).
pub(super) fn bar_chart(
    rows: &[(String, String, u32)],
    t: &CoordinatorMessages,
    locale: Locale,
) -> AnyView {
    let rtl = locale.direction() == Direction::Rtl;
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, (label, shown, tenths))| {
            let top = i as f64 * ROW;
            let width = f64::from(*tenths) / 1000.0 * LONGEST;
            let (bar_x, value_x) = if rtl {
                (100.0 - width, 100.0 - width - 1.0)
            } else {
                (0.0, width + 1.0)
            };
            let edge = if rtl { "100%" } else { "0" };
            view! {
                <text class="chart-label" x=edge y=format!("{:.1}em", top + 1.0)>{label.clone()}</text>
                <rect class="chart-bar" x=format!("{bar_x:.1}%") y=format!("{:.1}em", top + 1.35)
                    width=format!("{width:.1}%") height="0.9em" />
                <text class="chart-value" x=format!("{value_x:.1}%") y=format!("{:.1}em", top + 2.15)>{shown.clone()}</text>
            }
        })
        .collect_view();
    let height = format!("{:.1}em", rows.len() as f64 * ROW + 0.4);
    let direction = if rtl { "rtl" } else { "ltr" };
    view! {
        <svg class="results-chart" role="img" aria-label=t.results_chart width="100%" height=height
            direction=direction>
            {bars}
        </svg>
    }
    .into_any()
}
