//! The service catalog: everyone reads it; admins and the owning team's members edit it.

use super::wire::not_found_as_field;
use crate::auth::Auth;
use crate::error::{each, require, AllFields, ApiError, Problem, Refusals};
use crate::json::ApiJson;
use crate::routes::params;
use crate::routes::params::Path;
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::Json;
use goldseam_core::people::team::ensure_can_edit_service;
use goldseam_core::people::{Description, Name};
use goldseam_core::{ServiceId, Tag, TeamId, UserRole};
use goldseam_store::people::{NewService, Service, ServiceChange};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A service.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceDto {
    /// Id.
    pub id: i64,
    /// Name, unique ignoring case.
    pub name: String,
    /// What it does (markdown); may be empty.
    pub description: String,
    /// The owning team's id.
    pub team_id: i64,
    /// The owning team's name.
    pub team_name: String,
    /// Tags, sorted.
    pub tags: Vec<String>,
    /// Created at.
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    /// Last changed at.
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: Timestamp,
}

impl From<Service> for ServiceDto {
    fn from(s: Service) -> Self {
        ServiceDto {
            id: s.id.get(),
            name: s.name,
            description: s.description,
            team_id: s.team_id.get(),
            team_name: s.team_name,
            tags: s.tags.iter().map(|t| t.as_str().to_string()).collect(),
            created_at: s.created_at,
            updated_at: s.updated_at,
        }
    }
}

/// A page of services.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceList {
    /// Services in id order.
    pub items: Vec<ServiceDto>,
    /// Pass as `cursor` for the next page.
    pub next_cursor: Option<String>,
}

/// A new service.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateServiceRequest {
    /// Name, unique ignoring case; up to 100 characters.
    pub name: String,
    /// What it does (markdown, up to 2,000 characters).
    pub description: Option<String>,
    /// The owning team's id.
    #[schema(value_type = i64)]
    pub team_id: TeamId,
    /// Tags: letters, digits, `-` and `_`, as on incidents.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// Changes to a service; absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateServiceRequest {
    /// A new name.
    pub name: Option<String>,
    /// A new description.
    pub description: Option<String>,
    /// A new owning team.
    #[schema(value_type = Option<i64>)]
    pub team_id: Option<TeamId>,
    /// New tags, replacing the old ones.
    pub tags: Option<Vec<String>>,
}

/// The most tags a service may have.
const MAX_TAGS: usize = 20;

fn parse_tags(raw: &[String]) -> Result<Vec<Tag>, Refusals> {
    let ((), tags) = (
        require(
            raw.len() <= MAX_TAGS,
            "tags",
            format!("at most {MAX_TAGS} tags are accepted"),
        ),
        each(
            raw.iter()
                .enumerate()
                .map(|(i, t)| Tag::parse(&format!("tags[{i}]"), t)),
        ),
    )
        .all()?;
    Ok(tags)
}

impl TryFrom<&CreateServiceRequest> for NewService {
    type Error = Refusals;

    fn try_from(r: &CreateServiceRequest) -> Result<NewService, Refusals> {
        let (name, description, tags, ()) = (
            Name::parse("name", &r.name),
            Description::parse("description", r.description.as_deref().unwrap_or("")),
            parse_tags(&r.tags),
            require(r.team_id.get() > 0, "team_id", "must be a positive id"),
        )
            .all()?;
        Ok(NewService {
            name,
            description,
            team_id: r.team_id,
            tags,
        })
    }
}

impl TryFrom<&UpdateServiceRequest> for ServiceChange {
    type Error = Refusals;

    fn try_from(r: &UpdateServiceRequest) -> Result<ServiceChange, Refusals> {
        let (name, description, tags, (), ()) = (
            r.name
                .as_deref()
                .map(|n| Name::parse("name", n))
                .transpose(),
            r.description
                .as_deref()
                .map(|d| Description::parse("description", d))
                .transpose(),
            r.tags.as_deref().map(parse_tags).transpose(),
            require(
                r.team_id.is_none_or(|t| t.get() > 0),
                "team_id",
                "must be a positive id",
            ),
            require(
                r.name.is_some()
                    || r.description.is_some()
                    || r.team_id.is_some()
                    || r.tags.is_some(),
                "body",
                "nothing to change; send name, description, team_id or tags",
            ),
        )
            .all()?;
        Ok(ServiceChange {
            name,
            description,
            team_id: r.team_id,
            tags,
        })
    }
}

