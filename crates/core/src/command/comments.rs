//! What comments need checked or derived: who may edit one, and the tags its #hashtags add.

use super::CommentState;
use crate::actor::{Actor, UserRole};
use crate::error::DomainError;
use crate::event::{EventPayload, TagSource};
use crate::incident::IncidentState;
use crate::tags::extract_hashtags;

/// Only a comment's author or an admin may edit or delete it, and not once it is deleted.
pub(super) fn ensure_author(
    comment: &CommentState,
    actor: &Actor,
    verb: &str,
) -> Result<(), DomainError> {
    if comment.deleted {
        return Err(DomainError::Conflict("that comment was deleted".into()));
    }
    if comment.author_id != Some(actor.user_id) && actor.role != UserRole::Admin {
        return Err(DomainError::Forbidden(format!(
            "only its author or an admin can {verb} a comment"
        )));
    }
    Ok(())
}

/// Adds a `tag_added` event for each new #hashtag in `text`.
pub(super) fn hashtags_from(state: &IncidentState, text: &str, events: &mut Vec<EventPayload>) {
    for tag in extract_hashtags(text) {
        let known = state.tags.iter().any(|t| t == tag.as_str())
            || events
                .iter()
                .any(|e| matches!(e, EventPayload::TagAdded { tag: t, .. } if t == tag.as_str()));
        if !known {
            events.push(EventPayload::TagAdded {
                tag: tag.as_str().into(),
                source: TagSource::Hashtag,
            });
        }
    }
}
