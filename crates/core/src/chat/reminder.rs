//! Status-update reminders: when an open incident has gone without a status update for the
//! period set for its severity (30 minutes for SEV0 and SEV1 by default), its incident manager
//! is reminded, in chat and in the room, and again after each further period of silence.

use crate::incident::IncidentState;
use jiff::{SignedDuration, Timestamp};
use std::collections::BTreeMap;

/// How long each severity may go without a status update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderPolicy {
    /// Minutes per severity key; severities not listed are never reminded.
    pub minutes: BTreeMap<String, u32>,
}

impl Default for ReminderPolicy {
    fn default() -> Self {
        ReminderPolicy {
            minutes: [("SEV0".to_string(), 30), ("SEV1".to_string(), 30)].into(),
        }
    }
}

/// What the reminder check decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReminderDue {
    /// Remind now.
    Now,
    /// Check again at this time.
    At(Timestamp),
    /// Not while the incident is in this state (closed, or its severity has no period).
    Never,
}

impl ReminderPolicy {
    /// Whether the incident manager should be reminded, given when the last reminder went out.
    /// The clock restarts at the latest of declaration, last status update and last reminder,
    /// so posting an update silences reminders for a whole period.
    pub fn due(
        &self,
        state: &IncidentState,
        last_reminded: Option<Timestamp>,
        now: Timestamp,
    ) -> ReminderDue {
        if !state.status.is_open() {
            return ReminderDue::Never;
        }
        let Some(&minutes) = self.minutes.get(state.severity.as_str()) else {
            return ReminderDue::Never;
        };
        let since = [
            Some(state.declared_at),
            state.last_update.as_ref().map(|u| u.at),
            last_reminded,
        ]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(state.declared_at);
        let at = since + SignedDuration::from_mins(i64::from(minutes));
        if at <= now {
            ReminderDue::Now
        } else {
            ReminderDue::At(at)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::IncidentId;
    use crate::incident::LastUpdate;
    use crate::severity::{SeverityKey, TypeKey};
    use crate::status::Status;

    fn at(min: i64) -> Timestamp {
        Timestamp::from_second(1_800_000_000 + min * 60).unwrap()
    }

    fn incident(severity: &str) -> IncidentState {
        IncidentState::new(
            IncidentId::from_db(7),
            at(0),
            SeverityKey::parse("severity", severity).unwrap(),
            TypeKey::parse("type", "default").unwrap(),
        )
    }

    #[test]
    fn a_sev1_without_updates_is_reminded_every_thirty_minutes() {
        let policy = ReminderPolicy::default();
        let s = incident("SEV1");
        assert_eq!(policy.due(&s, None, at(29)), ReminderDue::At(at(30)));
        assert_eq!(policy.due(&s, None, at(30)), ReminderDue::Now);
        assert_eq!(
            policy.due(&s, Some(at(30)), at(31)),
            ReminderDue::At(at(60))
        );
    }

    #[test]
    fn an_update_restarts_the_clock_and_lower_severities_or_closed_incidents_never_nag() {
        let policy = ReminderPolicy::default();
        let mut s = incident("SEV0");
        s.last_update = Some(LastUpdate {
            body: "rolling back".into(),
            status: Status::Active,
            at: at(25),
        });
        assert_eq!(policy.due(&s, None, at(40)), ReminderDue::At(at(55)));
        assert_eq!(
            policy.due(&incident("SEV3"), None, at(600)),
            ReminderDue::Never
        );
        s.status = Status::Resolved;
        assert_eq!(policy.due(&s, None, at(600)), ReminderDue::Never);
    }
}
