//! The steps of the learning flow, in the order a team goes through them.

use crate::error::DomainError;
use serde::{Deserialize, Serialize};

/// One step an incident may owe.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// The postmortem is written and sent for review.
    Drafted,
    /// Its reviewers approved it.
    Reviewed,
    /// The review meeting took place.
    MeetingHeld,
    /// Every follow-up is decided (none only proposed) and at least one is committed.
    FollowUpsCommitted,
    /// It is published.
    Published,
    /// It was sent to its readers.
    Distributed,
}

impl Step {
    /// Every step, in order.
    pub const ALL: [Step; 6] = [
        Step::Drafted,
        Step::Reviewed,
        Step::MeetingHeld,
        Step::FollowUpsCommitted,
        Step::Published,
        Step::Distributed,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Drafted => "drafted",
            Step::Reviewed => "reviewed",
            Step::MeetingHeld => "meeting_held",
            Step::FollowUpsCommitted => "follow_ups_committed",
            Step::Published => "published",
            Step::Distributed => "distributed",
        }
    }

    /// How people read it.
    pub fn label(self) -> &'static str {
        match self {
            Step::Drafted => "Postmortem drafted",
            Step::Reviewed => "Postmortem reviewed",
            Step::MeetingHeld => "Review meeting held",
            Step::FollowUpsCommitted => "Follow-ups committed",
            Step::Published => "Postmortem published",
            Step::Distributed => "Postmortem distributed",
        }
    }

    /// The step a wire name names, or why not, naming `field`.
    pub fn parse(field: &str, raw: &str) -> Result<Step, DomainError> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == raw)
            .ok_or_else(|| {
                DomainError::invalid(
                    field,
                    format!(
                        "unknown step {raw:?}; use {}",
                        Self::ALL.map(Step::as_str).join(", ")
                    ),
                )
            })
    }
}
