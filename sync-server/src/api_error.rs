//! The one error type of the API, turned into a status and a JSON body in one place.

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};

#[derive(Debug)]
pub enum ApiError {
    NotFound,
    /// `/relay` was asked for without a WebSocket upgrade.
    NotWebSocket,
    /// The store does not answer (for `/healthz`).
    Unavailable,
    /// Something failed on our side; the details go to the log, not the client.
    Internal(String),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, message) = match self {
            ApiError::NotFound => (StatusCode::NOT_FOUND, "no such API endpoint"),
            ApiError::NotWebSocket => (
                StatusCode::UPGRADE_REQUIRED,
                "the relay speaks WebSocket only",
            ),
            ApiError::Unavailable => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
            ApiError::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal error")
            }
        };
        (status, Json(serde_json::json!({ "error": message }))).into_response()
    }
}
