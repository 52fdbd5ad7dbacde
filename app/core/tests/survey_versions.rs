//! Survey versions end to end through the worker's logic: a response names
//! the version it answered, a change to a published survey makes a new
//! version without changing what older responses show, and two devices that
//! change a published survey at once keep every version either published.
//!
//! Each device here does what its interface does: a screen saves the project
//! from what it last showed (the heads of the last `Changed`), a response's
//! screen publishes the version the response names
//! (`Project::keep_answered`), and the builder keeps an answered version
//! before changing it (`Project::keep_before_edit`).

use std::{cell::RefCell, collections::BTreeMap};

use heard_core::{
    documents::{Documents, flush},
    id::DocId,
    project::Project,
    response::{Answer, Consent, Mode, Presentation, ResponseSetup, ResponseSummary},
    storage::{MemoryStorage, Storage},
    summary::Summary,
    survey::{
        AnswerError, Choice, LocalText, Question, QuestionKind, Survey, VersionRef,
        missing_required,
    },
    time::Timestamp,
    worker_api::{FromWorker, Heads, ToWorker},
};

const SURVEY: &str = "day";

fn id(n: u8) -> DocId {
    DocId::from_random([n; 16])
}

fn text(s: &str) -> LocalText {
    LocalText::english(s)
}

fn survey() -> Survey {
    let mut required = Question::new("name-it", text("What did you do?"), QuestionKind::FreeText);
    required.required = true;
    Survey {
        id: SURVEY.into(),
        title: text("How was today?"),
        sections: Vec::new(),
        section_per_screen: false,
        archived: false,
        questions: vec![
            Question::new(
                "best",
                text("What was best?"),
                QuestionKind::SingleChoice {
                    choices: vec![
                        Choice::new("art", text("Art")),
                        Choice::new("walk", text("A walk")),
                        Choice::new("lunch", text("Lunch")),
                    ],
                },
            ),
            required,
        ],
    }
}

/// One device: its worker logic, and what its screens last showed.
struct Device {
    docs: Documents,
    shown: BTreeMap<DocId, (Summary, Heads)>,
    now: i64,
}

impl Device {
    fn new(n: u8) -> Device {
        Device {
            docs: Documents::start([n; 16], Vec::new()).0,
            shown: BTreeMap::new(),
            now: 1,
        }
    }

    fn handle(&mut self, request: ToWorker) {
        let outcome = self.docs.handle(request);
        assert_eq!(outcome.refused, None);
        self.take(outcome.events);
    }

    fn take(&mut self, events: Vec<FromWorker>) {
        for event in events {
            if let FromWorker::Changed {
                id, summary, heads, ..
            } = event
            {
                self.shown.insert(id, (summary, heads));
            }
        }
    }

    fn tick(&mut self) -> Timestamp {
        self.now += 1;
        Timestamp(self.now)
    }

    fn project(&self, id: &DocId) -> Project {
        match self.shown.get(id) {
            Some((Summary::Project(p), _)) => p.clone(),
            other => panic!("no project {id}: {other:?}"),
        }
    }

    fn response(&self, id: &DocId) -> ResponseSummary {
        match self.shown.get(id) {
            Some((Summary::Response(r), _)) => r.clone(),
            other => panic!("no response {id}: {other:?}"),
        }
    }

    /// A screen's save of what it shows of project `id`, changed by `edit`.
    fn edit_project(&mut self, id: &DocId, edit: impl FnOnce(&mut Project)) {
        let (mut project, base) = match self.shown.get(id) {
            Some((Summary::Project(p), heads)) => (p.clone(), heads.clone()),
            None => (Project::new("Day services", Timestamp(1)), Heads::default()),
            other => panic!("not a project: {other:?}"),
        };
        edit(&mut project);
        let now = self.tick();
        self.handle(ToWorker::SaveProject {
            id: id.clone(),
            project,
            base: (!base.is_empty()).then_some(base),
            now,
        });
    }

    /// What the builder does with an edit of the survey: changes it (the
    /// worker keeps a version this device's responses answered first).
    fn edit_survey(&mut self, project: &DocId, edit: impl FnOnce(&mut Survey)) {
        self.edit_project(project, |p| {
            edit(p.surveys.iter_mut().find(|s| s.id == SURVEY).unwrap());
        });
    }

