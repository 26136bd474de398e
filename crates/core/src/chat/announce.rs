//! The company-wide announcement: one post per incident in the announcement channel (or the
//! channel set for its severity), edited in place as the incident changes. Private incidents
//! are never announced.
//!
//! Edits are coalesced: a change asks for an edit no sooner than [`MIN_EDIT_GAP`] after the
//! previous one, and the edit renders the incident as it is when it runs, so a burst of changes
//! makes few edits and the last state always wins. Slack allows about 50 `chat.update` calls a
//! minute per workspace, shared by every incident.

use crate::incident::IncidentState;
use jiff::{SignedDuration, Timestamp};
use std::collections::BTreeMap;

/// The least time between two edits of one incident's announcement.
pub const MIN_EDIT_GAP: SignedDuration = SignedDuration::from_secs(2);

/// Where incidents are announced.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnnouncementRoutes {
    /// The channel for every severity not listed below; `None` announces nothing by default.
    pub default_channel: Option<String>,
    /// A channel per severity key, replacing the default for it.
    pub per_severity: BTreeMap<String, String>,
}

impl AnnouncementRoutes {
    /// The channel an incident in this state belongs in now, if any. An incident keeps its
    /// post in every channel it was announced in (edited there); when a severity change
    /// routes it to a new channel, it is announced there too.
    pub fn channel_for(&self, state: &IncidentState) -> Option<&str> {
        if state.private {
            return None;
        }
        self.per_severity
            .get(state.severity.as_str())
            .or(self.default_channel.as_ref())
            .map(String::as_str)
    }
}

/// When the next edit may run, given the last one's time.
pub fn next_edit_at(last_edit: Option<Timestamp>, now: Timestamp) -> Timestamp {
    match last_edit {
        Some(last) => (last + MIN_EDIT_GAP).max(now),
        None => now,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::IncidentId;
    use crate::severity::{SeverityKey, TypeKey};

    fn state(severity: &str, private: bool) -> IncidentState {
        let mut s = IncidentState::new(
            IncidentId::from_db(1),
            Timestamp::UNIX_EPOCH,
            SeverityKey::parse("severity", severity).unwrap(),
            TypeKey::parse("type", "default").unwrap(),
        );
        s.private = private;
        s
    }

    #[test]
    fn severities_route_to_their_channel_and_private_incidents_nowhere() {
        let routes = AnnouncementRoutes {
            default_channel: Some("C-INCIDENTS".into()),
            per_severity: [("SEV3".to_string(), "C-MINOR".to_string())].into(),
        };
        assert_eq!(
            routes.channel_for(&state("SEV1", false)),
            Some("C-INCIDENTS")
        );
        assert_eq!(routes.channel_for(&state("SEV3", false)), Some("C-MINOR"));
        assert_eq!(routes.channel_for(&state("SEV1", true)), None);
        assert_eq!(
            AnnouncementRoutes::default().channel_for(&state("SEV1", false)),
            None
        );
    }

    #[test]
    fn a_burst_of_changes_in_two_seconds_makes_at_most_two_edits() {
        // Twenty changes 100 ms apart; each run renders the latest state and records its time.
        let t0 = Timestamp::from_second(1_000_000).unwrap();
        let mut last_edit = None;
        let mut edits = Vec::new();
        let mut pending: Option<Timestamp> = None;
        for i in 0..20 {
            let now = t0 + SignedDuration::from_millis(100 * i);
            if let Some(at) = pending.filter(|at| *at <= now) {
                edits.push(at);
                last_edit = Some(at);
                pending = None;
            }
            pending.get_or_insert(next_edit_at(last_edit, now));
        }
        edits.extend(pending);
        assert_eq!(edits, vec![t0, t0 + MIN_EDIT_GAP]);
    }
}
