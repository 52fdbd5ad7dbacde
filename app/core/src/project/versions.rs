//! Which version of a survey a response answers, publishing a version, and
//! keeping what was answered when a survey changes (see
//! [`crate::survey::VersionRef`] for the rules).
//!
//! Who publishes, and when:
//! - the worker, when a response starts, records the version the response
//!   answers ([`Project::answering_version`], read from the project as the
//!   index has it: it writes nothing to the project, so a start is one write
//!   of one document);
//! - the interface, as soon as a response is shown, saves the project with
//!   that version frozen if it is not yet ([`Project::keep_answered`]); the
//!   save is applied as an edit of the screen's own view, so it cannot undo
//!   what another screen or device changed;
//! - the builder, before an edit, freezes the survey as it was when a
//!   response this device knows answered it and no copy was kept yet
//!   ([`Project::keep_before_edit`]), so nothing answered is ever edited
//!   away, even if the first save was lost.

use super::Project;
use crate::survey::{Survey, SurveyVersion, VersionRef};

impl Project {
    /// The published versions of survey `survey`, oldest first (by number,
    /// then id, the same order on every device), with their ids.
    pub fn survey_versions(&self, survey: &str) -> Vec<(&str, &SurveyVersion)> {
        let mut list: Vec<(&str, &SurveyVersion)> = self
            .versions
            .iter()
            .filter(|(_, v)| v.survey == survey)
            .map(|(id, v)| (id.as_str(), v))
            .collect();
        list.sort_by(|a, b| (a.1.version, a.0).cmp(&(b.1.version, b.0)));
        list
    }

    /// Whether survey `survey` has ever been published (someone began
    /// answering it).
    pub fn is_published(&self, survey: &str) -> bool {
        self.versions.values().any(|v| v.survey == survey)
    }

    /// The number a new version of `survey` gets: one more than the highest.
    fn next_version(&self, survey: &str) -> u32 {
        self.versions
            .values()
            .filter(|v| v.survey == survey)
            .map(|v| v.version)
            .max()
            .unwrap_or(0)
            + 1
    }

    /// The version a response started now answers: the published copy of
    /// the survey as it is, or the number and id it gets when published.
    pub fn answering_version(&self, survey: &str) -> Option<VersionRef> {
        let current = self.survey(survey)?;
        let id = current.fingerprint();
        let version = match self.versions.get(&id) {
            Some(copy) => copy.version,
            None => self.next_version(survey),
        };
        Some(VersionRef { version, id })
    }

    /// Publishes survey `survey` as it is now, unless that version already
    /// is. Returns the version.
    pub fn publish(&mut self, survey: &str) -> Option<VersionRef> {
        let version = self.answering_version(survey)?;
        if !self.versions.contains_key(&version.id)
            && let Some(current) = self.survey(survey)
        {
            let copy = current.frozen(version.version);
            self.versions.insert(version.id.clone(), copy);
        }
        Some(version)
    }

    /// The survey as a response naming `version` must be shown: that
    /// version's questions. A response that names no version (made before
    /// versions existed) gets version 1: the survey as first published, or
    /// as it is now if it never was. A version whose copy was never kept
    /// (it is not published and the survey has changed since) falls back to
    /// the survey as it is now. `None` when the survey is gone and no copy
    /// of it is kept.
    pub fn survey_version(&self, survey: &str, version: Option<&VersionRef>) -> Option<Survey> {
        let copy = match version {
            Some(version) => self
                .versions
                .get(&version.id)
                .filter(|v| v.survey == survey),
            // The oldest, found without sorting (this runs in the interface,
            // whose download every sort instantiation adds to).
            None => self
                .versions
                .iter()
                .filter(|(_, v)| v.survey == survey)
                .min_by(|a, b| (a.1.version, a.0).cmp(&(b.1.version, b.0)))
                .map(|(_, v)| v),
        };
        match copy {
            Some(copy) => Some(copy.survey()),
            None => self.survey(survey).cloned(),
        }
    }

