//! Server settings, from flags or environment variables.

use std::{path::PathBuf, time::Duration};

use heard_protocol::Limits;

use crate::relay::{Policy, keepalive::Keepalive, rate_limit::Rate};

#[derive(Debug, Clone, clap::Parser)]
#[command(
    name = "heard-sync-server",
    about = "Serves the Heard app and relays its encrypted sync blobs"
)]
pub struct Config {
    /// Address to listen on; port 0 picks a free port and prints it.
    #[arg(long, env = "HEARD_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: String,

    /// Folder holding the built app (`cargo xtask build` writes it).
    #[arg(long, env = "HEARD_STATIC_DIR", default_value = "dist")]
    pub static_dir: PathBuf,

    /// Folder for the relay's data (`relay.sqlite3` and its WAL), created if
    /// missing; relative paths are from the working directory.
    #[arg(long, env = "HEARD_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// Most devices of one project connected at once.
    #[arg(long, env = "HEARD_MAX_CONNECTIONS_PER_PROJECT", default_value_t = 64)]
    pub max_connections_per_project: u32,

    /// Most relay connections at once, all projects together (each takes a
    /// file descriptor; keep it under `ulimit -n`).
    #[arg(long, env = "HEARD_MAX_CONNECTIONS", default_value_t = 10_000)]
    pub max_connections: u32,

    /// Requests per second one connection may keep up (a token bucket).
    #[arg(long, env = "HEARD_REQUESTS_PER_SECOND", default_value_t = 100)]
    pub requests_per_second: u32,

    /// Requests one connection may send at once after a quiet spell.
    #[arg(long, env = "HEARD_REQUEST_BURST", default_value_t = 200)]
    pub request_burst: u32,

    /// Requests per second all devices of one project may keep up together
    /// [default: ten times --requests-per-second].
    #[arg(long, env = "HEARD_PROJECT_REQUESTS_PER_SECOND")]
    pub project_requests_per_second: Option<u32>,

    /// Requests all devices of one project may send at once after a quiet
    /// spell [default: ten times --request-burst].
    #[arg(long, env = "HEARD_PROJECT_REQUEST_BURST")]
    pub project_request_burst: Option<u32>,

    /// How often the relay pings each connected device, in milliseconds.
    #[arg(long, env = "HEARD_PING_INTERVAL_MS", default_value_t = 30_000)]
    pub ping_interval_ms: u64,

    /// A device silent this long (no frame, no pong), in milliseconds, is
    /// taken to be gone and its connection closed.
    #[arg(long, env = "HEARD_PEER_TIMEOUT_MS", default_value_t = 90_000)]
    pub peer_timeout_ms: u64,
}

impl Config {
    /// The relay's limits and rates from these settings.
    pub fn policy(&self) -> Policy {
        let defaults = Policy::default();
        Policy {
            limits: Limits {
                max_connections_per_project: self.max_connections_per_project,
                ..defaults.limits
            },
            rate: Rate {
                per_second: self.requests_per_second,
                burst: self.request_burst,
            },
            // Ten devices at full speed by default, so raising the
            // per-connection rate (as load tests do) raises this with it.
            project_rate: Rate {
                per_second: self
                    .project_requests_per_second
                    .unwrap_or(self.requests_per_second.saturating_mul(10)),
                burst: self
                    .project_request_burst
                    .unwrap_or(self.request_burst.saturating_mul(10)),
            },
            max_connections: self.max_connections,
            keepalive: Keepalive {
                ping_every: Duration::from_millis(self.ping_interval_ms.max(1)),
                peer_timeout: Duration::from_millis(self.peer_timeout_ms.max(1)),
            },
            ..defaults
        }
    }
}
