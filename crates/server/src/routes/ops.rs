//! Health, readiness and metrics, for load balancers and Prometheus.

use crate::state::AppState;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "operations", responses((status = 200, description = "ok")))]
pub async fn healthz() -> &'static str {
    "ok\n"
}

/// The database answers.
#[utoipa::path(get, path = "/readyz", tag = "operations", responses((status = 200, description = "ready"), (status = 503, description = "database unreachable")))]
pub async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    match tokio::time::timeout(std::time::Duration::from_secs(2), state.store.ping()).await {
        Ok(Ok(())) => (StatusCode::OK, "ready\n"),
        _ => (StatusCode::SERVICE_UNAVAILABLE, "database unreachable\n"),
    }
}

/// Prometheus metrics.
#[utoipa::path(get, path = "/metrics", tag = "operations", responses((status = 200, description = "Prometheus text format")))]
pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    let mut body = state.metrics.render(state.store.bus().subscribers());
    // The delivery queue by state: a growing `queued` or any `dead` wants a look.
    if let Ok(counts) = state.store.job_counts().await {
        body.push_str("# HELP goldseam_jobs Deliveries and internal jobs by state.\n# TYPE goldseam_jobs gauge\n");
        for state in ["queued", "running", "done", "dead"] {
            let n = counts
                .iter()
                .find(|(s, _)| s == state)
                .map_or(0, |(_, n)| *n);
            body.push_str(&format!("goldseam_jobs{{state=\"{state}\"}} {n}\n"));
        }
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body)
}

/// `/metrics` on the main listener when metrics have a listener of their own.
pub async fn metrics_elsewhere() -> crate::error::ApiError {
    crate::error::ApiError::new(
        StatusCode::NOT_FOUND,
        "not-found",
        "metrics are served on their own listener here (metrics_listen)",
    )
}
