//! The timeline: an append-only log of typed events per incident. Every change is one of these;
//! the incident's current state is a projection of them (see [`crate::incident`]). These are
//! the stored events; the server keeps their wire form (and its OpenAPI description) apart.

use crate::id::{EscalationPolicyId, EventId, PageId, ServiceId, UserId};
use crate::role::RoleKey;
use crate::severity::{SeverityKey, TypeKey};
use serde::{Deserialize, Serialize};

mod stored;

pub use stored::EventRecord;

/// Where a tag came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TagSource {
    /// Added by hand (declare form, tag picker, API).
    Explicit,
    /// Found as a `#hashtag` in a title, comment or status update.
    Hashtag,
}

/// How a status change fits the lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "data", rename_all = "snake_case")]
pub enum EventPayload {
    /// The incident was declared.
    Declared {
        /// The title at declaration.
        title: String,
        /// The summary at declaration.
        summary: Option<String>,
        /// The severity key.
        severity: SeverityKey,
        /// The incident type key.
        #[serde(rename = "type")]
        incident_type: TypeKey,
        /// Whether it started private.
        private: bool,
        /// Why it started private when the declarer did not choose: the type's default ("Security
        /// incidents start private") or a response rule ("by rule: ...").
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
        from: SeverityKey,
        /// After.
        to: SeverityKey,
    },
    /// The incident type was changed.
    TypeChanged {
        /// Before.
        from: TypeKey,
        /// After.
        to: TypeKey,
    },
    /// The status moved.
    StatusChanged {
        /// Before.
        from: crate::Status,
        /// After.
        to: crate::Status,
        /// Why (required to cancel).
        reason: Option<String>,
        /// Forward, regressed or reopened.
        transition: TransitionKindWire,
    },
    /// The incident was made private or public.
    VisibilityChanged {
        /// Whether it is now private.
        private: bool,
        /// Why (people must say; Goldseam names the rule).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// Someone was let see a private incident.
    AccessGranted {
        /// Who may see it now.
        user_id: UserId,
        /// Why.
        reason: String,
    },
    /// Stakeholders were told by email, not paged (they may see it from now on).
    Informed {
        /// Who was told.
        user_ids: Vec<UserId>,
        /// Why, in words: "team Legal by rule: Security incidents".
        reason: String,
    },
    /// The postmortem opened: by hand from the room, or by itself when the incident reached the
    /// status its severity names.
    PostmortemOpened {
        /// Opened by Goldseam on a status change rather than by someone.
        automatic: bool,
    },
    /// The postmortem moved in its review (draft, in review, approved, changes requested,
    /// published; amending starts the next version's draft).
    PostmortemStateChanged {
        /// The state it left.
        from: String,
        /// The state it is in now.
        to: String,
        /// Its version (1 until it is amended after publishing).
        version: i64,
        /// The reviewers, when it was sent for review.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        reviewers: Vec<UserId>,
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
        step: crate::learning::Step,
        /// Why.
        reason: String,
    },
    /// The incident's review meeting took place.
    ReviewMeetingHeld {
        /// Who said they would come (accepted the invitation), when Goldseam booked it.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        attended: Vec<UserId>,
    },
    /// The review meeting was booked (sequence 0) or moved (a later sequence); invitations go
    /// to every attendee.
    ReviewScheduled {
        /// From.
        start: jiff::Timestamp,
        /// Until.
        end: jiff::Timestamp,
        /// The invitation's SEQUENCE: 0 when booked, one more at each move.
        sequence: i64,
        /// Who is invited, and whether they must come.
        attendees: Vec<crate::review::Invitee>,
        /// People invited before and no longer: they get a cancellation.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        uninvited: Vec<UserId>,
        /// Why this time, or why it moved.
        reason: String,
    },
    /// The review meeting was called off; attendees get a cancellation.
    ReviewCancelled {
        /// The cancellation's SEQUENCE (one more than the last invitation's).
        sequence: i64,
        /// Why.
        reason: String,
    },
    /// An attendee answered the invitation.
    ReviewAnswered {
        /// Who.
        user_id: UserId,
        /// `accepted`, `declined` or `tentative`.
        answer: crate::review::Answer,
        /// The invitation's SEQUENCE they answered.
        sequence: i64,
    },
    /// A follow-up was added; its id is this event's id.
    FollowUpAdded {
        /// What is to be done.
        title: String,
        /// More about it, in markdown.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
        /// Who does it.
        owner_id: Option<UserId>,
        /// The team it belongs to.
        team_id: Option<crate::id::TeamId>,
        /// When it is due.
        due_on: Option<jiff::civil::Date>,
        /// How much it matters.
        priority: crate::follow_up::Priority,
        /// Proposed, committed or in progress.
        status: crate::follow_up::FollowUpStatus,
    },
    /// A follow-up changed.
    FollowUpChanged {
        /// The id of its `follow_up_added` event.
        follow_up_id: EventId,
        /// Its title after the change, so the timeline can name it.
        title: String,
        /// What changed, each with its new value.
        changes: crate::follow_up::FollowUpChanges,
    },
    /// A follow-up was filed in an issue tracker.
    FollowUpFiled {
        /// The id of its `follow_up_added` event.
        follow_up_id: EventId,
        /// `github` or `jira`.
        tracker: String,
        /// The key there: `acme/api#12`, `OPS-12`.
        key: String,
        /// The page.
        url: String,
    },
    /// A response rule (or the incident-manager setting) matched but could not do what it says.
    ResponseGap {
        /// The rule's name; `None` for the incident-manager setting.
        #[serde(default)]
        rule: Option<String>,
        /// `page` or `inform`.
        action: String,
        /// Who it meant to reach: a team name, or "the incident manager on call".
        target: String,
        /// What stood in the way: "no team of that name exists yet".
        problem: String,
    },
    /// Someone was given a role.
    RoleAssigned {
        /// The role key.
        role: RoleKey,
        /// Who holds it now.
        user_id: UserId,
        /// Who held it before, for single-holder roles.
        replaced_user_id: Option<UserId>,
    },
    /// Someone was relieved of a role.
    RoleUnassigned {
        /// The role key.
        role: RoleKey,
        /// Who held it.
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
        service_id: ServiceId,
    },
    /// A service is no longer counted as affected.
    ServiceRemoved {
        /// The service's id.
        service_id: ServiceId,
    },
    /// A comment (markdown).
    CommentAdded {
        /// The markdown body, verbatim.
        body: String,
        /// The comment it answers (a reply in a chat thread).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reply_to: Option<EventId>,
        /// Where in a chat it came from, when it was written there.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        chat: Option<crate::chat::ChatOrigin>,
    },
    /// A comment was edited; the original event keeps the old text.
    CommentEdited {
        /// The id of the `comment_added` event.
        comment_id: EventId,
        /// The new body.
        body: String,
        /// Where in a chat it came from, when it was written there.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        chat: Option<crate::chat::ChatOrigin>,
    },
    /// A comment was deleted; the original event stays in the history.
    CommentDeleted {
        /// The id of the `comment_added` event.
        comment_id: EventId,
        /// Where in a chat it came from, when it was written there.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        chat: Option<crate::chat::ChatOrigin>,
    },
    /// A stakeholder-facing status update, carrying the status at the time.
    StatusUpdate {
        /// The markdown body.
        body: String,
        /// The incident's status after this update.
        status: crate::Status,
    },
    /// An event was pinned for stakeholders.
    Pinned {
        /// The pinned event's id.
        event_id: EventId,
        /// Where in a chat it came from, when it was written there.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        chat: Option<crate::chat::ChatOrigin>,
    },
    /// An event was unpinned.
    Unpinned {
        /// The unpinned event's id.
        event_id: EventId,
        /// Where in a chat it came from, when it was written there.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        chat: Option<crate::chat::ChatOrigin>,
    },
    /// Someone is being paged: a person directly, or an escalation policy's levels in turn.
    Paged {
        /// The page, for acknowledging it.
        page_id: PageId,
        /// The person paged, when it is one person.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        user_id: Option<UserId>,
        /// The escalation policy followed, when it is one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        policy_id: Option<EscalationPolicyId>,
        /// Why, in words: "incident manager on call", "rule: Security pages security".
        reason: String,
    },
    /// A page was acknowledged (by the actor): its remaining notifications and escalations stop.
    PageAcknowledged {
        /// The page.
        page_id: PageId,
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
        /// Why it failed, when it did (never for a configuration failure: that reason is for
        /// admins, in the dead letters).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
        /// Whose address it was, when it is a person's.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        user_id: Option<UserId>,
        /// `configuration` when the server is not set up for the channel (admins were told).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cause: Option<String>,
    },
}

#[cfg(test)]
mod tests;
