//! `merge_changes_per_s`: how fast a device takes other devices' changes.
//! Several simulated devices (the worker's own logic, [`Documents`]) edit one
//! project with a 60-question survey and a few tea-and-talk sessions
//! together, and fill in responses of their own (four changes in five are
//! answers, as in the field), and sync through a relay log the way the sync
//! work will:
//! each device uploads the changes it made since its last sync and downloads,
//! one batch per document, every change the others uploaded. Only
//! [`Documents::receive`] is timed. Run by `cargo xtask bench` as
//! `cargo run --release -p heard-core --example merge_bench`; prints one
//! `name value unit` line, and what it did on standard error.

use std::{
    collections::BTreeMap,
    time::{Duration, Instant},
};

use automerge::ChangeHash;
use heard_core::{
    documents::Documents,
    id::{DocId, item_id},
    project::Project,
    response::{Answer, Consent, Feeling, Mode, Presentation, ResponseSetup},
    session::{Card, Session},
    summary::Summary,
    survey::{LocalText, Question, QuestionKind, Survey},
    time::Timestamp,
    worker_api::{FromWorker, Heads, ToWorker},
};
use rand::{Rng, SeedableRng, rngs::StdRng};

/// Changes made in all, across the devices; each reaches every other device.
const CHANGES: usize = 10_000;
const DEVICES: usize = 4;
/// Edits a device makes between two syncs (a few minutes of work offline).
const EDITS_PER_SYNC: usize = 50;
const QUESTIONS: usize = 60;
/// Tea-and-talk sessions whose notes several devices take at once.
const SESSIONS: u8 = 4;
const SURVEY: &str = "national";
/// The most changes starting a response makes (the document, its setup and
/// presentation, and the survey's version published in the project when it
/// changed since the last response).
const START_CHANGES: usize = 4;

/// One device: its worker logic, what its screens show, and its place in
/// the relay's log.
struct Device {
    n: usize,
    docs: Documents,
    shown: BTreeMap<DocId, (Summary, Heads)>,
    /// Per document, the heads right after the last sync: what the device
    /// made since is what it uploads next.
    synced: BTreeMap<DocId, Vec<ChangeHash>>,
    /// How far into the relay's log this device has read.
    cursor: usize,
    /// The response this device is filling in, and its next question.
    response: Option<(DocId, usize)>,
    /// Changes made since the last sync.
    pending: usize,
}

/// The relay: every uploaded batch in arrival order, with its author.
#[derive(Default)]
struct Relay {
    log: Vec<(usize, DocId, Vec<Vec<u8>>)>,
}

/// What the timed part added up to.
#[derive(Default)]
struct Tally {
    applied: usize,
    batches: usize,
    time: Duration,
}

impl Device {
    fn new(n: usize) -> Device {
        let (docs, _) = Documents::start([n as u8 + 1; 16], Vec::new());
        Device {
            n,
            docs,
            shown: BTreeMap::new(),
            synced: BTreeMap::new(),
            cursor: 0,
            response: None,
            pending: 0,
        }
    }

