//! Asking the scheduling assistant: the best slot with alternatives and reasons (or the nearest
//! misses naming who blocks), and booking its best slot in one click.

use super::{ProposalDto, ReviewDto};
use crate::auth::Auth;
use crate::error::{ApiError, Problem};
use crate::routes::params::{incident_ref, Path};
use crate::scheduling::{Assistant, Booked};
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use goldseam_core::DomainError;

fn assistant(state: &AppState) -> Assistant {
    Assistant::new(state.store.clone(), state.config.delivery.timeout)
}

/// Find the best time: reads every invitee's calendar now (in parallel, each bounded) and
/// answers the best slot in everyone's local time, up to three alternatives, and why; or,
/// when none fits, the three nearest misses naming who blocks each and how. Nothing is booked.
#[utoipa::path(post, operation_id = "propose_review", path = "/api/v1/incidents/{ref}/review/proposal", tag = "reviews",
    params(("ref" = String, Path, description = "INC-42 or 42")),
    responses((status = 200, body = ProposalDto), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn propose(
    State(state): State<AppState>,
    auth: Auth,
    Path(reference): Path<String>,
) -> Result<Json<ProposalDto>, ApiError> {
    let r = incident_ref(&reference)?;
    let incident = state.store.incident(&auth.actor(), r).await?;
    let (proposal, gathered) = assistant(&state)
        .propose(&incident, Some(auth.actor().user_id))
        .await?;
    Ok(Json(ProposalDto {
        proposal,
        rule: gathered.rule,
        zone: gathered.zone_name,
    }))
}

/// One click: book (or move) the meeting at the best slot the assistant finds. 409 when no
/// slot fits every required attendee (ask for the proposal to see the nearest misses).
#[utoipa::path(post, operation_id = "book_best_review", path = "/api/v1/incidents/{ref}/review/meeting/best", tag = "reviews",
    params(("ref" = String, Path, description = "INC-42 or 42")),
    responses((status = 200, body = ReviewDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn book_best(
    State(state): State<AppState>,
    auth: Auth,
    Path(reference): Path<String>,
) -> Result<Json<ReviewDto>, ApiError> {
    let r = incident_ref(&reference)?;
    goldseam_core::policy::ensure_can_write(&auth.actor())?;
    let incident = state.store.incident(&auth.actor(), r).await?;
    match assistant(&state).book_best(&auth.actor(), &incident, "").await? {
        Booked::Meeting(meeting) => Ok(Json(ReviewDto::of(&state, &incident, Some(*meeting)).await?)),
        Booked::NoSlot(_) => Err(DomainError::Conflict(
            "no slot in the window suits every required attendee; ask for a proposal to see the nearest misses and who blocks them".into(),
        )
        .into()),
    }
}
