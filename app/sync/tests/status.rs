//! The status line counts the changes made here that the relay lacks: none
//! once everything is acknowledged, however many documents the project
//! holds, and exactly the unpushed ones while a push is on its way.

mod support;

use heard_protocol::Limits;
use heard_sync::{Input, SyncStatus};
use rand::{SeedableRng, rngs::StdRng};
use support::{device::Device, relay::Relay, settle};

fn status(device: &Device) -> SyncStatus {
    device.syncer.status(&mut device.docs.borrow_mut())
}

#[test]
fn waiting_counts_only_unacknowledged_changes_and_clears_on_acknowledgement() {
    let mut relay = Relay::new(Limits::RELAY);
    let mut devices = [Device::new(0, true)];
    let mut conns = [None];
    let mut rng = StdRng::seed_from_u64(3);
    devices[0].create_project();
    // Many documents of the project, all pushed.
    for now in 0..40 {
        devices[0].edit(&mut rng, 100 + now);
    }
    devices[0].step(Input::Tick, 1_000);
    settle(&mut devices, &mut relay, &mut conns, 1_000);
    assert_eq!(status(&devices[0]), SyncStatus::Synced);

    // Two edits whose push has not reached the relay yet.
    devices[0].edit(&mut rng, 2_000);
    devices[0].edit(&mut rng, 2_001);
    match status(&devices[0]) {
        SyncStatus::Waiting { changes } => assert!(
            (1..=2).contains(&changes),
            "two edits made here, {changes} counted as waiting"
        ),
        other => panic!("two edits waiting, but the status is {other:?}"),
    }
    settle(&mut devices, &mut relay, &mut conns, 2_002);
    assert_eq!(status(&devices[0]), SyncStatus::Synced);
}
