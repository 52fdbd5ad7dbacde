//! The Heard server as a library: [`app`] builds the router (tests call it
//! without a socket) and [`run`] serves it on an already-bound listener.
//!
//! Invariant: the server never sees plaintext answers: the relay stores and
//! forwards blobs that devices sealed, and acknowledges a write only once it is
//! durable.

mod api_error;
pub mod backup;
pub mod cli;
mod config;
pub mod data_dir_lock;
mod headers;
pub mod open_files;
pub mod relay;
mod static_files;

use std::{future::Future, path::PathBuf, sync::Arc, time::Duration};

use axum::{
    Router,
    extract::State,
    response::IntoResponse,
    routing::{any, get},
    serve::ListenerExt,
};
use tokio::net::TcpListener;

pub use api_error::ApiError;
pub use config::Config;
pub use headers::{inline_script_hashes, policy as content_security_policy};
use relay::{
    Relay,
    store::{RelayStore, SqliteStore},
};

/// How long open connections get to finish after a shutdown signal.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// What the router serves: the built app's folder and the relay.
pub struct AppState<S> {
    pub static_dir: PathBuf,
    pub relay: Arc<Relay<S>>,
}

impl<S> Clone for AppState<S> {
    fn clone(&self) -> Self {
        AppState {
            static_dir: self.static_dir.clone(),
            relay: self.relay.clone(),
        }
    }
}

impl<S: RelayStore> AppState<S> {
    /// The state for `config`, with `store` behind the relay.
    pub fn new(config: &Config, store: S) -> Self {
        AppState {
            static_dir: config.static_dir.clone(),
            relay: Relay::new(store, config.policy()),
        }
    }
}

/// The whole HTTP surface: `/relay`, `/healthz`, `/metrics`, `/api/*` and
/// the app's files, every response with the security headers.
pub fn app<S: RelayStore>(state: AppState<S>) -> Router {
    let relay = Router::new()
        .route("/relay", get(relay::socket::upgrade::<S>))
        .route("/healthz", get(healthz::<S>))
        .route("/metrics", get(metrics::<S>))
        .with_state(state.relay.clone());
    Router::new()
        .merge(relay)
        .route("/api", any(|| async { ApiError::NotFound }))
        .route("/api/", any(|| async { ApiError::NotFound }))
        .route("/api/{*rest}", any(|| async { ApiError::NotFound }))
        .merge(static_files::router(&state.static_dir))
        .layer(axum::middleware::from_fn(static_files::cache_rules))
        .layer(axum::middleware::from_fn_with_state(
            headers::SecurityHeaders::new(&state.static_dir),
            headers::add,
        ))
}

/// 200 "ok" when the store answers.
async fn healthz<S: RelayStore>(State(relay): State<Arc<Relay<S>>>) -> axum::response::Response {
    match relay.store().ping().await {
        Ok(()) => "ok".into_response(),
        Err(error) => {
            tracing::error!(%error, "health check: the store does not answer");
            ApiError::Unavailable.into_response()
        }
    }
}

async fn metrics<S: RelayStore>(State(relay): State<Arc<Relay<S>>>) -> impl IntoResponse {
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        relay.metrics().render(),
    )
}

/// Opens the store in `config.data_dir`, then serves until `shutdown`
/// resolves; requests in flight finish and relay connections are told the
/// relay is stopping. Every write acknowledged before then is in the file.
pub async fn run(
    listener: TcpListener,
    config: Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let addr = listener.local_addr()?;
    if !config.static_dir.join("index.html").is_file() {
        tracing::warn!(dir = %config.static_dir.display(), "no index.html here: build the app first (cargo xtask build)");
    }
    // Held until the server stops, so a restore cannot swap the file under it.
    let _data_dir =
        data_dir_lock::DataDirLock::serving(&config.data_dir).map_err(std::io::Error::other)?;
    let store = SqliteStore::open(&config.data_dir).map_err(std::io::Error::other)?;
    tracing::info!(file = %store.path().display(), "relay store open");
    let state = AppState::new(&config, store);
    let relay = state.relay.clone();
    // Tests and scripts read this line to find the port when started on port 0.
    println!("listening on http://{addr}");
    tracing::info!(%addr, "listening");
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(());
    // Without TCP_NODELAY a small frame written while an earlier one is
    // unacknowledged waits for the peer's delayed ACK (40 ms on Linux): an
    // acknowledgement sent right after a Notify came that much late.
    let listener = listener.tap_io(|tcp| {
        if let Err(error) = tcp.set_nodelay(true) {
            tracing::debug!(%error, "cannot set TCP_NODELAY");
        }
    });
    let serve = axum::serve(listener, app(state)).with_graceful_shutdown(async move {
        let mut rx = stop_rx;
        let _ = rx.changed().await;
    });
    let server = tokio::spawn(async move { serve.await });
    shutdown.await;
    tracing::info!("shutting down");
    drop(stop_tx);
    relay.stop();
    let finished = async {
        let served = server.await;
        relay.drained().await;
        served
    };
    match tokio::time::timeout(SHUTDOWN_GRACE, finished).await {
        Ok(joined) => joined.map_err(std::io::Error::other)?,
        Err(_) => {
            tracing::warn!("connections still open after the grace period; stopping anyway");
            Ok(())
        }
    }
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}
