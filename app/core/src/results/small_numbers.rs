//! Small numbers in results marked for sharing: a count under the
//! project's threshold (but above none) is said as "fewer than 5", so that a
//! small group's answers cannot identify anyone. Hiding one count is not
//! enough where the others give it away: the counts of a single choice add
//! up to the `n` printed under them, and the groups of a breakdown add up
//! to the whole table. So wherever a line of counts that adds up to a
//! printed total has exactly one hidden, a second one (the smallest other
//! count above none) is withheld too, and so on until no line has one
//! alone. The screen and the tables file both ask here, so they hide the
//! same cells.

use super::Table;
use crate::{response::Feeling, survey::RATING_MAX};

/// A count as a table marked for sharing shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    Count(usize),
    /// Under the threshold, said as "fewer than" it.
    FewerThan(usize),
    /// Not small itself, but withheld so that a hidden one cannot be
    /// worked out from the total.
    Withheld,
}

impl Shown {
    /// The count, unless hidden.
    pub fn count(self) -> Option<usize> {
        match self {
            Shown::Count(n) => Some(n),
            _ => None,
        }
    }
}

/// One count on its own (a total, a group's size).
pub fn suppress(count: usize, threshold: usize) -> Shown {
    if count > 0 && count < threshold {
        Shown::FewerThan(threshold)
    } else {
        Shown::Count(count)
    }
}

/// What a grid of counts (`counts[row][column]`: answers down, the groups
/// of a breakdown across) shows, marked for sharing at `threshold`. Every
/// row of two or more columns adds up to a count printed elsewhere (the
/// whole table's); every column adds up to its `n` when `columns_add_up`
/// (not for multiple choice, where one person counts under several).
pub fn hide_small(
    counts: &[Vec<usize>],
    threshold: usize,
    columns_add_up: bool,
) -> Vec<Vec<Shown>> {
    let mut shown: Vec<Vec<Shown>> = counts
        .iter()
        .map(|row| row.iter().map(|&c| suppress(c, threshold)).collect())
        .collect();
    let columns = counts.iter().map(Vec::len).max().unwrap_or(0);
    let mut lines: Vec<Vec<(usize, usize)>> = Vec::new();
    if columns > 1 {
        lines.extend(
            counts
                .iter()
                .enumerate()
                .map(|(r, row)| (0..row.len()).map(|c| (r, c)).collect()),
        );
    }
    if columns_add_up && counts.len() > 1 {
        lines.extend((0..columns).map(|c| {
            (0..counts.len())
                .filter(|&r| c < counts[r].len())
                .map(|r| (r, c))
                .collect()
        }));
    }
    // Each pass withholds at least one more count, or stops: at most as
    // many passes as there are counts.
    loop {
        let mut withheld = false;
        for line in &lines {
            let hidden = line
                .iter()
                .filter(|&&(r, c)| shown[r][c].count().is_none())
                .count();
            if hidden != 1 {
                continue;
            }
            let smallest = line
                .iter()
                .filter(|&&(r, c)| shown[r][c].count().is_some() && counts[r][c] > 0)
                .min_by_key(|&&(r, c)| counts[r][c]);
            if let Some(&(r, c)) = smallest {
                shown[r][c] = Shown::Withheld;
                withheld = true;
            }
        }
        if !withheld {
            return shown;
        }
    }
}

/// Each answer's code and count, and whether the counts add up to `n`.
pub type AnswerCounts = (Vec<(String, usize)>, bool);

