//! What a person can follow. Issue 4 uses one incident; severities, tags, services and teams
//! follow the same shape so notifications (issue 5) read one table.

use crate::{IncidentId, ServiceId, SeverityKey, Tag, TeamId};

/// Something a user subscribes to, stored as a kind and a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubscriptionTarget {
    /// One incident, by id.
    Incident(IncidentId),
    /// Every incident of a severity, by key.
    Severity(SeverityKey),
    /// Every incident carrying a tag.
    Tag(Tag),
    /// Every incident affecting a service, by id.
    Service(ServiceId),
    /// Every incident affecting a service the team owns, by the team's id.
    Team(TeamId),
}

impl SubscriptionTarget {
    /// The stored kind: `incident`, `severity` or `tag`.
    pub fn kind(&self) -> &'static str {
        match self {
            SubscriptionTarget::Incident(_) => "incident",
            SubscriptionTarget::Severity(_) => "severity",
            SubscriptionTarget::Tag(_) => "tag",
            SubscriptionTarget::Service(_) => "service",
            SubscriptionTarget::Team(_) => "team",
        }
    }

    /// The stored key: the incident id, the severity key or the tag.
    pub fn key(&self) -> String {
        match self {
            SubscriptionTarget::Incident(id) => id.to_string(),
            SubscriptionTarget::Severity(key) => key.to_string(),
            SubscriptionTarget::Tag(tag) => tag.as_str().to_string(),
            SubscriptionTarget::Service(id) => id.to_string(),
            SubscriptionTarget::Team(id) => id.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_stored_as_kind_and_key() {
        let t = SubscriptionTarget::Incident(IncidentId::from_db(42));
        assert_eq!((t.kind(), t.key()), ("incident", "42".to_string()));
        let t = SubscriptionTarget::Tag(Tag::parse("tag", "#Payments").unwrap());
        assert_eq!((t.kind(), t.key()), ("tag", "payments".to_string()));
        let t = SubscriptionTarget::Severity("SEV1".parse().unwrap());
        assert_eq!((t.kind(), t.key()), ("severity", "SEV1".to_string()));
    }
}

/// How a subscriber wants to hear of changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SubscriptionChannel {
    /// Their verified email methods, or their account email when they have none.
    Email,
    /// Their verified SMS numbers.
    Sms,
    /// Their verified Slack user (a direct message).
    Slack,
    /// Their verified Mattermost user (a direct message from the bot).
    Mattermost,
}

impl SubscriptionChannel {
    /// Every channel, for messages and pickers.
    pub const ALL: [SubscriptionChannel; 4] = [
        SubscriptionChannel::Email,
        SubscriptionChannel::Sms,
        SubscriptionChannel::Slack,
        SubscriptionChannel::Mattermost,
    ];

    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            SubscriptionChannel::Email => "email",
            SubscriptionChannel::Sms => "sms",
            SubscriptionChannel::Slack => "slack",
            SubscriptionChannel::Mattermost => "mattermost",
        }
    }

    /// Parses a wire name, naming `field` in the error.
    pub fn parse(field: &str, raw: &str) -> Result<SubscriptionChannel, crate::DomainError> {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == raw)
            .ok_or_else(|| {
                crate::DomainError::invalid(
                    field,
                    format!("unknown channel {raw:?}; use email, sms, slack or mattermost"),
                )
            })
    }
}

/// What subscribers hear of: a declaration, a severity change, a status update, a resolution.
/// Other events (comments, tags, roles) are for the room, not for inboxes.
pub fn notice(event: &crate::EventPayload, reference: &str, title: &str) -> Option<String> {
    use crate::EventPayload as E;
    Some(match event {
        E::Declared { severity, .. } => format!("{reference} declared ({severity}): {title}"),
        E::SeverityChanged { from, to } => {
            format!("{reference} severity changed from {from} to {to}: {title}")
        }
        E::StatusUpdate { body, .. } => format!("{reference} status update: {title}\n\n{body}"),
        E::StatusChanged {
            to: crate::Status::Resolved,
            reason,
            ..
        } => match reason {
            Some(r) => format!("{reference} resolved: {title}\n\n{r}"),
            None => format!("{reference} resolved: {title}"),
        },
        _ => return None,
    })
}

#[cfg(test)]
mod notice_tests {
    use super::*;
    use crate::EventPayload;

    #[test]
    fn subscribers_hear_of_declarations_severity_updates_and_resolutions_only() {
        let e = EventPayload::SeverityChanged {
            from: "SEV2".parse().unwrap(),
            to: "SEV1".parse().unwrap(),
        };
        assert_eq!(
            notice(&e, "INC-4", "Checkout").unwrap(),
            "INC-4 severity changed from SEV2 to SEV1: Checkout"
        );
        assert!(notice(
            &EventPayload::CommentAdded {
                body: "hi".into(),
                reply_to: None,
                chat: None,
            },
            "INC-4",
            "x"
        )
        .is_none());
        assert!(notice(
            &EventPayload::Pinned {
                event_id: crate::EventId::from_db(1),
                chat: None,
            },
            "INC-4",
            "x"
        )
        .is_none());
        assert_eq!(
            SubscriptionChannel::parse("channels[0]", "sms"),
            Ok(SubscriptionChannel::Sms)
        );
        assert!(SubscriptionChannel::parse("channels[0]", "pigeon").is_err());
    }
}
