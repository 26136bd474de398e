//! Listing, reading, creating, replacing and deleting schedules. Everyone reads; admins write.

use super::dto::{Names, ScheduleDto, ScheduleList, ScheduleRequest, ScheduleSummary};
use crate::auth::Auth;
use crate::error::{each, require, AllFields, ApiError, Problem};
use crate::json::ApiJson;
use crate::routes::params;
use crate::routes::params::Path;
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::Json;
use goldseam_core::policy::ensure_admin;
use goldseam_core::schedule::ScheduleDefinition;
use goldseam_core::{ScheduleId, UserId};
use goldseam_store::schedules::StoredSchedule;
use goldseam_store::Store;
use jiff::Timestamp;

/// Parses a written schedule, naming every bad field, people who are not users included.
pub async fn definition(
    store: &Store,
    req: &ScheduleRequest,
) -> Result<ScheduleDefinition, ApiError> {
    let parsed = ScheduleDefinition::parse(
        &req.name,
        req.description.as_deref(),
        &req.time_zone,
        &req.layers,
    );
    let ids: Vec<UserId> = req
        .layers
        .iter()
        .flat_map(|l| l.participants.iter().copied())
        .filter(|id| id.get() > 0)
        .collect();
    let unknown = &store.unknown_users(&ids).await?;
    let people = each(req.layers.iter().enumerate().flat_map(|(i, layer)| {
        layer.participants.iter().enumerate().map(move |(j, id)| {
            require(
                !unknown.contains(id),
                &format!("layers[{i}].participants[{j}]"),
                format!("user {id} does not exist; use ids from GET /api/v1/users"),
            )
        })
    }));
    let (definition, _) = (parsed, people).all()?;
    Ok(definition)
}

/// The schedule with its overrides that have not ended.
pub async fn full(state: &AppState, s: &StoredSchedule) -> Result<ScheduleDto, ApiError> {
    let now = state.store.now();
    let overrides = state
        .store
        .overrides_between(s.id, now, Timestamp::MAX)
        .await?;
    let tz = s.definition()?.time_zone;
    let names = Names::load(&state.store, overrides.iter().map(|o| o.user_id)).await?;
    Ok(ScheduleDto {
        id: s.id.get(),
        name: s.name.clone(),
        description: s.description.clone(),
        time_zone: s.time_zone.clone(),
        layers: s.layers.clone(),
        overrides: overrides
            .iter()
            .map(|o| names.override_dto(o, &tz))
            .collect(),
        created_at: s.created_at,
        updated_at: s.updated_at,
    })
}

/// Every schedule, with who is on call now; cursor-paginated.
#[utoipa::path(get, operation_id = "list_schedules", path = "/api/v1/schedules", tag = "schedules",
    params(("cursor" = Option<String>, Query, description = "From next_cursor"), ("limit" = Option<i64>, Query, minimum = 1, maximum = 200, description = "1 to 200, default 50")),
    responses((status = 200, body = ScheduleList), (status = 422, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    _auth: Auth,
    RawQuery(q): RawQuery,
) -> Result<Json<ScheduleList>, ApiError> {
    let page = params::Page::parse(q.as_deref(), 50, 200)?;
    let schedules = state
        .store
        .list_schedules(ScheduleId::from_db(page.after), page.limit)
        .await?;
    let now = state.store.now();
    let mut on_call = Vec::new();
    for s in &schedules {
        let resolvable = state.store.resolvable_schedule(s, now, now).await?;
        on_call.push(resolvable.shift_at(now));
    }
    let names = Names::load(&state.store, on_call.iter().flatten().map(|s| s.user)).await?;
    let mut items = Vec::new();
    for (s, shift) in schedules.iter().zip(&on_call) {
        let tz = s.definition()?.time_zone;
        items.push(ScheduleSummary {
            id: s.id.get(),
            name: s.name.clone(),
            description: s.description.clone(),
            time_zone: s.time_zone.clone(),
            on_call: shift.as_ref().map(|sh| names.shift(sh, s, &tz)),
        });
    }
    let next_cursor = page.next(&schedules, |s| s.id.get());
    Ok(Json(ScheduleList { items, next_cursor }))
}

/// Create a schedule (admins).
#[utoipa::path(post, operation_id = "create_schedule", path = "/api/v1/schedules", tag = "schedules", request_body = ScheduleRequest,
    responses((status = 201, body = ScheduleDto), (status = 403, body = Problem), (status = 409, body = Problem, description = "The name is taken"), (status = 422, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    auth: Auth,
    req: ApiJson<ScheduleRequest>,
) -> Result<(StatusCode, Json<ScheduleDto>), ApiError> {
    ensure_admin(&auth.actor())?;
    let def = definition(&state.store, &req.value).await?;
    let s = state.store.create_schedule(&def).await?;
    Ok((StatusCode::CREATED, Json(full(&state, &s).await?)))
}

/// A schedule: its settings and upcoming overrides.
#[utoipa::path(get, operation_id = "schedule", path = "/api/v1/schedules/{id}", tag = "schedules",
    params(("id" = i64, Path, description = "Schedule id")),
    responses((status = 200, body = ScheduleDto), (status = 404, body = Problem)))]
pub async fn show(
    State(state): State<AppState>,
    _auth: Auth,
    Path(id): Path<String>,
) -> Result<Json<ScheduleDto>, ApiError> {
    let s = state.store.schedule(params::id("id", &id)?).await?;
    Ok(Json(full(&state, &s).await?))
}

/// Replace a schedule's settings (admins); its overrides stay.
#[utoipa::path(put, operation_id = "update_schedule", path = "/api/v1/schedules/{id}", tag = "schedules", request_body = ScheduleRequest,
    params(("id" = i64, Path, description = "Schedule id")),
    responses((status = 200, body = ScheduleDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn update(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    req: ApiJson<ScheduleRequest>,
) -> Result<Json<ScheduleDto>, ApiError> {
    ensure_admin(&auth.actor())?;
    let id = params::id("id", &id)?;
    let def = definition(&state.store, &req.value).await?;
    let s = state.store.update_schedule(id, &def).await?;
    Ok(Json(full(&state, &s).await?))
}

/// Delete a schedule and its overrides (admins).
#[utoipa::path(delete, operation_id = "delete_schedule", path = "/api/v1/schedules/{id}", tag = "schedules",
    params(("id" = i64, Path, description = "Schedule id")),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn delete(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    ensure_admin(&auth.actor())?;
    state.store.delete_schedule(params::id("id", &id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}
