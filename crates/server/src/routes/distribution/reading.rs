//! The personal reading link: no sign-in, the signed token is the credential. Opening records
//! the first open; a mail scanner following the link counts as an open (as with every read
//! receipt), but only the POST acknowledges.

use super::{ReadingDto, UnsubscribedDto};
use crate::error::{ApiError, Problem};
use crate::routes::params::{query_pairs, Path};
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::Json;
use jiff::tz::TimeZone;

/// The zone a reading shows times in: `?zone=` (an IANA name), else UTC.
fn zone(query: Option<&str>) -> Result<TimeZone, ApiError> {
    let mut zone = TimeZone::UTC;
    for (key, value) in query_pairs(query) {
        match key.as_str() {
            "zone" => {
                zone = TimeZone::get(&value).map_err(|_| {
                    ApiError::invalid(
                        "zone",
                        format!("{value} is not an IANA time zone such as Europe/Paris"),
                    )
                })?
            }
            other => {
                return Err(ApiError::invalid(
                    other,
                    "is not a parameter here; use zone",
                ))
            }
        }
    }
    Ok(zone)
}

/// The postmortem a personal link gives, in its reader's rendering (the whole document or the
/// executive summary); records the first open. 404 when the link was altered or its reader may
/// no longer read it.
#[utoipa::path(get, operation_id = "open_reading", path = "/api/v1/read/{token}", tag = "postmortems", security(()),
    params(("token" = String, Path, description = "From the email or message"),
        ("zone" = Option<String>, Query, description = "IANA time zone for quoted times (default UTC)")),
    responses((status = 200, body = ReadingDto), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn open(
    State(state): State<AppState>,
    Path(token): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<ReadingDto>, ApiError> {
    let zone = zone(query.as_deref())?;
    Ok(Json(state.store.open_reading(&token, zone).await?.into()))
}

/// "I have read it": the person the link was sent to acknowledges the postmortem (again is
/// harmless). A mailing list's or channel's link cannot (409).
#[utoipa::path(post, operation_id = "acknowledge_reading", path = "/api/v1/read/{token}/acknowledge", tag = "postmortems", security(()),
    params(("token" = String, Path, description = "From the email or message"),
        ("zone" = Option<String>, Query, description = "IANA time zone for quoted times (default UTC)")),
    responses((status = 200, body = ReadingDto), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn acknowledge(
    State(state): State<AppState>,
    Path(token): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<ReadingDto>, ApiError> {
    let zone = zone(query.as_deref())?;
    state.store.acknowledge_reading(&token).await?;
    Ok(Json(state.store.reading_status(&token, zone).await?.into()))
}

/// One-click unsubscribe (RFC 8058, the List-Unsubscribe header of postmortem emails): no more
/// postmortems this person is not required to read. The body mail clients send
/// (`List-Unsubscribe=One-Click`) is not needed.
#[utoipa::path(post, operation_id = "unsubscribe_reading", path = "/api/v1/read/{token}/unsubscribe", tag = "postmortems", security(()),
    params(("token" = String, Path, description = "From the email's List-Unsubscribe header")),
    responses((status = 200, body = UnsubscribedDto), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn unsubscribe(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Json<UnsubscribedDto>, ApiError> {
    state.store.unsubscribe_reading(&token).await?;
    Ok(Json(UnsubscribedDto { unsubscribed: true }))
}
