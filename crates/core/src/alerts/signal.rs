//! A normalised alert: what any sender's request becomes before it is grouped.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// Longest summary kept, in characters (PagerDuty's limit; longer ones are cut).
pub const MAX_SUMMARY: usize = 1024;
/// Longest dedup key accepted, in bytes (PagerDuty's limit).
pub const MAX_DEDUP_KEY: usize = 255;

/// Where an alert stands, as its sender says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AlertStatus {
    /// Something is wrong now.
    Firing,
    /// Someone is on it (at the sender).
    Acknowledged,
    /// It is over.
    Resolved,
}

impl AlertStatus {
    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            AlertStatus::Firing => "firing",
            AlertStatus::Acknowledged => "acknowledged",
            AlertStatus::Resolved => "resolved",
        }
    }

    /// The status a stored name names.
    pub fn parse(s: &str) -> Option<AlertStatus> {
        match s {
            "firing" => Some(AlertStatus::Firing),
            "acknowledged" => Some(AlertStatus::Acknowledged),
            "resolved" => Some(AlertStatus::Resolved),
            _ => None,
        }
    }
}

/// How bad the sender says it is: PagerDuty's four levels, which every sender's maps onto.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum AlertSeverity {
    /// Wake someone up.
    Critical,
    /// Broken (PagerDuty's default).
    Error,
    /// Degraded or about to be.
    Warning,
    /// For the record.
    Info,
}

impl AlertSeverity {
    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            AlertSeverity::Critical => "critical",
            AlertSeverity::Error => "error",
            AlertSeverity::Warning => "warning",
            AlertSeverity::Info => "info",
        }
    }

    /// The severity a name names (case-insensitive), with the common synonyms senders use
    /// (`page`, `high`, `warn`, `low`, `informational`...).
    pub fn parse_loose(s: &str) -> Option<AlertSeverity> {
        match s.trim().to_ascii_lowercase().as_str() {
            "critical" | "crit" | "page" | "fatal" | "emergency" | "p1" | "sev0" | "sev1" => {
                Some(AlertSeverity::Critical)
            }
            "error" | "err" | "high" | "major" | "p2" | "sev2" => Some(AlertSeverity::Error),
            "warning" | "warn" | "medium" | "minor" | "p3" | "sev3" => Some(AlertSeverity::Warning),
            "info" | "information" | "informational" | "low" | "none" | "ok" | "p4" | "p5"
            | "sev4" | "debug" => Some(AlertSeverity::Info),
            _ => None,
        }
    }
}

/// A link the sender gave with an alert (its graph, runbook, silence page...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AlertLink {
    /// Where it goes.
    pub href: String,
    /// What it is called; empty when the sender gave no name.
    #[serde(default)]
    pub text: String,
}

/// Where an alert's dedup key came from: shown with the alert, so people can see why two
/// alerts were one, or two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum KeySource {
    /// The alert's fingerprint (Alertmanager, Grafana): a hash of its labels.
    Fingerprint,
    /// The event's `dedup_key` (PagerDuty Events v2).
    DedupKey,
    /// None was sent: Goldseam made one and answered it to the sender.
    Generated,
    /// The alert's `alias` (Opsgenie).
    Alias,
    /// Datadog's `$ALERT_CYCLE_KEY`: the same from trigger to recovery.
    AlertCycleKey,
    /// The integration's dedup key template (generic webhooks).
    Template,
    /// A hash of the whole payload (generic webhooks whose template gives no key).
    PayloadHash,
    /// The PagerDuty incident's id (PagerDuty v3 webhooks).
    PagerdutyIncident,
}

/// One alert as a request states it, in Goldseam's terms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertSignal {
    /// What makes two requests about the same alert; unique per integration.
    pub dedup_key: String,
    /// Where the key came from.
    pub key_from: KeySource,
    /// What the sender says it is now.
    pub status: AlertStatus,
    /// One line (at most [`MAX_SUMMARY`] characters).
    pub summary: String,
    /// How bad.
    pub severity: AlertSeverity,
    /// The machine or component it is about, where the sender says.
    pub source: Option<String>,
    /// Identifying labels (Alertmanager's labels, PagerDuty's class/component/group, tags).
    pub labels: BTreeMap<String, String>,
    /// Descriptive text (annotations, custom details, the description).
    pub annotations: BTreeMap<String, String>,
    /// Links the sender gave.
    pub links: Vec<AlertLink>,
    /// When it started firing, where the sender says.
    pub starts_at: Option<Timestamp>,
    /// When it ended, where the sender says (Alertmanager sends a future end while firing).
    pub ends_at: Option<Timestamp>,
    /// The sender's own grouping of this alert (Alertmanager's and Grafana's `groupKey`), for
    /// routes that group as the sender does.
    pub sender_group: Option<String>,
}

/// What one request asks for: alerts, or something that is not an alert.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "signal", rename_all = "snake_case")]
pub enum Signal {
    /// An alert firing, acknowledged or resolved.
    Alert(AlertSignal),
    /// Something said about an existing alert: a new summary, description or note (Opsgenie's
    /// message and description updates, PagerDuty notes). One for an alert never seen changes
    /// nothing.
    Update {
        /// The alert it is about.
        dedup_key: String,
        /// Its new summary.
        summary: Option<String>,
        /// Its new description (kept as the `description` annotation).
        description: Option<String>,
        /// A note to add to its group's timeline.
        note: Option<String>,
    },
    /// A change somewhere (a deploy, a config push: PagerDuty change events). Recorded on the
    /// integration's open incidents; never pages.
    Change {
        /// What changed.
        summary: String,
        /// Where.
        source: Option<String>,
        /// Links given with it.
        links: Vec<AlertLink>,
        /// When, where the sender says.
        at: Option<Timestamp>,
    },
}

impl Signal {
    /// The dedup key of the alert it is about, if any.
    pub fn dedup_key(&self) -> Option<&str> {
        match self {
            Signal::Alert(a) => Some(&a.dedup_key),
            Signal::Update { dedup_key, .. } => Some(dedup_key),
            Signal::Change { .. } => None,
        }
    }
}

/// `s` cut to at most `max` characters, on a character boundary, marked with an ellipsis when
/// cut.
pub fn truncate_chars(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => s.to_owned(),
        Some(_) => {
            let keep: String = s.chars().take(max.saturating_sub(1)).collect();
            format!("{keep}…")
        }
    }
}
