//! Invitation emails: a `review_send` job fans the meeting's current sequence out into one
//! `review_invitation` job per person (keys per incident, sequence and person, so a rerun
//! sends nothing twice). Each email is made when it is sent, from the meeting as it stands, so
//! someone who lost access to a private incident gets nothing, and a job for a sequence that
//! has been overtaken sends nothing.

use super::{ReviewJob, INVITATION_KIND};
use crate::jobs::NewJob;
use crate::{Store, StoreError};
use goldseam_core::{EventPayload, IncidentId, UserId};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// What one person is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    /// An invitation, or its update after a move (iTIP REQUEST).
    Request,
    /// A cancellation (iTIP CANCEL).
    Cancel,
}

/// The payload of a `review_invitation` job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationJob {
    pub incident_id: IncidentId,
    pub sequence: i64,
    pub user_id: UserId,
    pub method: Method,
}

fn invitation_job(r: IncidentId, sequence: i64, user_id: UserId, method: Method) -> NewJob {
    NewJob {
        kind: INVITATION_KIND.into(),
        destination: format!("review:{r}"),
        idempotency_key: format!("review-invitation:{r}:{sequence}:{user_id}"),
        payload: json!(InvitationJob {
            incident_id: r,
            sequence,
            user_id,
            method
        }),
        incident_id: Some(r),
        run_at: None,
    }
}

impl Store {
    /// The emails a `review_send` job owes, queued: a REQUEST to every attendee and a CANCEL to
    /// everyone uninvited when it booked or moved the meeting, a CANCEL to every attendee when it
    /// cancelled it; nothing when the meeting has moved on since.
    pub async fn send_review_invitations(&self, job: ReviewJob) -> Result<usize, StoreError> {
        let r = job.incident_id;
        let Some(meeting) = self.review_meeting(r).await? else {
            return Ok(0);
        };
        if meeting.sequence != job.sequence || meeting.state == "held" {
            return Ok(0);
        }
        let mut jobs = Vec::new();
        if meeting.state == "cancelled" {
            for a in &meeting.attendees {
                jobs.push(invitation_job(r, job.sequence, a.user_id, Method::Cancel));
            }
        } else {
            for a in &meeting.attendees {
                jobs.push(invitation_job(r, job.sequence, a.user_id, Method::Request));
            }
            for user in self.uninvited_at(r, job.sequence).await? {
                jobs.push(invitation_job(r, job.sequence, user, Method::Cancel));
            }
        }
        self.enqueue_all(&jobs).await?;
        Ok(jobs.len())
    }

    /// Who the `review_scheduled` event of `sequence` uninvited.
    async fn uninvited_at(&self, r: IncidentId, sequence: i64) -> Result<Vec<UserId>, StoreError> {
        let payloads: Vec<String> = sqlx::query_scalar(
            "SELECT data FROM events WHERE incident_id = $1 AND kind = 'review_scheduled' ORDER BY id DESC",
        )
        .bind(r.get())
        .fetch_all(&mut *self.reader().await?)
        .await?;
        for p in payloads {
            if let Ok(EventPayload::ReviewScheduled {
                sequence: s,
                uninvited,
                ..
            }) = EventPayload::from_parts("review_scheduled", &p)
            {
                if s == sequence {
                    return Ok(uninvited);
                }
            }
        }
        Ok(Vec::new())
    }
}
