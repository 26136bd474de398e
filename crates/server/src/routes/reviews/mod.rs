//! The review meeting over HTTP: the policy admins set, an incident's review (who is invited,
//! the meeting if booked), the invitee list, booking at a chosen time or at the best slot the
//! picker finds in everyone's calendars, cancelling, and the personal answer links.

mod answers;
mod calendar;
mod dto;
mod proposal;
mod slots;

pub use dto::*;

use crate::auth::Auth;
use crate::error::{ApiError, Problem, Refusals};
use crate::json::ApiJson;
use crate::routes::params::{incident_ref, Path};
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use goldseam_core::review::booking_policy::{validate_review_policy, ReviewPolicy};
use goldseam_core::text::Reason;
use jiff::SignedDuration;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The review routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(policy, put_policy))
        .routes(routes!(review))
        .routes(routes!(put_invitees))
        .routes(routes!(book, cancel))
        .routes(routes!(proposal::propose))
        .routes(routes!(proposal::book_best))
        .routes(routes!(
            calendar::show,
            calendar::connect,
            calendar::disconnect
        ))
        .routes(routes!(answers::show))
        .routes(routes!(answers::answer))
        .routes(routes!(slots::list, slots::create))
        .routes(routes!(slots::update, slots::delete))
        .routes(routes!(slots::agenda))
}

/// When each severity and type's review meeting may be, how long it lasts, and whether
/// Goldseam books it by itself.
#[utoipa::path(get, operation_id = "show_review_policy", path = "/api/v1/review-policy", tag = "reviews",
    responses((status = 200, body = ReviewPolicyDto)))]
pub async fn policy(
    State(state): State<AppState>,
    _auth: Auth,
) -> Result<Json<ReviewPolicyDto>, ApiError> {
    let (policy, customized) = state.store.review_policy().await?;
    Ok(Json(ReviewPolicyDto::of(policy, customized)))
}

/// Replace the review policy (admins); every problem is refused at once with its field path.
#[utoipa::path(put, operation_id = "put_review_policy", path = "/api/v1/review-policy", tag = "reviews",
    request_body = ReviewPolicyDto,
    responses((status = 200, body = ReviewPolicyDto), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn put_policy(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson { value: body, .. }: ApiJson<ReviewPolicyDto>,
) -> Result<Json<ReviewPolicyDto>, ApiError> {
    goldseam_core::policy::ensure_admin(&auth.actor())?;
    let policy = ReviewPolicy {
        rules: body.rules,
        on_call_is_busy: body.on_call_is_busy,
    };
    validate_review_policy(&policy, &state.store.catalog()).map_err(Refusals::from)?;
    let saved = state
        .store
        .set_review_policy(&auth.actor(), &policy)
        .await?;
    Ok(Json(ReviewPolicyDto::of(saved, true)))
}

/// The incident's review: the rule that applies, the meeting if one was booked, and who is
/// (or will be) invited with their answers, zones and calendars.
#[utoipa::path(get, operation_id = "show_review", path = "/api/v1/incidents/{ref}/review", tag = "reviews",
    params(("ref" = String, Path, description = "INC-42 or 42")),
    responses((status = 200, body = ReviewDto), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn review(
    State(state): State<AppState>,
    auth: Auth,
    Path(reference): Path<String>,
) -> Result<Json<ReviewDto>, ApiError> {
    let r = incident_ref(&reference)?;
    let incident = state.store.incident(&auth.actor(), r).await?;
    let meeting = state.store.review_meeting(r).await?;
    Ok(Json(ReviewDto::of(&state, &incident, meeting).await?))
}

/// Replace who the next booking invites (members and admins). Everyone must be able to see
/// the incident; at least one must be required.
#[utoipa::path(put, operation_id = "put_review_invitees", path = "/api/v1/incidents/{ref}/review/invitees", tag = "reviews",
    params(("ref" = String, Path, description = "INC-42 or 42")), request_body = InviteesRequest,
    responses((status = 200, body = ReviewDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn put_invitees(
    State(state): State<AppState>,
    auth: Auth,
    Path(reference): Path<String>,
    ApiJson { value: body, .. }: ApiJson<InviteesRequest>,
) -> Result<Json<ReviewDto>, ApiError> {
    let r = incident_ref(&reference)?;
    goldseam_core::policy::ensure_can_write(&auth.actor())?;
    let incident = state.store.incident(&auth.actor(), r).await?;
    state
        .store
        .set_review_invitees(&incident, &body.invitees)
        .await?;
    let meeting = state.store.review_meeting(r).await?;
    Ok(Json(ReviewDto::of(&state, &incident, meeting).await?))
}

/// Book the review at a chosen time, or move it there (SEQUENCE + 1): invitations go to every
/// invitee, and a cancellation to anyone no longer invited.
#[utoipa::path(put, operation_id = "book_review", path = "/api/v1/incidents/{ref}/review/meeting", tag = "reviews",
    params(("ref" = String, Path, description = "INC-42 or 42")), request_body = BookRequest,
    responses((status = 200, body = ReviewDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn book(
    State(state): State<AppState>,
    auth: Auth,
    Path(reference): Path<String>,
    ApiJson { value: body, .. }: ApiJson<BookRequest>,
) -> Result<Json<ReviewDto>, ApiError> {
    let r = incident_ref(&reference)?;
    goldseam_core::policy::ensure_can_write(&auth.actor())?;
    let incident = state.store.incident(&auth.actor(), r).await?;
    let (policy, _) = state.store.review_policy().await?;
    let rule = policy.rule_for(incident.severity.as_str(), incident.incident_type.as_str());
    let minutes = body.duration_minutes.unwrap_or(rule.duration_minutes);
    if !(15..=480).contains(&minutes) || minutes % 15 != 0 {
        return Err(ApiError::invalid(
            "duration_minutes",
            "15 to 480 minutes, a multiple of 15",
        ));
    }
    if body.start < state.store.now() {
        return Err(ApiError::invalid(
            "start",
            "is in the past; choose a time to come",
        ));
    }
    let reason = match body
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(text) => Reason::parse("reason", text)?.as_str().to_string(),
        None => "chosen by hand".to_string(),
    };
    let invitees = state.store.review_invitees(&incident).await?;
    let end = body.start + SignedDuration::from_mins(minutes as i64);
    let meeting = state
        .store
        .book_review(&auth.actor(), r, body.start, end, invitees, reason)
        .await?;
    Ok(Json(ReviewDto::of(&state, &incident, Some(meeting)).await?))
}

/// Call the review off: a cancellation (iTIP CANCEL) goes to every attendee. 409 when no meeting
/// is booked.
#[utoipa::path(delete, operation_id = "cancel_review", path = "/api/v1/incidents/{ref}/review/meeting", tag = "reviews",
    params(("ref" = String, Path, description = "INC-42 or 42")), request_body = CancelRequest,
    responses((status = 200, body = ReviewDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn cancel(
    State(state): State<AppState>,
    auth: Auth,
    Path(reference): Path<String>,
    ApiJson { value: body, .. }: ApiJson<CancelRequest>,
) -> Result<Json<ReviewDto>, ApiError> {
    let r = incident_ref(&reference)?;
    let reason = Reason::parse("reason", &body.reason)?;
    state
        .store
        .cancel_review(&auth.actor(), r, reason.as_str().to_string())
        .await?;
    let incident = state.store.incident(&auth.actor(), r).await?;
    let meeting = state.store.review_meeting(r).await?;
    Ok(Json(ReviewDto::of(&state, &incident, meeting).await?))
}
