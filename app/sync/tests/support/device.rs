//! A device for the sync tests: its documents on in-memory storage, its
//! syncer, what a person does on it, and the frames waiting to go to the
//! relay and to come from it. The transport (a simulated relay, or a real
//! one over a WebSocket) carries the frames and opens the connection.

#![allow(dead_code)]

use std::{cell::RefCell, collections::VecDeque};

use heard_core::{
    documents::{Documents, Outcome, erase, flush},
    id::{DocId, item_id},
    project::Project,
    response::{Answer, Consent, Feeling, Mode, Presentation, ResponseSetup},
    session::Card,
    session::Session,
    storage::{MemoryStorage, Storage},
    summary::Summary,
    survey::{LocalText, Question, QuestionKind, Survey},
    sync::ProjectSecret,
    time::Timestamp,
    worker_api::{Heads, ToWorker},
};
use heard_protocol::ProjectId;
use heard_sync::{Action, Input, Keys, SyncState, Syncer};
use rand::{Rng, rngs::StdRng};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    Closed,
    /// The syncer asked for a connection.
    Wanted,
    Open,
}

pub const PROJECT: ProjectId = ProjectId([5; 16]);
pub const SECRET: [u8; 32] = [6; 32];

pub struct Device {
    pub docs: RefCell<Documents>,
    pub storage: MemoryStorage,
    pub syncer: Syncer,
    /// Where its connection to the relay is.
    pub link: Link,
    pub to_relay: VecDeque<Vec<u8>>,
    pub from_relay: VecDeque<Vec<u8>>,
    pub saved: SyncState,
    /// Responses this device started, to answer.
    pub responses: Vec<DocId>,
    /// Cards withdrawn on this device.
    pub withdrawn: Vec<String>,
    /// Recordings fetched from the relay, as the syncer answered.
    pub fetched: Vec<(heard_core::storage::BlobKey, Option<Vec<u8>>)>,
}

pub fn project_doc() -> DocId {
    DocId::from_random([1; 16])
}

pub fn session_doc() -> DocId {
    DocId::from_random([2; 16])
}

impl Device {
    pub fn new(n: u8, creator: bool) -> Device {
        let docs = Documents::start([n + 10; 16], Vec::new()).0;
        let keys = Keys::new(PROJECT, &ProjectSecret::from_random(SECRET));
        let project = creator.then(project_doc);
        Device {
            docs: RefCell::new(docs),
            storage: MemoryStorage::new(),
            syncer: Syncer::new(PROJECT, keys, project, SyncState::default(), u64::from(n)),
            link: Link::Closed,
            to_relay: VecDeque::new(),
            from_relay: VecDeque::new(),
            saved: SyncState::default(),
            responses: Vec::new(),
            withdrawn: Vec::new(),
            fetched: Vec::new(),
        }
    }

    /// A request from this device's screen, written at once.
    pub fn request(&mut self, request: ToWorker, now: i64) {
        let outcome = self.docs.borrow_mut().handle(request);
        self.written(outcome);
        self.step(Input::Changed, now);
    }

    pub fn written(&mut self, outcome: Outcome) {
        pollster::block_on(async {
            if let Some(id) = &outcome.erase {
                erase(&self.storage, id).await;
            }
            for id in outcome.dirty.iter().chain(&outcome.also_dirty) {
                flush(&self.docs, &self.storage, id).await.unwrap();
            }
        });
    }

    pub fn step(&mut self, input: Input, now: i64) {
        let mut inputs = VecDeque::from([input]);
        while let Some(input) = inputs.pop_front() {
            let actions = self
                .syncer
                .step(input, &mut self.docs.borrow_mut(), Timestamp(now));
            for action in actions {
                match action {
                    // The transport opens the connection and steps
                    // `Input::Connected` once it is open.
                    Action::Connect => self.link = Link::Wanted,
                    Action::Send(bytes) => {
                        if self.link == Link::Open {
                            self.to_relay.push_back(bytes);
                        }
                    }
                    Action::Close => self.cut(),
                    Action::Open(ids) => {
                        for id in ids {
                            let chunks = pollster::block_on(self.storage.load_doc(&id)).unwrap();
                            self.docs.borrow_mut().open(id, chunks);
                        }
                        inputs.push_back(Input::Opened);
                    }
                    Action::Documents(outcome) => self.written(*outcome),
                    Action::SaveState { state, .. } => self.saved = state,
                    Action::ReadMedia(blob) => {
                        let bytes = pollster::block_on(self.storage.load_blob(&blob)).unwrap();
                        inputs.push_back(Input::MediaRead { blob, bytes });
                    }
                    Action::Fetched { blob, bytes } => self.fetched.push((blob, bytes)),
                }
            }
        }
    }

