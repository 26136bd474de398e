//! What a group's effects do to incidents, run as jobs after the batch that decided them
//! committed (`run.rs`): open or join an incident (`incident.rs`: once per group, the
//! declaration's idempotency key being the group's), write alerts on its timeline, reopen it,
//! resolve it with its last group, page the integration's team.
//!
//! Jobs run side by side, so their order is not the decisions' order. Only the trigger opens a
//! group's incident; effects that find none yet leave it to the trigger, which looks at its
//! group as it is when it runs (resolved meanwhile: it resolves the incident too).

mod incident;
mod run;

use crate::jobs::NewJob;
use goldseam_core::alerts::{AlertLink, Effect};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// The job kind.
pub const EFFECT_KIND: &str = "alert_effect";

/// What an effect job is about.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "on", rename_all = "snake_case")]
pub enum EffectKind {
    /// A group's effects decided in one batch, in order.
    Group {
        /// The group.
        group_id: i64,
        /// What it must do.
        effects: Vec<GroupEffect>,
    },
    /// A change event, for the service's open incidents.
    Change {
        /// What changed.
        summary: String,
        /// Where.
        source: Option<String>,
        /// Links given with it.
        links: Vec<AlertLink>,
        /// When.
        at: Timestamp,
    },
}

/// One of a group's effects, and the alert that caused it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GroupEffect {
    /// What the group must do.
    #[serde(flatten)]
    pub effect: Effect,
    /// The alert that caused it.
    pub dedup_key: String,
}

/// An effect job's payload.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AlertEffectJob {
    /// The job's own key: what it writes is keyed by it, so a retried job writes nothing twice.
    pub key: String,
    /// The integration.
    pub integration_id: i64,
    /// What to do.
    #[serde(flatten)]
    pub kind: EffectKind,
}

impl AlertEffectJob {
    /// The job for `what` (a group's id, `change`) decided while processing request
    /// `inbox_id`: its key is stable, so building it again enqueues nothing new.
    pub(crate) fn job(integration_id: i64, kind: EffectKind, inbox_id: i64, what: &str) -> NewJob {
        let key = format!("{EFFECT_KIND}:{inbox_id}:{what}");
        let job = AlertEffectJob {
            key: key.clone(),
            integration_id,
            kind,
        };
        NewJob {
            kind: EFFECT_KIND.into(),
            destination: format!("alerts:{integration_id}"),
            idempotency_key: key,
            payload: serde_json::to_value(&job).expect("an effect serializes"),
            incident_id: None,
            run_at: None,
        }
    }

    /// The job recording a change event.
    pub(crate) fn change(
        integration_id: i64,
        summary: &str,
        source: Option<&str>,
        links: &[AlertLink],
        at: Timestamp,
        inbox_id: i64,
    ) -> NewJob {
        let kind = EffectKind::Change {
            summary: summary.into(),
            source: source.map(str::to_owned),
            links: links.to_vec(),
            at,
        };
        AlertEffectJob::job(integration_id, kind, inbox_id, "change")
    }
}
