//! Opsgenie's Alert API, as much of it as Alertmanager's `opsgenie_configs` calls (create,
//! close, acknowledge, and with `update_alerts` the message and description), at
//! `/integrations/opsgenie/v2/alerts...` (the `api_url` to give Alertmanager is
//! `/integrations/opsgenie/`). The key comes as `Authorization: GenieKey KEY`; answers have
//! Opsgenie's shape.

use super::ingest::{accept, integration, Refused};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use goldseam_core::alerts::{Endpoint, SourceKind};
use serde::Serialize;
use utoipa::ToSchema;

/// Opsgenie's answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct OpsgenieAnswer {
    /// On success: "Request will be processed".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    /// On refusal: why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Each problem, by field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<serde_json::Value>,
    /// Seconds taken.
    pub took: f64,
    /// This request's id.
    #[serde(rename = "requestId")]
    pub request_id: String,
}

fn answer(
    status: StatusCode,
    started: std::time::Instant,
    result: Option<&str>,
    message: Option<String>,
    errors: Option<Vec<String>>,
) -> Response {
    let body = OpsgenieAnswer {
        result: result.map(str::to_owned),
        message,
        errors: errors.map(|e| serde_json::json!({ "message": e.join("; ") })),
        took: started.elapsed().as_secs_f64(),
        request_id: super::ingest::new_dedup_key(),
    };
    (status, Json(body)).into_response()
}

async fn handle(
    state: AppState,
    endpoint: Endpoint,
    alias: Option<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let started = std::time::Instant::now();
    let key = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("GenieKey "))
        .map(str::trim)
        .unwrap_or("");
    let refused = |r: Refused| match r {
        Refused::UnknownKey | Refused::WrongKind(_) | Refused::Signature(_) => answer(
            StatusCode::UNAUTHORIZED,
            started,
            None,
            Some(
                "Could not authenticate: the GenieKey is not a Goldseam Opsgenie integration's key"
                    .into(),
            ),
            None,
        ),
        Refused::Invalid(r) => answer(
            StatusCode::UNPROCESSABLE_ENTITY,
            started,
            None,
            Some(format!(
                "Request body is not processable. Please check the errors. {}",
                r.message
            )),
            Some(r.errors),
        ),
        Refused::Unavailable => answer(
            StatusCode::SERVICE_UNAVAILABLE,
            started,
            None,
            Some("Could not store the request; retry".into()),
            None,
        ),
    };
    let known = match integration(&state, key, SourceKind::Opsgenie).await {
        Ok(k) => k,
        Err(r) => return refused(r),
    };
    let body = match body {
        Ok(b) => b,
        Err(e) => {
            // Counted as any refusal is: the integration's page shows it.
            state.store.count_rejected(known.integration.id);
            return crate::error::ApiError::from(e).into_response();
        }
    };
    match accept(
        &state,
        &known,
        endpoint,
        alias.as_deref(),
        &headers,
        &body,
        None,
    )
    .await
    {
        Ok(_) => answer(
            StatusCode::ACCEPTED,
            started,
            Some("Request will be processed"),
            None,
            None,
        ),
        Err(r) => refused(r),
    }
}

/// Create an alert (Opsgenie API, as Alertmanager's `opsgenie_configs` sends it).
#[utoipa::path(post, operation_id = "opsgenie_create", path = "/integrations/opsgenie/v2/alerts", tag = "alerts", security(("genie_key" = [])),
    request_body(content = serde_json::Value, description = "an Opsgenie alert"),
    responses((status = 202, body = OpsgenieAnswer), (status = 401, body = OpsgenieAnswer), (status = 422, body = OpsgenieAnswer)))]
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    handle(state, Endpoint::OpsgenieCreate, None, headers, body).await
}

/// Close an alert by alias.
#[utoipa::path(post, operation_id = "opsgenie_close", path = "/integrations/opsgenie/v2/alerts/{alias}/close", tag = "alerts", security(("genie_key" = [])),
    params(("alias" = String, Path, description = "the alert's alias")),
    responses((status = 202, body = OpsgenieAnswer), (status = 401, body = OpsgenieAnswer), (status = 422, body = OpsgenieAnswer)))]
pub async fn close(
    State(state): State<AppState>,
    Path(alias): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    handle(state, Endpoint::OpsgenieClose, Some(alias), headers, body).await
}

/// Acknowledge an alert by alias.
#[utoipa::path(post, operation_id = "opsgenie_acknowledge", path = "/integrations/opsgenie/v2/alerts/{alias}/acknowledge", tag = "alerts", security(("genie_key" = [])),
    params(("alias" = String, Path, description = "the alert's alias")),
    responses((status = 202, body = OpsgenieAnswer), (status = 401, body = OpsgenieAnswer), (status = 422, body = OpsgenieAnswer)))]
pub async fn acknowledge(
    State(state): State<AppState>,
    Path(alias): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    handle(
        state,
        Endpoint::OpsgenieAcknowledge,
        Some(alias),
        headers,
        body,
    )
    .await
}

/// Change an alert's message.
#[utoipa::path(put, operation_id = "opsgenie_message", path = "/integrations/opsgenie/v2/alerts/{alias}/message", tag = "alerts", security(("genie_key" = [])),
    params(("alias" = String, Path, description = "the alert's alias")),
    responses((status = 202, body = OpsgenieAnswer), (status = 401, body = OpsgenieAnswer), (status = 422, body = OpsgenieAnswer)))]
pub async fn message(
    State(state): State<AppState>,
    Path(alias): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    handle(state, Endpoint::OpsgenieMessage, Some(alias), headers, body).await
}

/// Change an alert's description.
#[utoipa::path(put, operation_id = "opsgenie_description", path = "/integrations/opsgenie/v2/alerts/{alias}/description", tag = "alerts", security(("genie_key" = [])),
    params(("alias" = String, Path, description = "the alert's alias")),
    responses((status = 202, body = OpsgenieAnswer), (status = 401, body = OpsgenieAnswer), (status = 422, body = OpsgenieAnswer)))]
pub async fn description(
    State(state): State<AppState>,
    Path(alias): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    handle(
        state,
        Endpoint::OpsgenieDescription,
        Some(alias),
        headers,
        body,
    )
    .await
}
