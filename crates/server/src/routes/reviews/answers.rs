//! The personal answer link of a review invitation: no sign-in, the signed token is the
//! credential. Only the POST answers, so a mail scanner following the link answers nothing.

use super::{AnswerRequest, InvitationDto};
use crate::error::{ApiError, Problem};
use crate::json::ApiJson;
use crate::routes::params::Path;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use goldseam_core::Actor;
use goldseam_store::reviews::meeting::AnswerOutcome;
use goldseam_store::StoreError;

async fn invitation(state: &AppState, token: &str) -> Result<InvitationDto, ApiError> {
    let store = &state.store;
    let (r, user_id) = store.review_answer_link(token).await?;
    let gone = || ApiError::from(StoreError::NotFound("this invitation".into()));
    let incident = store
        .incident(&Actor::GOLDSEAM, r)
        .await
        .map_err(|_| gone())?;
    let meeting = store.review_meeting(r).await?.ok_or_else(gone)?;
    let me = meeting
        .attendees
        .iter()
        .find(|a| a.user_id == user_id)
        .ok_or_else(gone)?;
    if !store.user_may_see_incident(user_id, &incident).await? {
        return Err(gone());
    }
    let profile = store.profile(user_id).await?;
    Ok(InvitationDto {
        reference: r.reference(),
        title: incident.title.clone(),
        name: me.name.clone(),
        required: me.required,
        state: meeting.state.clone(),
        start: meeting.start,
        end: meeting.end,
        sequence: meeting.sequence,
        answer: me.answer,
        time_zone: profile.time_zone.map(|z| z.as_str().to_string()),
    })
}

/// The invitation a personal link answers: the incident, the time, and the answer given.
/// 404 when the link was altered or its person is no longer invited.
#[utoipa::path(get, operation_id = "show_invitation", path = "/api/v1/rsvp/{token}", tag = "reviews", security(()),
    params(("token" = String, Path, description = "From the invitation email")),
    responses((status = 200, body = InvitationDto), (status = 404, body = Problem)))]
pub async fn show(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Json<InvitationDto>, ApiError> {
    Ok(Json(invitation(&state, &token).await?))
}

/// Accept, decline or say maybe. A required attendee declining makes Goldseam look for a new
/// time and move the meeting. 409 when the meeting was cancelled or is over.
#[utoipa::path(post, operation_id = "answer_invitation", path = "/api/v1/rsvp/{token}", tag = "reviews", security(()),
    params(("token" = String, Path, description = "From the invitation email")), request_body = AnswerRequest,
    responses((status = 200, body = InvitationDto), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn answer(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ApiJson { value: body, .. }: ApiJson<AnswerRequest>,
) -> Result<Json<InvitationDto>, ApiError> {
    let current = invitation(&state, &token).await?;
    if current.state != "booked" {
        return Err(ApiError::from(goldseam_core::DomainError::Conflict(
            format!(
                "this review meeting was {}; there is nothing to answer",
                current.state
            ),
        )));
    }
    let (r, user_id) = state.store.review_answer_link(&token).await?;
    match state
        .store
        .answer_review(r, user_id, body.answer, current.sequence)
        .await?
    {
        AnswerOutcome::Recorded | AnswerOutcome::Unchanged | AnswerOutcome::Stale => {}
    }
    Ok(Json(invitation(&state, &token).await?))
}
