//! Participants' feedback on how the response went, and its summary per team (no names).

use super::{FeedbackDto, FeedbackRequest, FeedbackSummaryDto};
use crate::auth::Auth;
use crate::error::{ApiError, Problem, Refusals};
use crate::json::ApiJson;
use crate::routes::params::{incident_ref, Path};
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use goldseam_core::learning::Feedback;

/// Say how the response to the incident went (people who took part, once it is resolved);
/// sending again replaces your answer.
#[utoipa::path(post, operation_id = "submit_feedback", path = "/api/v1/incidents/{ref}/feedback", tag = "learning",
    params(("ref" = String, Path, description = "INC-42 or 42")), request_body = FeedbackRequest,
    responses((status = 200, body = FeedbackDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn submit(
    State(state): State<AppState>,
    auth: Auth,
    Path(reference): Path<String>,
    ApiJson { value: body, .. }: ApiJson<FeedbackRequest>,
) -> Result<Json<FeedbackDto>, ApiError> {
    let r = incident_ref(&reference)?;
    let feedback = Feedback::parse(body.score, body.comment.as_deref()).map_err(Refusals::from)?;
    let stored = state
        .store
        .submit_feedback(&auth.actor(), r, &feedback)
        .await?;
    Ok(Json(FeedbackDto::from(stored)))
}

/// Your own answer about the incident; 404 when you have not given one, 403 when you did not take
/// part in it (you are not asked).
#[utoipa::path(get, operation_id = "my_feedback", path = "/api/v1/incidents/{ref}/feedback/mine", tag = "learning",
    params(("ref" = String, Path, description = "INC-42 or 42")),
    responses((status = 200, body = FeedbackDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn mine(
    State(state): State<AppState>,
    auth: Auth,
    Path(reference): Path<String>,
) -> Result<Json<FeedbackDto>, ApiError> {
    let r = incident_ref(&reference)?;
    match state.store.my_feedback(&auth.actor(), r).await? {
        Some(stored) => Ok(Json(FeedbackDto::from(stored))),
        None => Err(ApiError::not_found("your feedback on this incident")),
    }
}

/// How responses went, per team owning the incidents' services: answers, average, how many gave
/// each score and the comments, never with names (members and admins; incidents you may see).
#[utoipa::path(get, operation_id = "feedback_summary", path = "/api/v1/learning/feedback", tag = "learning",
    responses((status = 200, body = FeedbackSummaryDto), (status = 403, body = Problem)))]
pub async fn summary(
    State(state): State<AppState>,
    auth: Auth,
) -> Result<Json<FeedbackSummaryDto>, ApiError> {
    let teams = state.store.feedback_summary(&auth.actor()).await?;
    Ok(Json(FeedbackSummaryDto::of(teams)))
}
