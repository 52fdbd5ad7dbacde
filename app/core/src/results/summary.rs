//! The easy-read summary of a survey's results for the people who took
//! part: for each question counted by answer, one short line saying how
//! many of those who answered gave the answer most people gave ("7 of 10
//! people said: Happy"). It is made to be shared, so a question fewer than
//! the threshold answered, or an answer fewer gave, says nothing.

use serde::{Deserialize, Serialize};

use super::Table;
use crate::response::Feeling;

/// The answer a line is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Said {
    Point(u8),
    Face(Feeling),
    Choice(String),
}

/// One line: `count` of `total` people (who answered question `question`,
/// by its place in the survey) gave `said`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub question: usize,
    pub count: usize,
    pub total: usize,
    pub said: Said,
}

/// The lines for `tables` (a survey's, in its order), leaving out every
/// count under `threshold`.
pub fn summary(tables: &[Table], threshold: usize) -> Vec<Line> {
    tables
        .iter()
        .enumerate()
        .filter_map(|(question, table)| {
            let (total, said, count) = most_given(table)?;
            (total >= threshold && count >= threshold).then_some(Line {
                question,
                count,
                total,
                said,
            })
        })
        .collect()
}

/// Who answered, the answer given most (the first of a tie, in the
/// survey's order) and how many gave it.
fn most_given(table: &Table) -> Option<(usize, Said, usize)> {
    // The first of the largest, which max_by_key would not give.
    fn first_max<T>(items: impl Iterator<Item = (T, usize)>) -> Option<(T, usize)> {
        items.fold(None, |best: Option<(T, usize)>, (item, n)| match &best {
            Some((_, most)) if *most >= n => best,
            _ => Some((item, n)),
        })
    }
    let (n, (said, count)) = match table {
        Table::Rating {
            points, counted, ..
        } => (
            counted.n,
            first_max(
                points
                    .iter()
                    .enumerate()
                    .map(|(p, n)| (Said::Point(p as u8), *n)),
            )?,
        ),
        Table::PictureScale { faces, counted, .. } => (
            counted.n,
            first_max(
                [Feeling::Happy, Feeling::NotSure, Feeling::Unhappy]
                    .into_iter()
                    .zip(faces.iter().copied())
                    .map(|(f, n)| (Said::Face(f), n)),
            )?,
        ),
        Table::SingleChoice { choices, counted }
        | Table::MultipleChoice {
            choices, counted, ..
        } => (
            counted.n,
            first_max(choices.iter().map(|(id, n)| (Said::Choice(id.clone()), *n)))?,
        ),
        _ => return None,
    };
    (count > 0).then_some((n, said, count))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::Counted;

    fn counted(n: usize) -> Counted {
        Counted {
            n,
            ..Counted::default()
        }
    }

    #[test]
    fn each_question_says_what_most_people_said_and_small_numbers_say_nothing() {
        let tables = [
            Table::PictureScale {
                faces: [7, 2, 1],
                dont_know: 0,
                counted: counted(10),
            },
            Table::SingleChoice {
                choices: vec![("bus".into(), 3), ("car".into(), 6), ("walk".into(), 6)],
                counted: counted(15),
            },
            // Only 4 answered: nothing is said of it.
            Table::Rating {
                points: [0, 0, 0, 0, 4, 0],
                mean_hundredths: Some(400),
                counted: counted(4),
            },
            Table::FreeText {
                counted: counted(40),
            },
            // Most gave 5, but they are 3.
            Table::Rating {
                points: [2, 2, 2, 2, 2, 3],
                mean_hundredths: None,
                counted: counted(13),
            },
        ];
        assert_eq!(
            summary(&tables, 5),
            [
                Line {
                    question: 0,
                    count: 7,
                    total: 10,
                    said: Said::Face(Feeling::Happy)
                },
                Line {
                    question: 1,
                    count: 6,
                    total: 15,
                    said: Said::Choice("car".into())
                },
            ],
            "the first of a tie, in the survey's order"
        );
        assert_eq!(
            summary(&tables, 2).len(),
            4,
            "with a threshold of 2, the last two speak"
        );
        assert!(summary(&[Table::Newer], 5).is_empty());
    }
}
