//! The chat origin events carry: which message in which channel caused them.

use crate::event::EventPayload;
use crate::id::EventId;

/// Where in a chat platform an event came from. Carried by the events a chat message, edit,
/// delete, pin or reaction caused, so the engine does not send them back (no echo) and can
/// find the message again (edits, threads).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ChatOrigin {
    /// The platform (`slack`, `mattermost`).
    pub platform: String,
    /// The channel.
    pub channel: String,
    /// The message's id there (Slack's `ts`, a Mattermost post id).
    pub message: String,
    /// The thread's first message, when the message is a reply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread: Option<String>,
}

/// Marks the events a chat message caused with where it came from (and, for a reply in a
/// thread, the comment it answers). Events a chat cannot cause (a status change a comment's
/// hashtag made, say) are left as they are.
pub fn stamp_origin(payloads: &mut [EventPayload], origin: &ChatOrigin, reply: Option<EventId>) {
    for p in payloads {
        match p {
            EventPayload::CommentAdded { chat, reply_to, .. } => {
                *chat = Some(origin.clone());
                *reply_to = reply;
            }
            EventPayload::CommentEdited { chat, .. }
            | EventPayload::CommentDeleted { chat, .. }
            | EventPayload::Pinned { chat, .. }
            | EventPayload::Unpinned { chat, .. } => *chat = Some(origin.clone()),
            _ => {}
        }
    }
}

/// Where a stored event came from, if a chat caused it.
pub fn origin_of(payload: &EventPayload) -> Option<&ChatOrigin> {
    match payload {
        EventPayload::CommentAdded { chat, .. }
        | EventPayload::CommentEdited { chat, .. }
        | EventPayload::CommentDeleted { chat, .. }
        | EventPayload::Pinned { chat, .. }
        | EventPayload::Unpinned { chat, .. } => chat.as_ref(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamping_marks_chat_events_and_leaves_the_others() {
        let origin = ChatOrigin {
            platform: "slack".into(),
            channel: "C1".into(),
            message: "1.000100".into(),
            thread: Some("1.000001".into()),
        };
        let mut payloads = vec![
            EventPayload::CommentAdded {
                body: "db is back".into(),
                reply_to: None,
                chat: None,
            },
            EventPayload::TagAdded {
                tag: "db".into(),
                source: crate::event::TagSource::Hashtag,
            },
        ];
        stamp_origin(&mut payloads, &origin, Some(EventId::from_db(7)));
        assert_eq!(origin_of(&payloads[0]), Some(&origin));
        assert!(matches!(
            payloads[0],
            EventPayload::CommentAdded { reply_to: Some(id), .. } if id == EventId::from_db(7)
        ));
        assert_eq!(origin_of(&payloads[1]), None);
        // The marker survives storage, and events written before it existed still read.
        let data = payloads[0].data_json();
        let back = EventPayload::from_parts("comment_added", &data).unwrap();
        assert_eq!(back, payloads[0]);
        let old = EventPayload::from_parts("comment_added", r#"{"body": "x"}"#).unwrap();
        assert_eq!(origin_of(&old), None);
    }
}
