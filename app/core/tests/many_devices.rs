//! Several devices edit the same documents at once and exchange their
//! changes in any order, with duplicates and delays; in the end every device
//! has the same heads and the same content. Named scenarios first, then
//! random runs from fixed seeds (a failing seed is printed to replay it).

use std::collections::BTreeMap;

use heard_core::{
    documents::Documents,
    id::{DocId, item_id},
    project::Project,
    response::{Answer, Consent, Mode, Presentation, ResponseSetup},
    session::{Card, Session},
    summary::Summary,
    survey::{Choice, LocalText, Question, QuestionKind, Survey},
    time::Timestamp,
    worker_api::{FromWorker, Heads, ToWorker},
};
use rand::{Rng, SeedableRng, rngs::StdRng, seq::IndexedRandom};

/// One device: its worker logic, and what its screens last showed.
struct Device {
    docs: Documents,
    shown: BTreeMap<DocId, (Summary, Heads)>,
    /// What was shown before that: a screen that has not redrawn yet.
    older: BTreeMap<DocId, (Summary, Heads)>,
}

impl Device {
    fn new(n: u8) -> Device {
        let (docs, _) = Documents::start([n; 16], Vec::new());
        Device {
            docs,
            shown: BTreeMap::new(),
            older: BTreeMap::new(),
        }
    }

    fn handle(&mut self, request: ToWorker) {
        let outcome = self.docs.handle(request);
        assert_eq!(outcome.refused, None);
        self.take(outcome.events);
    }

    fn receive(&mut self, id: &DocId, changes: &[Vec<u8>]) {
        let outcome = self.docs.receive(id.clone(), changes);
        assert_eq!(outcome.changes_refused, None);
        self.take(outcome.events);
    }

    fn take(&mut self, events: Vec<FromWorker>) {
        for event in events {
            match event {
                FromWorker::Changed {
                    id, summary, heads, ..
                } => {
                    if let Some(before) = self.shown.insert(id.clone(), (summary, heads)) {
                        self.older.insert(id, before);
                    }
                }
                FromWorker::Rejected { reason } => panic!("rejected: {reason}"),
                _ => {}
            }
        }
    }

    fn project(&self, id: &DocId) -> (Project, Heads) {
        self.project_in(&self.shown, id)
    }

    fn project_in(
        &self,
        shown: &BTreeMap<DocId, (Summary, Heads)>,
        id: &DocId,
    ) -> (Project, Heads) {
        match shown.get(id) {
            Some((Summary::Project(p), heads)) => (p.clone(), heads.clone()),
            other => panic!("no project {id}: {other:?}"),
        }
    }

    fn session(&self, id: &DocId) -> (Session, Heads) {
        self.session_in(&self.shown, id)
    }

    fn session_in(
        &self,
        shown: &BTreeMap<DocId, (Summary, Heads)>,
        id: &DocId,
    ) -> (Session, Heads) {
        match shown.get(id) {
            Some((Summary::Session(s), heads)) => (s.clone(), heads.clone()),
            other => panic!("no session {id}: {other:?}"),
        }
    }

    fn save_project(&mut self, id: &DocId, project: Project, base: Heads, now: i64) {
        self.handle(ToWorker::SaveProject {
            id: id.clone(),
            project,
            base: Some(base),
            now: Timestamp(now),
        });
    }

    fn save_session(&mut self, id: &DocId, session: Session, base: Heads, now: i64) {
        self.handle(ToWorker::SaveSession {
            id: id.clone(),
            session,
            base: Some(base),
            now: Timestamp(now),
        });
    }

    fn summaries(&self) -> BTreeMap<DocId, Summary> {
        self.docs.summaries().into_iter().collect()
    }
}

/// Every change (and every erasure) of every device, to every device.
fn exchange_everything(devices: &mut [Device]) {
    for _ in 0..2 {
        for from in 0..devices.len() {
            let erased = devices[from].docs.erased();
            let ids: Vec<DocId> = devices[from].summaries().into_keys().collect();
            for id in ids {
                let changes = devices[from].docs.changes_since(&id, &[]);
                for (to, device) in devices.iter_mut().enumerate() {
                    if to != from {
                        device.receive(&id, &changes);
                    }
                }
            }
            for id in erased {
                for device in devices.iter_mut() {
                    device.handle(ToWorker::Erase { id: id.clone() });
                }
            }
        }
    }
}

