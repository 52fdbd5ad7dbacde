//! The response being answered: its answers as the worker sent them, its
//! setup and supporter notes, and the requests that change it.

use super::*;

impl Responses {
    /// Starts a response to `survey` once consent is given; the worker
    /// writes it at once.
    pub fn start(
        self,
        project: &DocId,
        survey: &str,
        setup: ResponseSetup,
        presentation: Presentation,
    ) -> DocId {
        let id = DocId::from_random(browser::random_bytes());
        self.setup.set(Some(setup.clone()));
        self.notes.set(String::new());
        self.opened
            .set(Some(Opened::Ready(id.clone(), BTreeMap::new())));
        let now = browser::now();
        // Listed at once, so the first question can show before the worker
        // answers; its summary replaces this one.
        let summary = ResponseSummary {
            project: Some(project.clone()),
            survey: survey.to_owned(),
            started: now,
            updated: now,
            completed: None,
            position: 0,
            answered: 0,
            mode: Some(setup.mode.clone()),
            presentation,
            // The version the worker records, so the first question shows it.
            survey_version: self
                .project(project)
                .and_then(|p| p.answering_version(survey)),
            device: setup.device.clone(),
            language: setup.language.clone(),
        };
        upsert(self.list, id.clone(), summary, |s| s.updated);
        // A change like any other, so "Saved" waits for the response itself to
        // be committed, not only for what this page sent before it.
        self.change(ToWorker::Start {
            id: id.clone(),
            project: project.clone(),
            survey: survey.to_owned(),
            setup,
            presentation,
            now,
        });
        id
    }

    /// Records a change of presentation made while `id` is being answered.
    pub fn set_presentation(self, id: &DocId, presentation: Presentation) {
        if self
            .summary(id)
            .is_some_and(|s| s.presentation == presentation)
        {
            return;
        }
        self.change(ToWorker::SetPresentation {
            id: id.clone(),
            presentation,
            now: browser::now(),
        });
    }

    /// Consent and mode of the open response.
    pub fn setup(self) -> Option<ResponseSetup> {
        self.setup.get()
    }

    /// The supporter's notes of the open response.
    pub fn notes(self) -> String {
        self.notes.get_untracked()
    }

    pub fn set_notes(self, id: &DocId, text: String) {
        self.notes.set(text.clone());
        self.change(ToWorker::SetSupporterNotes {
            id: id.clone(),
            text,
            now: browser::now(),
        });
    }

    /// Another device's changes reached response `id`: if it is the open
    /// one, its answers are read again once every change this page made is
    /// confirmed (a reading taken before them would undo them on screen).
    pub(super) fn arrived(self, id: DocId) {
        let is_open = move |id: &DocId| {
            self.opened
                .with_untracked(|o| matches!(o, Some(Opened::Ready(open, _)) if open == id))
        };
        if is_open(&id) {
            self.after_saves(move || {
                if is_open(&id) {
                    let seq = self.send(ToWorker::Open { id });
                    self.reread.set_value(Some(seq));
                }
            });
        }
    }

    /// Makes `id` the open response, asking the worker for its answers.
    pub fn open(self, id: &DocId) {
        if self
            .opened
            .with_untracked(|o| o.as_ref().map(Opened::id) != Some(id))
        {
            self.opened.set(Some(Opened::Waiting(id.clone())));
            self.send(ToWorker::Open { id: id.clone() });
        }
    }

    /// Whether the open response `id` can be shown, and for which survey.
    pub fn availability(self, id: &DocId) -> Availability {
        let summary = self.summary(id);
        self.opened.with(|o| match (o, summary) {
            (Some(Opened::Missing(open)), _) if open == id => Availability::Missing,
            (Some(Opened::Ready(open, _)), Some(summary)) if open == id => {
                Availability::Ready(summary.project, summary.survey)
            }
            // The worker has every document and this is not one of them.
            (_, None) if self.worker_ready.get() => Availability::Missing,
            _ => Availability::Loading,
        })
    }

    /// Every answer of the open response `id` (empty while it loads).
    pub fn answers(self, id: &DocId) -> BTreeMap<String, Answer> {
        self.opened.with(|o| match o {
            Some(Opened::Ready(open, answers)) if open == id => answers.clone(),
            _ => BTreeMap::new(),
        })
    }

    pub fn answer(self, id: &DocId, question: &str) -> Option<Answer> {
        self.opened.with(|o| match o {
            Some(Opened::Ready(open, answers)) if open == id => answers.get(question).cloned(),
            _ => None,
        })
    }

    pub fn set_answer(self, id: &DocId, question: &str, answer: Option<Answer>) {
        self.opened.update(|o| {
            if let Some(Opened::Ready(open, answers)) = o
                && open == id
            {
                match &answer {
                    Some(a) => answers.insert(question.to_owned(), a.clone()),
                    None => answers.remove(question),
                };
            }
        });
        self.change(ToWorker::SetAnswer {
            id: id.clone(),
            question: question.to_owned(),
            answer,
            now: browser::now(),
        });
    }

    pub fn set_position(self, id: &DocId, position: usize) {
        if self.summary(id).is_some_and(|s| s.position != position) {
            self.change(ToWorker::SetPosition {
                id: id.clone(),
                position,
                now: browser::now(),
            });
        }
    }

    pub fn complete(self, id: &DocId) {
        self.change(ToWorker::Complete {
            id: id.clone(),
            now: browser::now(),
        });
    }

    /// Takes one answer out of the response and out of its history (someone
    /// asked for their words to be removed); there is no undo.
    pub fn withdraw_answer(self, id: &DocId, question: &str) {
        if let Some(Opened::Ready(open, answers)) = self.opened.get_untracked()
            && open == *id
        {
            let mut answers = answers;
            answers.remove(question);
            self.opened.set(Some(Opened::Ready(open, answers)));
        }
        self.change(ToWorker::Withdraw {
            id: id.clone(),
            item: question.to_owned(),
            now: browser::now(),
        });
    }
}
