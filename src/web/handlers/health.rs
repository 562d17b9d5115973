//! `/healthz`: 200 when the database answers, 503 when it does not (for load balancers).

use axum::extract::State;
use axum::http::StatusCode;

use crate::web::state::AppState;

/// Answers whether this instance can serve.
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.store.db().ping().await {
        Ok(()) => (StatusCode::OK, "ok\n"),
        Err(error) => {
            tracing::error!(%error, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable\n")
        }
    }
}