    /// Consent given: the response starts, and the worker publishes the
    /// version it answers in the project.
    fn start(&mut self, response: &DocId, project: &DocId) -> VersionRef {
        let now = self.tick();
        self.handle(ToWorker::Start {
            id: response.clone(),
            project: project.clone(),
            survey: SURVEY.into(),
            setup: ResponseSetup {
                consent: Consent::Person,
                mode: Mode::Alone,
                respondent: "R-234567".into(),
                device: None,
                language: None,
            },
            presentation: Presentation::STANDARD,
            now,
        });
        let version = self.response(response).survey_version;
        assert!(
            self.project(project).is_published(SURVEY),
            "starting a response publishes its survey"
        );
        version.expect("a response started in a project names its version")
    }

    fn answer(&mut self, response: &DocId, question: &str, answer: Answer) {
        let now = self.tick();
        self.handle(ToWorker::SetAnswer {
            id: response.clone(),
            question: question.into(),
            answer: Some(answer),
            now,
        });
    }

    fn answers(&mut self, response: &DocId) -> BTreeMap<String, Answer> {
        let outcome = self.docs.handle(ToWorker::Open {
            id: response.clone(),
        });
        match outcome.events.into_iter().next() {
            Some(FromWorker::Opened { answers, .. }) => answers.into_iter().collect(),
            other => panic!("not opened: {other:?}"),
        }
    }

    /// The survey a response's review and question screens show.
    fn shown_survey(&self, response: &DocId) -> Survey {
        let summary = self.response(response);
        let project = self.project(summary.project.as_ref().unwrap());
        project
            .survey_version(&summary.survey, summary.survey_version.as_ref())
            .unwrap()
    }

    fn summaries(&self) -> BTreeMap<DocId, Summary> {
        self.docs.summaries().into_iter().collect()
    }
}

/// Every change of every document, to every other device.
fn exchange(devices: &mut [Device]) {
    for _ in 0..2 {
        for from in 0..devices.len() {
            let ids: Vec<DocId> = devices[from].summaries().into_keys().collect();
            for id in ids {
                let changes = devices[from].docs.changes_since(&id, &[]);
                for (to, device) in devices.iter_mut().enumerate() {
                    if to != from {
                        let outcome = device.docs.receive(id.clone(), &changes);
                        device.take(outcome.events);
                    }
                }
            }
        }
    }
}

/// How the review screen reads an answer: the question's words and the
/// chosen option's words, in English.
fn review_line(survey: &Survey, question: &str, answer: &Answer) -> String {
    let q = survey.question(question).expect("the question is asked");
    let shown = match answer {
        Answer::Choice(choice) => q
            .kind
            .choices()
            .iter()
            .find(|c| c.id == *choice)
            .map_or(choice.clone(), |c| c.text.0["en"].clone()),
        Answer::Text(t) => t.clone(),
        other => format!("{other:?}"),
    };
    format!("{}: {shown}", q.text.0["en"])
}

#[test]
fn a_response_names_the_version_of_the_survey_it_answers() {
    let mut device = Device::new(1);
    let project = id(100);
    device.edit_project(&project, |p| p.surveys.push(survey()));
    assert!(!device.project(&project).is_published(SURVEY));

    let first = device.start(&id(1), &project);
    assert_eq!(first.version, 1);
    assert_eq!(first.id, survey().fingerprint());
    let published = device.project(&project);
    assert!(published.is_published(SURVEY));
    assert_eq!(published.versions[&first.id].survey(), survey());

    // A second response to the same survey answers the same version, and
    // publishing it again changes nothing.
    let again = device.start(&id(2), &project);
    assert_eq!(again, first);
    assert_eq!(device.project(&project).versions, published.versions);

    // The version is stored with the response: it survives a reload.
    pollster::block_on(async {
        let storage = MemoryStorage::new();
        let docs = RefCell::new(std::mem::replace(
            &mut device.docs,
            Documents::start([0; 16], Vec::new()).0,
        ));
        for doc in [project.clone(), id(1), id(2)] {
            assert_eq!(flush(&docs, &storage, &doc).await, Ok(()));
        }
        let (reloaded, _, _) = Documents::load(
            [3; 16],
            storage.load_all().await.unwrap(),
            storage.load_index().await.unwrap(),
        );
        let summaries: BTreeMap<DocId, Summary> = reloaded.summaries().into_iter().collect();
        match &summaries[&id(1)] {
            Summary::Response(r) => assert_eq!(r.survey_version, Some(first.clone())),
            other => panic!("{other:?}"),
        }
        match &summaries[&project] {
            Summary::Project(p) => assert!(p.versions.contains_key(&first.id)),
            other => panic!("{other:?}"),
        }
    });

    // A response to a survey the device knows nothing of names no version.
    let mut other = Device::new(2);
    other.handle(ToWorker::Start {
        id: id(3),
        project: id(101),
        survey: SURVEY.into(),
        setup: ResponseSetup {
            consent: Consent::Person,
            mode: Mode::Alone,
            respondent: "R-234567".into(),
            device: None,
            language: None,
        },
        presentation: Presentation::STANDARD,
        now: Timestamp(5),
    });
    assert_eq!(other.response(&id(3)).survey_version, None);
}

