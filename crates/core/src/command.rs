//! Decisions: given an incident's state and a request, which events happen (or why not).
//! The store loads the state, calls these, appends the events and folds them into the state.

use crate::actor::Actor;
use crate::catalog::Catalog;
use crate::error::DomainError;
use crate::event::{EventPayload, TagSource, TransitionKindWire};
use crate::id::UserId;
use crate::incident::IncidentState;
use crate::status::{Status, TransitionKind};

/// The events a command causes on this incident, or why it is refused.
pub fn decide(
    state: &IncidentState,
    cmd: &Command,
    actor: &Actor,
    catalog: &Catalog,
) -> Result<Vec<EventPayload>, DomainError> {
    crate::policy::ensure_can_write(actor)?;
    let mut events = Vec::new();
    match cmd {
        Command::ChangeTitle(title) => {
            if title.as_str() == state.title {
                return Err(DomainError::NoChange("the title is unchanged".into()));
            }
            events.push(EventPayload::TitleChanged {
                from: state.title.clone(),
                to: title.as_str().into(),
            });
            hashtags_from(state, title.as_str(), &mut events);
        }
        Command::ChangeSummary(summary) => {
            let to = summary.as_ref().map(|s| s.as_str().to_string());
            if to == state.summary {
                return Err(DomainError::NoChange("the summary is unchanged".into()));
            }
            if let Some(text) = &to {
                hashtags_from(state, text, &mut events);
            }
            events.insert(
                0,
                EventPayload::SummaryChanged {
                    from: state.summary.clone(),
                    to,
                },
            );
        }
        Command::ChangeSeverity(key) => {
            let key = catalog.severity(key)?.key.clone();
            if key == state.severity {
                return Err(DomainError::NoChange(format!(
                    "the severity is already {key}"
                )));
            }
            events.push(EventPayload::SeverityChanged {
                from: state.severity.clone(),
                to: key,
            });
        }
        Command::ChangeType(key) => {
            let key = catalog.incident_type(key)?.key.clone();
            if key == state.incident_type {
                return Err(DomainError::NoChange(format!("the type is already {key}")));
            }
            events.push(EventPayload::TypeChanged {
                from: state.incident_type.clone(),
                to: key,
            });
        }
        Command::ChangeStatus { to, reason } => {
            events.push(status_change(
                state.status,
                *to,
                reason.as_ref().map(|r| r.as_str().to_string()),
            )?);
        }
        Command::SetPrivate { private, reason } => {
            if *private == state.private {
                let now = if *private { "private" } else { "public" };
                return Err(DomainError::NoChange(format!(
                    "the incident is already {now}"
                )));
            }
            // Who may see an incident is a decision others will ask about: a person says why.
            if reason.is_none() && actor.recorded_user().is_some() {
                let what = if *private {
                    "say why it must be private"
                } else {
                    "say why everyone may see it now"
                };
                return Err(DomainError::invalid("reason", what));
            }
            events.push(EventPayload::VisibilityChanged {
                private: *private,
                reason: reason.as_ref().map(|r| r.as_str().to_string()),
            });
        }
        Command::GrantAccess { user_id, reason } => {
            if !state.private {
                return Err(DomainError::Conflict(
                    "the incident is public: everyone can already see it".into(),
                ));
            }
            if state.declared_by == Some(*user_id) || state.holds_role(*user_id) {
                return Err(DomainError::NoChange(
                    "that person can already see it".into(),
                ));
            }
            events.push(EventPayload::AccessGranted {
                user_id: *user_id,
                reason: reason.as_str().into(),
            });
        }
        Command::AssignRole { role, user_id } => {
            let kind = catalog.role(role)?;
            let holders: Vec<UserId> = state
                .roles
                .iter()
                .filter(|r| r.role == role.as_str())
                .map(|r| r.user_id)
                .collect();
            if holders.contains(user_id) {
                return Err(DomainError::NoChange(format!(
                    "that person already holds the {} role",
                    kind.name
                )));
            }
            let replaced_user_id = if kind.single_holder {
                holders.first().copied()
            } else {
                None
            };
            events.push(EventPayload::RoleAssigned {
                role: kind.key.clone(),
                user_id: *user_id,
                replaced_user_id,
            });
        }
        Command::UnassignRole { role, user_id } => {
            let kind = catalog.role(role)?;
            if !state
                .roles
                .iter()
                .any(|r| r.role == kind.key && r.user_id == *user_id)
            {
                return Err(DomainError::Conflict(format!(
                    "that person does not hold the {} role",
                    kind.name
                )));
            }
            events.push(EventPayload::RoleUnassigned {
                role: kind.key.clone(),
                user_id: *user_id,
            });
        }
        Command::AddService(id) => {
            if state.services.contains(id) {
                return Err(DomainError::NoChange(format!(
                    "service {id} is already affected"
                )));
            }
            events.push(EventPayload::ServiceAdded { service_id: *id });
        }
        Command::RemoveService(id) => {
            if !state.services.contains(id) {
                return Err(DomainError::Conflict(format!(
                    "service {id} is not marked as affected"
                )));
            }
            events.push(EventPayload::ServiceRemoved { service_id: *id });
        }
        Command::AddTag(tag) => {
            if state.tags.iter().any(|t| t == tag.as_str()) {
                return Err(DomainError::NoChange(format!(
                    "the incident is already tagged #{}",
                    tag.as_str()
                )));
            }
            events.push(EventPayload::TagAdded {
                tag: tag.as_str().into(),
                source: TagSource::Explicit,
            });
        }
        Command::RemoveTag(tag) => {
            if !state.tags.iter().any(|t| t == tag.as_str()) {
                return Err(DomainError::Conflict(format!(
                    "the incident is not tagged #{}",
                    tag.as_str()
                )));
            }
            events.push(EventPayload::TagRemoved {
                tag: tag.as_str().into(),
            });
        }
        Command::Comment(body) => {
            events.push(EventPayload::CommentAdded {
                body: body.as_str().into(),
                reply_to: None,
                chat: None,
            });
            hashtags_from(state, body.as_str(), &mut events);
        }
        Command::EditComment { comment, body } => {
            ensure_author(comment, actor, "edit")?;
            if comment.body == body.as_str() {
                return Err(DomainError::NoChange("the comment is unchanged".into()));
            }
            events.push(EventPayload::CommentEdited {
                comment_id: comment.id,
                body: body.as_str().into(),
                chat: None,
            });
            hashtags_from(state, body.as_str(), &mut events);
        }
        Command::DeleteComment(comment) => {
            ensure_author(comment, actor, "delete")?;
            events.push(EventPayload::CommentDeleted {
                comment_id: comment.id,
                chat: None,
            });
        }
        Command::StatusUpdate { body, status } => {
            let mut after = state.status;
            if let Some(to) = status.filter(|to| *to != state.status) {
                events.push(status_change(state.status, to, Some(body.as_str().into()))?);
                after = to;
            }
            events.push(EventPayload::StatusUpdate {
                body: body.as_str().into(),
                status: after,
            });
            hashtags_from(state, body.as_str(), &mut events);
        }
        Command::Pin(event_id) => {
            if state.pinned.contains(event_id) {
                return Err(DomainError::NoChange("that event is already pinned".into()));
            }
            events.push(EventPayload::Pinned {
                event_id: *event_id,
                chat: None,
            });
        }
        Command::Unpin(event_id) => {
            if !state.pinned.contains(event_id) {
                return Err(DomainError::Conflict("that event is not pinned".into()));
            }
            events.push(EventPayload::Unpinned {
                event_id: *event_id,
                chat: None,
            });
        }
        Command::OpenPostmortem { automatic } => events.push(postmortem::open(state, *automatic)?),
        Command::MovePostmortem {
            action,
            context,
            reviewers,
        } => events.push(postmortem::review_move(
            state, *action, *context, reviewers,
        )?),
        Command::AddFollowUp { follow_up, today } => {
            events.push(crate::follow_up::add(follow_up, *today)?)
        }
        Command::ChangeFollowUp {
            current,
            patch,
            today,
        } => events.push(crate::follow_up::change(current, patch, *today)?),
    }
    Ok(events)
}

fn status_change(
    from: Status,
    to: Status,
    reason: Option<String>,
) -> Result<EventPayload, DomainError> {
    let transition = match from.transition(to, reason.is_some())? {
        TransitionKind::Forward => TransitionKindWire::Forward,
        TransitionKind::Regressed => TransitionKindWire::Regressed,
        TransitionKind::Reopened => TransitionKindWire::Reopened,
    };
    Ok(EventPayload::StatusChanged {
        from,
        to,
        reason,
        transition,
    })
}

mod comments;
mod declare;
mod postmortem;
mod request;

use comments::{ensure_author, hashtags_from};
#[cfg(test)]
mod tests;

pub use declare::{declare, Declaration};
pub use request::{Command, CommentState};
