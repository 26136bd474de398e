//! What an incident did for its learning flow, read from its events, its postmortem and its
//! follow-ups: the facts core's checklist is computed from.

use crate::row::Columns;
use crate::{Store, StoreError};
use goldseam_core::follow_up::FollowUpStatus;
use goldseam_core::learning::{LearningFacts, Step, Waiver};
use goldseam_core::postmortem::ReviewState;
use goldseam_core::{Actor, EventPayload, IncidentState, Status, UserId};
use jiff::Timestamp;

impl Store {
    pub(crate) async fn learning_facts(
        &self,
        incident: &IncidentState,
    ) -> Result<LearningFacts, StoreError> {
        let r = incident.id;
        let mut facts = LearningFacts::default();
        let rows = sqlx::query(
            "SELECT kind, data, at, actor_id FROM events WHERE incident_id = $1 AND kind IN ('status_changed', 'postmortem_state_changed', 'learning_step_waived', 'review_meeting_held') ORDER BY id",
        )
        .bind(r.get())
        .fetch_all(&mut *self.reader().await?)
        .await?;
        for row in &rows {
            let (kind, data): (String, String) = (row.col("kind")?, row.col("data")?);
            let at: Timestamp = row.time("at")?;
            let by: Option<UserId> = row.opt_id("actor_id")?;
            let first = |facts: &mut LearningFacts, step| {
                facts.done.entry(step).or_insert(at);
            };
            match EventPayload::from_parts(&kind, &data) {
                Ok(EventPayload::StatusChanged {
                    to: Status::Resolved,
                    ..
                }) => facts.resolved_at = Some(at),
                Ok(EventPayload::PostmortemStateChanged { to, .. }) if to == "in_review" => {
                    first(&mut facts, Step::Drafted)
                }
                Ok(EventPayload::PostmortemStateChanged { to, .. }) if to == "approved" => {
                    first(&mut facts, Step::Reviewed)
                }
                Ok(EventPayload::ReviewMeetingHeld { .. }) => first(&mut facts, Step::MeetingHeld),
                Ok(EventPayload::LearningStepWaived { step, reason }) => {
                    facts.waived.insert(step, Waiver { by, reason, at });
                }
                _ => {}
            }
        }
        // Published and distributed are what the postmortem is now: amended and not published
        // again, it owes both again.
        if let Some(pm) = self.postmortem(&Actor::GOLDSEAM, r).await? {
            if let (ReviewState::Published, Some(at)) = (pm.state, pm.published_at) {
                facts.done.insert(Step::Published, at);
                let sent: Option<Timestamp> = sqlx::query("SELECT distributed_at FROM postmortem_distributions WHERE incident_id = $1 AND version = $2")
                    .bind(r.get())
                    .bind(pm.version)
                    .fetch_optional(&mut *self.reader().await?)
                    .await?
                    .map(|row| row.time("distributed_at"))
                    .transpose()?;
                if let Some(at) = sent {
                    facts.done.insert(Step::Distributed, at);
                }
            }
        }
        // Follow-ups are committed when none is only an idea any more and at least one is a
        // promise (won't-do decisions count as decided).
        let follow_ups = self.incident_follow_ups(&Actor::GOLDSEAM, r).await?;
        let proposed = follow_ups
            .iter()
            .any(|f| f.status == FollowUpStatus::Proposed);
        let promised = follow_ups.iter().filter(|f| {
            matches!(
                f.status,
                FollowUpStatus::Committed | FollowUpStatus::InProgress | FollowUpStatus::Done
            )
        });
        if !proposed {
            if let Some(at) = promised.map(|f| f.updated_at).max() {
                facts.done.insert(Step::FollowUpsCommitted, at);
            }
        }
        Ok(facts)
    }
}
