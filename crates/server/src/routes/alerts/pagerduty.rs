//! PagerDuty's Events API v2, answered exactly as PagerDuty answers (202 with the dedup key,
//! 400 that senders do not retry, 5xx they do), so every PagerDuty client, Alertmanager's
//! `pagerduty_configs` included, works unchanged once its URL points here.

use super::ingest::{accept, integration, new_dedup_key, Refused};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use goldseam_core::alerts::{Endpoint, Signal, SourceKind};
use serde::Serialize;
use utoipa::ToSchema;

/// PagerDuty's answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventsAnswer {
    /// `success`, `invalid event`, `throttle event` or `unavailable`.
    pub status: String,
    /// One sentence.
    pub message: String,
    /// The event's dedup key (made when the event had none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dedup_key: Option<String>,
    /// What was wrong, when refused.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
}

fn answer(status: StatusCode, word: &str, message: &str, errors: Vec<String>) -> Response {
    let body = EventsAnswer {
        status: word.into(),
        message: message.into(),
        dedup_key: None,
        errors,
    };
    (status, Json(body)).into_response()
}

fn refused(r: Refused) -> Response {
    match r {
        Refused::UnknownKey => answer(
            StatusCode::BAD_REQUEST,
            "invalid event",
            "Event object is invalid",
            vec!["'routing_key' is not the key of any Goldseam integration".into()],
        ),
        Refused::WrongKind(kind) => answer(
            StatusCode::BAD_REQUEST,
            "invalid event",
            "Event object is invalid",
            vec![format!(
                "'routing_key' belongs to a {} integration, not a PagerDuty Events one",
                kind.label()
            )],
        ),
        Refused::Signature(why) => answer(
            StatusCode::UNAUTHORIZED,
            "invalid event",
            "Signature refused",
            vec![why],
        ),
        Refused::Invalid(r) => answer(
            StatusCode::BAD_REQUEST,
            "invalid event",
            "Event object is invalid",
            r.errors,
        ),
        Refused::Unavailable => answer(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "The event could not be stored; retry",
            Vec::new(),
        ),
    }
}

async fn enqueue_at(
    state: &AppState,
    endpoint: Endpoint,
    headers: &HeaderMap,
    body: &Bytes,
) -> Response {
    let Some(key) = goldseam_core::alerts::sources::routing_key(body) else {
        // A body that is not JSON has no routing key either; saying so points the sender at
        // the real problem rather than at a field it did send.
        let why = match serde_json::from_slice::<serde_json::Value>(body) {
            Err(e) => format!("the body is not JSON: {e}"),
            Ok(_) => "'routing_key' is missing or not a string".into(),
        };
        return answer(
            StatusCode::BAD_REQUEST,
            "invalid event",
            "Event object is invalid",
            vec![why],
        );
    };
    let known = match integration(state, &key, SourceKind::Pagerduty).await {
        Ok(k) => k,
        Err(r) => return refused(r),
    };
    // A trigger without a dedup key gets one now, stored with it and answered.
    let assigned = (endpoint == Endpoint::Enqueue).then(new_dedup_key);
    match accept(state, &known, endpoint, None, headers, body, assigned).await {
        Ok(a) => {
            let dedup_key = a.parsed.signals.iter().find_map(|s| match s {
                Signal::Alert(a) => Some(a.dedup_key.clone()),
                _ => None,
            });
            let message = match endpoint {
                Endpoint::ChangeEnqueue => "Change event processed",
                _ => "Event processed",
            };
            let body = EventsAnswer {
                status: "success".into(),
                message: message.into(),
                dedup_key,
                errors: Vec::new(),
            };
            (StatusCode::ACCEPTED, Json(body)).into_response()
        }
        Err(r) => refused(r),
    }
}

/// A PagerDuty Events API v2 event as PagerDuty documents it. Only for the API document: the
/// body is stored as sent and read by the PagerDuty source, which names what it refuses.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct PagerDutyEvent {
    /// The integration's key.
    routing_key: String,
    /// `trigger`, `acknowledge` or `resolve`.
    event_action: String,
    /// Which alert this is; generated and returned for a trigger without one.
    dedup_key: Option<String>,
    /// The alert: `summary`, `source` and `severity` for a trigger, and optional details.
    #[schema(value_type = Option<Object>)]
    payload: Option<serde_json::Value>,
}

/// A PagerDuty change event as PagerDuty documents it (only for the API document).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct PagerDutyChangeEvent {
    /// The integration's key.
    routing_key: String,
    /// The change: `summary`, and optional `timestamp`, `source` and details.
    #[schema(value_type = Object)]
    payload: serde_json::Value,
}

/// Send an alert event (PagerDuty Events API v2: trigger, acknowledge, resolve). The
/// `routing_key` is the integration's key. Stored before it is answered.
#[utoipa::path(post, operation_id = "pagerduty_enqueue", path = "/v2/enqueue", tag = "alerts",
    request_body(content = PagerDutyEvent, description = "a PagerDuty Events v2 event"),
    responses((status = 202, body = EventsAnswer), (status = 400, body = EventsAnswer), (status = 401, body = EventsAnswer), (status = 413), (status = 503, body = EventsAnswer)))]
pub async fn enqueue(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    match body {
        Ok(body) => enqueue_at(&state, Endpoint::Enqueue, &headers, &body).await,
        Err(e) => crate::error::ApiError::from(e).into_response(),
    }
}

/// Send a change event (PagerDuty Events API v2): recorded on the service's open incidents;
/// never pages.
#[utoipa::path(post, operation_id = "pagerduty_change_enqueue", path = "/v2/change/enqueue", tag = "alerts",
    request_body(content = PagerDutyChangeEvent, description = "a PagerDuty change event"),
    responses((status = 202, body = EventsAnswer), (status = 400, body = EventsAnswer), (status = 413), (status = 503, body = EventsAnswer)))]
pub async fn change_enqueue(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    match body {
        Ok(body) => enqueue_at(&state, Endpoint::ChangeEnqueue, &headers, &body).await,
        Err(e) => crate::error::ApiError::from(e).into_response(),
    }
}
