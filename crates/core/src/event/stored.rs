//! How an event is stored: the record around its payload, and the payload's kind's wire name in
//! one column, its fields as JSON in another, and back.

use super::EventPayload;
use crate::id::{EventId, IncidentId, UserId};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

impl EventPayload {
    /// The wire name of this kind, as in the `kind` field.
    pub fn kind(&self) -> &'static str {
        match self {
            EventPayload::Declared { .. } => "declared",
            EventPayload::TitleChanged { .. } => "title_changed",
            EventPayload::SummaryChanged { .. } => "summary_changed",
            EventPayload::SeverityChanged { .. } => "severity_changed",
            EventPayload::TypeChanged { .. } => "type_changed",
            EventPayload::StatusChanged { .. } => "status_changed",
            EventPayload::VisibilityChanged { .. } => "visibility_changed",
            EventPayload::AccessGranted { .. } => "access_granted",
            EventPayload::Informed { .. } => "informed",
            EventPayload::ResponseGap { .. } => "response_gap",
            EventPayload::FollowUpAdded { .. } => "follow_up_added",
            EventPayload::FollowUpChanged { .. } => "follow_up_changed",
            EventPayload::FollowUpFiled { .. } => "follow_up_filed",
            EventPayload::PostmortemOpened { .. } => "postmortem_opened",
            EventPayload::PostmortemStateChanged { .. } => "postmortem_state_changed",
            EventPayload::PostmortemDistributed { .. } => "postmortem_distributed",
            EventPayload::LearningStepWaived { .. } => "learning_step_waived",
            EventPayload::ReviewMeetingHeld { .. } => "review_meeting_held",
            EventPayload::ReviewScheduled { .. } => "review_scheduled",
            EventPayload::ReviewCancelled { .. } => "review_cancelled",
            EventPayload::ReviewAnswered { .. } => "review_answered",
            EventPayload::RoleAssigned { .. } => "role_assigned",
            EventPayload::RoleUnassigned { .. } => "role_unassigned",
            EventPayload::TagAdded { .. } => "tag_added",
            EventPayload::TagRemoved { .. } => "tag_removed",
            EventPayload::ServiceAdded { .. } => "service_added",
            EventPayload::ServiceRemoved { .. } => "service_removed",
            EventPayload::CommentAdded { .. } => "comment_added",
            EventPayload::CommentEdited { .. } => "comment_edited",
            EventPayload::CommentDeleted { .. } => "comment_deleted",
            EventPayload::StatusUpdate { .. } => "status_update",
            EventPayload::Pinned { .. } => "pinned",
            EventPayload::Unpinned { .. } => "unpinned",
            EventPayload::Paged { .. } => "paged",
            EventPayload::PageAcknowledged { .. } => "page_acknowledged",
            EventPayload::Delivery { .. } => "delivery",
            EventPayload::Alert { .. } => "alert",
        }
    }

    /// The payload's fields alone (the `data` object), for storage next to the kind.
    pub fn data_json(&self) -> String {
        let mut v = serde_json::to_value(self).expect("event payloads always serialize");
        v.get_mut("data")
            .map(serde_json::Value::take)
            .unwrap_or_default()
            .to_string()
    }

    /// Rebuilds a payload from its stored kind and data.
    pub fn from_parts(kind: &str, data: &str) -> Result<EventPayload, serde_json::Error> {
        let data: serde_json::Value = serde_json::from_str(data)?;
        serde_json::from_value(serde_json::json!({ "kind": kind, "data": data }))
    }
}

/// One stored event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventRecord {
    /// Globally increasing id; streams resume from it.
    pub id: EventId,
    /// The incident's id (its number).
    pub incident_id: IncidentId,
    /// 1, 2, 3... within the incident.
    pub seq: i64,
    /// Who did it; `None` for Goldseam itself.
    pub actor_id: Option<UserId>,
    /// When it was recorded, UTC.
    pub at: Timestamp,
    /// What happened.
    pub payload: EventPayload,
}
