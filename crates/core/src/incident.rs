//! An incident's current state: the projection of its events, kept in the same transaction.

use crate::event::{EventPayload, EventRecord};
use crate::id::{EventId, IncidentId, ServiceId, UserId};
use crate::role::RoleKey;
use crate::severity::{SeverityKey, TypeKey};
use crate::status::Status;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// One holder of one role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleHolder {
    /// The role key.
    pub role: RoleKey,
    /// The holder.
    pub user_id: UserId,
}

/// The latest stakeholder-facing status update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastUpdate {
    /// Its markdown body.
    pub body: String,
    /// The status it carried.
    pub status: Status,
    /// When it was posted.
    pub at: Timestamp,
}

/// The projection of an incident's events.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentState {
    /// The incident's id, which is also its number (INC-{id}).
    pub id: IncidentId,
    /// One-line title.
    pub title: String,
    /// Markdown summary.
    pub summary: Option<String>,
    /// Severity key.
    pub severity: SeverityKey,
    /// Incident type key.
    pub incident_type: TypeKey,
    /// Lifecycle status.
    pub status: Status,
    /// Visible to participants and admins only.
    pub private: bool,
    /// Tags, sorted.
    pub tags: Vec<String>,
    /// Role holders, in assignment order.
    pub roles: Vec<RoleHolder>,
    /// Pinned event ids, in pin order.
    pub pinned: Vec<EventId>,
    /// Ids of the affected services (from the service catalog), ascending.
    pub services: Vec<ServiceId>,
    /// Who declared it.
    pub declared_by: Option<UserId>,
    /// When it was declared.
    pub declared_at: Timestamp,
    /// First time it left triage.
    pub acknowledged_at: Option<Timestamp>,
    /// Latest time it became mitigated.
    pub mitigated_at: Option<Timestamp>,
    /// Latest time it was resolved (cleared when reopened).
    pub resolved_at: Option<Timestamp>,
    /// Latest time it was closed (cleared when reopened).
    pub closed_at: Option<Timestamp>,
    /// Latest time it was canceled (cleared when reopened).
    pub canceled_at: Option<Timestamp>,
    /// Why it was canceled.
    pub cancel_reason: Option<String>,
    /// How many times it was reopened.
    pub reopened_count: i64,
    /// The latest status update.
    pub last_update: Option<LastUpdate>,
    /// The latest event's time.
    pub updated_at: Timestamp,
    /// The latest event's per-incident sequence number.
    pub last_seq: i64,
    /// Where its postmortem is, once one opened (decided here, so concurrent moves serialize).
    pub postmortem: Option<PostmortemStage>,
}

/// A postmortem's review state and version, as the incident's events left them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostmortemStage {
    /// Where it is in its review.
    pub state: crate::postmortem::ReviewState,
    /// 1 until it is amended after publishing.
    pub version: i64,
}

impl IncidentState {
    /// The state an incident opens with, before its `declared` event (which sets the rest) is
    /// applied.
    pub fn new(
        id: IncidentId,
        declared_at: Timestamp,
        severity: SeverityKey,
        incident_type: TypeKey,
    ) -> IncidentState {
        IncidentState {
            id,
            title: String::new(),
            summary: None,
            severity,
            incident_type,
            status: Status::Triage,
            private: false,
            tags: Vec::new(),
            roles: Vec::new(),
            pinned: Vec::new(),
            services: Vec::new(),
            declared_by: None,
            declared_at,
            acknowledged_at: None,
            mitigated_at: None,
            resolved_at: None,
            closed_at: None,
            canceled_at: None,
            cancel_reason: None,
            reopened_count: 0,
            last_update: None,
            updated_at: declared_at,
            last_seq: 0,
            postmortem: None,
        }
    }

    /// Whether this user holds any role here.
    pub fn holds_role(&self, user_id: UserId) -> bool {
        self.roles.iter().any(|r| r.user_id == user_id)
    }

