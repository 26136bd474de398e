//! Postmortems that open by themselves: when an incident reaches the status its severity names
//! (`postmortem_on`, default resolved for SEV0-SEV2), the write that moved it also queues a job
//! that opens and seeds the postmortem, so a crash in between loses nothing and a repeat opens
//! nothing twice (one job key per incident, and opening is idempotent).

use crate::jobs::NewJob;
use goldseam_core::{Catalog, EventPayload, IncidentId, IncidentState};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// The `open_postmortem` job's payload.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OpenPostmortemJob {
    /// The incident whose postmortem opens.
    pub incident_id: IncidentId,
}

/// The job opening the postmortem of `after`, if one of `payloads` moved it to the status its
/// severity opens postmortems at.
pub(crate) fn open_job(
    catalog: &Catalog,
    after: &IncidentState,
    payloads: &[EventPayload],
) -> Option<NewJob> {
    let wanted = catalog
        .severity(after.severity.as_str())
        .ok()?
        .postmortem_on?;
    let reached = payloads
        .iter()
        .any(|p| matches!(p, EventPayload::StatusChanged { to, .. } if *to == wanted));
    reached.then(|| NewJob {
        kind: "open_postmortem".into(),
        destination: format!("postmortem:{}", after.id),
        idempotency_key: format!("open_postmortem:{}", after.id),
        payload: json!(OpenPostmortemJob {
            incident_id: after.id
        }),
        incident_id: Some(after.id),
        run_at: None,
    })
}
