//! The small types timeline events carry on the wire: where a tag came from, how a status
//! change fits the lifecycle, and what one change did to a follow-up.

use goldseam_core::UserId;
use serde::Serialize;
use utoipa::ToSchema;

/// Where a tag came from.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TagSource {
    /// Added by hand (declare form, tag picker, API).
    Explicit,
    /// Found as a `#hashtag` in a title, comment or status update.
    Hashtag,
}

/// How a status change fits the lifecycle.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TransitionKindWire {
    /// A move within the normal flow.
    Forward,
    /// Mitigated back to active.
    Regressed,
    /// Resolved, closed or canceled back to open.
    Reopened,
}

/// What one change did to a follow-up: only the fields that changed, with their new values;
/// `null` means the field was cleared.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FollowUpChangesDto {
    /// The new title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The new description, or null.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub description: Option<Option<String>>,
    /// The new owner, or null.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<i64>)]
    pub owner_id: Option<Option<UserId>>,
    /// The new team, or null.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<i64>)]
    pub team_id: Option<Option<goldseam_core::TeamId>>,
    /// The new due date, or null.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = Date)]
    pub due_on: Option<Option<jiff::civil::Date>>,
    /// The new priority.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::routes::follow_ups::dto::PriorityDto>)]
    pub priority: Option<goldseam_core::follow_up::Priority>,
    /// The new status.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::routes::follow_ups::dto::FollowUpStatusDto>)]
    pub status: Option<goldseam_core::follow_up::FollowUpStatus>,
    /// Why it won't be done, or null (it left "won't do").
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub reason: Option<Option<String>>,
}
