//! Overrides: members put themselves on call for a while (a swap, covering a sick day);
//! admins may put anyone. Members remove overrides that are theirs or that they added.

use super::dto::{Names, OverrideDto, OverrideRequest};
use crate::auth::Auth;
use crate::error::{require, AllFields, ApiError, Problem, Refusals};
use crate::json::ApiJson;
use crate::routes::params;
use crate::routes::params::Path;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use goldseam_core::policy::ensure_can_write;
use goldseam_core::schedule::spec::parse_instant;
use goldseam_core::schedule::Override;
use goldseam_core::UserRole;
use jiff::{SignedDuration, Timestamp};

/// The longest override: a year and a day, enough for a long leave, short enough to notice a typo.
const MAX_OVERRIDE: SignedDuration = SignedDuration::from_hours(366 * 24);

/// An override ends after it starts, within [`MAX_OVERRIDE`].
fn check_window(start: Timestamp, end: Timestamp) -> Result<(), Refusals> {
    require(end > start, "end", "must be after start")?;
    require(
        end.duration_since(start) <= MAX_OVERRIDE,
        "end",
        "must be at most 366 days after start",
    )
}

/// Add an override: someone on call instead of the rotation from `start` to `end`.
#[utoipa::path(post, operation_id = "add_override", path = "/api/v1/schedules/{id}/overrides", tag = "schedules", request_body = OverrideRequest,
    params(("id" = i64, Path, description = "Schedule id")),
    responses((status = 201, body = OverrideDto), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "It overlaps another override of this schedule"), (status = 422, body = Problem)))]
pub async fn add(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    req: ApiJson<OverrideRequest>,
) -> Result<(StatusCode, Json<OverrideDto>), ApiError> {
    let actor = auth.actor();
    ensure_can_write(&actor)?;
    let id = params::id("id", &id)?;
    let user = req.value.user_id.unwrap_or(auth.user.id);
    if user != auth.user.id && actor.role != UserRole::Admin {
        return Err(ApiError::forbidden(
            "members may add overrides for themselves only; leave out user_id, or ask an admin",
        ));
    }
    let schedule = state.store.schedule(id).await?;
    let start = parse_instant("start", &req.value.start);
    let end = parse_instant("end", &req.value.end);
    // The window is checked only once both ends parsed, and refused with them.
    let window = match (&start, &end) {
        (Ok(s), Ok(e)) => check_window(*s, *e),
        _ => Ok(()),
    };
    let known = user.get() > 0 && state.store.unknown_users(&[user]).await?.is_empty();
    let (start, end, (), ()) = (
        start,
        end,
        window,
        require(known, "user_id", format!("user {user} does not exist")),
    )
        .all()?;
    let o = Override { start, end, user };
    let stored = state.store.add_override(id, &o, auth.user.id).await?;
    let tz = schedule.definition()?.time_zone;
    let names = Names::load(&state.store, [user]).await?;
    Ok((StatusCode::CREATED, Json(names.override_dto(&stored, &tz))))
}

/// Remove an override (yours, one you added, or any if you are an admin).
#[utoipa::path(delete, operation_id = "delete_override", path = "/api/v1/schedules/{id}/overrides/{override_id}", tag = "schedules",
    params(("id" = i64, Path, description = "Schedule id"), ("override_id" = i64, Path, description = "Override id")),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn delete(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, override_id)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let actor = auth.actor();
    ensure_can_write(&actor)?;
    let id = params::id("id", &id)?;
    let override_id = params::id("override_id", &override_id)?;
    let o = state.store.schedule_override(id, override_id).await?;
    let own = o.user_id == auth.user.id || o.created_by == auth.user.id;
    if !own && actor.role != UserRole::Admin {
        return Err(ApiError::forbidden(
            "members may remove only overrides that are theirs or that they added",
        ));
    }
    state.store.delete_override(id, override_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
