//! "Sync now": an offline device connects at once, whatever its backoff
//! says; a connected one asks the relay for anything new, and an empty
//! answer ends there (no loop of pulls).

mod support;

use heard_core::time::Timestamp;
use heard_protocol::{ClientFrame, Limits};
use heard_sync::{Action, Input, SyncStatus};
use support::{
    device::{Device, Link},
    relay::{Conn, Relay},
};

fn connect(device: &mut Device, relay: &mut Relay, conn: &mut Conn, now: i64) {
    device.link = Link::Open;
    device.step(Input::Connected, now);
    support::exchange(device, relay, conn, now);
}

fn actions(device: &mut Device, input: Input, now: i64) -> Vec<Action> {
    device
        .syncer
        .step(input, &mut device.docs.borrow_mut(), Timestamp(now))
}

#[test]
fn an_offline_device_connects_at_once_when_asked() {
    let mut device = Device::new(0, true);
    device.create_project();
    // Connected, then cut off: the next try is a second or more away.
    let (mut relay, mut conn) = (Relay::new(Limits::RELAY), Conn::default());
    connect(&mut device, &mut relay, &mut conn, 10);
    actions(&mut device, Input::Closed, 20);
    assert!(
        !actions(&mut device, Input::Tick, 21)
            .iter()
            .any(|a| matches!(a, Action::Connect)),
        "the backoff holds the next try back"
    );
    let now = actions(&mut device, Input::Now, 22);
    assert!(
        now.iter().any(|a| matches!(a, Action::Connect)),
        "asked to sync now, it connects: {now:?}"
    );
    // Connecting is said as such, not as offline.
    assert_eq!(
        device.syncer.status(&mut device.docs.borrow_mut()),
        SyncStatus::Connecting
    );
}

#[test]
fn a_connected_device_asks_once_for_anything_new() {
    let mut device = Device::new(0, true);
    device.create_project();
    let (mut relay, mut conn) = (Relay::new(Limits::RELAY), Conn::default());
    connect(&mut device, &mut relay, &mut conn, 10);
    assert_eq!(
        device.syncer.status(&mut device.docs.borrow_mut()),
        SyncStatus::Synced
    );
    let sent = actions(&mut device, Input::Now, 30);
    let pulls: Vec<Vec<u8>> = sent
        .into_iter()
        .filter_map(|a| match a {
            Action::Send(bytes) => Some(bytes),
            _ => None,
        })
        .filter(|b| {
            matches!(
                ClientFrame::decode(b, &Limits::RELAY),
                Ok(ClientFrame::Pull { .. })
            )
        })
        .collect();
    assert_eq!(pulls.len(), 1, "one pull for anything new");
    // The relay has nothing new: the answer ends it, and the device stays
    // synced rather than pulling again.
    let (answers, _) = relay.handle(&mut conn, &pulls[0], [9; 32]);
    for answer in answers {
        let again = actions(&mut device, Input::Frame(answer), 31);
        assert!(
            !again.iter().any(|a| matches!(a, Action::Send(_))),
            "an empty answer starts no other request: {again:?}"
        );
    }
    assert_eq!(
        device.syncer.status(&mut device.docs.borrow_mut()),
        SyncStatus::Synced
    );
}
