//! One response answered on two devices while both were cut off from the
//! relay (a support worker's phone and the hall tablet): once both are
//! back, each holds both answers.

mod support;

use heard_core::{
    documents::Outcome,
    id::DocId,
    response::{Answer, Feeling},
    time::Timestamp,
    worker_api::{FromWorker, ToWorker},
};
use heard_protocol::Limits;
use heard_sync::Input;
use support::{device::Device, relay::Relay, settle};

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
    devices[0].start_response(response.clone(), 5);
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