    /// Publishes what a response naming `version` answers, when that is
    /// not kept yet and the survey is still as it answered it (a response
    /// that names no version: when the survey was never published). Returns
    /// whether the project changed and needs saving.
    pub fn keep_answered(&mut self, survey: &str, version: Option<&VersionRef>) -> bool {
        match version {
            Some(version) if !self.versions.contains_key(&version.id) => {
                let Some(current) = self.survey(survey) else {
                    return false;
                };
                if current.fingerprint() != version.id {
                    return false;
                }
                let current = current.clone();
                self.freeze(&current, version.id.clone(), Some(version.version));
                true
            }
            None if !self.is_published(survey) && self.survey(survey).is_some() => {
                self.publish(survey);
                true
            }
            _ => false,
        }
    }

    /// Before the builder changes `before` (the survey as it is): publishes
    /// it first if a response this device knows of answered it and no copy
    /// is kept (`answered`: the versions those responses name). Returns
    /// whether the project changed.
    pub fn keep_before_edit(&mut self, before: &Survey, answered: &[Option<VersionRef>]) -> bool {
        let id = before.fingerprint();
        if self.versions.contains_key(&id) {
            return false;
        }
        let never_published = !self.is_published(&before.id);
        let Some(named) = answered.iter().find(|v| match v {
            Some(v) => v.id == id,
            None => never_published,
        }) else {
            return false;
        };
        let wanted = named.as_ref().map(|v| v.version);
        self.freeze(before, id, wanted);
        true
    }

    /// Keeps `survey` frozen under `id`, as version `wanted` unless another
    /// copy of it has that number.
    fn freeze(&mut self, survey: &Survey, id: String, wanted: Option<u32>) {
        let taken = |n: u32| {
            self.versions
                .values()
                .any(|v| v.survey == survey.id && v.version == n)
        };
        let version = match wanted {
            Some(n) if n > 0 && !taken(n) => n,
            _ => self.next_version(&survey.id),
        };
        self.versions.insert(id, survey.frozen(version));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        i18n::Catalog,
        survey::{LocalText, QuestionKind, example_survey},
        time::Timestamp,
    };

    fn project() -> (Project, String) {
        let mut project = Project::new("p", Timestamp(1));
        let survey = example_survey(&[Catalog::english()]);
        let id = survey.id.clone();
        project.surveys.push(survey);
        (project, id)
    }

    fn reword(project: &mut Project, survey: &str, text: &str) {
        let s = project.surveys.iter_mut().find(|s| s.id == survey).unwrap();
        s.questions[0].text = LocalText::english(text);
    }

    #[test]
    fn the_first_edit_after_publishing_makes_the_next_version() {
        let (mut p, s) = project();
        let first = p.answering_version(&s).unwrap();
        assert_eq!(first.version, 1);
        assert!(!p.is_published(&s));
        assert_eq!(p.publish(&s), Some(first.clone()));
        assert_eq!(
            p.publish(&s),
            Some(first.clone()),
            "publishing twice is once"
        );
        assert_eq!(p.versions.len(), 1);

        reword(&mut p, &s, "Reworded once");
        let second = p.answering_version(&s).unwrap();
        assert_eq!(second.version, 2);
        assert_ne!(second.id, first.id);
        reword(&mut p, &s, "Reworded twice");
        assert_eq!(
            p.answering_version(&s).unwrap().version,
            2,
            "later edits stay in the new version"
        );
        // Undoing every change is the published version again.
        let original = example_survey(&[Catalog::english()]);
        p.surveys[0] = original;
        assert_eq!(p.answering_version(&s), Some(first));
    }

