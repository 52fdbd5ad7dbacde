//! The relay's counters, served at `/metrics` in Prometheus' text format.
//! Hand-rolled atomics: a dozen numbers do not need a metrics framework.

use std::{
    fmt::Write,
    sync::atomic::{AtomicU64, Ordering::Relaxed},
    time::Duration,
};

use heard_protocol::Refusal;

/// Upper bounds of the acknowledgement-latency buckets, in seconds.
const ACK_BUCKETS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];

/// Every kind of refusal, in the order they are listed.
const REFUSALS: [(Refusal, &str); 10] = [
    (Refusal::Unauthorized, "unauthorized"),
    (Refusal::UnknownProject, "unknown_project"),
    (Refusal::ProjectExists, "project_exists"),
    (Refusal::TooLarge, "too_large"),
    (Refusal::RateLimited, "rate_limited"),
    (Refusal::TooManyConnections, "too_many_connections"),
    (Refusal::BadFrame, "bad_frame"),
    (Refusal::BadRequest, "bad_request"),
    (Refusal::ShuttingDown, "shutting_down"),
    (Refusal::Internal, "internal"),
];

#[derive(Debug, Default)]
pub struct Metrics {
    connections_open: AtomicU64,
    connections_total: AtomicU64,
    authenticated_total: AtomicU64,
    pushes: AtomicU64,
    blobs_pushed: AtomicU64,
    pulls: AtomicU64,
    notifies: AtomicU64,
    bytes_in: AtomicU64,
    bytes_out: AtomicU64,
    ack_buckets: [AtomicU64; ACK_BUCKETS.len()],
    ack_count: AtomicU64,
    ack_micros: AtomicU64,
    refusals: [AtomicU64; REFUSALS.len()],
    socket_errors: AtomicU64,
    silent_closed: AtomicU64,
}

/// Counts one open connection until dropped.
pub struct OpenConnection<'a>(&'a Metrics);

impl Drop for OpenConnection<'_> {
    fn drop(&mut self) {
        self.0.connections_open.fetch_sub(1, Relaxed);
    }
}

