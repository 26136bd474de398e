//! What a person can follow. Issue 4 uses one incident; severities, tags, services and teams
//! follow the same shape so notifications (issue 5) read one table.

use crate::Tag;

/// Something a user subscribes to, stored as a kind and a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubscriptionTarget {
    /// One incident, by id.
    Incident(i64),
    /// Every incident of a severity, by key.
    Severity(String),
    /// Every incident carrying a tag.
    Tag(Tag),
}

impl SubscriptionTarget {
    /// The stored kind: `incident`, `severity` or `tag`.
    pub fn kind(&self) -> &'static str {
        match self {
            SubscriptionTarget::Incident(_) => "incident",
            SubscriptionTarget::Severity(_) => "severity",
            SubscriptionTarget::Tag(_) => "tag",
        }
    }

    /// The stored key: the incident id, the severity key or the tag.
    pub fn key(&self) -> String {
        match self {
            SubscriptionTarget::Incident(id) => id.to_string(),
            SubscriptionTarget::Severity(key) => key.clone(),
            SubscriptionTarget::Tag(tag) => tag.as_str().to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_stored_as_kind_and_key() {
        let t = SubscriptionTarget::Incident(42);
        assert_eq!((t.kind(), t.key()), ("incident", "42".to_string()));
        let t = SubscriptionTarget::Tag(Tag::parse("tag", "#Payments").unwrap());
        assert_eq!((t.kind(), t.key()), ("tag", "payments".to_string()));
        let t = SubscriptionTarget::Severity("SEV1".into());
        assert_eq!((t.kind(), t.key()), ("severity", "SEV1".to_string()));
    }
}
