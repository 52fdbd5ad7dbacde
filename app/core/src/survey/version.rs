//! Survey versions: once people answer a survey, the questions they were
//! asked are kept as they were, so a later change to the survey never changes
//! what an earlier response means.
//!
//! A *published* version is a frozen copy of a survey's content (title,
//! sections, questions), kept in the project ([`crate::project::Project`]'s
//! `versions`) under an id that is a fingerprint of that content. A response
//! names the version it answered ([`VersionRef`]).
//!
//! The number of the survey as it is now is not stored: it is the number of
//! its frozen copy when the current content is published, and otherwise one
//! more than the highest published number. So the first edit after
//! publishing makes a new version (the content no longer matches its copy),
//! later edits stay in that version, and undoing every change returns to the
//! published one, with no counter for two devices to fight over.
//!
//! Why the id is a fingerprint and not the number: two devices that change a
//! published survey at the same time each publish their own next version
//! before they hear of each other. Both copies get the same number but
//! different ids, so merging the projects keeps both (the copies are a map
//! keyed by id, and a copy is never edited once made), each response still
//! finds the questions it was asked, and the next version numbers on from
//! the highest. Two devices that publish the same content make the same id,
//! which merges into one copy.

use serde::{Deserialize, Serialize};
use std::hash::Hasher;

use super::{LocalText, Question, Section, Survey};

/// A frozen copy of one published version of a survey. Never edited after
/// it is made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SurveyVersion {
    /// The survey's id.
    pub survey: String,
    /// Its number, from 1. Two devices publishing at once can give two
    /// versions one number; the id tells them apart.
    pub version: u32,
    pub title: LocalText,
    #[serde(default)]
    pub sections: Vec<Section>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub section_per_screen: bool,
    pub questions: Vec<Question>,
}

/// Which version of its survey a response answered: the id of the frozen
/// copy (a fingerprint of the questions it was asked) and its number, as
/// they were when it started.
///
/// A response made before versions existed names none; it reads as
/// version 1, that is the survey as it was first published (its
/// lowest-numbered frozen copy), or the survey as it is now when it was
/// never published.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionRef {
    pub version: u32,
    pub id: String,
}

/// What the fingerprint covers: everything a respondent is shown.
#[derive(Serialize)]
struct Content<'a> {
    survey: &'a str,
    title: &'a LocalText,
    sections: &'a [Section],
    section_per_screen: bool,
    questions: &'a [Question],
}

impl Survey {
    /// The id a frozen copy of this survey's content has: the same for the
    /// same content on every device.
    pub fn fingerprint(&self) -> String {
        let content = Content {
            survey: &self.id,
            title: &self.title,
            sections: &self.sections,
            section_per_screen: self.section_per_screen,
            questions: &self.questions,
        };
        let json = serde_json::to_vec(&content).unwrap_or_default();
        // Not a security measure: only a name that is the same for the same
        // content everywhere (FNV-1a is fixed, unlike std's hasher).
        let mut hash = fnv::FnvHasher::default();
        hash.write(&json);
        format!("{:016x}", hash.finish())
    }

    /// This survey's content frozen as version `version`.
    pub fn frozen(&self, version: u32) -> SurveyVersion {
        SurveyVersion {
            survey: self.id.clone(),
            version,
            title: self.title.clone(),
            sections: self.sections.clone(),
            section_per_screen: self.section_per_screen,
            questions: self.questions.clone(),
        }
    }
}

impl SurveyVersion {
    /// The survey as this version asked it.
    pub fn survey(&self) -> Survey {
        Survey {
            id: self.survey.clone(),
            title: self.title.clone(),
            sections: self.sections.clone(),
            section_per_screen: self.section_per_screen,
            archived: false,
            questions: self.questions.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{
        i18n::Catalog,
        json_doc::JsonDoc,
        project::Project,
        survey::{action_plan, support_survey},
        time::Timestamp,
    };

    #[test]
    fn a_fingerprint_names_the_content_and_survives_the_document() {
        // The support survey has every kind of question, a range and a
        // show-if rule; the action plan has sections.
        let survey = support_survey(&[Catalog::english()]);
        let id = survey.fingerprint();
        assert_eq!(id.len(), 16);
        assert_eq!(id, survey.clone().fingerprint(), "the same every time");
        let mut changed = survey.clone();
        changed.questions[0].required = !changed.questions[0].required;
        assert_ne!(changed.fingerprint(), id);
        let mut other = survey.clone();
        other.id = "another".into();
        assert_ne!(other.fingerprint(), id, "the survey's id is part of it");

        // Written into a project document and read back (texts as automerge
        // Text, numbers as scalars), the content has the same fingerprint.
        let mut project = Project::new("p", Timestamp(1));
        project.surveys.push(survey.clone());
        project.surveys.push(action_plan(&[Catalog::english()]));
        let doc = JsonDoc::new([1; 16], "project", &project, Timestamp(1));
        let read: Project = doc.read().unwrap();
        for (before, after) in project.surveys.iter().zip(&read.surveys) {
            assert_eq!(before.fingerprint(), after.fingerprint(), "{}", before.id);
        }
    }

    #[test]
    fn a_frozen_copy_asks_what_the_survey_asked() {
        let survey = support_survey(&[Catalog::english()]);
        let copy = survey.frozen(3);
        assert_eq!(copy.version, 3);
        assert_eq!(copy.survey(), survey);
        assert_eq!(copy.survey().fingerprint(), survey.fingerprint());
    }
}
