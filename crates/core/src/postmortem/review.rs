//! The review lifecycle: draft -> in review (reviewers named) -> approved or changes requested ->
//! published; amending a published postmortem starts a new draft (its next version). Who may do
//! what is decided here; the store records each move as an event on the incident's timeline.

use crate::error::DomainError;
use serde::{Deserialize, Serialize};

/// Where a postmortem is in its review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    /// Being written.
    Draft,
    /// Waiting for its reviewers.
    InReview,
    /// A reviewer asked for changes; back to its writers.
    ChangesRequested,
    /// Reviewers agreed; ready to publish.
    Approved,
    /// Frozen as a version and sent to its readers.
    Published,
}

/// A move someone asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewAction {
    /// Ask the named reviewers to review it.
    RequestReview,
    /// A reviewer approves it.
    Approve,
    /// A reviewer asks for changes.
    RequestChanges,
    /// Freeze and publish it.
    Publish,
    /// Change a published postmortem: a new draft, the next version.
    Amend,
}

/// What the move depends on besides the state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReviewContext {
    /// How many reviewers are named.
    pub reviewers: usize,
    /// Whether the person asking is one of them.
    pub actor_reviews: bool,
    /// Comment threads still open on the document.
    pub open_threads: usize,
}

impl ReviewState {
    /// Every state, in the order a postmortem goes through them.
    pub const ALL: [ReviewState; 5] = [
        ReviewState::Draft,
        ReviewState::InReview,
        ReviewState::ChangesRequested,
        ReviewState::Approved,
        ReviewState::Published,
    ];

    /// The state a wire name names.
    pub fn parse(s: &str) -> Option<ReviewState> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewState::Draft => "draft",
            ReviewState::InReview => "in_review",
            ReviewState::ChangesRequested => "changes_requested",
            ReviewState::Approved => "approved",
            ReviewState::Published => "published",
        }
    }
}

/// The state `action` leads to from `from`, or why not.
pub fn review_transition(
    from: ReviewState,
    action: ReviewAction,
    ctx: ReviewContext,
) -> Result<ReviewState, DomainError> {
    use ReviewAction as A;
    use ReviewState as S;
    let refused = |what: &str| {
        Err(DomainError::Conflict(format!(
            "a postmortem that is {} cannot be {what}",
            from.as_str().replace('_', " ")
        )))
    };
    match action {
        A::RequestReview => match from {
            S::Draft | S::ChangesRequested if ctx.reviewers == 0 => Err(DomainError::invalid(
                "reviewers",
                "name at least one reviewer",
            )),
            S::Draft | S::ChangesRequested => Ok(S::InReview),
            _ => refused("sent for review"),
        },
        A::Approve | A::RequestChanges => {
            if from != S::InReview {
                return refused(if action == A::Approve {
                    "approved"
                } else {
                    "sent back with changes requested"
                });
            }
            if !ctx.actor_reviews {
                return Err(DomainError::Forbidden(
                    "only its named reviewers approve a postmortem or ask for changes".into(),
                ));
            }
            Ok(if action == A::Approve {
                S::Approved
            } else {
                S::ChangesRequested
            })
        }
        A::Publish => match from {
            S::Approved if ctx.open_threads > 0 => Err(DomainError::Conflict(format!(
                "{} comment thread{} still open: resolve {} before publishing",
                ctx.open_threads,
                if ctx.open_threads == 1 {
                    " is"
                } else {
                    "s are"
                },
                if ctx.open_threads == 1 { "it" } else { "them" }
            ))),
            S::Approved => Ok(S::Published),
            _ => refused("published before its reviewers approve it"),
        },
        A::Amend => match from {
            S::Published => Ok(S::Draft),
            _ => refused("amended: only a published one is"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReviewAction as A;
    use ReviewState as S;

    const REVIEWED_BY_ME: ReviewContext = ReviewContext {
        reviewers: 2,
        actor_reviews: true,
        open_threads: 0,
    };

    fn walk(actions: &[ReviewAction], ctx: ReviewContext) -> Result<ReviewState, DomainError> {
        actions
            .iter()
            .try_fold(S::Draft, |s, a| review_transition(s, *a, ctx))
    }

    #[test]
    fn the_happy_path_and_the_way_back_for_changes() {
        assert_eq!(
            walk(&[A::RequestReview, A::Approve, A::Publish], REVIEWED_BY_ME),
            Ok(S::Published)
        );
        assert_eq!(
            walk(
                &[
                    A::RequestReview,
                    A::RequestChanges,
                    A::RequestReview,
                    A::Approve,
                    A::Publish,
                    A::Amend
                ],
                REVIEWED_BY_ME
            ),
            Ok(S::Draft)
        );
    }

    #[test]
    fn out_of_order_moves_say_why() {
        let ctx = REVIEWED_BY_ME;
        assert_eq!(
            review_transition(S::Draft, A::Publish, ctx),
            Err(DomainError::Conflict(
                "a postmortem that is draft cannot be published before its reviewers approve it"
                    .into()
            ))
        );
        assert!(review_transition(S::Draft, A::Approve, ctx).is_err());
        assert!(review_transition(S::InReview, A::Amend, ctx).is_err());
        assert!(review_transition(S::Published, A::RequestReview, ctx).is_err());
        let nobody = ReviewContext {
            reviewers: 0,
            ..ctx
        };
        assert!(matches!(
            review_transition(S::Draft, A::RequestReview, nobody),
            Err(DomainError::Invalid { ref field, .. }) if field == "reviewers"
        ));
    }

    #[test]
    fn only_reviewers_decide_and_open_threads_block_publishing() {
        let outsider = ReviewContext {
            actor_reviews: false,
            ..REVIEWED_BY_ME
        };
        assert!(matches!(
            review_transition(S::InReview, A::Approve, outsider),
            Err(DomainError::Forbidden(_))
        ));
        let threads = ReviewContext {
            open_threads: 2,
            ..REVIEWED_BY_ME
        };
        assert_eq!(
            review_transition(S::Approved, A::Publish, threads),
            Err(DomainError::Conflict(
                "2 comment threads are still open: resolve them before publishing".into()
            ))
        );
    }
}
