//! Following an incident: the caller subscribes or unsubscribes themselves. Anyone who may see
//! the incident may follow it, viewers included: following changes nothing on the incident.

use super::params;
use crate::auth::Auth;
use crate::error::{ApiError, Problem};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::Json;
use goldseam_core::SubscriptionTarget;
use serde::Serialize;
use utoipa::ToSchema;

/// Whether the caller follows the incident.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubscriptionDto {
    /// True when the caller is notified of this incident's changes.
    pub subscribed: bool,
}

/// The incident as a target, after checking the caller may see it (404 otherwise, as for a
/// missing incident).
async fn target(state: &AppState, auth: &Auth, r: &str) -> Result<SubscriptionTarget, ApiError> {
    let r = params::incident_ref(r)?;
    let incident = state.store.incident(&auth.actor(), r).await?;
    Ok(SubscriptionTarget::Incident(incident.id))
}

/// Whether you follow this incident.
#[utoipa::path(get, operation_id = "subscription", path = "/api/v1/incidents/{ref}/subscription", tag = "subscriptions",
    params(("ref" = String, Path, description = "INC-42 or 42")),
    responses((status = 200, body = SubscriptionDto), (status = 404, body = Problem)))]
pub async fn show(
    State(state): State<AppState>,
    auth: Auth,
    Path(r): Path<String>,
) -> Result<Json<SubscriptionDto>, ApiError> {
    let t = target(&state, &auth, &r).await?;
    let subscribed = state.store.is_subscribed(auth.user.id, &t).await?;
    Ok(Json(SubscriptionDto { subscribed }))
}

/// Follow this incident (repeating is harmless).
#[utoipa::path(put, operation_id = "subscribe", path = "/api/v1/incidents/{ref}/subscription", tag = "subscriptions",
    params(("ref" = String, Path, description = "INC-42 or 42")),
    responses((status = 200, body = SubscriptionDto), (status = 404, body = Problem)))]
pub async fn subscribe(
    State(state): State<AppState>,
    auth: Auth,
    Path(r): Path<String>,
) -> Result<Json<SubscriptionDto>, ApiError> {
    let t = target(&state, &auth, &r).await?;
    state.store.subscribe(auth.user.id, &t).await?;
    Ok(Json(SubscriptionDto { subscribed: true }))
}

/// Stop following this incident (repeating is harmless).
#[utoipa::path(delete, operation_id = "unsubscribe", path = "/api/v1/incidents/{ref}/subscription", tag = "subscriptions",
    params(("ref" = String, Path, description = "INC-42 or 42")),
    responses((status = 200, body = SubscriptionDto), (status = 404, body = Problem)))]
pub async fn unsubscribe(
    State(state): State<AppState>,
    auth: Auth,
    Path(r): Path<String>,
) -> Result<Json<SubscriptionDto>, ApiError> {
    let t = target(&state, &auth, &r).await?;
    state.store.unsubscribe(auth.user.id, &t).await?;
    Ok(Json(SubscriptionDto { subscribed: false }))
}