fn assert_converged(devices: &mut [Device], context: &str) {
    let first = devices[0].summaries();
    for (n, device) in devices.iter().enumerate() {
        assert_eq!(
            device.summaries(),
            first,
            "{context}: device {n} differs in content"
        );
    }
    let ids: Vec<DocId> = first.into_keys().collect();
    for id in &ids {
        let heads: Vec<_> = devices
            .iter_mut()
            .map(|d| d.docs.changes_since(id, &[]).len())
            .collect();
        assert!(
            heads.windows(2).all(|w| w[0] == w[1]),
            "{context}: {id} change counts {heads:?}"
        );
    }
}

fn text(s: &str) -> LocalText {
    LocalText::english(s)
}

fn id(n: u8) -> DocId {
    DocId::from_random([n; 16])
}

fn project_with_questions() -> Project {
    let mut p = Project::new("Day services", Timestamp(1));
    p.surveys.push(Survey {
        id: "s".into(),
        title: text("How was today?"),
        sections: Vec::new(),
        section_per_screen: false,
        archived: false,
        questions: vec![
            Question::new("q1", text("How do you feel?"), QuestionKind::PictureScale),
            Question::new(
                "q2",
                text("What did you do?"),
                QuestionKind::SingleChoice {
                    choices: vec![
                        Choice::new("art", text("Art")),
                        Choice::new("walk", text("A walk")),
                    ],
                },
            ),
            Question::new("q3", text("Anything else?"), QuestionKind::FreeText),
        ],
    });
    p
}

/// Two devices holding the same project, created on the first.
fn two_devices_with(project: Project) -> (Vec<Device>, DocId) {
    let mut devices = vec![Device::new(1), Device::new(2)];
    let pid = id(100);
    devices[0].handle(ToWorker::SaveProject {
        id: pid.clone(),
        project,
        base: None,
        now: Timestamp(1),
    });
    exchange_everything(&mut devices);
    (devices, pid)
}

fn two_devices_with_session(cards: &[(&str, &str)]) -> (Vec<Device>, DocId) {
    let mut devices = vec![Device::new(1), Device::new(2)];
    let sid = id(101);
    let mut session = Session::new(id(100), "g", "2027-03-04", Timestamp(1));
    session.cards = cards
        .iter()
        .map(|(id, text)| Card {
            id: (*id).into(),
            text: (*text).into(),
            quote: false,
            feeling: None,
            topic: None,
            audio: None,
            created: Timestamp(1),
            device: None,
        })
        .collect();
    devices[0].handle(ToWorker::SaveSession {
        id: sid.clone(),
        session,
        base: None,
        now: Timestamp(1),
    });
    exchange_everything(&mut devices);
    (devices, sid)
}

#[test]
fn a_concurrent_edits_of_two_fields_of_one_card_both_survive() {
    let (mut d, sid) = two_devices_with_session(&[("c1", "tea")]);
    let (mut s, base) = d[0].session(&sid);
    s.cards[0].quote = true;
    d[0].save_session(&sid, s, base, 2);
    let (mut s, base) = d[1].session(&sid);
    s.cards[0].text = "tea and cake".into();
    d[1].save_session(&sid, s, base, 2);
    exchange_everything(&mut d);
    assert_converged(&mut d, "a");
    let (s, _) = d[0].session(&sid);
    assert!(s.cards[0].quote);
    assert_eq!(s.cards[0].text, "tea and cake");
}

#[test]
fn b_a_move_on_one_device_and_an_edit_on_another_keep_the_edit_on_the_moved_item() {
    let (mut d, pid) = two_devices_with(project_with_questions());
    let (mut p, base) = d[0].project(&pid);
    let q = p.surveys[0].questions.remove(0);
    p.surveys[0].questions.push(q);
    d[0].save_project(&pid, p, base, 2);
    let (mut p, base) = d[1].project(&pid);
    p.surveys[0].questions[0].text = text("How do you feel today?");
    d[1].save_project(&pid, p, base, 2);
    exchange_everything(&mut d);
    assert_converged(&mut d, "b");
    let (p, _) = d[1].project(&pid);
    let ids: Vec<&str> = p.surveys[0]
        .questions
        .iter()
        .map(|q| q.id.as_str())
        .collect();
    assert_eq!(ids, ["q2", "q3", "q1"]);
    assert_eq!(
        p.surveys[0].questions[2].text,
        text("How do you feel today?")
    );
    assert_eq!(
        p.surveys[0].questions[0].text,
        text("What did you do?"),
        "no other item rewritten"
    );
}

