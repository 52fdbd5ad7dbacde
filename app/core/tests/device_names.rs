//! What a device adds records the device's name as it was then: a response
//! names it in its setup and so in its summary, which the lists read; a note
//! card and a session name it in their content. The name stays with what it
//! was recorded on through saves from other screens, merges with other
//! devices and saves by a version that does not know it; documents made
//! before device names read as they did.

use heard_core::{
    documents::Documents,
    id::DocId,
    json_doc::JsonDoc,
    response::{Consent, Mode, Presentation, ResponseSetup, ResponseSummary},
    session::{Card, Session},
    summary::Summary,
    time::Timestamp,
    worker_api::{FromWorker, Heads, ToWorker},
};

/// One device's documents, and what its screens were last sent.
struct Device {
    docs: Documents,
    shown: Vec<(DocId, Summary, Heads)>,
}

impl Device {
    fn new(n: u8) -> Device {
        let (docs, _) = Documents::start([n; 16], Vec::new());
        Device {
            docs,
            shown: Vec::new(),
        }
    }

    /// A request from screen `client` of this device.
    fn handle(&mut self, client: u64, request: ToWorker) {
        let outcome = self.docs.handle_from(client, request);
        assert_eq!(outcome.refused, None);
        self.take(outcome.events);
    }

    fn take(&mut self, events: Vec<FromWorker>) {
        for event in events {
            if let FromWorker::Changed {
                id, summary, heads, ..
            } = event
            {
                self.shown.retain(|(shown, _, _)| *shown != id);
                self.shown.push((id, summary, heads));
            }
        }
    }

    /// Takes in everything `other` holds of `id`.
    fn receive_from(&mut self, other: &mut Device, id: &DocId) {
        let changes = other.docs.changes_since(id, &[]);
        let outcome = self.docs.receive(id.clone(), &changes);
        assert_eq!(outcome.changes_refused, None);
        self.take(outcome.events);
    }

    fn session(&self, id: &DocId) -> (Session, Heads) {
        match self.shown.iter().find(|(shown, _, _)| shown == id) {
            Some((_, Summary::Session(s), heads)) => (s.clone(), heads.clone()),
            other => panic!("no session {id}: {other:?}"),
        }
    }

    fn save_session(&mut self, client: u64, id: &DocId, session: Session, base: Heads) {
        self.handle(
            client,
            ToWorker::SaveSession {
                id: id.clone(),
                session,
                base: Some(base),
                now: Timestamp(10),
            },
        );
    }

    fn indexed(&self, id: &DocId) -> Summary {
        self.docs
            .summaries()
            .into_iter()
            .find(|(indexed, _)| indexed == id)
            .map(|(_, summary)| summary)
            .unwrap_or_else(|| panic!("{id} is not in the index"))
    }
}

fn id(n: u8) -> DocId {
    DocId::from_random([n; 16])
}

fn setup(device: Option<&str>) -> ResponseSetup {
    ResponseSetup {
        consent: Consent::Person,
        mode: Mode::Alone,
        respondent: "R-234567".into(),
        device: device.map(str::to_owned),
        language: None,
    }
}

fn card(n: u8, text: &str, device: Option<&str>) -> Card {
    Card {
        id: format!("card{n}"),
        text: text.into(),
        quote: false,
        feeling: None,
        topic: None,
        audio: None,
        created: Timestamp(i64::from(n)),
        device: device.map(str::to_owned),
    }
}

fn response_summary(summary: Summary) -> ResponseSummary {
    match summary {
        Summary::Response(summary) => summary,
        other => panic!("not a response: {other:?}"),
    }
}

#[test]
fn a_response_started_on_a_named_device_names_it_in_its_summary() {
    let mut hall = Device::new(1);
    let mut phone = Device::new(2);
    for (n, device) in [(10, Some("Hall tablet")), (11, None)] {
        hall.handle(
            1,
            ToWorker::Start {
                id: id(n),
                project: id(100),
                survey: "example-support".into(),
                setup: setup(device),
                presentation: Presentation::default(),
                now: Timestamp(1),
            },
        );
        let summary = response_summary(hall.indexed(&id(n)));
        assert_eq!(summary.device.as_deref(), device, "response {n}");
        // The name came with the response's own changes: the other device
        // lists it the same way.
        phone.receive_from(&mut hall, &id(n));
        let there = response_summary(phone.indexed(&id(n)));
        assert_eq!(there.device.as_deref(), device, "response {n} on the phone");
    }
    // Answering on the phone does not make it the phone's response.
    phone.handle(
        1,
        ToWorker::SetPosition {
            id: id(10),
            position: 1,
            now: Timestamp(2),
        },
    );
    hall.receive_from(&mut phone, &id(10));
    for device in [&hall, &phone] {
        let summary = response_summary(device.indexed(&id(10)));
        assert_eq!(summary.device.as_deref(), Some("Hall tablet"));
        assert_eq!(summary.position, 1);
    }
}

