//! A team's recurring review slots over HTTP: everyone reads them; admins and the team's
//! members make, change and delete them. Making one invites the team to its series (iTIP
//! REQUEST with RRULE); deleting one cancels the series; the agenda shows the next meetings
//! with the postmortems queued into each.

mod dto;

pub use dto::*;

use crate::auth::Auth;
use crate::error::{ApiError, Problem, Refusals};
use crate::json::ApiJson;
use crate::routes::params::{self, Path, Query};
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use goldseam_core::review::slots::{ReviewSlotId, SlotInput};
use goldseam_core::TeamId;
use serde::Deserialize;

/// How many meetings the agenda shows.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AgendaQuery {
    /// 1 to 26 (default 4).
    #[param(minimum = 1, maximum = 26)]
    pub count: Option<i64>,
}

/// The team's review slots, oldest first.
#[utoipa::path(get, operation_id = "list_review_slots", path = "/api/v1/teams/{id}/review-slots", tag = "reviews",
    params(("id" = i64, Path, description = "Team id")),
    responses((status = 200, body = ReviewSlotList), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    _auth: Auth,
    Path(id): Path<String>,
) -> Result<Json<ReviewSlotList>, ApiError> {
    let team_id: TeamId = params::id("id", &id)?;
    state.store.team(team_id).await?;
    let slots = state.store.team_review_slots(team_id).await?;
    Ok(Json(ReviewSlotList {
        items: slots.iter().map(ReviewSlotDto::from).collect(),
    }))
}

/// Make a standing review slot for the team (admins and its members): every member gets the
/// series invitation. Every problem is refused at once with its field.
#[utoipa::path(post, operation_id = "create_review_slot", path = "/api/v1/teams/{id}/review-slots", tag = "reviews",
    params(("id" = i64, Path, description = "Team id")), request_body = NewReviewSlotRequest,
    responses((status = 201, body = ReviewSlotDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiJson { value: body, .. }: ApiJson<NewReviewSlotRequest>,
) -> Result<(StatusCode, Json<ReviewSlotDto>), ApiError> {
    let team_id: TeamId = params::id("id", &id)?;
    let input = SlotInput {
        name: &body.name,
        zone: &body.zone,
        start_time: &body.start_time,
        duration_minutes: body.duration_minutes,
        rrule: &body.rrule,
    };
    let (rule, starts_on) = parse(&input, body.starts_on.as_deref()).map_err(Refusals::from)?;
    let slot = state
        .store
        .create_review_slot(&auth.actor(), team_id, rule, starts_on)
        .await?;
    Ok((StatusCode::CREATED, Json(ReviewSlotDto::from(&slot))))
}

/// Change a slot (admins and the team's members); the series is sent again (SEQUENCE + 1).
#[utoipa::path(patch, operation_id = "update_review_slot", path = "/api/v1/review-slots/{id}", tag = "reviews",
    params(("id" = i64, Path, description = "Review slot id")), request_body = UpdateReviewSlotRequest,
    responses((status = 200, body = ReviewSlotDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn update(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiJson { value: body, .. }: ApiJson<UpdateReviewSlotRequest>,
) -> Result<Json<ReviewSlotDto>, ApiError> {
    let id: ReviewSlotId = params::id("id", &id)?;
    let nothing = body.name.is_none()
        && body.zone.is_none()
        && body.start_time.is_none()
        && body.duration_minutes.is_none()
        && body.rrule.is_none()
        && body.starts_on.is_none();
    if nothing {
        return Err(ApiError::invalid(
            "body",
            "nothing to change; send name, zone, start_time, duration_minutes, rrule or starts_on",
        ));
    }
    let current = state.store.review_slot(id).await?;
    let (start_time, rrule) = (current.rule.start_time_text(), current.rule.rrule_text());
    let input = SlotInput {
        name: body.name.as_deref().unwrap_or(current.rule.name()),
        zone: body.zone.as_deref().unwrap_or(current.rule.zone_name()),
        start_time: body.start_time.as_deref().unwrap_or(&start_time),
        duration_minutes: body
            .duration_minutes
            .unwrap_or(i64::from(current.rule.duration_minutes())),
        rrule: body.rrule.as_deref().unwrap_or(&rrule),
    };
    let (rule, starts_on) = parse(&input, body.starts_on.as_deref()).map_err(Refusals::from)?;
    let slot = state
        .store
        .update_review_slot(&auth.actor(), id, rule, starts_on)
        .await?;
    Ok(Json(ReviewSlotDto::from(&slot)))
}

/// Delete a slot (admins and the team's members): every member gets the series' CANCEL.
#[utoipa::path(delete, operation_id = "delete_review_slot", path = "/api/v1/review-slots/{id}", tag = "reviews",
    params(("id" = i64, Path, description = "Review slot id")),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn delete(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id: ReviewSlotId = params::id("id", &id)?;
    state.store.delete_review_slot(&auth.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The slot's next meetings not over yet, each with its state and the postmortems queued
/// into it that you may see.
#[utoipa::path(get, operation_id = "review_slot_agenda", path = "/api/v1/review-slots/{id}/agenda", tag = "reviews",
    params(("id" = i64, Path, description = "Review slot id"), AgendaQuery),
    responses((status = 200, body = ReviewSlotAgendaDto), (status = 400, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn agenda(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    Query(q): Query<AgendaQuery>,
) -> Result<Json<ReviewSlotAgendaDto>, ApiError> {
    let id: ReviewSlotId = params::id("id", &id)?;
    let count = q.count.unwrap_or(4);
    if !(1..=26).contains(&count) {
        return Err(ApiError::invalid("count", "1 to 26"));
    }
    let (slot, instances) = state
        .store
        .review_slot_agenda(&auth.actor(), id, count as usize)
        .await?;
    Ok(Json(ReviewSlotAgendaDto::of(&slot, instances)))
}