    pub fn cut(&mut self) {
        self.link = Link::Closed;
        self.to_relay.clear();
        self.from_relay.clear();
    }

    pub fn has(&self, id: &DocId) -> bool {
        self.docs.borrow().summaries().iter().any(|(d, _)| d == id)
    }

    pub fn summary(&self, id: &DocId) -> Option<Summary> {
        self.docs
            .borrow()
            .summaries()
            .into_iter()
            .find(|(d, _)| d == id)
            .map(|(_, s)| s)
    }

    pub fn heads(&self, id: &DocId) -> Option<Heads> {
        self.docs
            .borrow_mut()
            .current_heads(id)
            .map(|h| Heads::of(&h))
    }

    /// One thing a person does on this device, with what it has.
    pub fn edit(&mut self, rng: &mut StdRng, now: i64) {
        let session = session_doc();
        match rng.random_range(0..10) {
            0..=3 if self.has(&session) => {
                let Some(Summary::Session(mut s)) = self.summary(&session) else {
                    return;
                };
                if s.cards.is_empty() || rng.random_bool(0.2) {
                    s.cards.push(Card {
                        id: item_id(rng.random()),
                        text: "note".into(),
                        quote: false,
                        feeling: None,
                        topic: None,
                        audio: None,
                        created: Timestamp(now),
                        device: None,
                    });
                } else {
                    let c = rng.random_range(0..s.cards.len());
                    s.cards[c]
                        .text
                        .push_str([" tea", " bus", " ছ"][rng.random_range(0..3)]);
                }
                let base = self.heads(&session);
                self.request(
                    ToWorker::SaveSession {
                        id: session,
                        session: s,
                        base,
                        now: Timestamp(now),
                    },
                    now,
                );
            }
            4..=6 if !self.responses.is_empty() => {
                let id = self.responses[rng.random_range(0..self.responses.len())].clone();
                let feelings = [Feeling::Happy, Feeling::NotSure, Feeling::Unhappy];
                self.request(
                    ToWorker::SetAnswer {
                        id,
                        question: format!("q{}", rng.random_range(1..4)),
                        answer: Some(Answer::Feeling(feelings[rng.random_range(0..3)])),
                        now: Timestamp(now),
                    },
                    now,
                );
            }
            7 if self.has(&project_doc()) => {
                let id = DocId::from_random(rng.random());
                self.responses.push(id.clone());
                self.start_response(id, now);
            }
            8 if !self.responses.is_empty() && rng.random_bool(0.4) => {
                let id = self.responses.remove(0);
                self.request(ToWorker::Erase { id }, now);
            }
            9 if self.has(&session) && rng.random_bool(0.3) => {
                let Some(Summary::Session(s)) = self.summary(&session) else {
                    return;
                };
                if s.cards.is_empty() {
                    return;
                }
                let card = s.cards[rng.random_range(0..s.cards.len())].id.clone();
                self.withdrawn.push(card.clone());
                self.request(
                    ToWorker::Withdraw {
                        id: session,
                        item: card,
                        now: Timestamp(now),
                    },
                    now,
                );
            }
            _ => {}
        }
    }

    /// Starts response `id` to the project's survey, answered alone.
    pub fn start_response(&mut self, id: DocId, now: i64) {
        self.request(
            ToWorker::Start {
                id,
                project: project_doc(),
                survey: "national".into(),
                setup: ResponseSetup {
                    consent: Consent::Person,
                    mode: Mode::Alone,
                    respondent: "R-1".into(),
                    device: None,
                    language: None,
                },
                presentation: Presentation::STANDARD,
                now: Timestamp(now),
            },
            now,
        );
    }

    /// Makes the project (with a three-question survey) and its session.
    pub fn create_project(&mut self) {
        let mut project = Project::new("Carers", Timestamp(1));
        project.surveys.push(Survey {
            id: "national".into(),
            title: LocalText::english("National"),
            sections: Vec::new(),
            section_per_screen: false,
            archived: false,
            questions: (1..4)
                .map(|n| {
                    Question::new(
                        &format!("q{n}"),
                        LocalText::english("How do you feel?"),
                        QuestionKind::PictureScale,
                    )
                })
                .collect(),
        });
        self.request(
            ToWorker::SaveProject {
                id: project_doc(),
                project,
                base: None,
                now: Timestamp(1),
            },
            1,
        );
        self.request(
            ToWorker::SaveSession {
                id: session_doc(),
                session: Session::new(project_doc(), "g", "", Timestamp(1)),
                base: None,
                now: Timestamp(1),
            },
            1,
        );
    }
}
