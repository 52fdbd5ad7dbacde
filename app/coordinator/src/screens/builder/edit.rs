//! The builder's handle on the survey being edited.

use heard_core::{
    i18n::Locale,
    id::DocId,
    survey::{Question, Survey, VersionRef},
};
use leptos::prelude::*;

use heard_web::{responses::Responses, screens::project::EditProject};

/// A `Copy` handle: reads the survey from the project list and saves every
/// change through the project.
#[derive(Clone, Copy)]
pub struct EditSurvey {
    project: EditProject,
    survey: StoredValue<String>,
    current: Memo<Option<Survey>>,
    languages: Memo<Vec<Locale>>,
}

impl EditSurvey {
    pub fn new(project: DocId, survey: String, responses: Responses) -> EditSurvey {
        let survey = StoredValue::new(survey);
        let id = project.clone();
        let current = Memo::new(move |_| {
            responses
                .project(&id)
                .and_then(|p| survey.with_value(|s| p.survey(s).cloned()))
        });
        let id = project.clone();
        let languages = Memo::new(move |_| {
            responses
                .project(&id)
                .map(|p| {
                    p.languages
                        .iter()
                        .filter_map(|t| Locale::from_tag(t))
                        .collect()
                })
                .unwrap_or_default()
        });
        EditSurvey {
            project: EditProject(StoredValue::new(project), responses),
            survey,
            current,
            languages,
        }
    }

    pub fn project_id(&self) -> DocId {
        self.project.0.get_value()
    }

    pub fn current(&self) -> Option<Survey> {
        self.current.get()
    }

    pub fn current_untracked(&self) -> Option<Survey> {
        self.current.get_untracked()
    }

    /// The project's languages, first offered first.
    pub fn languages(&self) -> Memo<Vec<Locale>> {
        self.languages
    }

    /// The versions of this survey that responses on this device answered
    /// (`None` for a response made before versions existed).
    fn answered(&self, tracked: bool) -> Vec<Option<VersionRef>> {
        let (project, survey) = (self.project_id(), self.survey.get_value());
        let collect = |list: &Vec<(DocId, heard_core::response::ResponseSummary)>| {
            list.iter()
                .filter(|(_, s)| s.project.as_ref() == Some(&project) && s.survey == survey)
                .map(|(_, s)| s.survey_version.clone())
                .collect()
        };
        let list = self.project.1.list;
        if tracked {
            list.with(collect)
        } else {
            list.with_untracked(collect)
        }
    }

    /// Whether people have answered this survey, so a change makes a new
    /// version of it.
    pub fn has_responses(&self) -> bool {
        let (project, survey) = (self.project_id(), self.survey.get_value());
        self.project
            .1
            .project(&project)
            .is_some_and(|p| p.is_published(&survey))
            || !self.answered(true).is_empty()
    }

    /// Changes the survey and saves the project. The worker keeps a version
    /// that responses answered before the change lands, if the project has
    /// no copy of it yet (`Project::keep_before_edit`).
    pub fn apply(&self, edit: impl FnOnce(&mut Survey)) {
        let id = self.survey.get_value();
        let _ = self.project.apply(|p| {
            if let Some(survey) = p.surveys.iter_mut().find(|s| s.id == id) {
                edit(survey);
            }
        });
    }

    /// Changes the question `id`.
    pub fn question(&self, id: &str, edit: impl FnOnce(&mut Question)) {
        self.apply(|s| {
            if let Some(q) = s.questions.iter_mut().find(|q| q.id == id) {
                edit(q);
            }
        });
    }
}