#[test]
fn a_card_keeps_its_device_through_saves_on_other_screens_and_merges() {
    let sid = id(20);
    let mut hall = Device::new(1);
    let mut phone = Device::new(2);
    let mut session = Session::new(id(100), "tea-and-talk", "2027-03-04", Timestamp(1));
    session.device = Some("Hall tablet".into());
    session
        .cards
        .push(card(1, "the garden", Some("Hall tablet")));
    hall.handle(
        1,
        ToWorker::SaveSession {
            id: sid.clone(),
            session,
            base: None,
            now: Timestamp(2),
        },
    );
    phone.receive_from(&mut hall, &sid);

    // Another screen of the hall tablet edits the card's text; the phone,
    // at the same time, types into it too and adds a card of its own.
    let (mut other_screen, base) = hall.session(&sid);
    other_screen.cards[0].text = "the garden needs benches".into();
    hall.save_session(2, &sid, other_screen, base);
    let (mut on_phone, base) = phone.session(&sid);
    on_phone.cards[0].text = "Everyone loves the garden".into();
    on_phone
        .cards
        .push(card(2, "More music", Some("Asha's phone")));
    phone.save_session(1, &sid, on_phone, base);

    hall.receive_from(&mut phone, &sid);
    phone.receive_from(&mut hall, &sid);
    for device in [&hall, &phone] {
        let Summary::Session(merged) = device.indexed(&sid) else {
            panic!("not a session")
        };
        assert_eq!(merged.device.as_deref(), Some("Hall tablet"));
        let cards: Vec<(&str, Option<&str>)> = merged
            .cards
            .iter()
            .map(|c| (c.text.as_str(), c.device.as_deref()))
            .collect();
        assert_eq!(
            cards,
            [
                (
                    "Everyone loves the garden needs benches",
                    Some("Hall tablet")
                ),
                ("More music", Some("Asha's phone")),
            ]
        );
    }
}

/// A note card and a session as the version before device names read them.
mod before_device_names {
    use heard_core::{id::DocId, time::Timestamp};
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct Session {
        pub project: DocId,
        pub guide: String,
        #[serde(default)]
        pub date: String,
        pub created: Timestamp,
        pub updated: Timestamp,
        #[serde(default)]
        pub cards: Vec<Card>,
    }

    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct Card {
        pub id: String,
        #[serde(default)]
        pub text: String,
        pub created: Timestamp,
    }
}

#[test]
fn a_version_that_does_not_know_device_names_keeps_them() {
    let mut session = Session::new(id(100), "tea-and-talk", "2027-03-04", Timestamp(1));
    session.device = Some("Hall tablet".into());
    session
        .cards
        .push(card(1, "the garden", Some("Hall tablet")));
    let mut doc = JsonDoc::new([1; 16], "session", &session, Timestamp(1));

    // The older version's screen edits the card's text and adds a card of
    // its own, which records no device.
    let mut old: before_device_names::Session = doc.read().unwrap();
    old.cards[0].text = "the garden needs benches".into();
    old.cards.push(before_device_names::Card {
        id: "card2".into(),
        text: "More music".into(),
        created: Timestamp(3),
    });
    assert!(doc.save(7, None, &old, Timestamp(3)).unwrap());

    let now: Session = doc.read().unwrap();
    assert_eq!(now.device.as_deref(), Some("Hall tablet"));
    assert_eq!(now.cards[0].text, "the garden needs benches");
    assert_eq!(now.cards[0].device.as_deref(), Some("Hall tablet"));
    assert_eq!(now.cards[1].device, None);
}

#[test]
fn content_from_before_device_names_reads_as_before() {
    // A session and a response summary as the index held them before.
    let session = r#"{"type":"session","project":"64646464646464646464646464646464",
        "guide":"g","date":"","place":"","facilitator":"","people":null,
        "created":1,"updated":2,"cards":[{"id":"c","text":"hello","quote":false,
        "feeling":null,"topic":null,"audio":null,"created":2}]}"#;
    let Summary::Session(session) = serde_json::from_str(session).unwrap() else {
        panic!("not a session")
    };
    assert_eq!(session.device, None);
    assert_eq!(session.cards[0].device, None);
    assert_eq!(session.cards[0].text, "hello");
    let response = r#"{"type":"response","project":null,"survey":"s","started":1,
        "updated":2,"completed":null,"position":0,"answered":0,
        "mode":{"kind":"alone"}}"#;
    let summary = response_summary(serde_json::from_str(response).unwrap());
    assert_eq!(summary.device, None);
    assert_eq!(summary.mode, Some(Mode::Alone));
    // And nothing is written for what records no device.
    let json = serde_json::to_string(&Summary::Session(session)).unwrap();
    assert!(!json.contains("device"), "{json}");
}