impl Metrics {
    pub fn connection_opened(&self) -> OpenConnection<'_> {
        self.connections_open.fetch_add(1, Relaxed);
        self.connections_total.fetch_add(1, Relaxed);
        OpenConnection(self)
    }

    pub fn connections_open(&self) -> u64 {
        self.connections_open.load(Relaxed)
    }

    pub fn authenticated(&self) {
        self.authenticated_total.fetch_add(1, Relaxed);
    }

    pub fn pushed(&self, blobs: usize) {
        self.pushes.fetch_add(1, Relaxed);
        self.blobs_pushed.fetch_add(blobs as u64, Relaxed);
    }

    pub fn pulled(&self) {
        self.pulls.fetch_add(1, Relaxed);
    }

    pub fn notified(&self) {
        self.notifies.fetch_add(1, Relaxed);
    }

    pub fn received(&self, bytes: usize) {
        self.bytes_in.fetch_add(bytes as u64, Relaxed);
    }

    pub fn sent(&self, bytes: usize) {
        self.bytes_out.fetch_add(bytes as u64, Relaxed);
    }

    /// From a write request's arrival to its durable acknowledgement.
    pub fn acked_after(&self, latency: Duration) {
        let seconds = latency.as_secs_f64();
        for (bound, count) in ACK_BUCKETS.iter().zip(&self.ack_buckets) {
            if seconds <= *bound {
                count.fetch_add(1, Relaxed);
            }
        }
        self.ack_count.fetch_add(1, Relaxed);
        self.ack_micros.fetch_add(
            latency.as_micros().min(u128::from(u64::MAX)) as u64,
            Relaxed,
        );
    }

    pub fn refused(&self, reason: Refusal) {
        if let Some(i) = REFUSALS.iter().position(|(r, _)| *r == reason) {
            self.refusals[i].fetch_add(1, Relaxed);
        }
    }

    /// A WebSocket that failed below the protocol (cut, or a message over the
    /// frame limit).
    pub fn socket_error(&self) {
        self.socket_errors.fetch_add(1, Relaxed);
    }

    /// A device that answered no ping for the peer timeout was let go.
    pub fn silent_closed(&self) {
        self.silent_closed.fetch_add(1, Relaxed);
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        let mut one = |name: &str, kind: &str, help: &str, value: u64| {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
            );
        };
        one(
            "heard_relay_connections",
            "gauge",
            "WebSocket connections open now.",
            self.connections_open.load(Relaxed),
        );
        one(
            "heard_relay_connections_total",
            "counter",
            "WebSocket connections accepted.",
            self.connections_total.load(Relaxed),
        );
        one(
            "heard_relay_authenticated_total",
            "counter",
            "Connections whose signature checked out.",
            self.authenticated_total.load(Relaxed),
        );
        one(
            "heard_relay_pushes_total",
            "counter",
            "Pushes acknowledged after commit.",
            self.pushes.load(Relaxed),
        );
        one(
            "heard_relay_blobs_pushed_total",
            "counter",
            "Blobs in acknowledged pushes.",
            self.blobs_pushed.load(Relaxed),
        );
        one(
            "heard_relay_pulls_total",
            "counter",
            "Pulls answered.",
            self.pulls.load(Relaxed),
        );
        one(
            "heard_relay_notifies_total",
            "counter",
            "Notify frames sent.",
            self.notifies.load(Relaxed),
        );
        one(
            "heard_relay_received_bytes_total",
            "counter",
            "Bytes of frames received.",
            self.bytes_in.load(Relaxed),
        );
        one(
            "heard_relay_sent_bytes_total",
            "counter",
            "Bytes of frames sent.",
            self.bytes_out.load(Relaxed),
        );
        one(
            "heard_relay_socket_errors_total",
            "counter",
            "WebSockets that failed below the protocol.",
            self.socket_errors.load(Relaxed),
        );
        one(
            "heard_relay_silent_closed_total",
            "counter",
            "Connections closed because the device went silent (no pong, no frame).",
            self.silent_closed.load(Relaxed),
        );
        let name = "heard_relay_ack_seconds";
        let _ = writeln!(
            out,
            "# HELP {name} From a write's arrival to its durable acknowledgement.\n# TYPE {name} histogram"
        );
        for (bound, count) in ACK_BUCKETS.iter().zip(&self.ack_buckets) {
            let _ = writeln!(
                out,
                "{name}_bucket{{le=\"{bound}\"}} {}",
                count.load(Relaxed)
            );
        }
        let count = self.ack_count.load(Relaxed);
        let _ = writeln!(out, "{name}_bucket{{le=\"+Inf\"}} {count}");
        let sum = self.ack_micros.load(Relaxed) as f64 / 1e6;
        let _ = writeln!(out, "{name}_sum {sum}\n{name}_count {count}");
        let name = "heard_relay_refusals_total";
        let _ = writeln!(
            out,
            "# HELP {name} Refused frames by reason.\n# TYPE {name} counter"
        );
        for ((_, label), count) in REFUSALS.iter().zip(&self.refusals) {
            let _ = writeln!(out, "{name}{{reason=\"{label}\"}} {}", count.load(Relaxed));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_prometheus_text() {
        let metrics = Metrics::default();
        let open = metrics.connection_opened();
        metrics.pushed(3);
        metrics.acked_after(Duration::from_millis(3));
        metrics.refused(Refusal::BadFrame);
        let text = metrics.render();
        for line in [
            "heard_relay_connections 1",
            "heard_relay_blobs_pushed_total 3",
            "heard_relay_ack_seconds_bucket{le=\"0.0025\"} 0",
            "heard_relay_ack_seconds_bucket{le=\"0.005\"} 1",
            "heard_relay_ack_seconds_bucket{le=\"+Inf\"} 1",
            "heard_relay_ack_seconds_count 1",
            "heard_relay_refusals_total{reason=\"bad_frame\"} 1",
            "heard_relay_refusals_total{reason=\"internal\"} 0",
        ] {
            assert!(
                text.lines().any(|l| l == line),
                "{line} missing from\n{text}"
            );
        }
        drop(open);
        assert!(metrics.render().contains("heard_relay_connections 0\n"));
    }
}