#[test]
fn changing_a_published_survey_leaves_older_responses_as_they_were() {
    let mut device = Device::new(1);
    let project = id(100);
    device.edit_project(&project, |p| p.surveys.push(survey()));
    let (older, newer) = (id(1), id(2));
    let first = device.start(&older, &project);
    device.answer(&older, "best", Answer::Choice("lunch".into()));
    device.answer(&older, "name-it", Answer::Text("Painting".into()));
    let answers = device.answers(&older);
    let before = device.shown_survey(&older);
    let review_before: Vec<String> = before
        .questions
        .iter()
        .map(|q| review_line(&before, &q.id, &answers[&q.id]))
        .collect();
    assert_eq!(
        review_before,
        ["What was best?: Lunch", "What did you do?: Painting"]
    );

    // The survey changes: a reworded question, a choice gone, a new
    // required question, the old required one now optional.
    device.edit_survey(&project, |s| {
        s.questions[0].text = text("What did you like most?");
        if let QuestionKind::SingleChoice { choices } = &mut s.questions[0].kind {
            choices.retain(|c| c.id != "lunch");
            choices[0].text = text("Art and crafts");
        }
        s.questions[1].required = false;
        let mut extra = Question::new(
            "again",
            text("Would you come again?"),
            QuestionKind::PictureScale,
        );
        extra.required = true;
        s.questions.push(extra);
    });
    let current = device.project(&project).survey(SURVEY).unwrap().clone();
    assert_eq!(
        device
            .project(&project)
            .answering_version(SURVEY)
            .unwrap()
            .version,
        2,
        "the first edit after publishing makes version 2"
    );

    // The older response still shows, reads and checks as it was answered.
    let shown = device.shown_survey(&older);
    assert_eq!(shown, before);
    let review_after: Vec<String> = shown
        .questions
        .iter()
        .map(|q| review_line(&shown, &q.id, &answers[&q.id]))
        .collect();
    assert_eq!(review_after, review_before);
    let lookup = |q: &str| answers.get(q);
    assert_eq!(missing_required(&shown, &lookup), Vec::<usize>::new());
    assert_eq!(
        missing_required(&current, &lookup),
        [2],
        "against the new version it would lack an answer"
    );
    let lunch = Answer::Choice("lunch".into());
    assert_eq!(shown.question("best").unwrap().check(&lunch), Ok(()));
    assert_eq!(
        current.question("best").unwrap().check(&lunch),
        Err(AnswerError::UnknownChoice("lunch".into()))
    );
    assert_eq!(device.response(&older).survey_version, Some(first.clone()));

    // A new response gets the new version, with the new questions.
    let second = device.start(&newer, &project);
    assert_eq!(second.version, 2);
    assert_ne!(second.id, first.id);
    assert_eq!(device.shown_survey(&newer), current);
    assert_eq!(device.shown_survey(&newer).questions.len(), 3);
    let history: Vec<u32> = device
        .project(&project)
        .survey_versions(SURVEY)
        .iter()
        .map(|(_, v)| v.version)
        .collect();
    assert_eq!(history, [1, 2]);
    // The older response still shows version 1 once version 2 is published.
    assert_eq!(device.shown_survey(&older), before);
}