#[test]
fn c_two_people_typing_into_one_text_keep_both_insertions_in_order() {
    let (mut d, sid) = two_devices_with_session(&[("c1", "The bus is late.")]);
    let (mut s, base) = d[0].session(&sid);
    s.cards[0].text = "The 47 bus is late.".into();
    d[0].save_session(&sid, s, base, 2);
    let (mut s, base) = d[1].session(&sid);
    s.cards[0].text = "The bus is late every Monday.".into();
    d[1].save_session(&sid, s, base, 2);
    exchange_everything(&mut d);
    assert_converged(&mut d, "c");
    assert_eq!(
        d[0].session(&sid).0.cards[0].text,
        "The 47 bus is late every Monday."
    );
}

#[test]
fn d_delete_then_add_never_reuses_an_id_and_old_answers_stay_with_their_question() {
    let (mut d, pid) = two_devices_with(project_with_questions());
    let rid = id(50);
    d[0].handle(ToWorker::Start {
        id: rid.clone(),
        project: pid.clone(),
        survey: "s".into(),
        setup: setup(),
        presentation: Presentation::STANDARD,
        now: Timestamp(2),
    });
    d[0].handle(ToWorker::SetAnswer {
        id: rid.clone(),
        question: "q3".into(),
        answer: Some(Answer::Text("More trips".into())),
        now: Timestamp(3),
    });
    let (mut p, base) = d[1].project(&pid);
    p.surveys[0].questions.pop();
    let mut rng = StdRng::seed_from_u64(4);
    let new_id = item_id(rng.random());
    p.surveys[0].questions.push(Question::new(
        &new_id,
        text("Your age?"),
        QuestionKind::Number {
            min: None,
            max: None,
        },
    ));
    d[1].save_project(&pid, p, base, 4);
    exchange_everything(&mut d);
    assert_converged(&mut d, "d");
    let (p, _) = d[0].project(&pid);
    assert_ne!(new_id, "q3");
    assert!(p.surveys[0].question("q3").is_none());
    assert_eq!(
        p.surveys[0].question(&new_id).unwrap().text,
        text("Your age?")
    );
    d[1].handle(ToWorker::Open { id: rid.clone() });
    let outcome = d[1].docs.handle(ToWorker::Open { id: rid });
    assert!(
        matches!(&outcome.events[..], [FromWorker::Opened { answers, .. }]
            if answers == &[("q3".to_owned(), Answer::Text("More trips".into()))]),
        "{outcome:?}"
    );
}

#[test]
fn e_a_response_erased_on_one_device_while_edited_on_another_stays_erased() {
    let (mut d, pid) = two_devices_with(project_with_questions());
    let rid = id(51);
    d[0].handle(ToWorker::Start {
        id: rid.clone(),
        project: pid,
        survey: "s".into(),
        setup: setup(),
        presentation: Presentation::STANDARD,
        now: Timestamp(2),
    });
    exchange_everything(&mut d);
    d[0].handle(ToWorker::Erase { id: rid.clone() });
    d[1].handle(ToWorker::SetAnswer {
        id: rid.clone(),
        question: "q3".into(),
        answer: Some(Answer::Text("offline words".into())),
        now: Timestamp(3),
    });
    exchange_everything(&mut d);
    assert_converged(&mut d, "e");
    for device in &d {
        assert!(device.docs.is_erased(&rid));
        assert!(!device.summaries().contains_key(&rid));
    }
}

#[test]
fn f_a_screen_that_has_not_shown_a_merged_change_cannot_undo_it() {
    let (mut d, pid) = two_devices_with(project_with_questions());
    let (stale, stale_base) = d[0].project(&pid);
    let (mut p, base) = d[1].project(&pid);
    p.name = "Day services, spring".into();
    p.surveys[0].questions.swap(0, 2);
    d[1].save_project(&pid, p, base, 2);
    exchange_everything(&mut d);
    // Device 0's screen still shows the old project, and edits one question.
    let mut edited = stale;
    edited.surveys[0].questions[1].required = true;
    d[0].save_project(&pid, edited, stale_base, 3);
    exchange_everything(&mut d);
    assert_converged(&mut d, "f");
    let (p, _) = d[0].project(&pid);
    assert_eq!(p.name, "Day services, spring");
    let ids: Vec<&str> = p.surveys[0]
        .questions
        .iter()
        .map(|q| q.id.as_str())
        .collect();
    assert_eq!(ids, ["q3", "q2", "q1"]);
    assert!(p.surveys[0].question("q2").unwrap().required);
}

