//! Incidents back onto their alert groups, in the transaction of the incident's change:
//! resolving (closing, cancelling) an incident resolves its open groups, and acknowledging one
//! of its pages acknowledges them. A resolved group takes no more alerts; an alert that fires
//! again later opens (or, within the reopen window, reopens) a group as a new problem.

use crate::plan::{Arg, Stmt};
use crate::time::to_db;
use goldseam_core::{EventPayload, IncidentId, Status};
use jiff::Timestamp;

/// The statement an incident event makes on the incident's alert groups, if any.
pub(crate) fn statement(incident: IncidentId, at: Timestamp, p: &EventPayload) -> Option<Stmt> {
    match p {
        EventPayload::StatusChanged {
            to: Status::Resolved | Status::Closed | Status::Canceled,
            ..
        } => {
            Some(Stmt::new(
                "UPDATE alert_groups SET status = 'resolved', resolved_at = $1 WHERE incident_id = $2 AND status <> 'resolved'",
                vec![Arg::I64(to_db(at)), Arg::id(incident)],
            ))
        }
        EventPayload::PageAcknowledged { .. } => Some(Stmt::new(
            "UPDATE alert_groups SET status = 'acknowledged' WHERE incident_id = $1 AND status = 'open'",
            vec![Arg::id(incident)],
        )),
        _ => None,
    }
}
