//! The per-project rate limit: every connection of a project draws on one
//! shared bucket besides its own, so opening more connections buys a project
//! nothing; another project keeps its own bucket, and a limited project is
//! served again once its bucket refills.

mod support;

use std::time::Duration;

use heard_protocol::{ClientFrame, Refusal, RelayFrame};
use support::{Device, Heard, TestRelay, key, project};

fn pull(request: u32) -> ClientFrame {
    ClientFrame::Pull {
        request,
        after: 0,
        max: 10,
    }
}

fn served(heard: &Heard) -> bool {
    matches!(heard, Heard::Frame(RelayFrame::Batch { .. }))
}

fn limited(request: u32) -> Heard {
    Heard::Frame(RelayFrame::Refused {
        request: Some(request),
        reason: Refusal::RateLimited,
    })
}

#[tokio::test]
async fn a_projects_connections_share_one_rate() {
    let dir = tempfile::tempdir().unwrap();
    let relay = TestRelay::start(
        dir.path(),
        &[
            "--requests-per-second",
            "1000",
            "--request-burst",
            "1000",
            "--project-requests-per-second",
            "5",
            "--project-request-burst",
            "4",
        ],
    )
    .await;
    let p = project(7);
    let (mut first, _) = Device::join(relay.addr, p, &key(7), true).await;
    let (mut second, _) = Device::join(relay.addr, p, &key(7), false).await;
    for request in 0..2 {
        assert!(served(&first.ask(&pull(request)).await));
        assert!(served(&second.ask(&pull(request)).await));
    }
    // Four between them spent the project's burst; each connection's own
    // bucket is nearly full, and a third connection brings no more.
    assert_eq!(second.ask(&pull(2)).await, limited(2));
    assert_eq!(first.ask(&pull(2)).await, limited(2));
    let (mut third, _) = Device::join(relay.addr, p, &key(7), false).await;
    assert_eq!(third.ask(&pull(0)).await, limited(0));

    let (mut other, _) = Device::join(relay.addr, project(8), &key(8), true).await;
    for request in 0..4 {
        assert!(served(&other.ask(&pull(request)).await), "another project");
    }

    tokio::time::sleep(Duration::from_millis(250)).await;
    assert!(served(&first.ask(&pull(3)).await), "the bucket refilled");
    relay.stop().await;
}
