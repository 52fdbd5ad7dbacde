//! WebSocket keepalive with shortened timings: a device that reads (and so
//! answers pings, as browsers do by themselves) stays connected however
//! long it is idle; one that has gone silent is let go after the peer
//! timeout, freeing its socket and its place in the project.

mod support;

use std::time::Duration;

use heard_protocol::{ClientFrame, RelayFrame};
use support::{Device, Heard, TestRelay, key, metric, metrics, project};

#[tokio::test]
async fn a_silent_device_is_let_go_and_a_live_idle_one_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let relay = TestRelay::start(
        dir.path(),
        &["--ping-interval-ms", "100", "--peer-timeout-ms", "400"],
    )
    .await;
    let p = project(1);
    let (mut live, _) = Device::join(relay.addr, p, &key(1), true).await;
    // Joined, then never read again: its pongs are never sent, like a
    // tablet switched off without closing anything.
    let (mut gone, _) = Device::join(relay.addr, p, &key(1), false).await;

    let idle = live.idle_for(Duration::from_millis(1200)).await;
    assert!(!idle.closed, "a live device was closed: {idle:?}");
    assert!(idle.pings >= 8, "too few pings in 1.2 s: {idle:?}");

    let text = metrics(relay.addr).await;
    assert_eq!(metric(&text, "heard_relay_silent_closed_total"), 1);
    assert_eq!(metric(&text, "heard_relay_connections"), 1);
    let heard = gone.idle_for(Duration::from_secs(2)).await;
    assert!(heard.closed, "the silent device's socket is still open");

    // The live device is still served after three peer timeouts of quiet.
    assert!(matches!(
        live.ask(&ClientFrame::Pull {
            request: 0,
            after: 0,
            max: 10
        })
        .await,
        Heard::Frame(RelayFrame::Batch { .. })
    ));
    relay.stop().await;
}
