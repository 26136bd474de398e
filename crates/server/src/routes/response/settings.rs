//! The incident manager on call: which schedule, from which severity up (admins set it).

use super::dto::IncidentManagerDto;
use super::names::Wanted;
use crate::auth::Auth;
use crate::error::{ApiError, Fields, Problem};
use crate::json::ApiJson;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use goldseam_core::policy::ensure_admin;
use goldseam_store::response::{IncidentManagerSetting, Referenced};

/// The incident-manager schedule and threshold, or 404 when none is set.
#[utoipa::path(get, operation_id = "incident_manager_setting", path = "/api/v1/settings/incident-manager", tag = "response",
    responses((status = 200, body = IncidentManagerDto), (status = 404, body = Problem)))]
pub async fn show(
    State(state): State<AppState>,
    _auth: Auth,
) -> Result<Json<IncidentManagerDto>, ApiError> {
    let s = state
        .store
        .incident_manager_setting()
        .await?
        .ok_or_else(|| ApiError::not_found("incident-manager setting"))?;
    Ok(Json(IncidentManagerDto {
        schedule_id: s.schedule_id,
        min_severity: s.min_severity,
    }))
}

/// Set which schedule supplies the incident manager, from which severity up (admins).
#[utoipa::path(put, operation_id = "set_incident_manager", path = "/api/v1/settings/incident-manager", tag = "response", request_body = IncidentManagerDto,
    responses((status = 200, body = IncidentManagerDto), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn set(
    State(state): State<AppState>,
    auth: Auth,
    req: ApiJson<IncidentManagerDto>,
) -> Result<Json<IncidentManagerDto>, ApiError> {
    ensure_admin(&auth.actor())?;
    let mut f = Fields::default();
    f.check(
        state
            .store
            .catalog()
            .severity(&req.value.min_severity)
            .map(|_| ()),
    );
    let mut wanted = Wanted::default();
    wanted.add(
        Referenced::Schedule,
        req.value.schedule_id.get(),
        "schedule_id".into(),
    );
    wanted.check_exist(&state, &mut f).await?;
    f.finish()?;
    let s = IncidentManagerSetting {
        schedule_id: req.value.schedule_id,
        min_severity: req.value.min_severity.clone(),
    };
    state.store.set_incident_manager_setting(Some(&s)).await?;
    Ok(Json(req.value.clone()))
}

/// Stop assigning an incident manager automatically (admins).
#[utoipa::path(delete, operation_id = "clear_incident_manager", path = "/api/v1/settings/incident-manager", tag = "response",
    responses((status = 204), (status = 403, body = Problem)))]
pub async fn clear(State(state): State<AppState>, auth: Auth) -> Result<StatusCode, ApiError> {
    ensure_admin(&auth.actor())?;
    state.store.set_incident_manager_setting(None).await?;
    Ok(StatusCode::NO_CONTENT)
}
