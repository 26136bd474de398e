//! The access record of a private incident, for admins.

use super::params;
use crate::auth::Auth;
use crate::dto::ActorDto;
use crate::error::{ApiError, Problem};
use crate::routes::params::Path;
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::Json;
use jiff::Timestamp;
use serde::Serialize;
use utoipa::ToSchema;

/// One access to a private incident.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccessDto {
    /// Increasing id.
    pub id: i64,
    /// Who.
    pub user: ActorDto,
    /// `read`, `timeline` or `stream`.
    pub action: String,
    /// When.
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
}

/// A page of accesses.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccessList {
    /// Oldest first.
    pub items: Vec<AccessDto>,
    /// Pass as `cursor` for the next page.
    pub next_cursor: Option<String>,
}

/// Who read a private incident, its timeline or its live stream, and when (admins).
#[utoipa::path(get, operation_id = "list_access", path = "/api/v1/incidents/{ref}/access-log", tag = "incidents",
    params(("ref" = String, Path, description = "INC-42 or 42"), ("cursor" = Option<String>, Query, description = "From next_cursor"), ("limit" = Option<i64>, Query, minimum = 1, maximum = 500, description = "1 to 500, default 100")),
    responses((status = 200, body = AccessList), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    auth: Auth,
    Path(r): Path<String>,
    RawQuery(q): RawQuery,
) -> Result<Json<AccessList>, ApiError> {
    goldseam_core::policy::ensure_admin(&auth.actor())?;
    let r = params::incident_ref(&r)?;
    state.store.incident(&auth.actor(), r).await?;
    let page = params::Page::parse(q.as_deref(), 100, 500)?;
    let records = state.store.access_log(r, page.after, page.limit).await?;
    let next_cursor = page.next(&records, |a| a.id);
    let items = records
        .into_iter()
        .map(|a| AccessDto {
            id: a.id,
            user: ActorDto {
                id: a.user_id,
                name: a.user_name.unwrap_or_default(),
            },
            action: a.action,
            at: a.at,
        })
        .collect();
    Ok(Json(AccessList { items, next_cursor }))
}
