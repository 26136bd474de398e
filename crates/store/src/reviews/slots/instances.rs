//! The job a day before each instance: the agenda goes out, or, with nothing on it, the
//! instance is cancelled for that date (its CANCEL raises the slot's SEQUENCE). The decision,
//! its emails and the next instance's job are written in one transaction, and the decision's
//! primary key makes it once-only: a job run again (after a crash, or by a second instance)
//! decides nothing twice and sends nothing twice.

use super::crud::{lock_slot, slot_in};
use super::{email_job, instance_job, InstanceJob, ReviewSlot, SlotMessage};
use crate::jobs::NewJob;
use crate::row::Columns;
use crate::time::to_db;
use crate::{Store, StoreError};
use goldseam_core::review::slots::ReviewSlotId;
use jiff::{SignedDuration, Timestamp};
use sqlx::{AnyConnection, Connection};
use std::collections::HashMap;

/// An instance the job sent the agenda of.
pub const AGENDA_SENT: &str = "agenda_sent";
/// An instance cancelled for its date.
pub const CANCELLED: &str = "cancelled";

/// What became of an instance job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstanceOutcome {
    /// The agenda went out, listing this many postmortems.
    AgendaSent(usize),
    /// Nothing to review: cancelled for its date.
    Cancelled,
    /// Decided before (the job ran again), or the slot no longer has this instance (deleted,
    /// or its rule changed): nothing done.
    Nothing,
}

impl Store {
    /// The instances of `slot` decided so far: start (as stored) to state.
    pub(crate) async fn decided_instances(
        &self,
        slot: ReviewSlotId,
    ) -> Result<HashMap<i64, String>, StoreError> {
        let rows =
            sqlx::query("SELECT instance_at, state FROM review_slot_instances WHERE slot_id = $1")
                .bind(slot.get())
                .fetch_all(&mut *self.reader().await?)
                .await?;
        rows.iter()
            .map(|r| Ok((r.col("instance_at")?, r.col("state")?)))
            .collect()
    }

    /// Moves the postmortems waiting for an instance the slot's new rule no longer has to the
    /// instance each would join now (the new series starts a day from now at the earliest, so
    /// none of its instances is decided yet).
    pub(super) async fn requeue_waiting(
        &self,
        conn: &mut AnyConnection,
        slot: &ReviewSlot,
    ) -> Result<(), StoreError> {
        let rows = sqlx::query(
            "SELECT a.incident_id, a.instance_at, a.added_at FROM review_slot_agenda a WHERE a.slot_id = $1 AND NOT EXISTS (SELECT 1 FROM review_slot_instances d WHERE d.slot_id = a.slot_id AND d.instance_at = a.instance_at)",
        )
        .bind(slot.id.get())
        .fetch_all(&mut *conn)
        .await?;
        for row in &rows {
            let published = row.time("added_at")?;
            let Some(joins) = slot.rule.joining(slot.starts_on, published) else {
                continue;
            };
            sqlx::query(
                "UPDATE review_slot_agenda SET instance_at = $3 WHERE slot_id = $1 AND incident_id = $2",
            )
            .bind(slot.id.get())
            .bind(row.col::<i64>("incident_id")?)
            .bind(to_db(joins.start))
            .execute(&mut *conn)
            .await?;
        }
        Ok(())
    }

    /// Runs the job of one instance: decides it once, queues its emails and the next
    /// instance's job.
    pub async fn run_review_slot_instance(
        &self,
        job: InstanceJob,
    ) -> Result<InstanceOutcome, StoreError> {
        let slot = self.any_review_slot(job.slot_id).await?;
        let Some(instance) = slot.instance(job.instance).filter(|_| slot.active) else {
            return Ok(InstanceOutcome::Nothing);
        };
        let team = match self.team(slot.team_id).await {
            Ok(t) => t,
            // The team is gone: nobody to tell, and the chain ends with it.
            Err(StoreError::NotFound(_)) => return Ok(InstanceOutcome::Nothing),
            Err(e) => return Err(e),
        };
        let now = self.now();
        let at = to_db(instance.start);
        let mut conn = self.writer().await?;
        let mut tx = conn.begin().await?;
        lock_slot(&mut tx, slot.id).await?;
        let decided: Option<String> = sqlx::query_scalar(
            "SELECT state FROM review_slot_instances WHERE slot_id = $1 AND instance_at = $2",
        )
        .bind(slot.id.get())
        .bind(at)
        .fetch_optional(&mut *tx)
        .await?;
        // The next instance's job, whatever this one decides: the chain goes on.
        let next = slot
            .rule
            .instances_from(
                slot.starts_on,
                instance
                    .start
                    .checked_add(SignedDuration::from_micros(1))
                    .unwrap_or(Timestamp::MAX),
                1,
            )
            .into_iter()
            .next();
        let mut jobs: Vec<NewJob> = next.iter().map(|n| instance_job(slot.id, n)).collect();
        let outcome = if decided.is_some() {
            InstanceOutcome::Nothing
        } else {
            let on_agenda: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM review_slot_agenda WHERE slot_id = $1 AND instance_at = $2",
            )
            .bind(slot.id.get())
            .bind(at)
            .fetch_one(&mut *tx)
            .await?;
            let (state, sequence, message, outcome) = if on_agenda == 0 {
                // Cancelling one date is a change calendars must apply: SEQUENCE + 1.
                let sequence: i64 = sqlx::query_scalar(
                    "UPDATE review_slots SET sequence = sequence + 1, updated_at = $2 WHERE id = $1 RETURNING sequence",
                )
                .bind(slot.id.get())
                .bind(to_db(now))
                .fetch_one(&mut *tx)
                .await?;
                let message = SlotMessage::InstanceCancelled {
                    instance: instance.start,
                };
                (CANCELLED, sequence, message, InstanceOutcome::Cancelled)
            } else {
                let fresh = slot_in(&mut tx, slot.id).await?;
                let message = SlotMessage::Agenda {
                    instance: instance.start,
                };
                let outcome = InstanceOutcome::AgendaSent(on_agenda as usize);
                (AGENDA_SENT, fresh.sequence, message, outcome)
            };
            sqlx::query(
                "INSERT INTO review_slot_instances (slot_id, instance_at, state, sequence, at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(slot.id.get())
            .bind(at)
            .bind(state)
            .bind(sequence)
            .bind(to_db(now))
            .execute(&mut *tx)
            .await?;
            jobs.extend(
                team.members
                    .iter()
                    .map(|m| email_job(slot.id, m.user_id, message)),
            );
            outcome
        };
        for job in &jobs {
            crate::jobs::enqueue_in(&mut tx, self.backend(), job, now).await?;
        }
        tx.commit().await?;
        self.jobs_committed();
        Ok(outcome)
    }

    /// What the job decided for the instance of `slot` starting at `start`: its state and the
    /// SEQUENCE its message carries.
    pub(crate) async fn instance_decision(
        &self,
        slot: ReviewSlotId,
        start: Timestamp,
    ) -> Result<Option<(String, i64)>, StoreError> {
        let row = sqlx::query(
            "SELECT state, sequence FROM review_slot_instances WHERE slot_id = $1 AND instance_at = $2",
        )
        .bind(slot.get())
        .bind(to_db(start))
        .fetch_optional(&mut *self.reader().await?)
        .await?;
        row.map(|r| Ok((r.col("state")?, r.col("sequence")?)))
            .transpose()
    }
}
