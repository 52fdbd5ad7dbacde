//! Results on the device: for each question of a survey, the table a
//! published survey report prints, over the responses given. The relay
//! cannot read the answers, so nothing else can compute these.
//!
//! Who counts: `n` is how many answered the question; `skipped` is how many
//! were shown it (its show-if held) and left it; an answer of another kind
//! than the question's (a face given to a 0-5 rating by an older version's
//! easy read) is counted apart as `unreadable`, never folded into the scale.
//! Percentages are of `n`. Filters (dates, drafts, survey versions) are the
//! caller's; small numbers, in results marked for sharing, [`small_numbers`]'s.

pub mod breakdown;
pub mod export;
pub mod free_text;
pub mod import;
pub mod query;
pub mod row;
pub mod saved;
pub mod small_numbers;
pub mod stats;
pub mod summary;
pub mod who;

pub use small_numbers::{Shown, answer_counts, hide_small, suppress};

use std::collections::BTreeMap;

use crate::{
    response::{Answer, Feeling},
    survey::{QuestionKind, RATING_MAX, Survey},
};

/// One response's answers, by question id.
pub type Answers = BTreeMap<String, Answer>;

/// Who answered a question, and who was shown it and did not.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Counted {
    pub n: usize,
    pub skipped: usize,
    pub unreadable: usize,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Table {
    /// Each point's count (0 to 5) and the mean, in hundredths.
    Rating {
        points: [usize; RATING_MAX as usize + 1],
        mean_hundredths: Option<u32>,
        counted: Counted,
    },
    /// Happy, not sure and unhappy, and "don't know" apart.
    PictureScale {
        faces: [usize; 3],
        dont_know: usize,
        counted: Counted,
    },
    /// Each choice's count, in the survey's order.
    SingleChoice {
        choices: Vec<(String, usize)>,
        counted: Counted,
    },
    /// Each choice's count of respondents (so percentages can add past
    /// 100), and how many wrote an "other" text (read, searched and marked
    /// as quotes through [`free_text`], a page at a time).
    MultipleChoice {
        choices: Vec<(String, usize)>,
        others: usize,
        counted: Counted,
    },
    Number {
        range: Option<(f64, f64, f64)>,
        counted: Counted,
    },
    /// Earliest, median and latest, as `YYYY-MM-DD`.
    Date {
        range: Option<(String, String, String)>,
        counted: Counted,
    },
    /// How many wrote something: the texts themselves are read through
    /// [`free_text`], a page at a time, so thousands of them never weigh
    /// on the tables.
    FreeText { counted: Counted },
    /// A kind a newer version added: nothing this version can count.
    Newer,
}

impl Table {
    /// Who answered the question, for every kind this version counts.
    pub fn counted(&self) -> Option<&Counted> {
        match self {
            Table::Rating { counted, .. }
            | Table::PictureScale { counted, .. }
            | Table::SingleChoice { counted, .. }
            | Table::MultipleChoice { counted, .. }
            | Table::Number { counted, .. }
            | Table::Date { counted, .. }
            | Table::FreeText { counted } => Some(counted),
            Table::Newer => None,
        }
    }
}

/// The table of every question of `survey`, over `responses`.
pub fn tables(survey: &Survey, responses: &[Answers]) -> Vec<Table> {
    (0..survey.questions.len())
        .map(|i| table(survey, i, responses))
        .collect()
}

/// The table of question `index` of `survey`, over `responses`.
pub fn table<'a>(
    survey: &Survey,
    index: usize,
    responses: impl IntoIterator<Item = &'a Answers>,
) -> Table {
    let question = &survey.questions[index];
    let mut skipped = 0;
    let mut given = Vec::new();
    for answers in responses {
        match answers.get(&question.id) {
            Some(answer) => given.push(answer),
            None if survey.is_shown(index, &|q| answers.get(q)) => skipped += 1,
            None => {}
        }
    }
    table_of_given(survey, index, given, skipped)
}

