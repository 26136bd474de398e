//! The stored events (core) into their wire form: one arm per kind, field by field, so a new
//! stored field never reaches the API without a decision here.

use super::event::{EventPayload, TagSource, TransitionKindWire};
use goldseam_core::event as stored;
use goldseam_core::EscalationPolicyId;

impl From<stored::TagSource> for TagSource {
    fn from(s: stored::TagSource) -> Self {
        match s {
            stored::TagSource::Explicit => TagSource::Explicit,
            stored::TagSource::Hashtag => TagSource::Hashtag,
        }
    }
}

impl From<stored::TransitionKindWire> for TransitionKindWire {
    fn from(t: stored::TransitionKindWire) -> Self {
        match t {
            stored::TransitionKindWire::Forward => TransitionKindWire::Forward,
            stored::TransitionKindWire::Regressed => TransitionKindWire::Regressed,
            stored::TransitionKindWire::Reopened => TransitionKindWire::Reopened,
        }
    }
}

impl From<&stored::EventPayload> for EventPayload {
    fn from(p: &stored::EventPayload) -> Self {
        use stored::EventPayload as S;
        match p {
            S::Declared {
                title,
                summary,
                severity,
                incident_type,
                private,
                private_because,
            } => EventPayload::Declared {
                title: title.clone(),
                summary: summary.clone(),
                severity: severity.clone(),
                incident_type: incident_type.clone(),
                private: *private,
                private_because: private_because.clone(),
            },
            S::TitleChanged { from, to } => EventPayload::TitleChanged {
                from: from.clone(),
                to: to.clone(),
            },
            S::SummaryChanged { from, to } => EventPayload::SummaryChanged {
                from: from.clone(),
                to: to.clone(),
            },
            S::SeverityChanged { from, to } => EventPayload::SeverityChanged {
                from: from.clone(),
                to: to.clone(),
            },
            S::TypeChanged { from, to } => EventPayload::TypeChanged {
                from: from.clone(),
                to: to.clone(),
            },
            S::StatusChanged {
                from,
                to,
                reason,
                transition,
            } => EventPayload::StatusChanged {
                from: *from,
                to: *to,
                reason: reason.clone(),
                transition: (*transition).into(),
            },
            S::VisibilityChanged { private, reason } => EventPayload::VisibilityChanged {
                private: *private,
                reason: reason.clone(),
            },
            S::AccessGranted { user_id, reason } => EventPayload::AccessGranted {
                user_id: *user_id,
                reason: reason.clone(),
            },
            S::Informed { user_ids, reason } => EventPayload::Informed {
                user_ids: user_ids.clone(),
                reason: reason.clone(),
            },
            S::ResponseGap {
                rule,
                action,
                target,
                problem,
            } => EventPayload::ResponseGap {
                rule: rule.clone(),
                action: action.clone(),
                target: target.clone(),
                problem: problem.clone(),
            },
            S::FollowUpAdded {
                title,
                description,
                owner_id,
                team_id,
                due_on,
                priority,
                status,
            } => EventPayload::FollowUpAdded {
                title: title.clone(),
                description: description.clone(),
                owner_id: *owner_id,
                team_id: *team_id,
                due_on: *due_on,
                priority: *priority,
                status: *status,
            },
            S::FollowUpChanged {
                follow_up_id,
                title,
                changes: c,
            } => EventPayload::FollowUpChanged {
                follow_up_id: *follow_up_id,
                title: title.clone(),
                changes: super::event::FollowUpChangesDto {
                    title: c.title.clone(),
                    description: c.description.clone(),
                    owner_id: c.owner_id,
                    team_id: c.team_id,
                    due_on: c.due_on,
                    priority: c.priority,
                    status: c.status,
                    reason: c.reason.clone(),
                },
            },
            S::FollowUpFiled {
                follow_up_id,
                tracker,
                key,
                url,
            } => EventPayload::FollowUpFiled {
                follow_up_id: *follow_up_id,
                tracker: tracker.clone(),
                key: key.clone(),
                url: url.clone(),
            },
            S::PostmortemDistributed {
                version,
                people,
                channels,
            } => EventPayload::PostmortemDistributed {
                version: *version,
                people: *people,
                channels: *channels,
            },
            S::LearningStepWaived { step, reason } => EventPayload::LearningStepWaived {
                step: *step,
                reason: reason.clone(),
            },
            S::ReviewMeetingHeld { attended } => EventPayload::ReviewMeetingHeld {
                attended: attended.clone(),
            },
            S::ReviewScheduled {
                start,
                end,
                sequence,
                attendees,
                uninvited,
                reason,
            } => EventPayload::ReviewScheduled {
                start: *start,
                end: *end,
                sequence: *sequence,
                attendees: attendees.clone(),
                uninvited: uninvited.clone(),
                reason: reason.clone(),
            },
            S::ReviewCancelled { sequence, reason } => EventPayload::ReviewCancelled {
                sequence: *sequence,
                reason: reason.clone(),
            },
            S::ReviewAnswered {
                user_id,
                answer,
                sequence,
            } => EventPayload::ReviewAnswered {
                user_id: *user_id,
                answer: *answer,
                sequence: *sequence,
            },
            S::PostmortemOpened { automatic } => EventPayload::PostmortemOpened {
                automatic: *automatic,
            },
            S::PostmortemStateChanged {
                from,
                to,
                version,
                reviewers,
            } => EventPayload::PostmortemStateChanged {
                from: from.clone(),
                to: to.clone(),
                version: *version,
                reviewers: reviewers.clone(),
            },
            S::RoleAssigned {
                role,
                user_id,
                replaced_user_id,
            } => EventPayload::RoleAssigned {
                role: role.clone(),
                user_id: *user_id,
                replaced_user_id: *replaced_user_id,
            },
            S::RoleUnassigned { role, user_id } => EventPayload::RoleUnassigned {
                role: role.clone(),
                user_id: *user_id,
            },
            S::TagAdded { tag, source } => EventPayload::TagAdded {
                tag: tag.clone(),
                source: (*source).into(),
            },
            S::TagRemoved { tag } => EventPayload::TagRemoved { tag: tag.clone() },
            S::ServiceAdded { service_id } => EventPayload::ServiceAdded {
                service_id: service_id.get(),
            },
            S::ServiceRemoved { service_id } => EventPayload::ServiceRemoved {
                service_id: service_id.get(),
            },
            S::CommentAdded {
                body,
                reply_to,
                chat,
            } => EventPayload::CommentAdded {
                body: body.clone(),
                reply_to: reply_to.map(|id| id.get()),
                via: chat.as_ref().map(|c| c.platform.clone()),
            },
            // Where in a chat an edit, deletion or pin came from is the engine's business.
            S::CommentEdited {
                comment_id, body, ..
            } => EventPayload::CommentEdited {
                comment_id: comment_id.get(),
                body: body.clone(),
            },
            S::CommentDeleted { comment_id, .. } => EventPayload::CommentDeleted {
                comment_id: comment_id.get(),
            },
            S::StatusUpdate { body, status } => EventPayload::StatusUpdate {
                body: body.clone(),
                status: *status,
            },
            S::Pinned { event_id, .. } => EventPayload::Pinned {
                event_id: event_id.get(),
            },
            S::Unpinned { event_id, .. } => EventPayload::Unpinned {
                event_id: event_id.get(),
            },
            S::Paged {
                page_id,
                user_id,
                policy_id,
                reason,
            } => EventPayload::Paged {
                page_id: page_id.get(),
                user_id: *user_id,
                policy_id: policy_id.map(EscalationPolicyId::get),
                reason: reason.clone(),
            },
            S::PageAcknowledged { page_id } => EventPayload::PageAcknowledged {
                page_id: page_id.get(),
            },
            S::Delivery {
                channel,
                to,
                outcome,
                attempt,
                reason,
                user_id,
                cause,
            } => EventPayload::Delivery {
                channel: channel.clone(),
                to: to.clone(),
                outcome: outcome.clone(),
                attempt: *attempt,
                reason: reason.clone(),
                user_id: *user_id,
                cause: cause.clone(),
            },
            S::Alert {
                what,
                integration,
                group_id,
                summary,
                severity,
                alerts,
                note,
            } => EventPayload::Alert {
                what: what.clone(),
                integration: integration.clone(),
                group_id: *group_id,
                summary: summary.clone(),
                severity: severity.clone(),
                alerts: *alerts,
                note: note.clone(),
            },
        }
    }
}
