//! The webhook senders: Alertmanager, Grafana, Datadog, generic JSON and PagerDuty v3, each at
//! `/integrations/{kind}/{key}`. Senders retry 5xx and not 4xx, so a request that can never
//! make an alert gets a 4xx saying why, and one the database could not store a 503.

use super::ingest::{accept, integration, Refused};
use crate::error::{ApiError, Problem};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use goldseam_core::alerts::{Endpoint, SourceKind};
use goldseam_store::alerts::Stored;
use serde::Serialize;
use utoipa::ToSchema;

/// What a stored webhook request carried.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookAccepted {
    /// `accepted`: stored, and processed shortly; `duplicate`: this delivery was stored before.
    pub status: String,
    /// Alerts and other signals it carried.
    pub signals: usize,
}

/// The kind a path segment names.
fn kind_of(segment: &str) -> Option<SourceKind> {
    match segment {
        "alertmanager" => Some(SourceKind::Alertmanager),
        "grafana" => Some(SourceKind::Grafana),
        "datadog" => Some(SourceKind::Datadog),
        "webhook" => Some(SourceKind::Webhook),
        "pagerduty-webhook" => Some(SourceKind::PagerdutyWebhook),
        _ => None,
    }
}

pub(super) fn refused(r: Refused) -> ApiError {
    match r {
        Refused::UnknownKey => ApiError::not_found(
            "an integration with this key (was it deleted, or the key copied wrong?)",
        ),
        Refused::WrongKind(kind) => ApiError::new(
            StatusCode::NOT_FOUND,
            "wrong-integration-kind",
            format!(
                "this key belongs to a {} integration; send to the address its page shows",
                kind.label()
            ),
        ),
        Refused::Signature(why) => ApiError::unauthorized(why),
        Refused::Invalid(r) => {
            let detail = format!("{}: {}", r.message, r.errors.join("; "));
            ApiError::new(StatusCode::BAD_REQUEST, "invalid-alert", detail)
        }
        Refused::Unavailable => ApiError::unavailable("the request could not be stored; retry", 5),
    }
}

/// Receive a webhook from Alertmanager (`alertmanager`), Grafana (`grafana`), Datadog
/// (`datadog`), any JSON sender (`webhook`) or PagerDuty v3 (`pagerduty-webhook`). The key is
/// the integration's; the body is stored before it is answered.
#[utoipa::path(post, operation_id = "receive_alert_webhook", path = "/integrations/{kind}/{key}", tag = "alerts",
    params(("kind" = String, Path, description = "alertmanager, grafana, datadog, webhook or pagerduty-webhook"),
           ("key" = String, Path, description = "the integration's key")),
    request_body(content = serde_json::Value, description = "the sender's payload"),
    responses((status = 202, body = WebhookAccepted), (status = 400, body = Problem), (status = 401, body = Problem),
              (status = 404, body = Problem), (status = 413, body = Problem), (status = 503, body = Problem)))]
pub async fn receive(
    State(state): State<AppState>,
    Path((kind, key)): Path<(String, String)>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let Some(kind) = kind_of(&kind) else {
        return Err(ApiError::not_found(format!(
            "alert senders named {kind:?}; use alertmanager, grafana, datadog, webhook or pagerduty-webhook"
        )));
    };
    let known = integration(&state, &key, kind).await.map_err(refused)?;
    // A body refused for its size (or cut off) is a refusal the integration's page counts.
    let body = body.inspect_err(|_| state.store.count_rejected(known.integration.id))?;
    let a = accept(
        &state,
        &known,
        Endpoint::Webhook,
        None,
        &headers,
        &body,
        None,
    )
    .await
    .map_err(refused)?;
    let status = match a.stored {
        Stored::New => "accepted",
        Stored::Repeat => "duplicate",
    };
    let answer = WebhookAccepted {
        status: status.into(),
        signals: a.parsed.signals.len(),
    };
    Ok((StatusCode::ACCEPTED, Json(answer)).into_response())
}