fn setup() -> ResponseSetup {
    ResponseSetup {
        consent: Consent::Person,
        mode: Mode::Alone,
        respondent: "R-234567".into(),
        device: None,
        language: None,
    }
}

/// One random edit by `device` of the project, session or a response.
fn random_edit(rng: &mut StdRng, device: &mut Device, pid: &DocId, sid: &DocId, now: i64) {
    // Sometimes the screen has not redrawn since the last change.
    let stale = rng.random_bool(0.2);
    let screens = if stale { &device.older } else { &device.shown };
    let screens = screens.clone();
    match rng.random_range(0..10) {
        0..=4 => {
            let (mut p, base) = match screens.contains_key(pid) {
                true => device.project_in(&screens, pid),
                false => device.project(pid),
            };
            let qs = &mut p.surveys[0].questions;
            match rng.random_range(0..6) {
                0 => {
                    let at = rng.random_range(0..=qs.len());
                    qs.insert(
                        at,
                        Question::new(&item_id(rng.random()), text("New"), QuestionKind::FreeText),
                    );
                }
                1 if !qs.is_empty() => {
                    qs.remove(rng.random_range(0..qs.len()));
                }
                2 if qs.len() > 1 => {
                    let q = qs.remove(rng.random_range(0..qs.len()));
                    let at = rng.random_range(0..=qs.len());
                    qs.insert(at, q);
                }
                3 if !qs.is_empty() => {
                    let q = rng.random_range(0..qs.len());
                    let t = qs[q].text.0.entry("en".into()).or_default();
                    let at = rng.random_range(0..=t.chars().count());
                    let byte = t.char_indices().nth(at).map_or(t.len(), |(b, _)| b);
                    t.insert_str(byte, ["a", "é", "ক", " "].choose(rng).unwrap());
                }
                4 => {
                    let single = qs.iter_mut().find_map(|q| match &mut q.kind {
                        QuestionKind::SingleChoice { choices } => Some(choices),
                        _ => None,
                    });
                    if let Some(choices) = single {
                        match rng.random_range(0..3) {
                            0 => choices.push(Choice::new(&item_id(rng.random()), text("Other"))),
                            1 if !choices.is_empty() => {
                                choices.remove(rng.random_range(0..choices.len()));
                            }
                            _ => choices.reverse(),
                        }
                    }
                }
                _ => p.name.push('!'),
            }
            device.save_project(pid, p, base, now);
        }
        5..=8 => {
            let (mut s, base) = match screens.contains_key(sid) {
                true => device.session_in(&screens, sid),
                false => device.session(sid),
            };
            match rng.random_range(0..4) {
                0 => s.cards.push(Card {
                    id: item_id(rng.random()),
                    text: "note".into(),
                    quote: false,
                    feeling: None,
                    topic: None,
                    audio: None,
                    created: Timestamp(now),
                    device: None,
                }),
                1 if !s.cards.is_empty() => {
                    s.cards.remove(rng.random_range(0..s.cards.len()));
                }
                2 if s.cards.len() > 1 => {
                    let c = s.cards.remove(0);
                    s.cards.push(c);
                }
                _ if !s.cards.is_empty() => {
                    let c = rng.random_range(0..s.cards.len());
                    s.cards[c]
                        .text
                        .push_str([" tea", " ছ", " bus"].choose(rng).unwrap());
                }
                _ => s.place.push('.'),
            }
            device.save_session(sid, s, base, now);
        }
        _ => {
            let rid = DocId::from_random(rng.random());
            device.handle(ToWorker::Start {
                id: rid.clone(),
                project: pid.clone(),
                survey: "s".into(),
                setup: setup(),
                presentation: Presentation::STANDARD,
                now: Timestamp(now),
            });
            device.handle(ToWorker::SetAnswer {
                id: rid.clone(),
                question: "q1".into(),
                answer: Some(Answer::Rating(rng.random_range(0..6))),
                now: Timestamp(now),
            });
            if rng.random_bool(0.3) {
                device.handle(ToWorker::Erase { id: rid });
            }
        }
    }
}

