//! The postmortem's moves, decided against its stage as the incident's events left it: the
//! incident's write path runs them one at a time, so two people opening or moving it at once
//! cannot both succeed.

use crate::error::DomainError;
use crate::event::EventPayload;
use crate::id::UserId;
use crate::incident::IncidentState;
use crate::postmortem::{review_transition, ReviewAction, ReviewContext};

/// Opening the postmortem; no change when it is open already.
pub(super) fn open(state: &IncidentState, automatic: bool) -> Result<EventPayload, DomainError> {
    if state.postmortem.is_some() {
        return Err(DomainError::NoChange(
            "the postmortem is open already".into(),
        ));
    }
    Ok(EventPayload::PostmortemOpened { automatic })
}

/// A review move, decided against the postmortem's state as the incident's events left it.
pub(super) fn review_move(
    state: &IncidentState,
    action: ReviewAction,
    context: ReviewContext,
    reviewers: &[UserId],
) -> Result<EventPayload, DomainError> {
    let stage = state
        .postmortem
        .ok_or_else(|| DomainError::Conflict("this incident has no postmortem yet".into()))?;
    let to = review_transition(stage.state, action, context)?;
    let version = stage.version + i64::from(action == ReviewAction::Amend);
    Ok(EventPayload::PostmortemStateChanged {
        from: stage.state.as_str().into(),
        to: to.as_str().into(),
        version,
        reviewers: if action == ReviewAction::RequestReview {
            reviewers.to_vec()
        } else {
            Vec::new()
        },
    })
}