    /// Folds one event into the state. Events were validated when decided, so this never fails.
    pub fn apply(&mut self, event: &EventRecord) {
        self.last_seq = event.seq;
        self.updated_at = event.at;
        match &event.payload {
            EventPayload::Declared {
                title,
                summary,
                severity,
                incident_type,
                private,
                ..
            } => {
                self.title = title.clone();
                self.summary = summary.clone();
                self.severity = severity.clone();
                self.incident_type = incident_type.clone();
                self.private = *private;
                self.declared_by = event.actor_id;
                self.declared_at = event.at;
            }
            EventPayload::TitleChanged { to, .. } => self.title = to.clone(),
            EventPayload::SummaryChanged { to, .. } => self.summary = to.clone(),
            EventPayload::SeverityChanged { to, .. } => self.severity = to.clone(),
            EventPayload::TypeChanged { to, .. } => self.incident_type = to.clone(),
            EventPayload::StatusChanged {
                to,
                reason,
                transition,
                ..
            } => self.apply_status(*to, reason, *transition, event.at),
            EventPayload::VisibilityChanged { private, .. } => self.private = *private,
            EventPayload::RoleAssigned {
                role,
                user_id,
                replaced_user_id,
            } => {
                if let Some(old) = replaced_user_id {
                    self.roles
                        .retain(|r| !(r.role == *role && r.user_id == *old));
                }
                self.roles.push(RoleHolder {
                    role: role.clone(),
                    user_id: *user_id,
                });
            }
            EventPayload::RoleUnassigned { role, user_id } => {
                self.roles
                    .retain(|r| !(r.role == *role && r.user_id == *user_id));
            }
            EventPayload::TagAdded { tag, .. } => {
                if let Err(pos) = self.tags.binary_search(tag) {
                    self.tags.insert(pos, tag.clone());
                }
            }
            EventPayload::TagRemoved { tag } => self.tags.retain(|t| t != tag),
            EventPayload::ServiceAdded { service_id } => {
                if let Err(pos) = self.services.binary_search(service_id) {
                    self.services.insert(pos, *service_id);
                }
            }
            EventPayload::ServiceRemoved { service_id } => {
                self.services.retain(|s| s != service_id)
            }
            EventPayload::StatusUpdate { body, status } => {
                self.last_update = Some(super::incident::LastUpdate {
                    body: body.clone(),
                    status: *status,
                    at: event.at,
                });
            }
            EventPayload::Pinned { event_id, .. } => self.pinned.push(*event_id),
            EventPayload::Unpinned { event_id, .. } => self.pinned.retain(|e| e != event_id),
            // Pages and follow-ups live in their own tables; the timeline only records them.
            EventPayload::CommentAdded { .. }
            | EventPayload::FollowUpAdded { .. }
            | EventPayload::FollowUpChanged { .. }
            | EventPayload::FollowUpFiled { .. }
            | EventPayload::PostmortemDistributed { .. }
            | EventPayload::LearningStepWaived { .. }
            | EventPayload::ReviewMeetingHeld { .. }
            | EventPayload::ReviewScheduled { .. }
            | EventPayload::ReviewCancelled { .. }
            | EventPayload::ReviewAnswered { .. }
            | EventPayload::CommentEdited { .. }
            | EventPayload::CommentDeleted { .. }
            | EventPayload::Paged { .. }
            | EventPayload::PageAcknowledged { .. }
            | EventPayload::Delivery { .. }
            | EventPayload::Alert { .. }
            | EventPayload::AccessGranted { .. }
            | EventPayload::Informed { .. }
            | EventPayload::ResponseGap { .. } => {}
            EventPayload::PostmortemOpened { .. } => {
                self.postmortem.get_or_insert(PostmortemStage {
                    state: crate::postmortem::ReviewState::Draft,
                    version: 1,
                });
            }
            EventPayload::PostmortemStateChanged { to, version, .. } => {
                if let Some(state) = crate::postmortem::ReviewState::parse(to) {
                    self.postmortem = Some(PostmortemStage {
                        state,
                        version: *version,
                    });
                }
            }
        }
    }

    fn apply_status(
        &mut self,
        to: Status,
        reason: &Option<String>,
        transition: crate::event::TransitionKindWire,
        at: Timestamp,
    ) {
        use crate::event::TransitionKindWire::Reopened;
        if transition == Reopened {
            self.reopened_count += 1;
            self.resolved_at = None;
            self.closed_at = None;
            self.canceled_at = None;
            self.cancel_reason = None;
        }
        if to != Status::Triage && self.acknowledged_at.is_none() {
            self.acknowledged_at = Some(at);
        }
        match to {
            Status::Triage | Status::Active => {}
            Status::Mitigated => self.mitigated_at = Some(at),
            Status::Resolved => {
                self.resolved_at = Some(at);
                self.mitigated_at.get_or_insert(at);
            }
            Status::Closed => self.closed_at = Some(at),
            Status::Canceled => {
                self.canceled_at = Some(at);
                self.cancel_reason = reason.clone();
            }
        }
        self.status = to;
    }
}
