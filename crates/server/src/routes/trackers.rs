//! What issue trackers send us: GitHub's and Jira's webhooks saying an issue a follow-up was
//! filed as was closed or reopened. Each delivery is verified (size, then the signature, then
//! its shape), stored in the inbox with the change it asks for, and only then answered; the job
//! queue applies it, once per delivery id however often the tracker retries.

use crate::error::{ApiError, Problem};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use goldseam_integrations::trackers::{verify_github, verify_jira, Inbound, WebhookRefusal};
use goldseam_integrations::Secret;
use goldseam_store::follow_ups::TrackerUpdate;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The trackers' routes: callbacks signed with the webhook's secret, not for clients.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(github))
        .routes(routes!(jira))
}

/// What a delivery did.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookAnswer {
    /// `stored` (it will be applied), `duplicate` (delivered before) or `ignored` (an event
    /// Goldseam has no use for, such as a ping).
    pub outcome: String,
}

type Verify = fn(&Secret, &HeaderMap, &[u8]) -> Result<Inbound, WebhookRefusal>;

async fn receive(
    state: &AppState,
    tracker: &str,
    header: &str,
    secret: Option<&Secret>,
    verify: Verify,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let refused = |r: WebhookRefusal| {
        let status = StatusCode::from_u16(r.status()).unwrap_or(StatusCode::BAD_REQUEST);
        ApiError::new(status, "webhook_refused", r.to_string())
    };
    // Unsigned is refused first, the same whether or not the tracker is set up.
    if headers.get(header).is_none_or(|v| v.is_empty()) {
        return Err(refused(WebhookRefusal::MissingSignature(match tracker {
            "github" => "X-Hub-Signature-256",
            _ => "X-Hub-Signature",
        })));
    }
    let Some(secret) = secret else {
        return Err(ApiError::not_found(format!(
            "{tracker} webhooks (no webhook secret is configured)"
        )));
    };
    let body = body?;
    let answer = |outcome: &str| {
        (
            StatusCode::OK,
            Json(WebhookAnswer {
                outcome: outcome.into(),
            }),
        )
            .into_response()
    };
    match verify(secret, headers, &body).map_err(refused)? {
        Inbound::Ignored { delivery_id, what } => {
            tracing::debug!(%tracker, %delivery_id, %what, "a tracker webhook Goldseam has no use for");
            Ok(answer("ignored"))
        }
        Inbound::Event(e) => {
            let update = TrackerUpdate {
                tracker: tracker.into(),
                key: e.key,
                closed: e.closed,
            };
            let raw = String::from_utf8_lossy(&body);
            let new = state
                .store
                .receive_tracker_event(&e.delivery_id, &raw, &update)
                .await?;
            Ok(answer(if new { "stored" } else { "duplicate" }))
        }
    }
}

/// GitHub's `issues` webhook (closed, reopened); every other event is answered and ignored.
#[utoipa::path(post, path = "/api/v1/integrations/github", tag = "integrations", security(("github_signature" = [])),
    request_body(content = Object, content_type = "application/json", description = "GitHub's webhook payload (X-GitHub-Event, X-GitHub-Delivery headers)"),
    responses((status = 200, body = WebhookAnswer),
        (status = 400, body = Problem, description = "A header GitHub always sends is missing, or the JSON is not an issues event"),
        (status = 401, body = Problem, description = "Missing or wrong X-Hub-Signature-256"),
        (status = 404, body = Problem, description = "No GitHub webhook secret is configured on this server"),
        (status = 413, body = Problem, description = "The body is over 1 MiB")))]
async fn github(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let secret = state
        .config
        .delivery
        .channels
        .trackers
        .github_webhook_secret
        .clone();
    receive(
        &state,
        "github",
        "x-hub-signature-256",
        secret.as_ref(),
        verify_github,
        &headers,
        body,
    )
    .await
}

/// Jira's `jira:issue_updated` webhook (an admin webhook registered with a secret).
#[utoipa::path(post, path = "/api/v1/integrations/jira", tag = "integrations", security(("jira_signature" = [])),
    request_body(content = Object, content_type = "application/json", description = "Jira's webhook payload (X-Atlassian-Webhook-Identifier header)"),
    responses((status = 200, body = WebhookAnswer),
        (status = 400, body = Problem, description = "A header Jira always sends is missing, or the JSON is not an issue event"),
        (status = 401, body = Problem, description = "Missing or wrong X-Hub-Signature"),
        (status = 404, body = Problem, description = "No Jira webhook secret is configured on this server"),
        (status = 413, body = Problem, description = "The body is over 1 MiB")))]
async fn jira(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let secret = state
        .config
        .delivery
        .channels
        .trackers
        .jira_webhook_secret
        .clone();
    receive(
        &state,
        "jira",
        "x-hub-signature",
        secret.as_ref(),
        verify_jira,
        &headers,
        body,
    )
    .await
}
