//! Alerts and groups, for everyone signed in: the Alerts page's lists and a group with its
//! alerts. Those of an incident the reader may not see (a private one) are left out, as the
//! incident itself is.

use super::dto::*;
use crate::auth::Auth;
use crate::error::{ApiError, Problem};
use crate::routes::params::Path;
use crate::routes::params::Query;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use goldseam_core::Actor;
use goldseam_core::IncidentId;
use goldseam_store::alerts::AlertFilter;
use serde::Deserialize;
use std::collections::HashMap;
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

/// Which incidents the reader may see, asked once each. Alerts and groups that belong to an
/// incident the reader may not see are left out: their summaries are usually its title.
struct Seen<'a> {
    state: &'a AppState,
    actor: Actor,
    known: HashMap<IncidentId, bool>,
}

impl<'a> Seen<'a> {
    fn new(state: &'a AppState, actor: Actor) -> Seen<'a> {
        Seen {
            state,
            actor,
            known: HashMap::new(),
        }
    }

    async fn may_see(&mut self, incident: Option<IncidentId>) -> bool {
        let Some(id) = incident else {
            return true;
        };
        if self.actor.role == goldseam_core::UserRole::Admin {
            return true;
        }
        if let Some(seen) = self.known.get(&id) {
            return *seen;
        }
        let seen = self.state.store.incident(&self.actor, id).await.is_ok();
        self.known.insert(id, seen);
        seen
    }
}

/// Alerts, newest first.
#[utoipa::path(get, operation_id = "list_alerts", path = "/api/v1/alerts", tag = "alerts", params(AlertQuery),
    responses((status = 200, body = Vec<AlertDto>), (status = 422, body = Problem)))]
pub async fn alerts(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<AlertQuery>,
) -> Result<Json<Vec<AlertDto>>, ApiError> {
    let f = filter(&q, &["firing", "acknowledged", "resolved"])?;
    let list = state.store.alerts(&f).await?;
    let groups: Vec<i64> = list.iter().filter_map(|a| a.group_id).collect();
    let incidents = state.store.group_incidents(&groups).await?;
    let mut seen = Seen::new(&state, auth.actor());
    let mut out = Vec::new();
    for a in list {
        let incident = a.group_id.and_then(|g| incidents.get(&g).copied());
        if seen.may_see(incident).await {
            out.push(AlertDto::from(a));
        }
    }
    Ok(Json(out))
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
    let mut seen = Seen::new(&state, auth.actor());
    let mut out = Vec::new();
    for g in state.store.alert_groups(&f).await? {
        if seen.may_see(g.incident_id).await {
            let incident = g.incident_id.map(|i| i.reference());
            out.push(AlertGroupDto::of(g, incident));
        }
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
    if !Seen::new(&state, auth.actor()).may_see(g.incident_id).await {
        return Err(ApiError::not_found(format!("alert group {id}")));
    }
    let alerts = state
        .store
        .alerts(&AlertFilter {
            group_id: Some(id),
            limit: 200,
            ..AlertFilter::default()
        })
        .await?;
    let incident = g.incident_id.map(|i| i.reference());
    Ok(Json(AlertGroupDetail {
        group: AlertGroupDto::of(g, incident),
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