/// The table of question `index` of `survey` from the answers `given` to
/// it and how many were shown it and `skipped` it.
pub(crate) fn table_of_given(
    survey: &Survey,
    index: usize,
    given: Vec<&Answer>,
    skipped: usize,
) -> Table {
    let question = &survey.questions[index];
    let mut counted = Counted {
        skipped,
        ..Counted::default()
    };
    let mut take = |fits: bool| {
        if fits {
            counted.n += 1;
        } else {
            counted.unreadable += 1;
        }
        fits
    };
    match &question.kind {
        QuestionKind::Rating { .. } => {
            let mut points = [0; RATING_MAX as usize + 1];
            let mut values = Vec::new();
            for answer in given {
                if let Answer::Rating(p) = answer
                    && take(*p <= RATING_MAX)
                {
                    points[*p as usize] += 1;
                    values.push(*p);
                } else if !matches!(answer, Answer::Rating(_)) {
                    take(false);
                }
            }
            Table::Rating {
                points,
                mean_hundredths: stats::mean_hundredths(&values),
                counted,
            }
        }
        QuestionKind::PictureScale => {
            let (mut faces, mut dont_know) = ([0; 3], 0);
            for answer in given {
                match answer {
                    Answer::Feeling(f) => {
                        take(true);
                        match f {
                            Feeling::Happy => faces[0] += 1,
                            Feeling::NotSure => faces[1] += 1,
                            Feeling::Unhappy => faces[2] += 1,
                            Feeling::DontKnow => dont_know += 1,
                        }
                    }
                    _ => {
                        take(false);
                    }
                }
            }
            Table::PictureScale {
                faces,
                dont_know,
                counted,
            }
        }
        QuestionKind::SingleChoice { choices } => {
            let mut counts: Vec<(String, usize)> =
                choices.iter().map(|c| (c.id.clone(), 0)).collect();
            for answer in given {
                let slot = match answer {
                    Answer::Choice(id) => counts.iter_mut().find(|(c, _)| c == id),
                    _ => None,
                };
                if take(slot.is_some())
                    && let Some((_, n)) = slot
                {
                    *n += 1;
                }
            }
            Table::SingleChoice {
                choices: counts,
                counted,
            }
        }
        QuestionKind::MultipleChoice { choices, .. } => {
            let mut counts: Vec<(String, usize)> =
                choices.iter().map(|c| (c.id.clone(), 0)).collect();
            let mut others = 0;
            for answer in given {
                let Answer::Choices { chosen, other } = answer else {
                    take(false);
                    continue;
                };
                take(true);
                for (id, n) in counts.iter_mut() {
                    if chosen.contains(id) {
                        *n += 1;
                    }
                }
                if free_text::written(other.as_deref()).is_some() {
                    others += 1;
                }
            }
            Table::MultipleChoice {
                choices: counts,
                others,
                counted,
            }
        }
        QuestionKind::Number { .. } => {
            let mut values: Vec<f64> = Vec::new();
            for answer in given {
                match answer {
                    Answer::Number(v) if take(v.is_finite()) => values.push(*v),
                    Answer::Number(_) => {}
                    _ => {
                        take(false);
                    }
                }
            }
            values.sort_by(f64::total_cmp);
            let median = stats::median(&values, |a, b| (a + b) / 2.0);
            Table::Number {
                range: median.map(|m| (values[0], m, values[values.len() - 1])),
                counted,
            }
        }
        QuestionKind::Date => {
            let mut days: Vec<String> = Vec::new();
            for answer in given {
                match answer {
                    Answer::Date(d) if take(crate::response::is_iso_date(d)) => {
                        days.push(d.clone())
                    }
                    Answer::Date(_) => {}
                    _ => {
                        take(false);
                    }
                }
            }
            days.sort();
            let median = stats::median(&days, |a, _| a.clone());
            Table::Date {
                range: median.map(|m| (days[0].clone(), m, days[days.len() - 1].clone())),
                counted,
            }
        }
        QuestionKind::FreeText => {
            for answer in given {
                take(matches!(answer, Answer::Text(_)));
            }
            Table::FreeText { counted }
        }
        QuestionKind::Newer => Table::Newer,
    }
}

#[cfg(test)]
mod tests;
