//! Timeline events on the wire: `kind` and `data`, as clients and the OpenAPI document know
//! them. Core's `EventPayload` is what is stored; this is what is sent. They have the same shape
//! today, but a stored event may change (a new field, a typed id) without changing what clients
//! read, and the document is generated from this one.

use goldseam_core::{RoleKey, SeverityKey, Status, TypeKey, UserId};
use serde::Serialize;
use utoipa::ToSchema;

pub use super::event_parts::{FollowUpChangesDto, TagSource, TransitionKindWire};

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
    /// The postmortem opened, by hand or by itself on a status change.
    PostmortemOpened {
        /// Opened by Goldseam rather than by someone.
        automatic: bool,
    },
    /// The postmortem moved in its review.
    PostmortemStateChanged {
        /// The state it left: draft, in_review, changes_requested, approved or published.
        from: String,
        /// The state it is in now.
        to: String,
        /// Its version.
        version: i64,
        /// The reviewers, when it was sent for review.
        #[schema(value_type = Vec<i64>)]
        reviewers: Vec<UserId>,
    },
    /// A follow-up was added; its id is this event's id.
    FollowUpAdded {
        /// What is to be done.
        title: String,
        /// More about it, in Markdown (absent when there is none).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
        /// Who does it.
        #[schema(value_type = Option<i64>)]
        owner_id: Option<UserId>,
        /// The team it belongs to.
        #[schema(value_type = Option<i64>)]
        team_id: Option<goldseam_core::TeamId>,
        /// When it is due, `2026-12-10`.
        #[schema(value_type = Option<String>, format = Date)]
        due_on: Option<jiff::civil::Date>,
        /// How much it matters.
        #[schema(value_type = crate::routes::follow_ups::dto::PriorityDto)]
        priority: goldseam_core::follow_up::Priority,
        /// `proposed`, `committed` or `in_progress`.
        #[schema(value_type = crate::routes::follow_ups::dto::FollowUpStatusDto)]
        status: goldseam_core::follow_up::FollowUpStatus,
    },
    /// A follow-up changed.
    FollowUpChanged {
        /// The id of its `follow_up_added` event.
        #[schema(value_type = i64)]
        follow_up_id: goldseam_core::EventId,
        /// Its title after the change.
        title: String,
        /// Only what changed, each with its new value (`null`: cleared).
        changes: FollowUpChangesDto,
    },
    /// A published version of the postmortem was sent to its readers.
    PostmortemDistributed {
        /// The version sent.
        version: i64,
        /// How many people it was sent to.
        people: i64,
        /// How many mailing lists, Slack channels and webhooks it was sent to.
        channels: i64,
    },
    /// An admin decided the incident does not owe a step of its learning flow.
    LearningStepWaived {
        /// The step.
        step: goldseam_core::learning::Step,
        /// Why.
        reason: String,
    },
    /// The incident's review meeting took place.
    ReviewMeetingHeld {
        /// Who accepted the invitation, when Goldseam booked the meeting.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        #[schema(value_type = Vec<i64>)]
        attended: Vec<UserId>,
    },
    /// The review meeting was booked (sequence 0) or moved (a later sequence).
    ReviewScheduled {
        /// From.
        start: jiff::Timestamp,
        /// Until.
        end: jiff::Timestamp,
        /// The invitation's SEQUENCE.
        sequence: i64,
        /// Who is invited.
        attendees: Vec<goldseam_core::review::Invitee>,
        /// People invited before and no longer: they get a cancellation.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        #[schema(value_type = Vec<i64>)]
        uninvited: Vec<UserId>,
        /// Why this time, or why it moved.
        reason: String,
    },
    /// The review meeting was called off.
    ReviewCancelled {
        /// The cancellation's SEQUENCE.
        sequence: i64,
        /// Why.
        reason: String,
    },
    /// An attendee answered the review meeting's invitation.
    ReviewAnswered {
        /// Who.
        #[schema(value_type = i64)]
        user_id: UserId,
        /// Their answer.
        answer: goldseam_core::review::Answer,
        /// The invitation's SEQUENCE they answered.
        sequence: i64,
    },
    /// A follow-up was filed as an issue in a tracker.
    FollowUpFiled {
        /// The id of its `follow_up_added` event.
        #[schema(value_type = i64)]
        follow_up_id: goldseam_core::EventId,
        /// `github` or `jira`.
        tracker: String,
        /// The key there: `acme/api#12`, `OPS-12`.
        key: String,
        /// The page.
        url: String,
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
        /// The comment this one answers (a reply in a chat thread).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reply_to: Option<i64>,
        /// The chat platform it was written in (`slack`, `mattermost`), when not in Goldseam.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        via: Option<String>,
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
        /// `email`, `sms`, `voice`, `slack`, `mattermost` or `webhook`.
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
    /// Alerts from an integration: a group of them opened or joined the incident, an alert
    /// joined, the group reopened (or is flapping), was acknowledged or resolved by its sender,
    /// a note on one, or a change (a deploy) on the incident's service.
    Alert {
        /// `opened`, `attached`, `joined`, `reopened`, `flapping`, `acknowledged`, `resolved`,
        /// `note` or `change`.
        what: String,
        /// The integration's name.
        integration: String,
        /// The alert group, when it is about one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        group_id: Option<i64>,
        /// The alert's (or the change's) summary.
        summary: String,
        /// The alert's severity (`critical`, `error`, `warning`, `info`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        severity: Option<String>,
        /// How many alerts the group holds so far.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        alerts: Option<u64>,
        /// A note's text.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
}
