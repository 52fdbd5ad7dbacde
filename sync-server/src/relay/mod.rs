//! The relay: devices of a project exchange encrypted blobs through it, and it
//! can read none of them.
//!
//! [`socket`] carries frames between a WebSocket and a [`session::Session`],
//! the per-connection state machine (hello, challenge, auth, then requests);
//! the [`store`] keeps the logs. Invariant: nothing is acknowledged before the
//! store's commit, and nothing of a blob, tag, secret or nonce is logged.

mod connections;
mod hearing;
pub mod keepalive;
pub mod metrics;
mod pipeline;
mod project_rates;
pub mod rate_limit;
mod session;
pub mod socket;
pub mod store;

use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};

use heard_protocol::Limits;
use tokio::sync::{Notify, watch};

use connections::ProjectConnections;
use keepalive::Keepalive;
use metrics::Metrics;
use project_rates::ProjectRates;
use rate_limit::Rate;

/// The settings of a relay that a device can feel.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    pub limits: Limits,
    /// Each connection's own rate.
    pub rate: Rate,
    /// The rate all connections of one project share.
    pub project_rate: Rate,
    /// Most connections at once, all projects together.
    pub max_connections: u32,
    /// How long a connection may take from opening to its signature.
    pub handshake_timeout: std::time::Duration,
    pub keepalive: Keepalive,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            limits: Limits::RELAY,
            rate: Rate {
                per_second: 100,
                burst: 200,
            },
            project_rate: Rate {
                per_second: 1_000,
                burst: 2_000,
            },
            max_connections: 10_000,
            handshake_timeout: std::time::Duration::from_secs(10),
            keepalive: Keepalive::default(),
        }
    }
}

/// Everything the connections of one relay share.
pub struct Relay<S> {
    store: S,
    policy: Policy,
    metrics: Metrics,
    connections: ProjectConnections,
    project_rates: ProjectRates,
    stopping: watch::Sender<bool>,
    /// Sockets still being served, so shutdown can wait for them: axum's
    /// graceful shutdown does not track upgraded connections.
    live: AtomicUsize,
    drained: Notify,
}

impl<S: store::RelayStore> Relay<S> {
    pub fn new(store: S, policy: Policy) -> Arc<Self> {
        Arc::new(Relay {
            store,
            policy,
            metrics: Metrics::default(),
            connections: ProjectConnections::default(),
            project_rates: ProjectRates::default(),
            stopping: watch::channel(false).0,
            live: AtomicUsize::new(0),
            drained: Notify::new(),
        })
    }

    pub fn store(&self) -> &S {
        &self.store
    }

    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Tells every connection to say goodbye and close.
    pub fn stop(&self) {
        self.stopping.send_replace(true);
    }

    /// Resolves once every connection has closed.
    pub async fn drained(&self) {
        loop {
            let notified = self.drained.notified();
            if self.live.load(Ordering::SeqCst) == 0 {
                return;
            }
            notified.await;
        }
    }

    fn socket_opened(&self) -> LiveSocket<'_, S> {
        self.live.fetch_add(1, Ordering::SeqCst);
        LiveSocket(self)
    }
}

/// Counts one socket in [`Relay::drained`] until dropped.
struct LiveSocket<'a, S>(&'a Relay<S>);

impl<S> Drop for LiveSocket<'_, S> {
    fn drop(&mut self) {
        if self.0.live.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0.drained.notify_waiters();
        }
    }
}
