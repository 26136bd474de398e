//! What can be asked of an existing incident: the commands core decides on.

use crate::id::{EventId, ServiceId, UserId};
use crate::status::Status;
use crate::tags::Tag;
use crate::text::{Body, Reason, Summary, Title};

/// A comment as it stands, for edits and deletions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentState {
    /// The id of its `comment_added` event.
    pub id: EventId,
    /// Who wrote it.
    pub author_id: Option<UserId>,
    /// Its current body.
    pub body: String,
    /// Whether it was deleted.
    pub deleted: bool,
}

/// A change to an existing incident.
#[derive(Debug, Clone)]
pub enum Command {
    /// Rename.
    ChangeTitle(Title),
    /// Replace or clear the summary.
    ChangeSummary(Option<Summary>),
    /// Raise or lower the severity.
    ChangeSeverity(String),
    /// Change the type.
    ChangeType(String),
    /// Move through the lifecycle.
    ChangeStatus {
        /// Target status.
        to: Status,
        /// Why; required to cancel.
        reason: Option<Reason>,
    },
    /// Make private or public. People must say why; Goldseam names its rule.
    SetPrivate {
        /// Private (true) or public.
        private: bool,
        /// Why.
        reason: Option<Reason>,
    },
    /// Let someone see a private incident.
    GrantAccess {
        /// Who.
        user_id: UserId,
        /// Why.
        reason: Reason,
    },
    /// Give someone a role.
    AssignRole {
        /// The role key.
        role: String,
        /// The new holder.
        user_id: UserId,
    },
    /// Take a role away.
    UnassignRole {
        /// The role key.
        role: String,
        /// The holder.
        user_id: UserId,
    },
    /// Mark a service (by id, which the caller checked exists) as affected.
    AddService(ServiceId),
    /// No longer count a service as affected.
    RemoveService(ServiceId),
    /// Add a tag.
    AddTag(Tag),
    /// Remove a tag.
    RemoveTag(Tag),
    /// Comment.
    Comment(Body),
    /// Edit a comment (author or admin).
    EditComment {
        /// The comment as it stands.
        comment: CommentState,
        /// The new body.
        body: Body,
    },
    /// Delete a comment (author or admin).
    DeleteComment(CommentState),
    /// Post a stakeholder-facing update, optionally moving the status.
    StatusUpdate {
        /// The update's text.
        body: Body,
        /// The new status, if it changes.
        status: Option<Status>,
    },
    /// Pin an event of this incident.
    Pin(EventId),
    /// Unpin an event.
    Unpin(EventId),
    /// Open the postmortem (refused as no change when it is open already).
    OpenPostmortem {
        /// Goldseam opens it on a status change rather than someone by hand.
        automatic: bool,
    },
    /// Move the postmortem in its review.
    MovePostmortem {
        /// The move.
        action: crate::postmortem::ReviewAction,
        /// What the move depends on besides the state (reviewers, open threads).
        context: crate::postmortem::ReviewContext,
        /// The reviewers named, with `RequestReview`.
        reviewers: Vec<UserId>,
    },
    /// Add a follow-up; `today` is the day its due date is judged on.
    AddFollowUp {
        /// The follow-up.
        follow_up: crate::follow_up::NewFollowUp,
        /// Today, where the due date is judged.
        today: jiff::civil::Date,
    },
    /// Change a follow-up of this incident.
    ChangeFollowUp {
        /// The follow-up as it stands.
        current: crate::follow_up::FollowUpState,
        /// The change.
        patch: crate::follow_up::FollowUpPatch,
        /// Today, where the due date is judged.
        today: jiff::civil::Date,
    },
}
