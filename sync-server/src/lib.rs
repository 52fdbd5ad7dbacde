//! The Heard server as a library: [`app`] builds the router (tests call it
//! without a socket) and [`run`] serves it on an already-bound listener.
//!
//! Invariant: the server never sees plaintext answers. Today it only serves the
//! built app; the relay for encrypted blobs arrives with the sync protocol.

mod api_error;
mod config;
pub mod relay;
mod static_files;

use std::{future::Future, time::Duration};

use axum::{
    Router,
    routing::{any, get},
};
use tokio::net::TcpListener;

pub use api_error::ApiError;
pub use config::Config;

/// How long open connections get to finish after a shutdown signal.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// The whole HTTP surface: `/healthz`, `/api/*` and the app's files.
pub fn app(config: &Config) -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/api", any(|| async { ApiError::NotFound }))
        .route("/api/", any(|| async { ApiError::NotFound }))
        .route("/api/{*rest}", any(|| async { ApiError::NotFound }))
        .merge(static_files::router(&config.static_dir))
        .layer(axum::middleware::from_fn(static_files::cache_rules))
}

/// Serves until `shutdown` resolves, then lets requests in flight finish.
pub async fn run(
    listener: TcpListener,
    config: Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let addr = listener.local_addr()?;
    if !config.static_dir.join("index.html").is_file() {
        tracing::warn!(dir = %config.static_dir.display(), "no index.html here: build the app first (cargo xtask build)");
    }
    // Tests and scripts read this line to find the port when started on port 0.
    println!("listening on http://{addr}");
    tracing::info!(%addr, "listening");
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(());
    let serve = axum::serve(listener, app(&config)).with_graceful_shutdown(async move {
        let mut rx = stop_rx;
        let _ = rx.changed().await;
    });
    let server = tokio::spawn(async move { serve.await });
    shutdown.await;
    tracing::info!("shutting down");
    drop(stop_tx);
    match tokio::time::timeout(SHUTDOWN_GRACE, server).await {
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