#[test]
fn starting_a_response_publishes_its_survey_before_any_change() {
    // The worker publishes the survey in the project as the response
    // starts, so a change made right after cannot take its questions away.
    let mut device = Device::new(1);
    let project = id(100);
    device.edit_project(&project, |p| p.surveys.push(survey()));
    let now = device.tick();
    device.handle(ToWorker::Start {
        id: id(1),
        project: project.clone(),
        survey: SURVEY.into(),
        setup: ResponseSetup {
            consent: Consent::Person,
            mode: Mode::Alone,
            respondent: "R-234567".into(),
            device: None,
            language: None,
        },
        presentation: Presentation::STANDARD,
        now,
    });
    assert!(device.project(&project).is_published(SURVEY));
    device.edit_survey(&project, |s| {
        s.questions.remove(0);
    });
    assert_eq!(device.shown_survey(&id(1)), survey());
    assert_eq!(
        device
            .project(&project)
            .survey(SURVEY)
            .unwrap()
            .questions
            .len(),
        1
    );
}

#[test]
fn two_devices_changing_a_published_survey_at_once_keep_one_history() {
    let mut devices = vec![Device::new(1), Device::new(2)];
    let project = id(100);
    devices[0].edit_project(&project, |p| p.surveys.push(survey()));
    let first = devices[0].start(&id(1), &project);
    exchange(&mut devices);
    assert!(devices[1].project(&project).is_published(SURVEY));

    // Apart, each device changes the published survey and starts a
    // response to its own new version.
    devices[0].edit_survey(&project, |s| {
        s.questions[0].text = text("What did you enjoy?")
    });
    devices[1].edit_survey(&project, |s| {
        s.questions[1].text = text("What did you make?")
    });
    let here = devices[0].start(&id(2), &project);
    let there = devices[1].start(&id(3), &project);
    assert_eq!(
        (here.version, there.version),
        (2, 2),
        "neither knew of the other"
    );
    assert_ne!(here.id, there.id);
    exchange(&mut devices);

    // One history on both devices: every frozen copy kept, none changed.
    let a = devices[0].project(&project);
    let b = devices[1].project(&project);
    assert_eq!(a, b);
    assert_eq!(devices[0].summaries(), devices[1].summaries());
    let history: Vec<(&str, u32)> = a
        .survey_versions(SURVEY)
        .iter()
        .map(|(id, v)| (*id, v.version))
        .collect();
    assert_eq!(history.len(), 3, "{history:?}");
    assert_eq!(history[0], (first.id.as_str(), 1));
    assert!(history.contains(&(here.id.as_str(), 2)));
    assert!(history.contains(&(there.id.as_str(), 2)));

    // Each response, on either device, shows the questions it was asked.
    for device in &devices {
        assert_eq!(device.shown_survey(&id(1)), survey());
        let mine = device.shown_survey(&id(2));
        assert_eq!(mine.questions[0].text, text("What did you enjoy?"));
        assert_eq!(mine.questions[1].text, text("What did you do?"));
        let theirs = device.shown_survey(&id(3));
        assert_eq!(theirs.questions[0].text, text("What was best?"));
        assert_eq!(theirs.questions[1].text, text("What did you make?"));
    }

    // The merged survey has both changes and is the next version on both
    // devices; publishing it on both at once is still one copy.
    let merged = a.survey(SURVEY).unwrap();
    assert_eq!(merged.questions[0].text, text("What did you enjoy?"));
    assert_eq!(merged.questions[1].text, text("What did you make?"));
    let next = a.answering_version(SURVEY).unwrap();
    assert_eq!(next.version, 3);
    assert_eq!(b.answering_version(SURVEY), Some(next.clone()));
    assert_eq!(devices[0].start(&id(4), &project), next);
    assert_eq!(devices[1].start(&id(5), &project), next);
    exchange(&mut devices);
    let a = devices[0].project(&project);
    assert_eq!(a, devices[1].project(&project));
    assert_eq!(a.survey_versions(SURVEY).len(), 4);
    assert_eq!(a.versions[&next.id].version, 3);
}
