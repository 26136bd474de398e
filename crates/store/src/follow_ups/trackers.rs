//! Follow-ups and issue trackers (docs/follow-ups.md): filing one as an issue is a job, keyed by
//! the follow-up, so a follow-up becomes one issue however often it is asked for or retried; the
//! issue it became is a `follow_up_filed` event. The tracker's webhook saying the issue was
//! closed (or reopened) is stored in the inbox before it is answered, then applied from the job
//! queue, once per delivery the tracker sends.

use super::FollowUp;
use crate::incidents::Change;
use crate::jobs::NewJob;
use crate::{Store, StoreError};
use goldseam_core::follow_up::{FollowUpPatch, FollowUpStatus};
use goldseam_core::{Actor, DomainError, EventId, EventPayload};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::Connection;

/// The job that files a follow-up in a tracker.
pub const FILE_ISSUE_KIND: &str = "file_issue";
/// The job that applies what a tracker's webhook said.
pub const TRACKER_EVENT_KIND: &str = "tracker_event";

/// The `file_issue` job's payload.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileIssueJob {
    /// The follow-up.
    pub follow_up_id: EventId,
    /// `github` or `jira`.
    pub tracker: String,
}

/// What a tracker said about one of its issues: the `tracker_event` job's payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackerUpdate {
    /// `github` or `jira`.
    pub tracker: String,
    /// The issue's key: `acme/api#12`, `OPS-12`.
    pub key: String,
    /// Closed (done), or reopened.
    pub closed: bool,
}

impl Store {
    /// Queues filing follow-up `id` as an issue in `tracker` (which the caller checked is set
    /// up). Once per follow-up: asking again, for any tracker, changes nothing.
    pub async fn request_filing(
        &self,
        actor: &Actor,
        id: EventId,
        tracker: &str,
    ) -> Result<FollowUp, StoreError> {
        goldseam_core::policy::ensure_can_write(actor)?;
        let f = self.follow_up(actor, id).await?;
        if f.incident.private {
            return Err(DomainError::Conflict(
                "the incident is private: its follow-ups are not filed in a tracker, where everyone who can read the project would read them".into(),
            )
            .into());
        }
        if let Some(t) = &f.tracker {
            return Err(DomainError::Conflict(format!(
                "it is filed already, as {} in {}",
                t.key, t.tracker
            ))
            .into());
        }
        self.enqueue(&NewJob {
            kind: FILE_ISSUE_KIND.into(),
            destination: format!("tracker:{tracker}"),
            idempotency_key: format!("{FILE_ISSUE_KIND}:{id}"),
            payload: json!(FileIssueJob {
                follow_up_id: id,
                tracker: tracker.into()
            }),
            incident_id: Some(f.incident.id),
            run_at: None,
        })
        .await?;
        Ok(f)
    }

    /// Records that follow-up `id` was filed as `key` (no change when it is filed already).
    pub async fn record_filing(
        &self,
        id: EventId,
        tracker: &str,
        key: &str,
        url: &str,
    ) -> Result<(), StoreError> {
        let f = self.follow_up(&Actor::GOLDSEAM, id).await?;
        if f.tracker.is_some() {
            return Ok(());
        }
        let filed = EventPayload::FollowUpFiled {
            follow_up_id: id,
            tracker: tracker.into(),
            key: key.into(),
            url: url.into(),
        };
        self.change(
            &Actor::GOLDSEAM,
            f.incident.id,
            &[Change::Record(filed)],
            None,
            false,
        )
        .await
        .map(|_| ())
    }

    /// Stores a verified webhook delivery from `u.tracker` (its raw body, for the record) and
    /// queues applying `u`, unless the tracker delivered `delivery_id` before; whether it was
    /// new. One transaction: once this returns, the delivery survives a crash and is applied
    /// exactly once.
    pub async fn receive_tracker_event(
        &self,
        delivery_id: &str,
        body: &str,
        u: &TrackerUpdate,
    ) -> Result<bool, StoreError> {
        let now = self.now();
        let mut conn = self.writer().await?;
        let mut tx = conn.begin().await?;
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO inbox (source, delivery_id, body, received_at) VALUES ($1, $2, $3, $4) ON CONFLICT (source, delivery_id) DO NOTHING RETURNING id",
        )
        .bind(&u.tracker)
        .bind(delivery_id)
        .bind(body)
        .bind(crate::time::to_db(now))
        .fetch_optional(&mut *tx)
        .await?;
        if id.is_none() {
            tx.rollback().await?;
            return Ok(false);
        }
        let job = NewJob {
            kind: TRACKER_EVENT_KIND.into(),
            destination: format!("inbound:{}", u.tracker),
            idempotency_key: format!("{TRACKER_EVENT_KIND}:{}:{delivery_id}", u.tracker),
            payload: json!(u),
            incident_id: None,
            run_at: None,
        };
        crate::jobs::enqueue_in(&mut tx, self.backend(), &job, now).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Applies a tracker's word to the follow-up filed as that issue: closed marks it done,
    /// reopened takes a done one back to in progress (proposed when it has no owner or date).
    /// An issue no follow-up was filed as, or a state it already has, changes nothing.
    pub async fn apply_tracker_update(&self, u: &TrackerUpdate) -> Result<(), StoreError> {
        // GitHub's owner and repository names are case-insensitive.
        let id: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM follow_ups WHERE tracker = $1 AND LOWER(tracker_key) = LOWER($2)",
        )
        .bind(&u.tracker)
        .bind(&u.key)
        .fetch_optional(&mut *self.reader().await?)
        .await?;
        let Some(id) = id else {
            tracing::debug!(tracker = %u.tracker, key = %u.key, "a tracker event about an issue no follow-up was filed as");
            return Ok(());
        };
        let id = EventId::from_db(id);
        let f = self.follow_up(&Actor::GOLDSEAM, id).await?;
        let to = match (u.closed, f.status) {
            (true, s) if s.is_open() => FollowUpStatus::Done,
            (false, FollowUpStatus::Done) if f.owner.is_some() && f.due_on.is_some() => {
                FollowUpStatus::InProgress
            }
            (false, FollowUpStatus::Done) => FollowUpStatus::Proposed,
            _ => return Ok(()),
        };
        let patch = FollowUpPatch {
            status: Some(to),
            ..Default::default()
        };
        match self.update_follow_up(&Actor::GOLDSEAM, id, patch).await {
            Ok(_) | Err(StoreError::Domain(DomainError::NoChange(_))) => Ok(()),
            Err(e) => Err(e),
        }
    }
}
