//! Projects: a piece of engagement work (for example "Day opportunities
//! feedback, spring 2027") with its languages, surveys and conversation guides.
//!
//! A project's responses and sessions are not listed in the project document:
//! each names its project, and the list is read from the summary index. A list
//! in the project document would be touched by every device for every response
//! and is the first thing two devices would fight over.
//!
//! A project also keeps every published version of its surveys
//! ([`versions`]), so each response is shown with the questions it answered.

mod surveys;
mod versions;

pub use surveys::{responses_file_name, survey_file_name, tables_file_name};

use std::{collections::BTreeMap, fmt};

use serde::{Deserialize, Serialize};

use crate::{
    guide::Guide,
    i18n::Locale,
    survey::{Survey, SurveyVersion},
    time::Timestamp,
};

pub const NAME_MAX_CHARS: usize = 200;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Project {
    pub name: String,
    #[serde(default)]
    pub archived: bool,
    /// Language tags the project offers, the first offered first (a project in
    /// Wales can put Welsh first).
    pub languages: Vec<String>,
    pub created: Timestamp,
    pub updated: Timestamp,
    #[serde(default)]
    pub surveys: Vec<Survey>,
    #[serde(default)]
    pub guides: Vec<Guide>,
    /// Frozen copies of every published survey version, by id (see
    /// [`crate::survey::VersionRef`]). A map, so copies made on two devices
    /// merge side by side; kept when their survey is removed, since
    /// responses still name them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub versions: BTreeMap<String, SurveyVersion>,
    /// Counts under this are shown as "fewer than" in results marked for
    /// sharing (see [`crate::results::suppress`]); [`SMALL_NUMBERS`] unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub small_numbers: Option<u32>,
}

/// The small-number threshold of a project that sets none.
pub const SMALL_NUMBERS: u32 = 5;

/// Why a project cannot be saved as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProjectError {
    NoName,
    NameTooLong { chars: usize },
    NoLanguage,
    UnknownLanguage(String),
    DuplicateSurvey(String),
    DuplicateGuide(String),
}

impl fmt::Display for ProjectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProjectError::NoName => f.write_str("the project needs a name"),
            ProjectError::NameTooLong { chars } => write!(
                f,
                "the project name has {chars} characters; at most {NAME_MAX_CHARS} fit"
            ),
            ProjectError::NoLanguage => f.write_str("the project must offer at least one language"),
            ProjectError::UnknownLanguage(tag) => write!(f, "the app has no language `{tag}`"),
            ProjectError::DuplicateSurvey(id) => write!(f, "two surveys have the id `{id}`"),
            ProjectError::DuplicateGuide(id) => write!(f, "two guides have the id `{id}`"),
        }
    }
}

impl std::error::Error for ProjectError {}

impl Project {
    pub fn new(name: &str, now: Timestamp) -> Project {
        Project {
            name: name.trim().to_owned(),
            archived: false,
            languages: vec![Locale::English.tag().to_owned()],
            created: now,
            updated: now,
            surveys: Vec::new(),
            guides: Vec::new(),
            versions: BTreeMap::new(),
            small_numbers: None,
        }
    }

    /// Counts under this are hidden in results marked for sharing.
    pub fn small_numbers(&self) -> usize {
        self.small_numbers.unwrap_or(SMALL_NUMBERS) as usize
    }

    pub fn check(&self) -> Result<(), ProjectError> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(ProjectError::NoName);
        }
        let chars = name.chars().count();
        if chars > NAME_MAX_CHARS {
            return Err(ProjectError::NameTooLong { chars });
        }
        if self.languages.is_empty() {
            return Err(ProjectError::NoLanguage);
        }
        if let Some(tag) = self
            .languages
            .iter()
            .find(|t| Locale::from_tag(t).is_none())
        {
            return Err(ProjectError::UnknownLanguage(tag.clone()));
        }
        if let Some(id) = first_duplicate(self.surveys.iter().map(|s| s.id.as_str())) {
            return Err(ProjectError::DuplicateSurvey(id.to_owned()));
        }
        if let Some(id) = first_duplicate(self.guides.iter().map(|g| g.id.as_str())) {
            return Err(ProjectError::DuplicateGuide(id.to_owned()));
        }
        Ok(())
    }

    pub fn survey(&self, id: &str) -> Option<&Survey> {
        self.surveys.iter().find(|s| s.id == id)
    }

    pub fn guide(&self, id: &str) -> Option<&Guide> {
        self.guides.iter().find(|g| g.id == id)
    }
}

fn first_duplicate<'a>(ids: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut seen = std::collections::BTreeSet::new();
    ids.into_iter().find(|id| !seen.insert(*id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::example_survey;

    fn check(edit: impl Fn(&mut Project), expected: Result<(), ProjectError>) {
        let mut project = Project::new("Day opportunities, spring 2027", Timestamp(1));
        edit(&mut project);
        assert_eq!(project.check(), expected);
    }

    #[test]
    fn bad_projects_are_named() {
        check(|_| {}, Ok(()));
        check(|p| p.name = "   ".into(), Err(ProjectError::NoName));
        check(
            |p| p.name = "x".repeat(201),
            Err(ProjectError::NameTooLong { chars: 201 }),
        );
        check(|p| p.languages.clear(), Err(ProjectError::NoLanguage));
        check(
            |p| p.languages.push("fr".into()),
            Err(ProjectError::UnknownLanguage("fr".into())),
        );
        check(
            |p| {
                p.surveys = vec![
                    example_survey(&[crate::i18n::Catalog::english()]),
                    example_survey(&[crate::i18n::Catalog::english()]),
                ]
            },
            Err(ProjectError::DuplicateSurvey(
                example_survey(&[crate::i18n::Catalog::english()]).id,
            )),
        );
        check(
            |p| {
                p.guides = vec![
                    crate::guide::tea_and_talk(&[crate::i18n::Catalog::english()]),
                    crate::guide::tea_and_talk(&[crate::i18n::Catalog::english()]),
                ]
            },
            Err(ProjectError::DuplicateGuide(
                crate::guide::tea_and_talk(&[crate::i18n::Catalog::english()]).id,
            )),
        );
    }
}
