//! WebSocket keepalive: the relay pings each device every so often and lets
//! go of one that has sent nothing (not even a pong) for longer than the
//! peer timeout.
//!
//! Without it a device that vanished without closing (a tablet switched off
//! in a hall, a phone out of signal) keeps its socket, its file descriptor
//! and its place among the project's connections until TCP gives up, which
//! can take hours; an idle but live device answers every ping by itself
//! (browsers do), so it is never closed.

use std::time::Duration;

use tokio::time::{Instant, Interval, MissedTickBehavior};

/// How often to ping and how much silence means a device is gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Keepalive {
    pub ping_every: Duration,
    pub peer_timeout: Duration,
}

impl Default for Keepalive {
    fn default() -> Self {
        Keepalive {
            ping_every: Duration::from_secs(30),
            peer_timeout: Duration::from_secs(90),
        }
    }
}

/// One connection's view: when it last heard the device, when to ping.
#[derive(Debug)]
pub struct Liveness {
    settings: Keepalive,
    heard: Instant,
    pings: Interval,
}

impl Liveness {
    pub fn new(settings: Keepalive) -> Self {
        let now = Instant::now();
        let mut pings = tokio::time::interval_at(now + settings.ping_every, settings.ping_every);
        // A relay that was too busy to ping sends one ping late, not a burst.
        pings.set_missed_tick_behavior(MissedTickBehavior::Delay);
        Liveness {
            settings,
            heard: now,
            pings,
        }
    }

    /// Anything arrived from the device: it is alive.
    pub fn heard(&mut self) {
        self.heard = Instant::now();
    }

    /// Resolves when it is time to ping.
    pub async fn ping_due(&mut self) {
        self.pings.tick().await;
    }

    /// When the device will have been silent for the peer timeout.
    pub fn silent_at(&self) -> Instant {
        self.heard + self.settings.peer_timeout
    }

    /// The most a send may take: a device that reads nothing for the peer
    /// timeout is as gone as one that sends nothing.
    pub fn send_timeout(&self) -> Duration {
        self.settings.peer_timeout
    }
}
