//! Your calendar: connecting checks it at once (CalDAV discovery, or fetching and parsing the
//! ICS address) and refuses it with what is wrong; the secret is sealed at rest and never shown.

use super::{CalendarDto, CalendarRequest};
use crate::auth::Auth;
use crate::error::{ApiError, Problem};
use crate::json::ApiJson;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use goldseam_integrations::calendars::{CalendarSource, Calendars, Discovery};
use goldseam_integrations::Secret;
use goldseam_store::reviews::calendars::{CalendarConnection, CalendarKind, NewCalendar};
use serde_json::json;

fn dto(c: CalendarConnection) -> CalendarDto {
    let names = c.discovered["calendars"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|n| n.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    CalendarDto {
        kind: c.kind.as_str().into(),
        url: c.shown_url,
        username: c.username,
        scheduling: c.discovered["scheduling"].as_bool().unwrap_or(false),
        calendars: names,
        checked_at: c.checked_at,
        last_error: c.last_error,
    }
}

/// Your calendar connection; 404 when none.
#[utoipa::path(get, operation_id = "show_my_calendar", path = "/api/v1/me/calendar", tag = "reviews",
    responses((status = 200, body = CalendarDto), (status = 404, body = Problem)))]
pub async fn show(
    State(state): State<AppState>,
    auth: Auth,
) -> Result<Json<CalendarDto>, ApiError> {
    match state
        .store
        .calendar_connection(auth.actor().user_id)
        .await?
    {
        Some(c) => Ok(Json(dto(c))),
        None => Err(ApiError::not_found("your calendar connection")),
    }
}

/// Connect (or replace) your calendar. It is checked at once: wrong credentials, a server that
/// is not CalDAV or does not answer, an ICS address that does not parse (naming the line) are
/// each a 422 saying so, and nothing is stored.
#[utoipa::path(put, operation_id = "connect_my_calendar", path = "/api/v1/me/calendar", tag = "reviews",
    request_body = CalendarRequest,
    responses((status = 200, body = CalendarDto), (status = 422, body = Problem)))]
pub async fn connect(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson { value: body, .. }: ApiJson<CalendarRequest>,
) -> Result<Json<CalendarDto>, ApiError> {
    let url = body.url.trim().to_string();
    if url.is_empty() || url.len() > 2000 {
        return Err(ApiError::invalid("url", "1 to 2000 characters"));
    }
    let (kind, source, username, password) = match body.kind.as_str() {
        "caldav" => {
            let username = body.username.unwrap_or_default().trim().to_string();
            let password = body.password.unwrap_or_default();
            if username.is_empty() || username.len() > 200 {
                return Err(ApiError::invalid(
                    "username",
                    "1 to 200 characters: your CalDAV user name",
                ));
            }
            if password.is_empty() || password.len() > 500 {
                return Err(ApiError::invalid(
                    "password",
                    "1 to 500 characters: an app password for Goldseam",
                ));
            }
            let source = CalendarSource::CalDav {
                url: url.clone(),
                username: username.clone(),
                password: Secret::new(password.clone()),
            };
            (CalendarKind::Caldav, source, username, password)
        }
        "ics" => {
            if body.username.is_some() || body.password.is_some() {
                return Err(ApiError::invalid(
                    "password",
                    "an ICS address takes no user name or password: the address itself is the secret",
                ));
            }
            let source = CalendarSource::IcsFeed {
                url: Secret::new(url.clone()),
            };
            (CalendarKind::Ics, source, String::new(), String::new())
        }
        other => {
            return Err(ApiError::invalid(
                "kind",
                format!("{other:?} is not a calendar kind; use caldav or ics"),
            ))
        }
    };
    let discovery = Calendars::new(state.config.delivery.timeout)
        .check(&source)
        .await
        .map_err(|e| ApiError::invalid("url", e.to_string()))?;
    let discovered = match discovery {
        Discovery::CalDav(account) => json!({
            "calendars": account.calendars.iter().map(|c| c.name.clone().unwrap_or_else(|| c.url.clone())).collect::<Vec<_>>(),
            "scheduling": account.outbox.is_some() && account.inbox.is_some(),
            "address": account.own_address(),
        }),
        Discovery::Feed { events, skipped } => json!({ "events": events, "skipped": skipped }),
    };
    let user = auth.actor().user_id;
    state
        .store
        .connect_calendar(
            user,
            &NewCalendar {
                kind,
                url: goldseam_store::secrets::Secret::new(url),
                username,
                password: goldseam_store::secrets::Secret::new(password),
                discovered,
            },
        )
        .await?;
    let stored = state
        .store
        .calendar_connection(user)
        .await?
        .ok_or_else(|| ApiError::not_found("your calendar connection"))?;
    Ok(Json(dto(stored)))
}

/// Forget your calendar connection; 404 when none.
#[utoipa::path(delete, operation_id = "disconnect_my_calendar", path = "/api/v1/me/calendar", tag = "reviews",
    responses((status = 204), (status = 404, body = Problem)))]
pub async fn disconnect(State(state): State<AppState>, auth: Auth) -> Result<StatusCode, ApiError> {
    if state
        .store
        .disconnect_calendar(auth.actor().user_id)
        .await?
    {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found("your calendar connection"))
    }
}
