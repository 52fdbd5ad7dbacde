//! Which answer each column of a file fills. A header names a column the
//! way the export writes it (`respondent_id`, a question's id, `q4.bus`,
//! `q4.other`) or the way people write it: a question's text in any of the
//! survey's languages, `text: choice`, `text: other`. The rest are the
//! screen's to map by hand, or are left out.

use std::collections::BTreeMap;

use crate::{
    i18n::Locale,
    survey::{Question, QuestionKind, Survey},
};

use super::{FileProblem, Mapping};

/// The columns before the questions' in an export, filled here too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Fixed {
    Respondent,
    Version,
    Mode,
    Presentation,
    Started,
    Completed,
    GroupSize,
    Language,
}

const FIXED: [(&str, Fixed); 8] = [
    ("respondent_id", Fixed::Respondent),
    ("survey_version", Fixed::Version),
    ("mode", Fixed::Mode),
    ("presentation", Fixed::Presentation),
    ("started", Fixed::Started),
    ("completed", Fixed::Completed),
    ("group_size", Fixed::GroupSize),
    ("language", Fixed::Language),
];

/// What one column fills.
#[derive(Clone, Copy, Debug)]
pub(super) enum Target<'a> {
    Fixed(Fixed),
    /// The whole answer (a multiple-choice one as choices separated by `;`).
    Whole(&'a Question),
    /// 0 or 1: whether a choice of a multiple-choice question was ticked.
    Chose(&'a Question, &'a str),
    /// The "other" text of a multiple-choice question.
    Other(&'a Question),
}

impl Target<'_> {
    /// The column's id, as the export's header by id.
    pub(super) fn id(&self) -> String {
        match self {
            Target::Fixed(fixed) => FIXED
                .iter()
                .find(|(_, f)| f == fixed)
                .map(|(name, _)| (*name).to_owned())
                .unwrap_or_default(),
            Target::Whole(q) => q.id.clone(),
            Target::Chose(q, choice) => format!("{}.{choice}", q.id),
            Target::Other(q) => format!("{}.other", q.id),
        }
    }

    pub(super) fn question(&self) -> Option<&Question> {
        match self {
            Target::Fixed(_) => None,
            Target::Whole(q) | Target::Chose(q, _) | Target::Other(q) => Some(q),
        }
    }
}

/// Every column a file of this survey can have.
pub(super) fn targets(survey: &Survey) -> Vec<Target<'_>> {
    let mut out: Vec<Target<'_>> = FIXED.iter().map(|(_, f)| Target::Fixed(*f)).collect();
    for question in &survey.questions {
        if matches!(question.kind, QuestionKind::Newer) {
            continue;
        }
        out.push(Target::Whole(question));
        if let QuestionKind::MultipleChoice { choices, other } = &question.kind {
            out.extend(choices.iter().map(|c| Target::Chose(question, &c.id)));
            if *other {
                out.push(Target::Other(question));
            }
        }
    }
    out
}

/// Headers are compared without case, outer spaces or doubled spaces.
pub(super) fn normal(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Every way a header can name each column, normalised.
fn names<'a>(targets: &[Target<'a>]) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for (i, target) in targets.iter().enumerate() {
        out.entry(normal(&target.id())).or_insert(i);
        let texts = |q: &Question| q.text.0.values().map(|t| t.to_owned()).collect::<Vec<_>>();
        match target {
            Target::Fixed(_) => {}
            Target::Whole(q) => {
                for text in texts(q) {
                    out.entry(normal(&text)).or_insert(i);
                }
            }
            Target::Chose(q, choice) => {
                let choice = q.kind.choices().iter().find(|c| c.id == *choice);
                for text in texts(q) {
                    for label in choice.iter().flat_map(|c| c.text.0.values()) {
                        out.entry(normal(&format!("{text}: {label}"))).or_insert(i);
                    }
                }
            }
            Target::Other(q) => {
                for text in texts(q) {
                    out.entry(normal(&format!("{text}: other"))).or_insert(i);
                }
            }
        }
    }
    out
}

/// What each header fills (`None`: left out), or why the headers cannot be
/// used. A header in `mapping` goes where the screen put it (empty: left out).
pub(super) fn match_headers<'a>(
    targets: &[Target<'a>],
    headers: &[String],
    mapping: &Mapping,
) -> Result<Vec<Option<usize>>, FileProblem> {
    let names = names(targets);
    let mut taken: Vec<bool> = vec![false; targets.len()];
    let mut out = Vec::with_capacity(headers.len());
    for header in headers {
        let found = match mapping.get(header) {
            Some(id) if id.is_empty() => None,
            Some(id) => Some(targets.iter().position(|t| t.id() == *id).ok_or_else(|| {
                FileProblem::UnknownTarget {
                    header: header.clone(),
                }
            })?),
            None => names.get(&normal(header)).copied(),
        };
        if let Some(i) = found {
            if taken[i] {
                return Err(FileProblem::SameColumnTwice {
                    header: header.clone(),
                });
            }
            taken[i] = true;
        }
        out.push(found);
    }
    if !out
        .iter()
        .flatten()
        .any(|&i| targets[i].question().is_some())
    {
        return Err(FileProblem::NoQuestions);
    }
    Ok(out)
}

/// What a column of the survey is called on screen, for mapping by hand.
pub fn column_label(survey: &Survey, id: &str, locale: Locale) -> Option<String> {
    let targets = targets(survey);
    let target = targets.iter().find(|t| t.id() == id)?;
    let text = |q: &Question| q.text.get(locale).0.to_owned();
    Some(match target {
        Target::Fixed(_) => id.to_owned(),
        Target::Whole(q) => text(q),
        Target::Chose(q, choice) => format!("{}: {}", text(q), q.kind.choice_text(choice, locale)),
        Target::Other(q) => format!("{}: other", text(q)),
    })
}
