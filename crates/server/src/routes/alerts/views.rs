//! Alerts and groups, for everyone signed in: the Alerts page's lists and a group with its
//! alerts. An incident is named only to those who may see it.

use super::dto::*;
use crate::auth::Auth;
use crate::error::{ApiError, Problem};
use crate::routes::params::Path;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::Json;
use goldseam_core::Actor;
use goldseam_store::alerts::{AlertFilter, AlertGroupView};
use serde::Deserialize;
use utoipa::IntoParams;

/// Filters for the lists.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AlertQuery {
    /// Only this integration's.
    pub integration_id: Option<i64>,
    /// Alerts: `firing`, `acknowledged` or `resolved`; groups: `open`, `acknowledged` or
    /// `resolved`.
    pub status: Option<String>,
    /// Only ids below this (the next page).
    pub before: Option<i64>,
    /// At most this many (1 to 500, default 100).
    pub limit: Option<i64>,
}

fn filter(q: &AlertQuery, statuses: &[&str]) -> Result<AlertFilter, ApiError> {
    if let Some(s) = &q.status {
        if !statuses.contains(&s.as_str()) {
            return Err(ApiError::invalid(
                "status",
                format!("must be one of {}", statuses.join(", ")),
            ));
        }
    }
    Ok(AlertFilter {
        integration_id: q.integration_id,
        status: q.status.clone(),
        group_id: None,
        before: q.before,
        limit: q.limit.unwrap_or(100),
    })
}

/// The group's wire form, naming its incident only if `actor` may see it.
async fn group_dto(state: &AppState, actor: &Actor, g: AlertGroupView) -> AlertGroupDto {
    let incident = match g.incident_id {
        Some(id) => state
            .store
            .incident(actor, id)
            .await
            .ok()
            .map(|i| i.id.reference()),
        None => None,
    };
    AlertGroupDto::of(g, incident)
}

/// Alerts, newest first.
#[utoipa::path(get, operation_id = "list_alerts", path = "/api/v1/alerts", tag = "alerts", params(AlertQuery),
    responses((status = 200, body = Vec<AlertDto>), (status = 422, body = Problem)))]
pub async fn alerts(
    State(state): State<AppState>,
    _auth: Auth,
    Query(q): Query<AlertQuery>,
) -> Result<Json<Vec<AlertDto>>, ApiError> {
    let f = filter(&q, &["firing", "acknowledged", "resolved"])?;
    let list = state.store.alerts(&f).await?;
    Ok(Json(list.into_iter().map(AlertDto::from).collect()))
}

/// Alert groups, newest first.
#[utoipa::path(get, operation_id = "list_alert_groups", path = "/api/v1/alert-groups", tag = "alerts", params(AlertQuery),
    responses((status = 200, body = Vec<AlertGroupDto>), (status = 422, body = Problem)))]
pub async fn groups(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<AlertQuery>,
) -> Result<Json<Vec<AlertGroupDto>>, ApiError> {
    let f = filter(&q, &["open", "acknowledged", "resolved"])?;
    let actor = auth.actor();
    let mut out = Vec::new();
    for g in state.store.alert_groups(&f).await? {
        out.push(group_dto(&state, &actor, g).await);
    }
    Ok(Json(out))
}

/// One group with its alerts.
#[utoipa::path(get, operation_id = "show_alert_group", path = "/api/v1/alert-groups/{id}", tag = "alerts",
    params(("id" = i64, Path, description = "the group's id")),
    responses((status = 200, body = AlertGroupDetail), (status = 404, body = Problem)))]
pub async fn group(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<Json<AlertGroupDetail>, ApiError> {
    let g = state.store.alert_group(id).await?;
    let alerts = state
        .store
        .alerts(&AlertFilter {
            group_id: Some(id),
            limit: 200,
            ..AlertFilter::default()
        })
        .await?;
    Ok(Json(AlertGroupDetail {
        group: group_dto(&state, &auth.actor(), g).await,
        alerts: alerts.into_iter().map(AlertDto::from).collect(),
    }))
}

/// The alert groups on an incident (the room's Alerts panel).
#[utoipa::path(get, operation_id = "incident_alert_groups", path = "/api/v1/incidents/{ref}/alert-groups", tag = "alerts",
    params(("ref" = String, Path, description = "INC-42 or 42")),
    responses((status = 200, body = Vec<AlertGroupDto>), (status = 404, body = Problem)))]
pub async fn incident_groups(
    State(state): State<AppState>,
    auth: Auth,
    Path(reference): Path<String>,
) -> Result<Json<Vec<AlertGroupDto>>, ApiError> {
    let r = crate::routes::params::incident_ref(&reference)?;
    let incident = state.store.incident(&auth.actor(), r).await?;
    let reference = incident.id.reference();
    let groups = state.store.incident_alert_groups(incident.id).await?;
    Ok(Json(
        groups
            .into_iter()
            .map(|g| AlertGroupDto::of(g, Some(reference.clone())))
            .collect(),
    ))
}
