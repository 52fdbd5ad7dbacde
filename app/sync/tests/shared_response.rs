//! One response answered on two devices while both were cut off from the
//! relay (a support worker's phone and the hall tablet): once both are
//! back, each holds both answers.

mod support;

use heard_core::{
    documents::Outcome,
    id::DocId,
    response::{Answer, Consent, Feeling, Mode, Presentation, ResponseSetup},
    time::Timestamp,
    worker_api::{FromWorker, ToWorker},
};
use heard_protocol::{Limits, RelayFrame};
use heard_sync::Input;
use support::{
    device::{Device, Link, project_doc},
    relay::{Conn, Relay},
};

/// Carries frames both ways, with notifications, until all is quiet.
fn settle(devices: &mut [Device], relay: &mut Relay, conns: &mut [Option<Conn>], now: i64) {
    for _ in 0..100_000 {
        let mut moved = false;
        for d in 0..devices.len() {
            if devices[d].link == Link::Wanted {
                conns[d] = Some(Conn::default());
                devices[d].link = Link::Open;
                devices[d].step(Input::Connected, now);
                moved = true;
            }
            if let Some(bytes) = devices[d].to_relay.pop_front() {
                let (answers, commit) = relay.handle(conns[d].as_mut().unwrap(), &bytes, [3; 32]);
                devices[d].from_relay.extend(answers);
                if let Some((_, head)) = commit {
                    for (o, other) in devices.iter_mut().enumerate() {
                        if o != d && conns[o].is_some() {
                            other
                                .from_relay
                                .push_back(RelayFrame::Notify { head }.encode());
                        }
                    }
                }
                moved = true;
            }
            if let Some(bytes) = devices[d].from_relay.pop_front() {
                devices[d].step(Input::Frame(bytes), now);
                moved = true;
            }
        }
        if !moved {
            return;
        }
    }
    panic!("never went quiet");
}

fn answer(device: &mut Device, id: &DocId, question: &str, feeling: Feeling, now: i64) {
    device.request(
        ToWorker::SetAnswer {
            id: id.clone(),
            question: question.into(),
            answer: Some(Answer::Feeling(feeling)),
            now: Timestamp(now),
        },
        now,
    );
}

fn answers(device: &Device, id: &DocId) -> Vec<(String, Answer)> {
    let opened: Outcome = device
        .docs
        .borrow_mut()
        .handle(ToWorker::Open { id: id.clone() });
    match &opened.events[..] {
        [FromWorker::Opened { answers, .. }] => {
            let mut answers = answers.clone();
            answers.sort_by(|a, b| a.0.cmp(&b.0));
            answers
        }
        other => panic!("the response does not open: {other:?}"),
    }
}

#[test]
fn a_response_answered_on_two_cut_off_devices_keeps_both_answers() {
    let mut relay = Relay::new(Limits::RELAY);
    let mut devices = vec![Device::new(0, true), Device::new(1, false)];
    let mut conns = vec![None, None];
    devices[0].create_project();
    let response = DocId::from_random([42; 16]);
    devices[0].request(
        ToWorker::Start {
            id: response.clone(),
            project: project_doc(),
            survey: "national".into(),
            setup: ResponseSetup {
                consent: Consent::Person,
                mode: Mode::Alone,
                respondent: "R-1".into(),
                device: None,
            },
            presentation: Presentation::STANDARD,
            now: Timestamp(5),
        },
        5,
    );
    answer(&mut devices[0], &response, "q1", Feeling::Happy, 6);
    for device in devices.iter_mut() {
        device.step(Input::Tick, 10);
    }
    settle(&mut devices, &mut relay, &mut conns, 10);
    assert_eq!(
        answers(&devices[1], &response).len(),
        1,
        "the second device has the draft"
    );

    for (d, device) in devices.iter_mut().enumerate() {
        device.step(Input::Closed, 20);
        device.cut();
        conns[d] = None;
    }
    answer(&mut devices[0], &response, "q2", Feeling::NotSure, 30);
    answer(&mut devices[1], &response, "q3", Feeling::Unhappy, 31);

    for device in devices.iter_mut() {
        device.step(Input::Now, 60_000);
    }
    settle(&mut devices, &mut relay, &mut conns, 60_000);
    let expected = vec![
        ("q1".to_owned(), Answer::Feeling(Feeling::Happy)),
        ("q2".to_owned(), Answer::Feeling(Feeling::NotSure)),
        ("q3".to_owned(), Answer::Feeling(Feeling::Unhappy)),
    ];
    assert_eq!(answers(&devices[0], &response), expected, "first device");
    assert_eq!(answers(&devices[1], &response), expected, "second device");
}
