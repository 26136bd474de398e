//! Sending a published postmortem to its readers and knowing who read it (issue 14).
//!
//! Publishing queues a `distribute_postmortem` job in the same transaction as the
//! `postmortem_state_changed` event ([`distribute_job`]). The job ([`send`]) renders the version
//! once per rendering (full, executive summary), expands the policy's audiences into people and
//! channels, records one reader row each, queues one message each (`postmortem_email`, `slack`,
//! `webhook` jobs with keys per reader and version, so a rerun sends nothing twice), records a
//! `postmortem_distributed` event, and queues the reminder for required readers. Each message
//! carries a personal link signed for its reader ([`links`]): opening it records the first open,
//! and "I have read it" the acknowledgement. The incident manager and admins read the list
//! ([`readers`]); admins set the policy ([`policy`]).

mod audiences;
pub mod links;
mod messages;
mod policy;
pub mod readers;
mod render;
mod send;

pub use links::Reading;
pub use messages::ReaderEmailJob;
pub use readers::{ReaderRow, ReaderStatus, ReadersPage};

use crate::jobs::NewJob;
use goldseam_core::{EventPayload, IncidentId, IncidentState};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// The job that distributes one published version.
pub const DISTRIBUTE_KIND: &str = "distribute_postmortem";
/// The job that reminds a version's required readers who have not acknowledged it.
pub const REMIND_KIND: &str = "remind_postmortem_readers";
/// One reader's email, rendered when it is sent.
pub const EMAIL_KIND: &str = "postmortem_email";

/// The payload of [`DISTRIBUTE_KIND`] and [`REMIND_KIND`] jobs.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct VersionJob {
    /// The incident whose postmortem it is.
    pub incident_id: IncidentId,
    /// The published version.
    pub version: i64,
}

/// The job distributing the version `payloads` publish, if they publish one.
pub(crate) fn distribute_job(after: &IncidentState, payloads: &[EventPayload]) -> Option<NewJob> {
    let version = payloads.iter().find_map(|p| match p {
        EventPayload::PostmortemStateChanged { to, version, .. } if to == "published" => {
            Some(*version)
        }
        _ => None,
    })?;
    Some(NewJob {
        kind: DISTRIBUTE_KIND.into(),
        destination: format!("postmortem:{}", after.id),
        idempotency_key: format!("distribute:{}:v{version}", after.id),
        payload: json!(VersionJob {
            incident_id: after.id,
            version
        }),
        incident_id: Some(after.id),
        run_at: None,
    })
}
