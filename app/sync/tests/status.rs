//! The status line counts the changes made here that the relay lacks: none
//! once everything is acknowledged, however many documents the project
//! holds, and exactly the unpushed ones while a push is on its way.

mod support;

use heard_protocol::Limits;
use heard_sync::{Input, SyncStatus};
use rand::{SeedableRng, rngs::StdRng};
use support::{
    device::{Device, Link},
    relay::{Conn, Relay},
};

/// Carries frames between the device and the relay until neither has any.
fn settle(device: &mut Device, relay: &mut Relay, conn: &mut Option<Conn>, now: i64) {
    for _ in 0..10_000 {
        if device.link == Link::Wanted {
            *conn = Some(Conn::default());
            device.link = Link::Open;
            device.step(Input::Connected, now);
        }
        if let Some(bytes) = device.to_relay.pop_front() {
            let (answers, _) = relay.handle(conn.as_mut().unwrap(), &bytes, [7; 32]);
            device.from_relay.extend(answers);
        } else if let Some(bytes) = device.from_relay.pop_front() {
            device.step(Input::Frame(bytes), now);
        } else {
            return;
        }
    }
    panic!("the device and the relay never went quiet");
}

fn status(device: &Device) -> SyncStatus {
    device.syncer.status(&mut device.docs.borrow_mut())
}

#[test]
fn waiting_counts_only_unacknowledged_changes_and_clears_on_acknowledgement() {
    let mut relay = Relay::new(Limits::RELAY);
    let mut device = Device::new(0, true);
    let mut conn = None;
    let mut rng = StdRng::seed_from_u64(3);
    device.create_project();
    // Many documents of the project, all pushed.
    for now in 0..40 {
        device.edit(&mut rng, 100 + now);
    }
    device.step(Input::Tick, 1_000);
    settle(&mut device, &mut relay, &mut conn, 1_000);
    assert_eq!(status(&device), SyncStatus::Synced);

    // Two edits whose push has not reached the relay yet.
    device.edit(&mut rng, 2_000);
    device.edit(&mut rng, 2_001);
    match status(&device) {
        SyncStatus::Waiting { changes } => assert!(
            (1..=2).contains(&changes),
            "two edits made here, {changes} counted as waiting"
        ),
        other => panic!("two edits waiting, but the status is {other:?}"),
    }
    settle(&mut device, &mut relay, &mut conn, 2_002);
    assert_eq!(status(&device), SyncStatus::Synced);
}
