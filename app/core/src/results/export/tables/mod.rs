//! A survey's results tables as CSV, as the screen shows them: one row per
//! count (each answer of each question, and each question's `n` and
//! skipped) or value (a mean, a smallest, median or largest), for all the
//! responses and, when broken down, for each group. Marked for sharing, a
//! count under the threshold is written `<5` and one withheld beside it
//! `withheld`, with no percentage, exactly where the screen hides them
//! ([`crate::results::small_numbers`]); so are the values of a group too
//! small to show. This is the file to share: the responses' own CSV has a
//! row per person, which no threshold can make safe.

use crate::{
    results::{
        Counted, Shown, Table,
        breakdown::Group,
        query::By,
        small_numbers::{AnswerCounts, answer_counts, hide_small, suppress},
        stats::{percent_tenths, show_tenths},
    },
    survey::{Question, QuestionKind, RATING_MAX, Survey},
};

use super::{CsvOptions, finish, number};

#[cfg(test)]
mod tests;

const HEADER: [&str; 9] = [
    "breakdown",
    "group",
    "question",
    "question_text",
    "answer",
    "answer_label",
    "count",
    "percent",
    "value",
];

/// What a breakdown is by, as the file's `breakdown` column says it.
fn by_name(by: &By) -> String {
    match by {
        By::Question(id) => id.clone(),
        By::Mode => "mode".to_owned(),
        By::Presentation => "presentation".to_owned(),
        By::Language => "language".to_owned(),
    }
}

fn shown_text(shown: Shown) -> String {
    match shown {
        Shown::Count(n) => n.to_string(),
        Shown::FewerThan(th) => format!("<{th}"),
        Shown::Withheld => "withheld".to_owned(),
    }
}

/// An answer code's label in the file's language.
fn answer_label(question: &Question, code: &str, options: &CsvOptions) -> String {
    let locale = options.locale;
    match &question.kind {
        QuestionKind::Rating {
            low_label,
            high_label,
        } => match code {
            "0" => low_label.get(locale).0.to_owned(),
            c if c == RATING_MAX.to_string() => high_label.get(locale).0.to_owned(),
            _ => String::new(),
        },
        QuestionKind::PictureScale => code.replace('_', " "),
        _ => question.kind.choice_text(code, locale),
    }
}

/// One column of the tables: all the responses, or one group.
struct Column<'a> {
    group: String,
    tables: &'a [Table],
}

/// Every question's rows for `columns`, hidden together when `hide`.
struct Writer<'a> {
    survey: &'a Survey,
    options: &'a CsvOptions,
    hide: Option<usize>,
    breakdown: String,
    out: csv::Writer<Vec<u8>>,
}

