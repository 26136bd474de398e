//! What Goldseam keeps about an alert and about a group of alerts between requests.

use super::signal::AlertStatus;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A group's id; negative for a group made during a batch and not stored yet.
pub type GroupId = i64;

/// Where a group stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum GroupStatus {
    /// Some alert in it fires.
    Open,
    /// Its sender or its incident acknowledged it; it still takes new alerts.
    Acknowledged,
    /// Over, by its resolve policy or by hand.
    Resolved,
}

impl GroupStatus {
    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            GroupStatus::Open => "open",
            GroupStatus::Acknowledged => "acknowledged",
            GroupStatus::Resolved => "resolved",
        }
    }

    /// The status a stored name names.
    pub fn parse(s: &str) -> Option<GroupStatus> {
        match s {
            "open" => Some(GroupStatus::Open),
            "acknowledged" => Some(GroupStatus::Acknowledged),
            "resolved" => Some(GroupStatus::Resolved),
            _ => None,
        }
    }
}

/// An alert as Goldseam knows it: the latest word of its sender.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertState {
    /// Its status.
    pub status: AlertStatus,
    /// The group it is in (for a resolved alert, the group it was last in).
    pub group: Option<GroupId>,
    /// A digest of what the sender said last (status aside), to tell a repeat from a change.
    pub digest: u64,
    /// Requests about it so far.
    pub received: u64,
    /// When it started firing this time.
    pub fired_at: Timestamp,
    /// When its sender last spoke of it.
    pub last_at: Timestamp,
    /// When its sender says it started (Alertmanager's `startsAt`), if it says.
    pub starts_at: Option<Timestamp>,
}

/// A group of alerts: one route and rendered key, open or resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupState {
    /// Its id.
    pub id: GroupId,
    /// The route that formed it.
    pub route: String,
    /// Its rendered group key (`storm` for a storm group).
    pub key: String,
    /// Where it stands.
    pub status: GroupStatus,
    /// Whether it is the integration's storm group.
    pub storm: bool,
    /// When it opened (or last reopened).
    pub opened_at: Timestamp,
    /// When it resolved, while resolved.
    pub resolved_at: Option<Timestamp>,
    /// When an alert last came to it.
    pub last_alert_at: Timestamp,
    /// Alert requests it took, duplicates included.
    pub received: u64,
    /// Distinct alerts that joined it.
    pub alerts: u64,
    /// Its alerts firing or acknowledged now.
    pub firing: u64,
    /// The alert that fired last (for the `last` resolve policy).
    pub last_fired: Option<String>,
    /// When it reopened, within the last hour (oldest first).
    pub reopened: Vec<Timestamp>,
    /// Whether it is flapping: it writes to the timeline and does not page again.
    pub flapping: bool,
    /// Whether its route's action has run (after its threshold, if any).
    pub triggered: bool,
    /// When its recent alerts arrived, for a route's threshold (at most that many kept).
    pub recent: Vec<Timestamp>,
}

impl GroupState {
    /// A new open group.
    pub fn new(id: GroupId, route: &str, key: &str, storm: bool, now: Timestamp) -> GroupState {
        GroupState {
            id,
            route: route.into(),
            key: key.into(),
            status: GroupStatus::Open,
            storm,
            opened_at: now,
            resolved_at: None,
            last_alert_at: now,
            received: 0,
            alerts: 0,
            firing: 0,
            last_fired: None,
            reopened: Vec::new(),
            flapping: false,
            triggered: false,
            recent: Vec::new(),
        }
    }

    /// Whether it still takes alerts.
    pub fn is_open(&self) -> bool {
        self.status != GroupStatus::Resolved
    }
}
