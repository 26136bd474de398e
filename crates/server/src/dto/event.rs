//! Timeline events on the wire: `kind` and `data`, as clients and the OpenAPI document know
//! them. Core's `EventPayload` is what is stored; this is what is sent. They have the same shape
//! today, but a stored event may change (a new field, a typed id) without changing what clients
//! read, and the document is generated from this one.

use goldseam_core::event as stored;
use goldseam_core::{EscalationPolicyId, RoleKey, SeverityKey, Status, TypeKey, UserId};
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

/// What happened. The `kind` names the variant on the wire; `data` holds its fields.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(tag = "kind", content = "data", rename_all = "snake_case")]
pub enum EventPayload {
    /// The incident was declared.
    Declared {
        /// The title at declaration.
        title: String,
        /// The summary at declaration.
        summary: Option<String>,
        /// The severity key.
        #[schema(value_type = String)]
        severity: SeverityKey,
        /// The incident type key.
        #[serde(rename = "type")]
        #[schema(value_type = String)]
        incident_type: TypeKey,
        /// Whether it started private.
        private: bool,
        /// Why it started private when the declarer did not choose: the type's default or a
        /// response rule.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        private_because: Option<String>,
    },
    /// The title was changed.
    TitleChanged {
        /// Before.
        from: String,
        /// After.
        to: String,
    },
    /// The summary was changed.
    SummaryChanged {
        /// Before.
        from: Option<String>,
        /// After.
        to: Option<String>,
    },
    /// The severity was raised or lowered.
    SeverityChanged {
        /// Before.
        #[schema(value_type = String)]
        from: SeverityKey,
        /// After.
        #[schema(value_type = String)]
        to: SeverityKey,
    },
    /// The incident type was changed.
    TypeChanged {
        /// Before.
        #[schema(value_type = String)]
        from: TypeKey,
        /// After.
        #[schema(value_type = String)]
        to: TypeKey,
    },
    /// The status moved.
    StatusChanged {
        /// Before.
        from: Status,
        /// After.
        to: Status,
        /// Why (required to cancel).
        reason: Option<String>,
        /// Forward, regressed or reopened.
        transition: TransitionKindWire,
    },
    /// The incident was made private or public.
    VisibilityChanged {
        /// Whether it is now private.
        private: bool,
        /// Why (people say; Goldseam names its rule). Absent on events from before reasons.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// Someone was let see a private incident.
    AccessGranted {
        /// Who may see it now.
        #[schema(value_type = i64)]
        user_id: UserId,
        /// Why.
        reason: String,
    },
    /// Stakeholders were told by email, not paged; they may see it from now on.
    Informed {
        /// Who was told.
        #[schema(value_type = Vec<i64>)]
        user_ids: Vec<UserId>,
        /// Why, in words: "team Legal by rule: Security incidents".
        reason: String,
    },
    /// A response rule (or, with no rule, the incident-manager setting) matched but could not
    /// do what it says.
    ResponseGap {
        /// The rule's name; null for the incident-manager setting.
        rule: Option<String>,
        /// `page` or `inform`.
        action: String,
        /// Whom it meant to reach: a team's name, or "the incident manager on call".
        target: String,
        /// What stood in the way: "no team of that name exists yet".
        problem: String,
    },
    /// Someone was given a role.
    RoleAssigned {
        /// The role key.
        #[schema(value_type = String)]
        role: RoleKey,
        /// Who holds it now.
        #[schema(value_type = i64)]
        user_id: UserId,
        /// Who held it before, for single-holder roles.
        #[schema(value_type = Option<i64>)]
        replaced_user_id: Option<UserId>,
    },
    /// Someone was relieved of a role.
    RoleUnassigned {
        /// The role key.
        #[schema(value_type = String)]
        role: RoleKey,
        /// Who held it.
        #[schema(value_type = i64)]
        user_id: UserId,
    },
    /// A tag was added.
    TagAdded {
        /// The tag, lowercase, without `#`.
        tag: String,
        /// By hand or from a #hashtag.
        source: TagSource,
    },
    /// A tag was removed.
    TagRemoved {
        /// The tag.
        tag: String,
    },
    /// A service from the catalog is affected.
    ServiceAdded {
        /// The service's id.
        service_id: i64,
    },
    /// A service is no longer counted as affected.
    ServiceRemoved {
        /// The service's id.
        service_id: i64,
    },
    /// A comment (markdown).
    CommentAdded {
        /// The markdown body, verbatim.
        body: String,
    },
    /// A comment was edited; the original event keeps the old text.
    CommentEdited {
        /// The id of the `comment_added` event.
        comment_id: i64,
        /// The new body.
        body: String,
    },
    /// A comment was deleted; the original event stays in the history.
    CommentDeleted {
        /// The id of the `comment_added` event.
        comment_id: i64,
    },
    /// A stakeholder-facing status update, carrying the status at the time.
    StatusUpdate {
        /// The markdown body.
        body: String,
        /// The incident's status after this update.
        status: Status,
    },
    /// An event was pinned for stakeholders.
    Pinned {
        /// The pinned event's id.
        event_id: i64,
    },
    /// An event was unpinned.
    Unpinned {
        /// The unpinned event's id.
        event_id: i64,
    },
    /// Someone is being paged: a person directly, or an escalation policy's levels in turn.
    Paged {
        /// The page, for acknowledging it.
        page_id: i64,
        /// The person paged, when it is one person.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schema(value_type = Option<i64>)]
        user_id: Option<UserId>,
        /// The escalation policy followed, when it is one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        policy_id: Option<i64>,
        /// Why, in words: "incident manager on call", "rule: Security pages security".
        reason: String,
    },
    /// A page was acknowledged (by the actor): its remaining notifications and escalations stop.
    PageAcknowledged {
        /// The page.
        page_id: i64,
    },
    /// A message about the incident was handed to a provider, or failed to be.
    Delivery {
        /// `email`, `sms`, `voice`, `slack` or `webhook`.
        channel: String,
        /// Where it went, partly hidden (`+1•••••0001`, `a•••@example.com`).
        to: String,
        /// `sent`, `retrying` (a later attempt follows) or `failed` (no more attempts).
        outcome: String,
        /// Which attempt this was (1 for the first).
        attempt: u32,
        /// Why it failed, when it did; absent when `cause` is `configuration` (the reason
        /// is for admins: dead letters and admin notices).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
        /// Whose address it was, when it is a person's.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schema(value_type = Option<i64>)]
        user_id: Option<UserId>,
        /// `configuration` when the server is not set up for the channel; admins were told.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cause: Option<String>,
    },
}

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
            S::CommentAdded { body } => EventPayload::CommentAdded { body: body.clone() },
            S::CommentEdited { comment_id, body } => EventPayload::CommentEdited {
                comment_id: comment_id.get(),
                body: body.clone(),
            },
            S::CommentDeleted { comment_id } => EventPayload::CommentDeleted {
                comment_id: comment_id.get(),
            },
            S::StatusUpdate { body, status } => EventPayload::StatusUpdate {
                body: body.clone(),
                status: *status,
            },
            S::Pinned { event_id } => EventPayload::Pinned {
                event_id: event_id.get(),
            },
            S::Unpinned { event_id } => EventPayload::Unpinned {
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
        }
    }
}
