//! Who is on call: at an instant, over a range, and your own upcoming shifts.

use super::dto::{MyOnCall, MyShiftDto, Names, OnCallDto, ShiftList};
use crate::auth::Auth;
use crate::error::{require, AllFields, ApiError, Problem, Refusals};
use crate::routes::params;
use crate::routes::params::Path;
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::Json;
use goldseam_core::schedule::spec::parse_instant;
use jiff::{SignedDuration, Timestamp};

/// The longest range one request resolves.
pub const MAX_DAYS: i64 = 90;

fn days_from(t: Timestamp, days: i64) -> Timestamp {
    t.checked_add(SignedDuration::from_hours(24 * days))
        .unwrap_or(Timestamp::MAX)
}

/// The query's parameters by name; any not in `known` is refused so a typo is not ignored.
fn query(raw: Option<&str>, known: &[&str]) -> Result<Vec<(String, String)>, ApiError> {
    let pairs = params::query_pairs(raw);
    for (k, _) in &pairs {
        if !known.contains(&k.as_str()) {
            return Err(ApiError::invalid(
                k.clone(),
                format!("is not a parameter here; use {}", known.join(", ")),
            ));
        }
    }
    Ok(pairs)
}

fn get<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// `days=N`: 1 to 90.
pub fn parse_days(raw: Option<&str>, default: i64) -> Result<i64, Refusals> {
    match raw {
        None => Ok(default),
        Some(s) => s
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=MAX_DAYS).contains(n))
            .ok_or_else(|| {
                Refusals::field(
                    "days",
                    format!("must be a whole number from 1 to {MAX_DAYS}"),
                )
            }),
    }
}

/// Where a range ends: at `to`, or `days` after its start.
#[derive(Clone, Copy)]
enum End {
    At(Timestamp),
    After(i64),
}

impl End {
    fn from(self, start: Timestamp) -> Timestamp {
        match self {
            End::At(t) => t,
            End::After(days) => days_from(start, days),
        }
    }
}

/// A range after its start and at most [`MAX_DAYS`] long.
fn check_range(from: Timestamp, to: Timestamp) -> Result<(), Refusals> {
    require(to > from, "to", "must be after from")?;
    require(
        to <= days_from(from, MAX_DAYS),
        "to",
        format!("must be at most {MAX_DAYS} days after from; ask for the range in parts"),
    )
}

/// Who is on call now, or at `at`.
#[utoipa::path(get, operation_id = "schedule_on_call", path = "/api/v1/schedules/{id}/on-call", tag = "schedules",
    params(("id" = i64, Path, description = "Schedule id"), ("at" = Option<String>, Query, description = "RFC 3339 instant; now when absent")),
    responses((status = 200, body = OnCallDto), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn on_call(
    State(state): State<AppState>,
    _auth: Auth,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> Result<Json<OnCallDto>, ApiError> {
    let id = params::id("id", &id)?;
    let pairs = query(q.as_deref(), &["at"])?;
    let at = match get(&pairs, "at") {
        Some(raw) => parse_instant("at", raw)?,
        None => state.store.now(),
    };
    let s = state.store.schedule(id).await?;
    let schedule = state.store.resolvable_schedule(&s, at, at).await?;
    let shift = schedule.shift_at(at);
    let names = Names::load(&state.store, shift.iter().map(|s| s.user)).await?;
    Ok(Json(OnCallDto {
        schedule_id: s.id.get(),
        schedule_name: s.name.clone(),
        time_zone: s.time_zone.clone(),
        at,
        shift: shift.map(|sh| names.shift(&sh, &s, &schedule.time_zone)),
    }))
}

/// The final shifts (layers, restrictions and overrides resolved) over `from..to`, or over
/// `days` days from `from` (default now, 7 days); at most 90 days.
#[utoipa::path(get, operation_id = "schedule_shifts", path = "/api/v1/schedules/{id}/shifts", tag = "schedules",
    params(("id" = i64, Path, description = "Schedule id"),
        ("from" = Option<String>, Query, description = "RFC 3339; now when absent"),
        ("to" = Option<String>, Query, description = "RFC 3339, after from; at most 90 days after it"),
        ("days" = Option<i64>, Query, minimum = 1, maximum = 90, description = "Instead of to: 1 to 90, default 7")),
    responses((status = 200, body = ShiftList), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn shifts(
    State(state): State<AppState>,
    _auth: Auth,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> Result<Json<ShiftList>, ApiError> {
    let id = params::id("id", &id)?;
    let pairs = query(q.as_deref(), &["from", "to", "days"])?;
    let (to_raw, days_raw) = (get(&pairs, "to"), get(&pairs, "days"));
    let from = match get(&pairs, "from") {
        Some(raw) => parse_instant("from", raw).map_err(Refusals::from),
        None => Ok(state.store.now()),
    };
    let end = match to_raw {
        Some(raw) => parse_instant("to", raw)
            .map(End::At)
            .map_err(Refusals::from),
        None => parse_days(days_raw, 7).map(End::After),
    };
    // The range is checked only once both ends parsed, and refused with them.
    let range = match (&from, &end) {
        (Ok(from), Ok(end)) => check_range(*from, end.from(*from)),
        _ => Ok(()),
    };
    let (from, (), end, ()) = (
        from,
        require(
            to_raw.is_none() || days_raw.is_none(),
            "days",
            "give either to or days, not both",
        ),
        end,
        range,
    )
        .all()?;
    let to = end.from(from);
    let s = state.store.schedule(id).await?;
    let schedule = state.store.resolvable_schedule(&s, from, to).await?;
    let shifts = schedule.shifts(from, to);
    let names = Names::load(&state.store, shifts.iter().map(|s| s.user)).await?;
    Ok(Json(ShiftList {
        schedule_id: s.id.get(),
        schedule_name: s.name.clone(),
        time_zone: s.time_zone.clone(),
        from,
        to,
        shifts: shifts
            .iter()
            .map(|sh| names.shift(sh, &s, &schedule.time_zone))
            .collect(),
    }))
}

/// Your shifts across every schedule from now for `days` days (default 14, at most 90); the
/// first may have started already.
#[utoipa::path(get, operation_id = "my_on_call", path = "/api/v1/me/on-call", tag = "schedules",
    params(("days" = Option<i64>, Query, minimum = 1, maximum = 90, description = "1 to 90, default 14")),
    responses((status = 200, body = MyOnCall), (status = 422, body = Problem)))]
pub async fn mine(
    State(state): State<AppState>,
    auth: Auth,
    RawQuery(q): RawQuery,
) -> Result<Json<MyOnCall>, ApiError> {
    let pairs = query(q.as_deref(), &["days"])?;
    let days = parse_days(get(&pairs, "days"), 14)?;
    let from = state.store.now();
    let to = days_from(from, days);
    let shifts = super::feeds::user_shifts(&state, auth.user.id, from, to).await?;
    let names = Names::load(&state.store, [auth.user.id]).await?;
    Ok(Json(MyOnCall {
        from,
        to,
        shifts: shifts
            .iter()
            .map(|(s, tz, sh)| MyShiftDto {
                schedule_id: s.id.get(),
                schedule_name: s.name.clone(),
                time_zone: s.time_zone.clone(),
                shift: names.shift(sh, s, tz),
            })
            .collect(),
    }))
}
