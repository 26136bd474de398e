//! Following an incident: the caller subscribes or unsubscribes themselves. Anyone who may see
//! the incident may follow it, viewers included: following changes nothing on the incident.

use super::params;
use crate::auth::Auth;
use crate::error::{ApiError, Problem};
use crate::routes::params::Path;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use goldseam_core::{ServiceId, SubscriptionTarget, TeamId};
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
    /// `service` (every incident affecting the service, by id), `team` (every incident
    /// affecting a service the team owns, by id) or `incident` (one incident).
    pub target: String,
    /// The severity key, the tag, the service or team id, or the incident (`INC-42`).
    pub key: String,
    /// How to hear of it: any of `email`, `sms`, `slack`, `mattermost` (default `["email"]`).
    #[serde(default)]
    pub channels: Option<Vec<String>>,
}

/// One of your subscriptions.
#[derive(Debug, Serialize, ToSchema)]
pub struct MySubscriptionDto {
    /// Id.
    pub id: i64,
    /// `incident`, `severity`, `tag`, `service` or `team`.
    pub target: String,
    /// The incident (`INC-42`), severity key, tag, service id or team id.
    pub key: String,
    /// How you hear of it.
    pub channels: Vec<String>,
}

fn my_dto(s: goldseam_store::subscriptions::Subscription) -> MySubscriptionDto {
    let key = match (s.target_kind.as_str(), s.target_key.parse::<i64>()) {
        ("incident", Ok(id)) => goldseam_core::IncidentId::from_db(id).reference(),
        _ => s.target_key,
    };
    MySubscriptionDto {
        id: s.id.get(),
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

/// Follow a severity, a tag, a service, a team or an incident (again: changes the channels).
#[utoipa::path(post, operation_id = "add_subscription", path = "/api/v1/me/subscriptions", tag = "subscriptions", request_body = SubscriptionRequest,
    responses((status = 201, body = MySubscriptionDto), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn add(
    State(state): State<AppState>,
    auth: Auth,
    req: crate::json::ApiJson<SubscriptionRequest>,
) -> Result<(axum::http::StatusCode, Json<MySubscriptionDto>), ApiError> {
    let (target, channels) = match parse(&state, &req.value, true).await? {
        Parsed::Target(t, c) => (t, c),
        Parsed::Incident(key, c) => return incident_subscription(&state, &auth, &key, &c).await,
    };
    let s = state
        .store
        .subscribe_with(auth.user.id, &target, &channels)
        .await?;
    Ok((axum::http::StatusCode::CREATED, Json(my_dto(s))))
}

/// A subscription request, checked.
enum Parsed {
    Target(SubscriptionTarget, Vec<goldseam_core::SubscriptionChannel>),
    /// One incident, by the reference given (checked against what the caller may see).
    Incident(String, Vec<goldseam_core::SubscriptionChannel>),
}

/// What a request follows, before its channels are attached.
enum Followed {
    Target(SubscriptionTarget),
    Incident(String),
}

/// Every problem with a request at once: the channels, and a target that exists.
async fn parse(
    state: &AppState,
    req: &SubscriptionRequest,
    incidents: bool,
) -> Result<Parsed, ApiError> {
    use crate::error::{each, require, AllFields, Refusals};
    use goldseam_core::{SubscriptionChannel, Tag};
    use goldseam_store::response::Referenced;
    let asked = req.channels.clone().unwrap_or_else(|| vec!["email".into()]);
    let channels = each(
        asked
            .iter()
            .enumerate()
            .map(|(i, c)| SubscriptionChannel::parse(&format!("channels[{i}]"), c)),
    );
    let some_channel = require(
        !req.channels.as_ref().is_some_and(|c| c.is_empty()),
        "channels",
        "choose at least one of email, sms, slack, mattermost",
    );
    // The id in `key`, when a thing of that kind has it.
    let existing = |kind: Referenced| async move {
        Ok::<_, ApiError>(match req.key.trim().parse::<i64>() {
            Ok(id) if state.store.names_of(kind, &[id]).await?.contains_key(&id) => Some(id),
            _ => None,
        })
    };
    let followed = match req.target.as_str() {
        "severity" => state
            .store
            .catalog()
            .severity(&req.key)
            .map(|s| Followed::Target(SubscriptionTarget::Severity(s.key.clone())))
            .map_err(Refusals::from),
        "tag" => Tag::parse("key", &req.key)
            .map(|t| Followed::Target(SubscriptionTarget::Tag(t)))
            .map_err(Refusals::from),
        "service" => existing(Referenced::Service)
            .await?
            .map(|id| Followed::Target(SubscriptionTarget::Service(ServiceId::from_db(id))))
            .ok_or_else(|| {
                Refusals::field(
                    "key",
                    format!(
                        "there is no service {:?}; use a service id from GET /api/v1/services",
                        req.key
                    ),
                )
            }),
        "team" => existing(Referenced::Team)
            .await?
            .map(|id| Followed::Target(SubscriptionTarget::Team(TeamId::from_db(id))))
            .ok_or_else(|| {
                Refusals::field(
                    "key",
                    format!(
                        "there is no team {:?}; use a team id from GET /api/v1/teams",
                        req.key
                    ),
                )
            }),
        "incident" if incidents => Ok(Followed::Incident(req.key.clone())),
        other => {
            let valid = if incidents {
                "severity, tag, service, team or incident"
            } else {
                "severity, tag, service or team"
            };
            Err(Refusals::field(
                "target",
                format!("unknown target {other:?}; use {valid}"),
            ))
        }
    };
    let (channels, (), followed) = (channels, some_channel, followed).all()?;
    Ok(match followed {
        Followed::Target(t) => Parsed::Target(t, channels),
        Followed::Incident(key) => Parsed::Incident(key, channels),
    })
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

/// What a team follows (an admin's choice for the whole team).
#[utoipa::path(get, operation_id = "team_subscriptions", path = "/api/v1/teams/{id}/subscriptions", tag = "subscriptions",
    params(("id" = i64, Path, description = "Team id")),
    responses((status = 200, body = Vec<MySubscriptionDto>), (status = 404, body = Problem)))]
pub async fn team_list(
    State(state): State<AppState>,
    _auth: Auth,
    Path(id): Path<String>,
) -> Result<Json<Vec<MySubscriptionDto>>, ApiError> {
    let team = state.store.team(params::id("id", &id)?).await?;
    Ok(Json(
        state
            .store
            .team_subscriptions(team.id)
            .await?
            .into_iter()
            .map(my_dto)
            .collect(),
    ))
}

/// Subscribe a whole team (admins): whoever is in the team when something happens hears of it
/// by these channels. Targets: severity, tag, service or team.
#[utoipa::path(post, operation_id = "add_team_subscription", path = "/api/v1/teams/{id}/subscriptions", tag = "subscriptions", request_body = SubscriptionRequest,
    params(("id" = i64, Path, description = "Team id")),
    responses((status = 201, body = MySubscriptionDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn team_add(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    req: crate::json::ApiJson<SubscriptionRequest>,
) -> Result<(axum::http::StatusCode, Json<MySubscriptionDto>), ApiError> {
    goldseam_core::policy::ensure_admin(&auth.actor())?;
    let team = state.store.team(params::id("id", &id)?).await?;
    let Parsed::Target(target, channels) = parse(&state, &req.value, false).await? else {
        return Err(ApiError::invalid(
            "target",
            "a team cannot follow one incident; use severity, tag, service or team",
        ));
    };
    let s = state
        .store
        .team_subscribe(team.id, &target, &channels)
        .await?;
    Ok((axum::http::StatusCode::CREATED, Json(my_dto(s))))
}

/// Remove one of a team's subscriptions (admins).
#[utoipa::path(delete, operation_id = "delete_team_subscription", path = "/api/v1/teams/{id}/subscriptions/{subscription_id}", tag = "subscriptions",
    params(("id" = i64, Path, description = "Team id"), ("subscription_id" = i64, Path, description = "Subscription id")),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn team_remove(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, sid)): Path<(String, String)>,
) -> Result<axum::http::StatusCode, ApiError> {
    goldseam_core::policy::ensure_admin(&auth.actor())?;
    state
        .store
        .delete_team_subscription(params::id("id", &id)?, params::id("subscription_id", &sid)?)
        .await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}