impl Writer<'_> {
    /// One row: `cells` are the answer, its label, count, percent and value.
    fn row(&mut self, group: &str, question: &Question, cells: [&str; 5]) {
        let text = question.text.get(self.options.locale).0;
        let [answer, label, count, percent, value] = cells;
        let _ = self.out.write_record([
            self.breakdown.as_str(),
            group,
            &question.id,
            text,
            answer,
            label,
            count,
            percent,
            value,
        ]);
    }

    /// A question's rows over columns that add up to each other's total
    /// (the groups of a breakdown), or over one column.
    fn question(&mut self, i: usize, columns: &[Column]) {
        let question = &self.survey.questions[i];
        let tables: Vec<Option<&Table>> = columns.iter().map(|c| c.tables.get(i)).collect();
        let counted: Vec<Counted> = tables
            .iter()
            .map(|t| t.and_then(Table::counted).cloned().unwrap_or_default())
            .collect();
        let ns: Vec<usize> = counted.iter().map(|c| c.n).collect();
        let shown_n = match self.hide {
            Some(th) => hide_small(std::slice::from_ref(&ns), th, false).remove(0),
            None => ns.iter().map(|&n| Shown::Count(n)).collect(),
        };
        let per_column: Vec<Option<AnswerCounts>> =
            tables.iter().map(|t| t.and_then(answer_counts)).collect();
        if let Some(Some((codes, adds_up))) = per_column.first() {
            let grid: Vec<Vec<usize>> = (0..codes.len())
                .map(|r| {
                    per_column
                        .iter()
                        .map(|col| {
                            col.as_ref()
                                .and_then(|(rows, _)| rows.get(r))
                                .map_or(0, |(_, c)| *c)
                        })
                        .collect()
                })
                .collect();
            let shown = match self.hide {
                Some(th) => hide_small(&grid, th, *adds_up),
                None => grid
                    .iter()
                    .map(|row| row.iter().map(|&c| Shown::Count(c)).collect())
                    .collect(),
            };
            for (c, column) in columns.iter().enumerate() {
                for (r, (code, _)) in codes.iter().enumerate() {
                    let cell = shown[r][c];
                    let percent = cell
                        .count()
                        .and_then(|count| percent_tenths(count, ns[c]))
                        .map(show_tenths)
                        .unwrap_or_default();
                    let label = answer_label(question, code, self.options);
                    let count = shown_text(cell);
                    self.row(
                        &column.group,
                        question,
                        [code, &label, &count, &percent, ""],
                    );
                }
            }
        }
        for (c, column) in columns.iter().enumerate() {
            let skipped = match self.hide {
                Some(th) => suppress(counted[c].skipped, th),
                None => Shown::Count(counted[c].skipped),
            };
            let n = shown_text(shown_n[c]);
            self.row(&column.group, question, ["n", "", &n, "", ""]);
            let skipped = shown_text(skipped);
            self.row(&column.group, question, ["skipped", "", &skipped, "", ""]);
            // A value of a group under the threshold could be one person's.
            let small = self.hide.is_some_and(|th| ns[c] < th);
            for (answer, value) in values(tables[c]) {
                let value = if small { "withheld".to_owned() } else { value };
                self.row(&column.group, question, [answer, "", "", "", &value]);
            }
        }
    }
}

/// The values a table has beside its counts.
fn values(table: Option<&Table>) -> Vec<(&'static str, String)> {
    match table {
        Some(Table::Rating {
            mean_hundredths: Some(m),
            ..
        }) => vec![("mean", format!("{}.{:02}", m / 100, m % 100))],
        Some(Table::Number {
            range: Some((low, mid, high)),
            ..
        }) => vec![
            ("smallest", number(*low)),
            ("median", number(*mid)),
            ("largest", number(*high)),
        ],
        Some(Table::Date {
            range: Some((low, mid, high)),
            ..
        }) => vec![
            ("earliest", low.clone()),
            ("median", mid.clone()),
            ("latest", high.clone()),
        ],
        _ => Vec::new(),
    }
}

/// The tables of `survey` over all the responses (`whole`) and, when
/// broken down, over each group, with small numbers hidden at `hide`
/// (`None`: every count as it is, for the coordinator's own use).
pub fn tables_csv(
    survey: &Survey,
    whole: &[Table],
    breakdown: Option<(&By, &[Group])>,
    hide: Option<usize>,
    options: &CsvOptions,
) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    let _ = out.write_record(HEADER);
    let mut writer = Writer {
        survey,
        options,
        hide,
        breakdown: String::new(),
        out,
    };
    let all = [Column {
        group: "all".to_owned(),
        tables: whole,
    }];
    for i in 0..survey.questions.len() {
        writer.question(i, &all);
    }
    if let Some((by, groups)) = breakdown {
        writer.breakdown = by_name(by);
        let columns: Vec<Column> = groups
            .iter()
            .map(|g| Column {
                // A group of those who did not answer (or whose way of
                // answering was not recorded) has no key.
                group: g.choice.clone().unwrap_or_else(|| "none".to_owned()),
                tables: &g.tables,
            })
            .collect();
        for i in 0..survey.questions.len() {
            writer.question(i, &columns);
        }
    }
    finish(writer.out, options)
}