/// Refuses unless the caller may edit services of `team_id`; an unknown team is the body's
/// `team_id` to fix.
async fn ensure_editor(state: &AppState, auth: &Auth, team_id: TeamId) -> Result<(), ApiError> {
    state.store.team(team_id).await.map_err(|e| {
        not_found_as_field(
            e,
            "team_id",
            format!("no team has id {team_id}; see GET /api/v1/teams"),
        )
    })?;
    let member = auth.user.role != UserRole::Admin
        && state
            .store
            .team_membership(team_id, auth.user.id)
            .await?
            .is_some();
    ensure_can_edit_service(&auth.actor(), member)?;
    Ok(())
}

/// The service catalog; cursor-paginated.
#[utoipa::path(get, operation_id = "list_services", path = "/api/v1/services", tag = "services",
    params(("cursor" = Option<String>, Query, description = "From next_cursor"), ("limit" = Option<i64>, Query, minimum = 1, maximum = 500, description = "1 to 500, default 100")),
    responses((status = 200, body = ServiceList), (status = 422, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    _auth: Auth,
    RawQuery(q): RawQuery,
) -> Result<Json<ServiceList>, ApiError> {
    let page = params::Page::parse(q.as_deref(), 100, 500)?;
    let services = state
        .store
        .list_services(None, ServiceId::from_db(page.after), page.limit)
        .await?;
    let next_cursor = page.next(&services, |s| s.id.get());
    Ok(Json(ServiceList {
        items: services.into_iter().map(ServiceDto::from).collect(),
        next_cursor,
    }))
}

/// Add a service (admins, and members of the owning team).
#[utoipa::path(post, operation_id = "create_service", path = "/api/v1/services", tag = "services", request_body = CreateServiceRequest,
    responses((status = 201, body = ServiceDto), (status = 403, body = Problem),
        (status = 409, body = Problem, description = "The name is taken"), (status = 422, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    auth: Auth,
    req: ApiJson<CreateServiceRequest>,
) -> Result<(StatusCode, Json<ServiceDto>), ApiError> {
    let new = NewService::try_from(&req.value)?;
    ensure_editor(&state, &auth, new.team_id).await?;
    let service = state.store.create_service(&new).await?;
    Ok((StatusCode::CREATED, Json(service.into())))
}

/// A service.
#[utoipa::path(get, operation_id = "service", path = "/api/v1/services/{id}", tag = "services",
    params(("id" = i64, Path, description = "Service id")),
    responses((status = 200, body = ServiceDto), (status = 404, body = Problem)))]
pub async fn show(
    State(state): State<AppState>,
    _auth: Auth,
    Path(id): Path<String>,
) -> Result<Json<ServiceDto>, ApiError> {
    let id = params::id("id", &id)?;
    Ok(Json(state.store.service(id).await?.into()))
}

/// Change a service (admins, and members of the owning team; moving it to another team
/// needs membership of both).
#[utoipa::path(patch, operation_id = "update_service", path = "/api/v1/services/{id}", tag = "services", request_body = UpdateServiceRequest,
    params(("id" = i64, Path, description = "Service id")),
    responses((status = 200, body = ServiceDto), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "The name is taken"), (status = 422, body = Problem)))]
pub async fn update(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    req: ApiJson<UpdateServiceRequest>,
) -> Result<Json<ServiceDto>, ApiError> {
    let id = params::id("id", &id)?;
    let change = ServiceChange::try_from(&req.value)?;
    let current = state.store.service(id).await?;
    ensure_editor(&state, &auth, current.team_id).await?;
    if let Some(team_id) = change.team_id.filter(|t| *t != current.team_id) {
        ensure_editor(&state, &auth, team_id).await?;
    }
    Ok(Json(state.store.update_service(id, &change).await?.into()))
}

/// Remove a service from the catalog (admins, and members of the owning team).
#[utoipa::path(delete, operation_id = "delete_service", path = "/api/v1/services/{id}", tag = "services",
    params(("id" = i64, Path, description = "Service id")),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn delete(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = params::id("id", &id)?;
    let current = state.store.service(id).await?;
    ensure_editor(&state, &auth, current.team_id).await?;
    state.store.delete_service(id).await?;
    Ok(StatusCode::NO_CONTENT)
}
