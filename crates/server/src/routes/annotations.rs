//! Pins, tags and roles on an incident.

use super::change::{self, Idempotency};
use super::params;
use crate::auth::Auth;
use crate::dto::ChangeResponse;
use crate::error::{ApiError, Problem};
use crate::json::ApiJson;
use crate::routes::params::Path;
use crate::state::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use goldseam_core::{Command, EventId, ServiceId, Tag, UserId};
use goldseam_store::incidents::Change;
use serde::Deserialize;
use utoipa::ToSchema;

/// Pin an event.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PinRequest {
    /// The id of one of this incident's events.
    #[schema(value_type = i64)]
    pub event_id: EventId,
}

/// Add a tag.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TagRequest {
    /// Letters, digits, `-` and `_`; a leading `#` is dropped.
    pub tag: String,
}

/// Give someone a role.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleRequest {
    /// A role key (see `GET /api/v1/roles`).
    pub role: String,
    /// The user who takes it.
    #[schema(value_type = i64)]
    pub user_id: UserId,
}

/// Pin an event for stakeholders.
#[utoipa::path(post, path = "/api/v1/incidents/{ref}/pins", tag = "timeline", request_body = PinRequest,
    params(("ref" = String, Path, description = "INC-42 or 42"), ("Idempotency-Key" = Option<String>, Header, description = "Makes a repeat return the same pin")),
    responses((status = 201, body = ChangeResponse), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn pin(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Path(r): Path<String>,
    req: ApiJson<PinRequest>,
) -> Result<Response, ApiError> {
    change::run(
        &state,
        &auth,
        &headers,
        &r,
        vec![Change::Pin(req.value.event_id)],
        Idempotency::Scope("pin", &req.raw),
        StatusCode::CREATED,
    )
    .await
}

/// Unpin an event.
#[utoipa::path(delete, path = "/api/v1/incidents/{ref}/pins/{event_id}", tag = "timeline",
    params(("ref" = String, Path, description = "INC-42 or 42"), ("event_id" = i64, Path, description = "The pinned event")),
    responses((status = 200, body = ChangeResponse), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn unpin(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Path((r, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let cmd = Change::Core(Command::Unpin(params::id("event_id", &id)?));
    change::run(
        &state,
        &auth,
        &headers,
        &r,
        vec![cmd],
        Idempotency::None,
        StatusCode::OK,
    )
    .await
}

/// Tag an incident.
#[utoipa::path(post, path = "/api/v1/incidents/{ref}/tags", tag = "incidents", request_body = TagRequest,
    params(("ref" = String, Path, description = "INC-42 or 42"), ("Idempotency-Key" = Option<String>, Header, description = "Makes a repeat return the same tag")),
    responses((status = 201, body = ChangeResponse), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn add_tag(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Path(r): Path<String>,
    req: ApiJson<TagRequest>,
) -> Result<Response, ApiError> {
    let tag = Tag::parse("tag", &req.value.tag)?;
    change::run(
        &state,
        &auth,
        &headers,
        &r,
        vec![Change::Core(Command::AddTag(tag))],
        Idempotency::Scope("tag", &req.raw),
        StatusCode::CREATED,
    )
    .await
}

/// Remove a tag.
#[utoipa::path(delete, path = "/api/v1/incidents/{ref}/tags/{tag}", tag = "incidents",
    params(("ref" = String, Path, description = "INC-42 or 42"), ("tag" = String, Path, description = "The tag")),
    responses((status = 200, body = ChangeResponse), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn remove_tag(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Path((r, tag)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let tag = Tag::parse("tag", &tag)?;
    change::run(
        &state,
        &auth,
        &headers,
        &r,
        vec![Change::Core(Command::RemoveTag(tag))],
        Idempotency::None,
        StatusCode::OK,
    )
    .await
}

/// Give someone a role; a single-holder role passes from its current holder.
#[utoipa::path(post, path = "/api/v1/incidents/{ref}/roles", tag = "incidents", request_body = RoleRequest,
    params(("ref" = String, Path, description = "INC-42 or 42"), ("Idempotency-Key" = Option<String>, Header, description = "Makes a repeat return the same assignment")),
    responses((status = 201, body = ChangeResponse), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn assign_role(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Path(r): Path<String>,
    req: ApiJson<RoleRequest>,
) -> Result<Response, ApiError> {
    let user = state.store.user(req.value.user_id).await.map_err(|_| {
        ApiError::invalid("user_id", format!("there is no user {}", req.value.user_id))
    })?;
    if !user.active {
        return Err(ApiError::invalid(
            "user_id",
            format!("{} is deactivated", user.name),
        ));
    }
    let cmd = Command::AssignRole {
        role: req.value.role.clone(),
        user_id: user.id,
    };
    change::run(
        &state,
        &auth,
        &headers,
        &r,
        vec![Change::Core(cmd)],
        Idempotency::Scope("role", &req.raw),
        StatusCode::CREATED,
    )
    .await
}

/// Relieve someone of a role.
#[utoipa::path(delete, path = "/api/v1/incidents/{ref}/roles/{role}/{user_id}", tag = "incidents",
    params(("ref" = String, Path, description = "INC-42 or 42"), ("role" = String, Path, description = "Role key"), ("user_id" = i64, Path, description = "The holder")),
    responses((status = 200, body = ChangeResponse), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn unassign_role(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Path((r, role, user)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let cmd = Command::UnassignRole {
        role,
        user_id: params::id("user_id", &user)?,
    };
    change::run(
        &state,
        &auth,
        &headers,
        &r,
        vec![Change::Core(cmd)],
        Idempotency::None,
        StatusCode::OK,
    )
    .await
}

/// Mark a service as affected.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceRequest {
    /// A service's id (see `GET /api/v1/services`).
    #[schema(value_type = i64)]
    pub service_id: ServiceId,
}

/// Mark a service from the catalog as affected by the incident.
#[utoipa::path(post, path = "/api/v1/incidents/{ref}/services", tag = "incidents", request_body = ServiceRequest,
    params(("ref" = String, Path, description = "INC-42 or 42"), ("Idempotency-Key" = Option<String>, Header, description = "Makes a repeat return the same service")),
    responses((status = 201, body = ChangeResponse), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn add_service(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Path(r): Path<String>,
    req: ApiJson<ServiceRequest>,
) -> Result<Response, ApiError> {
    let id = req.value.service_id;
    let known = state
        .store
        .names_of(goldseam_store::response::Referenced::Service, &[id.get()])
        .await?;
    if !known.contains_key(&id.get()) {
        return Err(ApiError::invalid(
            "service_id",
            format!("there is no service {id}; see GET /api/v1/services"),
        ));
    }
    change::run(
        &state,
        &auth,
        &headers,
        &r,
        vec![Change::Core(Command::AddService(id))],
        Idempotency::Scope("service", &req.raw),
        StatusCode::CREATED,
    )
    .await
}

/// No longer count a service as affected.
#[utoipa::path(delete, path = "/api/v1/incidents/{ref}/services/{service_id}", tag = "incidents",
    params(("ref" = String, Path, description = "INC-42 or 42"), ("service_id" = i64, Path, description = "The service")),
    responses((status = 200, body = ChangeResponse), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn remove_service(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Path((r, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let id = params::id("service_id", &id)?;
    change::run(
        &state,
        &auth,
        &headers,
        &r,
        vec![Change::Core(Command::RemoveService(id))],
        Idempotency::None,
        StatusCode::OK,
    )
    .await
}
