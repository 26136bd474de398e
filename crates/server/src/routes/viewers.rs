//! Who can see a private incident and why, and letting someone in. Making it public or private
//! is `PATCH /incidents/{ref}` with a reason.

use super::params;
use crate::auth::Auth;
use crate::dto::UserRef;
use crate::error::{ApiError, Problem};
use crate::json::ApiJson;
use crate::routes::params::Path;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use goldseam_core::text::Reason;
use goldseam_core::{Command, IncidentId, UserId};
use goldseam_store::incidents::{Change, SeeReason, Viewer};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Why someone can see a private incident.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SeeReasonDto {
    /// They declared it.
    Declared,
    /// They hold a role in it.
    Role,
    /// They were paged for it.
    Paged,
    /// A response rule told them of it.
    Informed,
    /// Someone let them see it.
    Added,
    /// They wrote in it.
    TookPart,
    /// Admins see every incident.
    Admin,
}

impl From<SeeReason> for SeeReasonDto {
    fn from(r: SeeReason) -> Self {
        match r {
            SeeReason::Declared => SeeReasonDto::Declared,
            SeeReason::Role => SeeReasonDto::Role,
            SeeReason::Paged => SeeReasonDto::Paged,
            SeeReason::Informed => SeeReasonDto::Informed,
            SeeReason::Added => SeeReasonDto::Added,
            SeeReason::TookPart => SeeReasonDto::TookPart,
            SeeReason::Admin => SeeReasonDto::Admin,
        }
    }
}

/// One person who can see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ViewerDto {
    /// Who.
    pub user: UserRef,
    /// Why (at least one).
    pub reasons: Vec<SeeReasonDto>,
}

/// Who can see an incident.
#[derive(Debug, Serialize, ToSchema)]
pub struct ViewersDto {
    /// Whether it is private; a public incident lists nobody, since everyone can see it.
    pub private: bool,
    /// Sorted by name.
    pub viewers: Vec<ViewerDto>,
}

/// Someone to let see a private incident.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GrantRequest {
    /// The person.
    pub user_id: i64,
    /// Why they may see it (recorded on the timeline).
    pub reason: String,
}

fn dto(viewers: Option<Vec<Viewer>>) -> ViewersDto {
    ViewersDto {
        private: viewers.is_some(),
        viewers: viewers
            .unwrap_or_default()
            .into_iter()
            .map(|v| ViewerDto {
                user: UserRef {
                    id: v.user_id,
                    name: v.name,
                    email: v.email,
                },
                reasons: v.reasons.into_iter().map(Into::into).collect(),
            })
            .collect(),
    }
}

/// Who can see the incident, and why.
#[utoipa::path(get, operation_id = "list_viewers", path = "/api/v1/incidents/{ref}/viewers", tag = "incidents",
    params(("ref" = String, Path, description = "INC-42 or 42")),
    responses((status = 200, body = ViewersDto), (status = 404, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    auth: Auth,
    Path(r): Path<String>,
) -> Result<Json<ViewersDto>, ApiError> {
    let r = params::incident_ref(&r)?;
    Ok(Json(dto(state.store.viewers(&auth.actor(), r).await?)))
}

/// Lets someone see a private incident, with a reason (anyone who can see it and may act).
#[utoipa::path(post, operation_id = "grant_access", path = "/api/v1/incidents/{ref}/viewers", tag = "incidents",
    params(("ref" = String, Path, description = "INC-42 or 42")), request_body = GrantRequest,
    responses((status = 200, body = ViewersDto), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "The incident is public, or the person can already see it"),
        (status = 422, body = Problem)))]
pub async fn grant(
    State(state): State<AppState>,
    auth: Auth,
    Path(r): Path<String>,
    body: ApiJson<GrantRequest>,
) -> Result<Json<ViewersDto>, ApiError> {
    let r: IncidentId = params::incident_ref(&r)?;
    let reason = Reason::parse("reason", &body.value.reason)?;
    let user_id = UserId::from_db(body.value.user_id);
    let Some(user) = state.store.users_by_ids(&[user_id]).await?.pop() else {
        return Err(ApiError::invalid("user_id", "no such person"));
    };
    let actor = auth.actor();
    if let Some(viewers) = state.store.viewers(&actor, r).await? {
        if viewers.iter().any(|v| v.user_id == user_id) {
            return Err(ApiError::new(
                axum::http::StatusCode::CONFLICT,
                "no-change",
                format!("{} can already see it", user.name),
            ));
        }
    }
    let change = Change::Core(Command::GrantAccess { user_id, reason });
    state
        .store
        .change(&actor, r, &[change], None, false)
        .await?;
    Ok(Json(dto(state.store.viewers(&actor, r).await?)))
}
