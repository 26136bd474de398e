//! Calendar feeds (iCalendar) that Google Calendar, Outlook or Apple Calendar subscribe to:
//! one per schedule and one per person, covering the next 60 days. Calendar apps cannot send
//! an Authorization header, so the URL carries the person's feed token, made (and remade,
//! which retires the old one) through an authenticated call. A missing token is a 401 and a
//! wrong one a 404, so a guessed URL learns nothing.

use super::dto::Names;
use crate::auth::Auth;
use crate::error::{ApiError, Problem};
use crate::routes::params;
use crate::routes::params::Path;
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use goldseam_core::schedule::ics::{calendar, CalendarEvent};
use goldseam_core::schedule::{Shift, ShiftSource};
use goldseam_core::UserId;
use goldseam_store::schedules::StoredSchedule;
use goldseam_store::users::User;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use serde::Serialize;
use utoipa::ToSchema;

/// How far ahead feeds reach.
pub const FEED_DAYS: i64 = 60;

/// A new feed token: shown once.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedToken {
    /// The secret; it is not shown again. Making a new one retires this one.
    pub token: String,
    /// Your own shifts across every schedule: subscribe to this path on this server.
    pub my_feed: String,
    /// A schedule's shifts: replace {id} with the schedule's id.
    pub schedule_feed: String,
}

/// Whether you have a feed token.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedTokenStatus {
    /// When your current token was made; null if you have none.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub created_at: Option<Timestamp>,
}

/// A user's whole shifts across every schedule that overlap `from..to`, in time order.
pub async fn user_shifts(
    state: &AppState,
    user: UserId,
    from: Timestamp,
    to: Timestamp,
) -> Result<Vec<(StoredSchedule, TimeZone, Shift)>, ApiError> {
    let mut out = Vec::new();
    for s in state.store.schedules_of_user(user, from).await? {
        let schedule = state.store.resolvable_schedule(&s, from, to).await?;
        let tz = schedule.time_zone.clone();
        for shift in schedule.whole_shifts(from, to) {
            if shift.user == user {
                out.push((s.clone(), tz.clone(), shift));
            }
        }
    }
    out.sort_by_key(|(s, _, sh)| (sh.start, s.id));
    Ok(out)
}

/// Make (or remake) your calendar feed token.
#[utoipa::path(post, operation_id = "create_feed_token", path = "/api/v1/me/calendar-feed", tag = "schedules",
    responses((status = 201, body = FeedToken)))]
pub async fn create_token(
    State(state): State<AppState>,
    auth: Auth,
) -> Result<(StatusCode, Json<FeedToken>), ApiError> {
    let secret = state.store.rotate_feed_token(auth.user.id).await?;
    let token = secret.expose().to_string();
    Ok((
        StatusCode::CREATED,
        Json(FeedToken {
            my_feed: format!("/api/v1/users/{}/calendar.ics?token={token}", auth.user.id),
            schedule_feed: format!("/api/v1/schedules/{{id}}/calendar.ics?token={token}"),
            token,
        }),
    ))
}

/// Whether you have a calendar feed token, and since when.
#[utoipa::path(get, operation_id = "feed_token", path = "/api/v1/me/calendar-feed", tag = "schedules",
    responses((status = 200, body = FeedTokenStatus)))]
pub async fn token_status(
    State(state): State<AppState>,
    auth: Auth,
) -> Result<Json<FeedTokenStatus>, ApiError> {
    Ok(Json(FeedTokenStatus {
        created_at: state.store.feed_token_created(auth.user.id).await?,
    }))
}

