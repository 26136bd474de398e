//! Deciding an added or changed follow-up: which event it is, or what is wrong with it.
//!
//! The caller has checked what needs the store (the owner exists, is active and may see the
//! incident; the team exists) and says what day it is where the due date is judged.

use super::fields::{FollowUpChanges, FollowUpStatus, Priority};
use crate::error::DomainError;
use crate::event::EventPayload;
use crate::id::{EventId, TeamId, UserId};
use crate::text::{Description, Reason, Title};
use jiff::civil::Date;

/// A follow-up as it stands, for changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpState {
    /// Its id: the id of its `follow_up_added` event.
    pub id: EventId,
    /// What is to be done.
    pub title: String,
    /// More about it, in markdown.
    pub description: Option<String>,
    /// Who does it.
    pub owner_id: Option<UserId>,
    /// The team it belongs to.
    pub team_id: Option<TeamId>,
    /// When it is due.
    pub due_on: Option<Date>,
    /// How much it matters.
    pub priority: Priority,
    /// Where it is.
    pub status: FollowUpStatus,
    /// Why it won't be done.
    pub reason: Option<String>,
}

/// A follow-up to add.
#[derive(Debug, Clone)]
pub struct NewFollowUp {
    /// What is to be done.
    pub title: Title,
    /// More about it.
    pub description: Option<Description>,
    /// Who does it.
    pub owner_id: Option<UserId>,
    /// The team it belongs to.
    pub team_id: Option<TeamId>,
    /// When it is due.
    pub due_on: Option<Date>,
    /// How much it matters.
    pub priority: Priority,
    /// Proposed, committed or in progress.
    pub status: FollowUpStatus,
}

/// A change to a follow-up: `None` leaves a field alone, `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct FollowUpPatch {
    /// A new title.
    pub title: Option<Title>,
    /// A new description, or none.
    pub description: Option<Option<Description>>,
    /// A new owner, or none.
    pub owner_id: Option<Option<UserId>>,
    /// A new team, or none.
    pub team_id: Option<Option<TeamId>>,
    /// A new due date, or none.
    pub due_on: Option<Option<Date>>,
    /// A new priority.
    pub priority: Option<Priority>,
    /// A new status.
    pub status: Option<FollowUpStatus>,
    /// Why it won't be done; only with the status "won't do".
    pub reason: Option<Reason>,
}

/// The event adding `new`, judged on `today` (the day where its due date is judged).
pub fn add(new: &NewFollowUp, today: Date) -> Result<EventPayload, DomainError> {
    if !new.status.is_open() {
        return Err(DomainError::invalid(
            "status",
            "a follow-up starts proposed, committed or in_progress; mark it done or won't do once it exists",
        ));
    }
    if let Some(due) = new.due_on {
        not_past(due, today)?;
    }
    promised_needs(new.status, new.owner_id, new.due_on)?;
    Ok(EventPayload::FollowUpAdded {
        title: new.title.as_str().into(),
        description: new.description.as_ref().map(|d| d.as_str().into()),
        owner_id: new.owner_id,
        team_id: new.team_id,
        due_on: new.due_on,
        priority: new.priority,
        status: new.status,
    })
}

/// The event changing `current` by `patch`, judged on `today`.
pub fn change(
    current: &FollowUpState,
    patch: &FollowUpPatch,
    today: Date,
) -> Result<EventPayload, DomainError> {
    let mut c = FollowUpChanges::default();
    let title = patch
        .title
        .as_ref()
        .map_or(current.title.clone(), |t| t.as_str().into());
    if title != current.title {
        c.title = Some(title.clone());
    }
    if let Some(d) = &patch.description {
        let d = d.as_ref().map(|d| d.as_str().to_string());
        if d != current.description {
            c.description = Some(d);
        }
    }
    let owner = patch.owner_id.unwrap_or(current.owner_id);
    if owner != current.owner_id {
        c.owner_id = Some(owner);
    }
    if let Some(t) = patch.team_id.filter(|t| *t != current.team_id) {
        c.team_id = Some(t);
    }
    let due = patch.due_on.unwrap_or(current.due_on);
    if due != current.due_on {
        // A date already past may stay while other fields change; a new one may not be past.
        if let Some(due) = due {
            not_past(due, today)?;
        }
        c.due_on = Some(due);
    }
    if let Some(p) = patch.priority.filter(|p| *p != current.priority) {
        c.priority = Some(p);
    }
    let status = patch.status.unwrap_or(current.status);
    if status != current.status {
        c.status = Some(status);
    }
    let reason = match (status, &patch.reason) {
        (FollowUpStatus::WontDo, Some(r)) => Some(r.as_str().to_string()),
        (FollowUpStatus::WontDo, None) if current.status == FollowUpStatus::WontDo => {
            current.reason.clone()
        }
        (FollowUpStatus::WontDo, None) => {
            return Err(DomainError::invalid(
                "reason",
                "say why it won't be done: the decision is kept with the follow-up",
            ))
        }
        (_, Some(_)) => {
            return Err(DomainError::invalid(
                "reason",
                "a reason goes with the status wont_do only",
            ))
        }
        (_, None) => None,
    };
    if reason != current.reason {
        c.reason = Some(reason);
    }
    promised_needs(status, owner, due)?;
    if c.is_empty() {
        return Err(DomainError::NoChange("the follow-up is unchanged".into()));
    }
    Ok(EventPayload::FollowUpChanged {
        follow_up_id: current.id,
        title,
        changes: c,
    })
}

fn not_past(due: Date, today: Date) -> Result<(), DomainError> {
    if due < today {
        return Err(DomainError::invalid(
            "due_on",
            format!("{due} is in the past; choose today ({today}) or a later day"),
        ));
    }
    Ok(())
}

/// A promise has someone behind it and a date.
fn promised_needs(
    status: FollowUpStatus,
    owner: Option<UserId>,
    due: Option<Date>,
) -> Result<(), DomainError> {
    if !status.is_promised() {
        return Ok(());
    }
    let what = status.label();
    if owner.is_none() {
        return Err(DomainError::invalid(
            "owner_id",
            format!("a follow-up that is {what} needs an owner: choose who does it"),
        ));
    }
    if due.is_none() {
        return Err(DomainError::invalid(
            "due_on",
            format!("a follow-up that is {what} needs a due date"),
        ));
    }
    Ok(())
}