fn run_seed(seed: u64) {
    let mut rng = StdRng::seed_from_u64(seed);
    let count = rng.random_range(3..=5);
    let mut devices: Vec<Device> = (1..=count).map(Device::new).collect();
    let (pid, sid) = (id(100), id(101));
    devices[0].handle(ToWorker::SaveProject {
        id: pid.clone(),
        project: project_with_questions(),
        base: None,
        now: Timestamp(1),
    });
    devices[0].handle(ToWorker::SaveSession {
        id: sid.clone(),
        session: Session::new(pid.clone(), "g", "", Timestamp(1)),
        base: None,
        now: Timestamp(1),
    });
    exchange_everything(&mut devices);
    // Messages in flight: (to, document, changes).
    let mut network: Vec<(usize, DocId, Vec<Vec<u8>>)> = Vec::new();
    let mut known: Vec<BTreeMap<DocId, usize>> = vec![BTreeMap::new(); devices.len()];
    for step in 0..120 {
        let n = rng.random_range(0..devices.len());
        random_edit(&mut rng, &mut devices[n], &pid, &sid, 10 + step);
        // Send what changed, each change batch to a random few devices.
        for id in devices[n].summaries().into_keys() {
            let changes = devices[n].docs.changes_since(&id, &[]);
            let sent = known[n].get(&id).copied().unwrap_or(0);
            if changes.len() > sent {
                for to in 0..devices.len() {
                    if to != n && rng.random_bool(0.7) {
                        network.push((to, id.clone(), changes[sent..].to_vec()));
                    }
                }
                known[n].insert(id, changes.len());
            }
        }
        // Deliver a few messages in random order; some twice.
        for _ in 0..rng.random_range(0..4) {
            if network.is_empty() {
                break;
            }
            let i = rng.random_range(0..network.len());
            let (to, id, changes) = if rng.random_bool(0.2) {
                network[i].clone()
            } else {
                network.swap_remove(i)
            };
            devices[to].receive(&id, &changes);
        }
    }
    exchange_everything(&mut devices);
    assert_converged(&mut devices, &format!("seed {seed}"));
}

#[test]
fn random_edits_on_three_to_five_devices_converge() {
    for seed in 0..8u64 {
        let result = std::panic::catch_unwind(|| run_seed(seed));
        if let Err(e) = result {
            eprintln!("failing seed: {seed} (replay with run_seed({seed}))");
            std::panic::resume_unwind(e);
        }
    }
}

#[test]
fn c2_typing_into_an_answer_on_a_screen_that_has_not_shown_a_merged_insertion_keeps_it() {
    let (mut d, pid) = two_devices_with(project_with_questions());
    let rid = id(52);
    d[0].handle(ToWorker::Start {
        id: rid.clone(),
        project: pid,
        survey: "s".into(),
        setup: setup(),
        presentation: Presentation::STANDARD,
        now: Timestamp(2),
    });
    let say = |text: &str| ToWorker::SetAnswer {
        id: rid.clone(),
        question: "q3".into(),
        answer: Some(Answer::Text(text.into())),
        now: Timestamp(3),
    };
    d[0].handle(say("The bus is late."));
    exchange_everything(&mut d);
    // Device 1 opens it (its screen shows the text) and adds a word.
    d[1].handle(ToWorker::Open { id: rid.clone() });
    d[1].handle(say("The 47 bus is late."));
    exchange_everything(&mut d);
    // Device 0's screen never redrew: it still shows the old text and types on.
    d[0].handle(say("The bus is late. Again."));
    d[0].handle(say("The bus is late. Again!"));
    exchange_everything(&mut d);
    assert_converged(&mut d, "c2");
    let outcome = d[1].docs.handle(ToWorker::Open { id: rid });
    let [FromWorker::Opened { answers, .. }] = &outcome.events[..] else {
        panic!("{outcome:?}")
    };
    assert_eq!(
        answers,
        &[(
            "q3".to_owned(),
            Answer::Text("The 47 bus is late. Again!".into())
        )]
    );
}