/// The feed's owner, from `?token=`.
async fn feed_user(state: &AppState, q: Option<&str>) -> Result<User, ApiError> {
    let pairs = params::query_pairs(q);
    let token = pairs
        .iter()
        .find(|(k, _)| k == "token")
        .map(|(_, v)| v.trim())
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            ApiError::unauthorized(
                "calendar feeds need ?token=; make one with POST /api/v1/me/calendar-feed",
            )
        })?;
    // An unknown token is a failed sign-in like a revoked API token (401), so a calendar app
    // reports it as such; "not found" is kept for a valid token asking for someone else's feed.
    state.store.feed_token_user(token).await?.ok_or_else(|| {
        ApiError::unauthorized(
            "the calendar feed token is unknown, or was replaced by a newer one; make one with POST /api/v1/me/calendar-feed",
        )
    })
}

fn ics(body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CACHE_CONTROL, "private, max-age=300"),
        ],
        body,
    )
        .into_response()
}

fn window(state: &AppState) -> (Timestamp, Timestamp) {
    let now = state.store.now();
    let to = now
        .checked_add(SignedDuration::from_hours(24 * FEED_DAYS))
        .unwrap_or(Timestamp::MAX);
    (now, to)
}

/// Stable for a shift across fetches: its schedule, its real start and who holds it.
fn uid(schedule: i64, shift: &Shift) -> String {
    format!(
        "schedule-{schedule}-{}-user-{}@goldseam",
        shift.start.as_second(),
        shift.user
    )
}

fn describe(s: &StoredSchedule, shift: &Shift) -> String {
    let from = match shift.source {
        ShiftSource::Layer(i) => s
            .layers
            .get(i)
            .map(|l| format!("layer {}", l.name))
            .unwrap_or_default(),
        ShiftSource::Override => "an override".into(),
    };
    format!(
        "On call for {} ({from}), time zone {}.",
        s.name, s.time_zone
    )
}

/// A schedule's shifts for the next 60 days, as iCalendar.
#[utoipa::path(get, operation_id = "schedule_calendar", path = "/api/v1/schedules/{id}/calendar.ics", tag = "schedules", security(("feed_token" = [])),
    params(("id" = i64, Path, description = "Schedule id")),
    responses((status = 200, content_type = "text/calendar", body = String), (status = 404, body = Problem)))]
pub async fn schedule_feed(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    feed_user(&state, q.as_deref()).await?;
    let s = state.store.schedule(params::id("id", &id)?).await?;
    let (from, to) = window(&state);
    let schedule = state.store.resolvable_schedule(&s, from, to).await?;
    let shifts = schedule.whole_shifts(from, to);
    let names = Names::load(&state.store, shifts.iter().map(|s| s.user)).await?;
    let events: Vec<CalendarEvent> = shifts
        .iter()
        .map(|sh| CalendarEvent {
            uid: uid(s.id.get(), sh),
            start: sh.start,
            end: sh.end,
            summary: format!("{} on call: {}", names.get(sh.user).name, s.name),
            description: describe(&s, sh),
        })
        .collect();
    Ok(ics(calendar(
        &format!("On call: {}", s.name),
        state.store.now(),
        &events,
    )))
}

/// Your shifts across every schedule for the next 60 days, as iCalendar. The token must be
/// this user's own.
#[utoipa::path(get, operation_id = "user_calendar", path = "/api/v1/users/{id}/calendar.ics", tag = "schedules", security(("feed_token" = [])),
    params(("id" = i64, Path, description = "Your user id")),
    responses((status = 200, content_type = "text/calendar", body = String), (status = 404, body = Problem, description = "No such user, or the token is another user's.")))]
pub async fn user_feed(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let user = feed_user(&state, q.as_deref()).await?;
    if params::id::<UserId>("id", &id)? != user.id {
        return Err(ApiError::not_found("calendar feed"));
    }
    let (from, to) = window(&state);
    let events: Vec<CalendarEvent> = user_shifts(&state, user.id, from, to)
        .await?
        .iter()
        .map(|(s, _, sh)| CalendarEvent {
            uid: uid(s.id.get(), sh),
            start: sh.start,
            end: sh.end,
            summary: format!("On call: {}", s.name),
            description: describe(s, sh),
        })
        .collect();
    Ok(ics(calendar(
        &format!("{}: on call", user.name),
        state.store.now(),
        &events,
    )))
}
