//! The generic outgoing webhook for trackers Goldseam has no adapter for: every follow-up event
//! (added, changed, filed) queues a `follow_up_webhook` job in the same transaction as the event;
//! the engine turns it into a signed `webhook` delivery when a URL is configured (retries and dead
//! letters as for every delivery), and into nothing otherwise. A private incident's follow-ups are
//! never sent: the receiver is outside Goldseam and cannot be checked.

use crate::jobs::NewJob;
use crate::response::incident_link;
use crate::{Store, StoreError};
use goldseam_core::{Actor, EventId, EventPayload, EventRecord, IncidentId};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// The job kind.
pub const WEBHOOK_KIND: &str = "follow_up_webhook";

/// The job's payload: the event to send.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct FollowUpHookJob {
    pub incident_id: IncidentId,
    pub event_id: EventId,
}

/// The webhook's event type and the follow-up's id for a follow-up event.
fn follow_up_event(record: &EventRecord) -> Option<(&'static str, EventId)> {
    match &record.payload {
        EventPayload::FollowUpAdded { .. } => Some(("follow_up.added", record.id)),
        EventPayload::FollowUpChanged { follow_up_id, .. } => {
            Some(("follow_up.changed", *follow_up_id))
        }
        EventPayload::FollowUpFiled { follow_up_id, .. } => {
            Some(("follow_up.filed", *follow_up_id))
        }
        _ => None,
    }
}

/// The jobs that send these new events to the follow-up webhook (one per follow-up event).
pub(crate) fn webhook_jobs(records: &[&EventRecord]) -> Vec<NewJob> {
    records
        .iter()
        .filter(|r| follow_up_event(r).is_some())
        .map(|r| NewJob {
            kind: WEBHOOK_KIND.into(),
            destination: format!("follow-up-webhook:{}", r.incident_id),
            idempotency_key: format!("fu-hook:{}", r.id),
            payload: json!(FollowUpHookJob {
                incident_id: r.incident_id,
                event_id: r.id
            }),
            incident_id: Some(r.incident_id),
            run_at: None,
        })
        .collect()
}

impl Store {
    /// The delivery a `follow_up_webhook` job makes for `url`: the event and the follow-up as it
    /// stands, or `None` when nothing is to be sent (a private incident, a follow-up gone).
    pub async fn follow_up_webhook_delivery(
        &self,
        job: &FollowUpHookJob,
        url: &str,
        public_url: &str,
    ) -> Result<Option<NewJob>, StoreError> {
        let god = Actor::GOLDSEAM;
        let incident = self.incident(&god, job.incident_id).await?;
        if incident.private {
            return Ok(None);
        }
        let event = self.event(&god, job.incident_id, job.event_id).await?;
        let Some((kind, follow_up_id)) = follow_up_event(&event.record) else {
            return Ok(None);
        };
        let f = match self.follow_up(&god, follow_up_id).await {
            Ok(f) => f,
            Err(StoreError::NotFound(_)) => return Ok(None),
            Err(e) => return Err(e),
        };
        let link = incident_link(public_url, incident.id);
        let changes: Value = match &event.record.payload {
            EventPayload::FollowUpChanged { changes, .. } => serde_json::to_value(changes)?,
            _ => Value::Null,
        };
        let body = json!({
            "type": kind,
            "event_id": event.record.id.get(),
            "at": event.record.at.to_string(),
            "follow_up": {
                "id": f.id.get(),
                "title": f.title,
                "description": f.description,
                "status": f.status.as_str(),
                "priority": f.priority.as_str(),
                "owner": f.owner.map(|(id, name)| json!({"id": id.get(), "name": name})),
                "team": f.team.map(|(id, name)| json!({"id": id.get(), "name": name})),
                "due_on": f.due_on.map(|d| d.to_string()),
                "reason": f.reason,
                "tracker": f.tracker.map(|t| json!({"tracker": t.tracker, "key": t.key, "url": t.url})),
                "url": format!("{link}#follow-up-{}", f.id.get()),
            },
            "changes": changes,
            "incident": {
                "reference": incident.id.reference(),
                "title": incident.title,
                "severity": incident.severity.as_str(),
                "url": link,
            },
        });
        Ok(Some(NewJob {
            kind: "webhook".into(),
            destination: format!("webhook:{url}"),
            idempotency_key: format!("fu-hook-send:{}", event.record.id),
            payload: json!({"url": url, "body": body}),
            incident_id: None,
            run_at: None,
        }))
    }
}