    /// Handles a request of this device's own screens; a change to a
    /// document shows as new heads.
    fn handle(&mut self, request: ToWorker) {
        let before: BTreeMap<DocId, Heads> = self
            .shown
            .iter()
            .map(|(id, (_, heads))| (id.clone(), heads.clone()))
            .collect();
        let outcome = self.docs.handle(request);
        self.take(outcome.events);
        let changed: Vec<DocId> = self
            .shown
            .iter()
            .filter(|(id, (_, heads))| before.get(*id) != Some(heads))
            .map(|(id, _)| id.clone())
            .collect();
        for id in changed {
            let since = before.get(&id).map_or_else(Vec::new, hashes);
            self.pending += self.docs.changes_since(&id, &since).len();
        }
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

    fn heads(&self, id: &DocId) -> Vec<ChangeHash> {
        self.shown
            .get(id)
            .map_or_else(Vec::new, |(_, heads)| hashes(heads))
    }

    /// Sends what this device made since its last sync to the relay.
    fn upload(&mut self, relay: &mut Relay) -> usize {
        let mut sent = 0;
        let ids: Vec<DocId> = self.shown.keys().cloned().collect();
        for id in ids {
            let since = self.synced.get(&id).cloned().unwrap_or_default();
            let changes = self.docs.changes_since(&id, &since);
            if !changes.is_empty() {
                sent += changes.len();
                relay.log.push((self.n, id.clone(), changes));
            }
            self.synced.insert(id.clone(), self.heads(&id));
        }
        assert_eq!(sent, self.pending, "device {}: changes made", self.n);
        self.pending = 0;
        sent
    }

    /// Takes every change the others uploaded since this device last
    /// looked, one `receive` per document: the timed part.
    fn download(&mut self, relay: &Relay, tally: &mut Tally) {
        let mut batches: BTreeMap<DocId, Vec<Vec<u8>>> = BTreeMap::new();
        for (author, id, changes) in &relay.log[self.cursor..] {
            if *author != self.n {
                batches
                    .entry(id.clone())
                    .or_default()
                    .extend(changes.iter().cloned());
            }
        }
        self.cursor = relay.log.len();
        for (id, changes) in batches {
            let start = Instant::now();
            let outcome = self.docs.receive(id.clone(), &changes);
            tally.time += start.elapsed();
            tally.applied += changes.len();
            tally.batches += 1;
            // Anything but a change to show means a change was refused.
            assert_eq!(outcome.changes_refused, None, "device {}", self.n);
            for event in &outcome.events {
                assert!(
                    matches!(event, FromWorker::Changed { .. }),
                    "device {}: {event:?}",
                    self.n
                );
            }
            self.take(outcome.events);
            // What arrived is not this device's to upload again.
            self.synced.insert(id.clone(), self.heads(&id));
        }
    }

    fn project(&self, id: &DocId) -> (Project, Heads) {
        match self.shown.get(id) {
            Some((Summary::Project(p), heads)) => (p.clone(), heads.clone()),
            other => panic!("device {}: no project {id}: {other:?}", self.n),
        }
    }

    fn session(&self, id: &DocId) -> (Session, Heads) {
        match self.shown.get(id) {
            Some((Summary::Session(s), heads)) => (s.clone(), heads.clone()),
            other => panic!("device {}: no session {id}: {other:?}", self.n),
        }
    }

    /// One edit, as a person makes them: typing into a question's text (one
    /// in fifty: the survey is mostly settled before fieldwork), taking a
    /// note in a session (nine in fifty), answering a question (one change
    /// each) or starting a response (a few), when `room` allows.
    fn edit(
        &mut self,
        rng: &mut StdRng,
        project: &DocId,
        sessions: &[DocId],
        now: i64,
        room: usize,
    ) {
        let starting = !matches!(&self.response, Some((_, q)) if *q <= QUESTIONS);
        let mut kind = rng.random_range(0..50);
        if kind >= 10 && starting && room < START_CHANGES {
            kind = 1;
        }
        match kind {
            0 => {
                let (mut p, base) = self.project(project);
                let q = rng.random_range(0..QUESTIONS);
                let text = p.surveys[0].questions[q]
                    .text
                    .0
                    .entry("en".into())
                    .or_default();
                let at = rng.random_range(0..=text.chars().count());
                let byte = text.char_indices().nth(at).map_or(text.len(), |(b, _)| b);
                text.insert(byte, ['a', 'e', ' ', 'ক'][rng.random_range(0..4)]);
                self.handle(ToWorker::SaveProject {
                    id: project.clone(),
                    project: p,
                    base: Some(base),
                    now: Timestamp(now),
                });
            }
            1..=9 => {
                let session = &sessions[rng.random_range(0..sessions.len())];
                let (mut s, base) = self.session(session);
                if s.cards.is_empty() || rng.random_bool(0.1) {
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
                self.handle(ToWorker::SaveSession {
                    id: session.clone(),
                    session: s,
                    base: Some(base),
                    now: Timestamp(now),
                });
            }
            _ => match self.response.take() {
                Some((id, q)) if q <= QUESTIONS => {
                    let feelings = [Feeling::Happy, Feeling::NotSure, Feeling::Unhappy];
                    self.handle(ToWorker::SetAnswer {
                        id: id.clone(),
                        question: format!("q{q}"),
                        answer: Some(Answer::Feeling(feelings[rng.random_range(0..3)])),
                        now: Timestamp(now),
                    });
                    self.response = Some((id, q + 1));
                }
                _ => {
                    let id = DocId::from_random(rng.random());
                    self.handle(ToWorker::Start {
                        id: id.clone(),
                        project: project.clone(),
                        survey: SURVEY.into(),
                        setup: ResponseSetup {
                            consent: Consent::Person,
                            mode: Mode::Alone,
                            respondent: format!("R-{:06}", rng.random_range(0..1_000_000)),
                            device: None,
                            language: None,
                        },
                        presentation: Presentation::STANDARD,
                        now: Timestamp(now),
                    });
                    self.response = Some((id, 1));
                }
            },
        }
    }
}

fn hashes(heads: &Heads) -> Vec<ChangeHash> {
    heads
        .0
        .iter()
        .map(|h| h.parse().expect("the worker's heads are change hashes"))
        .collect()
}

fn survey() -> Survey {
    Survey {
        id: SURVEY.into(),
        title: LocalText::english("National adult social care survey"),
        sections: Vec::new(),
        section_per_screen: false,
        archived: false,
        questions: (1..=QUESTIONS)
            .map(|n| {
                Question::new(
                    &format!("q{n}"),
                    LocalText::english(&format!("Question {n} of the national survey")),
                    QuestionKind::PictureScale,
                )
            })
            .collect(),
    }
}

fn main() {
    let mut rng = StdRng::seed_from_u64(10_000);
    let mut devices: Vec<Device> = (0..DEVICES).map(Device::new).collect();
    let mut relay = Relay::default();
    let mut tally = Tally::default();
    let project = DocId::from_random([100; 16]);
    let sessions: Vec<DocId> = (0..SESSIONS)
        .map(|n| DocId::from_random([101 + n; 16]))
        .collect();
    let mut content = Project::new("National survey", Timestamp(1));
    content.surveys.push(survey());
    devices[0].handle(ToWorker::SaveProject {
        id: project.clone(),
        project: content,
        base: None,
        now: Timestamp(1),
    });
    for session in &sessions {
        devices[0].handle(ToWorker::SaveSession {
            id: session.clone(),
            session: Session::new(project.clone(), "g", "2027-03-04", Timestamp(1)),
            base: None,
            now: Timestamp(1),
        });
    }
    // Everyone starts from the first device's project and sessions; that
    // first download is not part of the figure.
    devices[0].upload(&mut relay);
    for device in &mut devices[1..] {
        device.download(&relay, &mut Tally::default());
    }
    let mut made = 0;
    let mut now = 2;
    while made < CHANGES {
        for device in &mut devices {
            device.download(&relay, &mut tally);
            for _ in 0..EDITS_PER_SYNC {
                let room = CHANGES - made - device.pending;
                if room == 0 {
                    break;
                }
                device.edit(&mut rng, &project, &sessions, now, room);
                now += 1;
            }
            made += device.upload(&mut relay);
        }
    }
    for device in &mut devices {
        device.download(&relay, &mut tally);
    }

    // Every device ends with every change of every document.
    let ids: Vec<DocId> = devices[0].shown.keys().cloned().collect();
    let counts: Vec<usize> = devices
        .iter_mut()
        .map(|d| {
            ids.iter()
                .map(|id| d.docs.changes_since(id, &[]).len())
                .sum()
        })
        .collect();
    assert!(
        counts.iter().all(|c| *c == counts[0]),
        "devices differ in changes held: {counts:?}"
    );
    let first: BTreeMap<_, _> = devices[0].docs.summaries().into_iter().collect();
    for device in &devices[1..] {
        let summaries: BTreeMap<_, _> = device.docs.summaries().into_iter().collect();
        assert!(summaries == first, "device {} differs in content", device.n);
    }

    assert_eq!(made, CHANGES);
    assert_eq!(tally.applied, CHANGES * (DEVICES - 1));
    let per_second = tally.applied as f64 / tally.time.as_secs_f64();
    eprintln!(
        "merge bench: {DEVICES} devices made {made} changes to {} documents; {} changes applied in {} batches in {:.2} s",
        ids.len(),
        tally.applied,
        tally.batches,
        tally.time.as_secs_f64()
    );
    println!("merge_changes_per_s {per_second:.0} changes/s");
}
