//! Health, readiness and metrics, for load balancers and Prometheus.

use crate::error::{ApiError, Problem};
use crate::state::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "operations", security(()),
    responses((status = 200, content_type = "text/plain", body = String, description = "ok")))]
pub async fn healthz() -> &'static str {
    "ok\n"
}

/// The database answers.
#[utoipa::path(get, path = "/readyz", tag = "operations", security(()),
    responses((status = 200, content_type = "text/plain", body = String, description = "ready"),
        (status = 503, body = Problem, description = "The database did not answer within 2 seconds")))]
pub async fn readyz(State(state): State<AppState>) -> Result<&'static str, ApiError> {
    match tokio::time::timeout(std::time::Duration::from_secs(2), state.store.ping()).await {
        Ok(Ok(())) => Ok("ready\n"),
        _ => Err(ApiError::unavailable(
            "the database did not answer within 2 seconds",
            5,
        )),
    }
}

/// Prometheus metrics, unless `metrics_listen` gives them a listener of their own.
#[utoipa::path(get, path = "/metrics", tag = "operations", security(()),
    responses((status = 200, content_type = "text/plain", body = String, description = "Prometheus text format"),
        (status = 404, body = Problem, description = "Metrics are served on their own listener (`metrics_listen`)")))]
pub async fn metrics(State(state): State<AppState>) -> Result<Response, ApiError> {
    if state.config.metrics_listen.is_some() {
        return Err(ApiError::new(
            axum::http::StatusCode::NOT_FOUND,
            "not-found",
            "metrics are served on their own listener here (metrics_listen)",
        ));
    }
    Ok(exposition(&state).await)
}

/// `/metrics` on the metrics listener (`metrics_listen`), which serves nothing else.
pub async fn private_metrics(State(state): State<AppState>) -> Response {
    exposition(&state).await
}

async fn exposition(state: &AppState) -> Response {
    let mut body = state.metrics.render(state.store.bus().subscribers());
    // Group commit: requests ÷ batches is how many writes shared a transaction.
    let writes = state.store.write_stats();
    body.push_str(&format!(
        "# HELP goldseam_write_batches_total Transactions the incident writer committed.\n# TYPE goldseam_write_batches_total counter\ngoldseam_write_batches_total {}\n\
         # HELP goldseam_write_requests_total Declarations and changes the incident writer answered.\n# TYPE goldseam_write_requests_total counter\ngoldseam_write_requests_total {}\n",
        writes.batches.load(std::sync::atomic::Ordering::Relaxed),
        writes.requests.load(std::sync::atomic::Ordering::Relaxed),
    ));
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
    body.push_str(&crate::metrics_alerts::render(&state.store).await);
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body).into_response()
}
