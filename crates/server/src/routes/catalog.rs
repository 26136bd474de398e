//! Severities, incident types and roles: everyone reads them; admins change severities and types.

use crate::auth::Auth;
use crate::error::{require, AllFields, ApiError, Problem, Refusals};
use crate::json::ApiJson;
use crate::routes::params::Path;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use goldseam_core::severity::MAX_UPDATE_EVERY_MINUTES;
use goldseam_core::text::{PersonName, Reason};
use goldseam_core::{IncidentType, RoleKey, RoleKind, Severity, SeverityKey, Status, TypeKey};
use serde::Deserialize;
use utoipa::ToSchema;

/// A severity's editable fields.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SeverityRequest {
    /// Short name, such as `Critical`.
    pub name: String,
    /// One line telling anyone when to pick it.
    pub description: String,
    /// Position; 0 is the most severe.
    pub rank: i64,
    /// Minutes between the status updates stakeholders expect while it is open (1 to 10080);
    /// omitted or null for no expectation.
    #[serde(default)]
    pub update_every_minutes: Option<i64>,
    /// The status at which an incident of this severity opens its postmortem by itself
    /// (`mitigated`, `resolved` or `closed`); omitted or null: only by hand.
    #[serde(default)]
    pub postmortem_on: Option<String>,
}

/// An incident type's editable fields.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TypeRequest {
    /// Short name.
    pub name: String,
    /// One line telling anyone when to pick it.
    pub description: String,
    /// Whether new incidents of this type start private.
    pub default_private: bool,
}

/// A custom role's editable fields.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleKindRequest {
    /// Readable name, such as `Customer liaison`.
    pub name: String,
    /// What the holder does.
    pub description: String,
    /// Whether one person holds it at a time (ignored for the built-in roles).
    pub single_holder: bool,
}

/// Add a custom incident role, or rename one (admins).
#[utoipa::path(put, path = "/api/v1/roles/{key}", tag = "catalog", request_body = RoleKindRequest,
    params(("key" = String, Path, description = "Such as customer_liaison")),
    responses((status = 200, body = Vec<RoleKind>), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn put_role(
    State(state): State<AppState>,
    auth: Auth,
    Path(key): Path<String>,
    req: ApiJson<RoleKindRequest>,
) -> Result<Json<Vec<RoleKind>>, ApiError> {
    goldseam_core::policy::ensure_admin(&auth.actor())?;
    let (key, name, description) = (
        RoleKey::parse("key", &key),
        PersonName::parse("name", &req.value.name),
        Reason::parse("description", &req.value.description),
    )
        .all()?;
    let r = RoleKind {
        key,
        name: name.into_string(),
        description: description.into_string(),
        single_holder: req.value.single_holder,
    };
    Ok(Json(state.store.upsert_role(&r).await?.roles.clone()))
}

/// The configured severities, most severe first.
#[utoipa::path(get, path = "/api/v1/severities", tag = "catalog", responses((status = 200, body = Vec<Severity>)))]
pub async fn severities(State(state): State<AppState>, _auth: Auth) -> Json<Vec<Severity>> {
    Json(state.store.catalog().severities.clone())
}

/// The configured incident types.
#[utoipa::path(get, path = "/api/v1/incident-types", tag = "catalog", responses((status = 200, body = Vec<IncidentType>)))]
pub async fn types(State(state): State<AppState>, _auth: Auth) -> Json<Vec<IncidentType>> {
    Json(state.store.catalog().types.clone())
}

/// The incident roles.
#[utoipa::path(get, path = "/api/v1/roles", tag = "catalog", responses((status = 200, body = Vec<RoleKind>)))]
pub async fn roles(State(state): State<AppState>, _auth: Auth) -> Json<Vec<RoleKind>> {
    Json(state.store.catalog().roles.clone())
}

/// Add or change a severity (admins).
#[utoipa::path(put, path = "/api/v1/severities/{key}", tag = "catalog", request_body = SeverityRequest,
    params(("key" = String, Path, description = "Such as SEV1")),
    responses((status = 200, body = Vec<Severity>), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn put_severity(
    State(state): State<AppState>,
    auth: Auth,
    Path(key): Path<String>,
    req: ApiJson<SeverityRequest>,
) -> Result<Json<Vec<Severity>>, ApiError> {
    goldseam_core::policy::ensure_admin(&auth.actor())?;
    let every = req.value.update_every_minutes;
    let postmortem_on = req
        .value
        .postmortem_on
        .as_deref()
        .map(|s| match goldseam_core::Status::parse("postmortem_on", s) {
            Ok(status @ (Status::Mitigated | Status::Resolved | Status::Closed)) => Ok(status),
            _ => Err(Refusals::field(
                "postmortem_on",
                "must be mitigated, resolved or closed, or null to open postmortems only by hand",
            )),
        })
        .transpose();
    let (key, name, description, (), (), postmortem_on) = (
        SeverityKey::parse("key", &key),
        PersonName::parse("name", &req.value.name),
        Reason::parse("description", &req.value.description),
        require(
            (0..=99).contains(&req.value.rank),
            "rank",
            "must be from 0 (most severe) to 99",
        ),
        require(
            every.is_none_or(|m| (1..=MAX_UPDATE_EVERY_MINUTES).contains(&m)),
            "update_every_minutes",
            "must be from 1 to 10080 minutes (a week), or null for no expectation",
        ),
        postmortem_on,
    )
        .all()?;
    let s = Severity {
        key,
        name: name.into_string(),
        description: description.into_string(),
        rank: req.value.rank,
        update_every_minutes: every,
        postmortem_on,
    };
    Ok(Json(
        state.store.upsert_severity(&s).await?.severities.clone(),
    ))
}

/// Add or change an incident type (admins).
#[utoipa::path(put, path = "/api/v1/incident-types/{key}", tag = "catalog", request_body = TypeRequest,
    params(("key" = String, Path, description = "Such as security")),
    responses((status = 200, body = Vec<IncidentType>), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn put_type(
    State(state): State<AppState>,
    auth: Auth,
    Path(key): Path<String>,
    req: ApiJson<TypeRequest>,
) -> Result<Json<Vec<IncidentType>>, ApiError> {
    goldseam_core::policy::ensure_admin(&auth.actor())?;
    let (key, name, description) = (
        TypeKey::parse("key", &key),
        PersonName::parse("name", &req.value.name),
        Reason::parse("description", &req.value.description),
    )
        .all()?;
    let t = IncidentType {
        key,
        name: name.into_string(),
        description: description.into_string(),
        default_private: req.value.default_private,
    };
    Ok(Json(state.store.upsert_type(&t).await?.types.clone()))
}