/// The counts of a table counted by answer, each with its code (a rating's
/// point, a face's name, a choice's id), in the order a report prints them,
/// and whether they add up to its `n`; none for the kinds that are not
/// counted by answer.
pub fn answer_counts(table: &Table) -> Option<AnswerCounts> {
    match table {
        Table::Rating { points, .. } => Some((
            (0..=RATING_MAX as usize)
                .map(|p| (p.to_string(), points[p]))
                .collect(),
            true,
        )),
        Table::PictureScale {
            faces, dont_know, ..
        } => Some((
            [Feeling::Happy, Feeling::NotSure, Feeling::Unhappy]
                .into_iter()
                .zip(*faces)
                .chain([(Feeling::DontKnow, *dont_know)])
                .map(|(f, count)| (super::export::feeling_code(f).to_owned(), count))
                .collect(),
            true,
        )),
        Table::SingleChoice { choices, .. } => Some((choices.clone(), true)),
        Table::MultipleChoice { choices, .. } => Some((choices.clone(), false)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: Shown = Shown::FewerThan(5);
    const W: Shown = Shown::Withheld;
    fn c(n: usize) -> Shown {
        Shown::Count(n)
    }
    fn column(counts: &[usize]) -> Vec<Vec<usize>> {
        counts.iter().map(|&n| vec![n]).collect()
    }

    #[test]
    fn small_numbers_are_said_as_fewer_than_the_threshold() {
        assert_eq!(suppress(0, 5), Shown::Count(0));
        assert_eq!(suppress(1, 5), Shown::FewerThan(5));
        assert_eq!(suppress(4, 5), Shown::FewerThan(5));
        assert_eq!(suppress(5, 5), Shown::Count(5));
        assert_eq!(suppress(3, 1), Shown::Count(3));
    }

    #[test]
    fn one_hidden_count_of_a_table_that_adds_up_takes_the_smallest_other_with_it() {
        // n = 30 is printed: 3 alone would be 30 - 12 - 15.
        let shown = hide_small(&column(&[12, 3, 15, 0]), 5, true);
        assert_eq!(shown, vec![vec![W], vec![F], vec![c(15)], vec![c(0)]]);
    }

    #[test]
    fn two_hidden_counts_hide_each_other_and_nothing_more_is_withheld() {
        let shown = hide_small(&column(&[12, 3, 15, 2]), 5, true);
        assert_eq!(shown, vec![vec![c(12)], vec![F], vec![c(15)], vec![F]]);
    }

    #[test]
    fn multiple_choice_counts_do_not_add_up_so_one_hidden_is_enough() {
        let shown = hide_small(&column(&[12, 3, 15]), 5, false);
        assert_eq!(shown, vec![vec![c(12)], vec![F], vec![c(15)]]);
    }

    #[test]
    fn a_lone_hidden_count_with_only_zeros_beside_it_withholds_nothing() {
        // Its column's n is the count itself, so it is hidden as well.
        let shown = hide_small(&column(&[0, 3, 0]), 5, true);
        assert_eq!(shown, vec![vec![c(0)], vec![F], vec![c(0)]]);
    }

    #[test]
    fn a_breakdown_hides_across_its_groups_as_well_as_down_them() {
        // Two groups. Down the first, 2 is alone: 7 goes with it. Across the
        // second row, 7 is then alone with 20 (the whole row is printed
        // without the breakdown), so 20 goes too; down the second group, 20
        // is then alone, so 9 goes.
        let counts = vec![vec![10, 30], vec![7, 20], vec![2, 9]];
        let shown = hide_small(&counts, 5, true);
        assert_eq!(shown[2][0], F);
        assert_eq!(shown[1][0], W);
        assert_eq!(shown[1][1], W);
        assert_eq!(shown[2][1], W);
        assert_eq!(shown[0], vec![c(10), c(30)]);
        // No line that adds up is left with exactly one count hidden.
        for (r, row) in shown.iter().enumerate() {
            let hidden = row.iter().filter(|s| s.count().is_none()).count();
            assert_ne!(hidden, 1, "row {r}");
        }
        for col in 0..2 {
            let hidden = shown
                .iter()
                .filter(|row| row[col].count().is_none())
                .count();
            assert_ne!(hidden, 1, "column {col}");
        }
    }

    #[test]
    fn nothing_small_hides_nothing() {
        let counts = vec![vec![10, 30], vec![7, 20], vec![0, 9]];
        let shown = hide_small(&counts, 5, true);
        assert!(shown.iter().flatten().all(|s| s.count().is_some()));
    }

    #[test]
    fn answer_counts_follow_the_report_order_with_codes() {
        let table = Table::PictureScale {
            faces: [4, 3, 2],
            dont_know: 1,
            counted: Default::default(),
        };
        let (rows, adds_up) = answer_counts(&table).unwrap();
        assert!(adds_up);
        assert_eq!(
            rows,
            vec![
                ("happy".to_owned(), 4),
                ("not_sure".to_owned(), 3),
                ("unhappy".to_owned(), 2),
                ("dont_know".to_owned(), 1)
            ]
        );
        assert_eq!(answer_counts(&Table::Newer), None);
    }
}
