//! The learning flow over HTTP: the policy admins set (the steps each severity and type owes
//! before closing), one incident's checklist, an admin's waiver of a step, and the record that
//! the review meeting was held.

mod dto;
mod feedback;

pub use dto::*;

use crate::auth::Auth;
use crate::error::{ApiError, Problem, Refusals};
use crate::json::ApiJson;
use crate::routes::params::{incident_ref, Path};
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use goldseam_core::learning::{validate_learning_policy, LearningPolicy, Step};
use goldseam_core::text::Reason;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The learning routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(policy, put_policy))
        .routes(routes!(checklist))
        .routes(routes!(waive))
        .routes(routes!(meeting))
        .routes(routes!(due))
        .routes(routes!(feedback::submit))
        .routes(routes!(feedback::mine))
        .routes(routes!(feedback::summary))
}

/// What is overdue in the learning flow, by team: steps resolved incidents owe past their day,
/// and promised follow-ups past theirs (of the incidents you may see).
#[utoipa::path(get, operation_id = "learning_due", path = "/api/v1/learning/due", tag = "learning",
    responses((status = 200, body = LearningDueDto)))]
pub async fn due(
    State(state): State<AppState>,
    auth: Auth,
) -> Result<Json<LearningDueDto>, ApiError> {
    let teams = state.store.learning_due(&auth.actor()).await?;
    Ok(Json(LearningDueDto::of(&state, teams).await?))
}

/// The steps each severity and type owes before an incident may close (the first matching rule
/// applies).
#[utoipa::path(get, operation_id = "show_learning_policy", path = "/api/v1/learning-policy", tag = "learning",
    responses((status = 200, body = LearningPolicyDto)))]
pub async fn policy(
    State(state): State<AppState>,
    _auth: Auth,
) -> Result<Json<LearningPolicyDto>, ApiError> {
    let (policy, customized) = state.store.learning_policy().await?;
    Ok(Json(LearningPolicyDto::of(policy, customized)))
}

/// Replace the learning policy (admins); every problem is refused at once with its field path.
#[utoipa::path(put, operation_id = "put_learning_policy", path = "/api/v1/learning-policy", tag = "learning",
    request_body = LearningPolicyDto,
    responses((status = 200, body = LearningPolicyDto), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn put_policy(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson { value: body, .. }: ApiJson<LearningPolicyDto>,
) -> Result<Json<LearningPolicyDto>, ApiError> {
    goldseam_core::policy::ensure_admin(&auth.actor())?;
    let policy = LearningPolicy { rules: body.rules };
    validate_learning_policy(&policy, &state.store.catalog()).map_err(Refusals::from)?;
    let saved = state
        .store
        .set_learning_policy(&auth.actor(), &policy)
        .await?;
    Ok(Json(LearningPolicyDto::of(saved, true)))
}

/// What the incident owes before it may close: each step, its owner, when it is due, and
/// whether it is done (by the real event) or waived. `rule` is null when it owes nothing.
#[utoipa::path(get, operation_id = "learning_checklist", path = "/api/v1/incidents/{ref}/learning", tag = "learning",
    params(("ref" = String, Path, description = "INC-42 or 42")),
    responses((status = 200, body = ChecklistDto), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn checklist(
    State(state): State<AppState>,
    auth: Auth,
    Path(reference): Path<String>,
) -> Result<Json<ChecklistDto>, ApiError> {
    let r = incident_ref(&reference)?;
    let list = state.store.learning_checklist(&auth.actor(), r).await?;
    Ok(Json(ChecklistDto::of(&state, list).await?))
}

/// Waive a step the incident owes (admins), with the reason; it goes on the timeline. A step
/// done or waived already is a 409; one the incident does not owe is a 422.
#[utoipa::path(post, operation_id = "waive_learning_step", path = "/api/v1/incidents/{ref}/learning/waivers", tag = "learning",
    params(("ref" = String, Path, description = "INC-42 or 42")), request_body = WaiverRequest,
    responses((status = 200, body = ChecklistDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn waive(
    State(state): State<AppState>,
    auth: Auth,
    Path(reference): Path<String>,
    ApiJson { value: body, .. }: ApiJson<WaiverRequest>,
) -> Result<Json<ChecklistDto>, ApiError> {
    let r = incident_ref(&reference)?;
    let step = Step::parse("step", &body.step)?;
    let reason = Reason::parse("reason", &body.reason)?;
    let list = state
        .store
        .waive_learning_step(&auth.actor(), r, step, &reason)
        .await?;
    Ok(Json(ChecklistDto::of(&state, Some(list)).await?))
}

/// Record that the incident's review meeting was held (once; members and admins).
#[utoipa::path(post, operation_id = "record_review_meeting", path = "/api/v1/incidents/{ref}/learning/meeting", tag = "learning",
    params(("ref" = String, Path, description = "INC-42 or 42")),
    responses((status = 200, body = ChecklistDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn meeting(
    State(state): State<AppState>,
    auth: Auth,
    Path(reference): Path<String>,
) -> Result<Json<ChecklistDto>, ApiError> {
    let r = incident_ref(&reference)?;
    state.store.record_review_meeting(&auth.actor(), r).await?;
    let list = state.store.learning_checklist(&auth.actor(), r).await?;
    Ok(Json(ChecklistDto::of(&state, list).await?))
}
