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

/// A subscription in a request.
#[derive(Debug, serde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubscriptionRequest {
    /// `severity` (every incident of that severity), `tag` (every incident with the tag),
    /// `service` (every incident affecting the service, by id) or `incident` (one incident).
    pub target: String,
    /// The severity key, the tag, or the incident (`INC-42`).
    pub key: String,
    /// How to hear of it: any of `email`, `sms`, `slack` (default `["email"]`).
    #[serde(default)]
    pub channels: Option<Vec<String>>,
}

/// One of your subscriptions.
#[derive(Debug, Serialize, ToSchema)]
pub struct MySubscriptionDto {
    /// Id.
    pub id: i64,
    /// `incident`, `severity` or `tag`.
    pub target: String,
    /// The incident (`INC-42`), severity key or tag.
    pub key: String,
    /// How you hear of it.
    pub channels: Vec<String>,
}

fn my_dto(s: goldseam_store::subscriptions::Subscription) -> MySubscriptionDto {
    let key = match (s.target_kind.as_str(), s.target_key.parse::<i64>()) {
        ("incident", Ok(id)) => goldseam_core::IncidentRef::display(id),
        _ => s.target_key,
    };
    MySubscriptionDto {
        id: s.id,
        target: s.target_kind,
        key,
        channels: s.channels.iter().map(|c| c.as_str().to_string()).collect(),
    }
}

/// What you follow: incidents, severities and tags, and how you hear of them (declarations,
/// severity changes, status updates and resolutions).
#[utoipa::path(get, operation_id = "my_subscriptions", path = "/api/v1/me/subscriptions", tag = "subscriptions",
    responses((status = 200, body = Vec<MySubscriptionDto>)))]
pub async fn mine(
    State(state): State<AppState>,
    auth: Auth,
) -> Result<Json<Vec<MySubscriptionDto>>, ApiError> {
    Ok(Json(
        state
            .store
            .subscriptions_of(auth.user.id)
            .await?
            .into_iter()
            .map(my_dto)
            .collect(),
    ))
}

/// Follow a severity, a tag or an incident (again: changes the channels).
#[utoipa::path(post, operation_id = "add_subscription", path = "/api/v1/me/subscriptions", tag = "subscriptions", request_body = SubscriptionRequest,
    responses((status = 201, body = MySubscriptionDto), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn add(
    State(state): State<AppState>,
    auth: Auth,
    req: crate::json::ApiJson<SubscriptionRequest>,
) -> Result<(axum::http::StatusCode, Json<MySubscriptionDto>), ApiError> {
    use crate::error::Fields;
    use goldseam_core::{SubscriptionChannel, Tag};
    let mut f = Fields::default();
    let req = &req.value;
    let mut channels = Vec::new();
    for (i, c) in req
        .channels
        .clone()
        .unwrap_or_else(|| vec!["email".into()])
        .iter()
        .enumerate()
    {
        channels.extend(f.check(SubscriptionChannel::parse(&format!("channels[{i}]"), c)));
    }
    if req.channels.as_ref().is_some_and(|c| c.is_empty()) {
        f.push("channels", "choose at least one of email, sms, slack");
    }
    let target = match req.target.as_str() {
        "severity" => f.check(
            state
                .store
                .catalog()
                .severity(&req.key)
                .map(|s| SubscriptionTarget::Severity(s.key.clone())),
        ),
        "tag" => f.check(Tag::parse("key", &req.key).map(SubscriptionTarget::Tag)),
        "service" => match req.key.trim().parse::<i64>() {
            Ok(id)
                if state
                    .store
                    .names_of(goldseam_store::response::Referenced::Service, &[id])
                    .await?
                    .contains_key(&id) =>
            {
                Some(SubscriptionTarget::Service(id))
            }
            _ => {
                f.push(
                    "key",
                    format!(
                        "there is no service {:?}; use a service id from GET /api/v1/services",
                        req.key
                    ),
                );
                None
            }
        },
        "incident" => {
            f.finish()?;
            return incident_subscription(&state, &auth, &req.key, &channels).await;
        }
        other => {
            f.push(
                "target",
                format!("unknown target {other:?}; use severity, tag, service or incident"),
            );
            None
        }
    };
    f.finish()?;
    let s = state
        .store
        .subscribe_with(auth.user.id, &target.expect("checked"), &channels)
        .await?;
    Ok((axum::http::StatusCode::CREATED, Json(my_dto(s))))
}

async fn incident_subscription(
    state: &AppState,
    auth: &Auth,
    r: &str,
    channels: &[goldseam_core::SubscriptionChannel],
) -> Result<(axum::http::StatusCode, Json<MySubscriptionDto>), ApiError> {
    let t = target(state, auth, r).await?;
    let s = state
        .store
        .subscribe_with(auth.user.id, &t, channels)
        .await?;
    Ok((axum::http::StatusCode::CREATED, Json(my_dto(s))))
}

/// Stop following something.
#[utoipa::path(delete, operation_id = "delete_subscription", path = "/api/v1/me/subscriptions/{id}", tag = "subscriptions",
    params(("id" = i64, Path, description = "Subscription id")),
    responses((status = 204), (status = 404, body = Problem)))]
pub async fn remove(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<axum::http::StatusCode, ApiError> {
    state
        .store
        .delete_subscription(auth.user.id, params::id("id", &id)?)
        .await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}
