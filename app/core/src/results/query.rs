//! Which responses results are over, and how they are grouped: filters by
//! the day completed (started, for drafts), drafts too or completed only,
//! and survey version; a breakdown by a single-choice question or by how
//! people answered (mode, presentation, language). Across versions a
//! question counts only the responses whose version asked the same
//! question (the same id and kind, so choices and scales agree).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Table, export::ExportRow, table_of_given};
use crate::{
    project::Project,
    response::ResponseSummary,
    survey::{Survey, VersionRef},
    time::Timestamp,
};

/// What the results screen asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Query {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<By>,
    #[serde(default)]
    pub filter: Filter,
}

/// What to break the tables down by.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum By {
    /// A single-choice question of the survey, by id.
    Question(String),
    Mode,
    Presentation,
    Language,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    /// Drafts count too (by what they have answered so far).
    #[serde(default)]
    pub drafts: bool,
    /// Only responses completed (drafts: started) at or after `from` and
    /// before `until`; the screen turns the days chosen into times in its
    /// own time zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Timestamp>,
    /// Only responses to this version (by number); none: every version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
}

impl Filter {
    /// Whether `row` is one the results are over.
    pub fn keeps(&self, row: &ExportRow) -> bool {
        self.keeps_when(row.started, row.completed, row.version)
    }

    /// The same for a response's summary: who answered and how is counted
    /// over the same responses as the tables.
    pub fn keeps_summary(&self, summary: &ResponseSummary) -> bool {
        let version = summary.survey_version.as_ref().map(|v| v.version);
        self.keeps_when(summary.started, summary.completed, version)
    }

    fn keeps_when(
        &self,
        started: Timestamp,
        completed: Option<Timestamp>,
        version: Option<u32>,
    ) -> bool {
        let when = completed.unwrap_or(started);
        (self.drafts || completed.is_some())
            && self.from.is_none_or(|from| when >= from)
            && self.until.is_none_or(|until| when < until)
            && self.version.is_none_or(|v| version.unwrap_or(1) == v)
    }
}

/// For each version responses answered (by its id; `None`: made before
/// versions, read as version 1), which of the survey's questions as it is
/// now it asked the same way.
#[derive(Clone, Debug, Default)]
pub struct Asked {
    same: BTreeMap<Option<String>, Vec<bool>>,
}

impl Asked {
    /// Compares every version `rows` answered with `survey` as `project`
    /// has it now.
    pub fn of(project: &Project, survey: &Survey, rows: &[&ExportRow]) -> Asked {
        let mut same = BTreeMap::new();
        for row in rows {
            same.entry(row.version_id.clone()).or_insert_with(|| {
                let reference = row.version_id.as_ref().map(|id| VersionRef {
                    version: row.version.unwrap_or(1),
                    id: id.clone(),
                });
                let answered = project.survey_version(&survey.id, reference.as_ref());
                survey
                    .questions
                    .iter()
                    .map(|q| {
                        answered.as_ref().is_none_or(|v| {
                            v.questions
                                .iter()
                                .any(|old| old.id == q.id && old.kind == q.kind)
                        })
                    })
                    .collect()
            });
        }
        Asked { same }
    }

    /// Whether `row`'s version asked question `index` as it is now.
    pub fn asked(&self, row: &ExportRow, index: usize) -> bool {
        self.same
            .get(&row.version_id)
            .and_then(|same| same.get(index).copied())
            .unwrap_or(true)
    }
}

/// Every question's table over `rows`, each over the rows that were asked
/// it. One pass over the responses, each looked up for every question
/// while its answers are at hand: a pass per question over thousands of
/// responses spent its time waiting on memory.
pub fn tables_of(survey: &Survey, rows: &[&ExportRow], asked: &Asked) -> Vec<Table> {
    let questions = survey.questions.len();
    let place: std::collections::HashMap<&str, usize> = survey
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| (q.id.as_str(), i))
        .collect();
    let mut given: Vec<Vec<&crate::response::Answer>> =
        vec![Vec::with_capacity(rows.len()); questions];
    let mut skipped = vec![0; questions];
    let mut answered = vec![false; questions];
    for row in rows {
        answered.fill(false);
        // Each answer once, in the map's own order; a hash finds its question.
        for (id, answer) in row.answers.iter() {
            if let Some(&i) = place.get(id.as_str())
                && asked.asked(row, i)
            {
                answered[i] = true;
                given[i].push(answer);
            }
        }
        for i in (0..questions).filter(|i| !answered[*i]) {
            if asked.asked(row, i) && survey.is_shown(i, &|q| row.answers.get(q)) {
                skipped[i] += 1;
            }
        }
    }
    given
        .into_iter()
        .zip(skipped)
        .enumerate()
        .map(|(i, (given, skipped))| table_of_given(survey, i, given, skipped))
        .collect()
}

#[cfg(test)]
mod tests;