    #[test]
    fn a_response_is_shown_its_own_version() {
        let (mut p, s) = project();
        let original = p.survey(&s).unwrap().clone();
        let first = p.publish(&s).unwrap();
        reword(&mut p, &s, "Changed");
        let second = p.publish(&s).unwrap();
        assert_eq!(p.survey_version(&s, Some(&first)), Some(original.clone()));
        assert_eq!(
            p.survey_version(&s, Some(&second)).unwrap().questions[0].text,
            LocalText::english("Changed")
        );
        // Made before versions existed: version 1.
        assert_eq!(p.survey_version(&s, None), Some(original.clone()));
        // Never published anywhere: the survey as it is.
        let (fresh, _) = project();
        assert_eq!(fresh.survey_version(&s, None), Some(original.clone()));
        let lost = VersionRef {
            version: 7,
            id: "0000000000000000".into(),
        };
        assert_eq!(p.survey_version(&s, Some(&lost)), p.survey(&s).cloned());
        // A removed survey's versions are still kept.
        p.surveys.clear();
        assert_eq!(p.survey_version(&s, Some(&first)), Some(original));
        assert_eq!(p.survey_version(&s, Some(&lost)), None);
    }

    #[test]
    fn what_was_answered_is_kept_before_it_changes() {
        let (mut p, s) = project();
        // A response started (the worker recorded the version) but the
        // project was not saved with it yet.
        let answered = p.answering_version(&s).unwrap();
        assert!(p.keep_answered(&s, Some(&answered)));
        assert!(!p.keep_answered(&s, Some(&answered)), "kept once");
        assert_eq!(p.survey_versions(&s).len(), 1);

        // The builder on a device that knows a response to the current,
        // unpublished content freezes it before the first edit.
        reword(&mut p, &s, "Second wording");
        let before = p.survey(&s).unwrap().clone();
        let second = p.answering_version(&s).unwrap();
        assert!(!p.keep_before_edit(&before, &[]), "nobody answered it");
        assert!(!p.keep_before_edit(&before, &[Some(answered.clone())]));
        assert!(p.keep_before_edit(&before, &[Some(answered), Some(second.clone())]));
        assert_eq!(p.survey_version(&s, Some(&second)), Some(before.clone()));
        assert_eq!(p.versions[&second.id].version, 2);

        // Content that changed since a response started cannot be kept.
        reword(&mut p, &s, "Third wording");
        let stale = VersionRef {
            version: 3,
            id: "ffffffffffffffff".into(),
        };
        assert!(!p.keep_answered(&s, Some(&stale)));
    }

    #[test]
    fn responses_from_before_versions_keep_the_survey_as_first_published() {
        let (mut p, s) = project();
        let before = p.survey(&s).unwrap().clone();
        // Opening an old response publishes the survey as it is, once.
        assert!(p.keep_answered(&s, None));
        assert!(!p.keep_answered(&s, None));
        assert_eq!(p.survey_versions(&s)[0].1.version, 1);

        // An old response this device holds, and a survey never published:
        // the builder keeps it as version 1 before changing it.
        let (mut p, s) = project();
        assert!(p.keep_before_edit(&before, &[None]));
        reword(&mut p, &s, "New wording");
        assert_eq!(p.survey_version(&s, None), Some(before));
    }

    #[test]
    fn a_version_number_taken_meanwhile_is_not_given_twice() {
        let (mut p, s) = project();
        let mut other = p.clone();
        let first = p.publish(&s).unwrap();
        // Another device published other content as version 1 meanwhile.
        reword(&mut other, &s, "Elsewhere");
        other.publish(&s);
        p.versions.extend(other.versions.clone());
        assert_eq!(p.survey_versions(&s).len(), 2);
        reword(&mut p, &s, "Here");
        let third = p.answering_version(&s).unwrap();
        assert_eq!(third.version, 2);
        // A response that recorded version 1 for new content gets the next
        // free number when its copy is kept.
        let recorded = VersionRef {
            version: 1,
            id: third.id.clone(),
        };
        assert!(p.keep_answered(&s, Some(&recorded)));
        assert_eq!(p.versions[&third.id].version, 2);
        assert_ne!(first.id, third.id);
        let kinds: Vec<bool> = p
            .survey_versions(&s)
            .iter()
            .map(|(_, v)| matches!(v.questions[0].kind, QuestionKind::Rating { .. }))
            .collect();
        assert_eq!(kinds, [true, true, true]);
    }
}
