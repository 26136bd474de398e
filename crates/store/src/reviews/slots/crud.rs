//! Making, changing and deleting a team's slot (admins and the team's members). Each writes
//! the slot and the emails it owes in one transaction: the series invitation (REQUEST with
//! RRULE) or its cancellation to every member, and the job of the first instance.

use super::{email_job, from_row, instance_job, ReviewSlot, SlotMessage, COLUMNS};
use crate::jobs::{enqueue_in, NewJob};
use crate::people::Team;
use crate::time::to_db;
use crate::{Store, StoreError};
use goldseam_core::review::slots::{ensure_can_edit_slots, ReviewSlotId, SlotRule};
use goldseam_core::{Actor, TeamId};
use jiff::civil::Date;
use jiff::Timestamp;
use sqlx::{AnyConnection, Connection};

pub(super) async fn slot_in(
    conn: &mut AnyConnection,
    id: ReviewSlotId,
) -> Result<ReviewSlot, StoreError> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM review_slots WHERE id = $1"))
        .bind(id.get())
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("review slot {id}")))?;
    from_row(&row)
}

/// Takes the slot's row lock (PostgreSQL; SQLite's one writer already serializes), so the
/// instance job's decision and a postmortem joining that instance cannot interleave.
pub(super) async fn lock_slot(
    conn: &mut AnyConnection,
    id: ReviewSlotId,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE review_slots SET sequence = sequence WHERE id = $1")
        .bind(id.get())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

fn series_emails(slot: ReviewSlotId, team: &Team, message: SlotMessage) -> Vec<NewJob> {
    team.members
        .iter()
        .map(|m| email_job(slot, m.user_id, message))
        .collect()
}

impl Store {
    async fn slot_team_for_editing(
        &self,
        actor: &Actor,
        team_id: TeamId,
    ) -> Result<Team, StoreError> {
        let team = self.team(team_id).await?;
        let member = team.members.iter().any(|m| m.user_id == actor.user_id);
        ensure_can_edit_slots(actor, member)?;
        Ok(team)
    }

    /// Writes `jobs` in the open transaction, commits it and wakes the workers.
    async fn commit_with_jobs(
        &self,
        mut tx: sqlx::Transaction<'_, sqlx::Any>,
        jobs: &[NewJob],
        now: Timestamp,
    ) -> Result<(), StoreError> {
        for job in jobs {
            enqueue_in(&mut tx, self.backend(), job, now).await?;
        }
        tx.commit().await?;
        if !jobs.is_empty() {
            self.jobs_committed();
        }
        Ok(())
    }

    /// Makes a slot for `team_id` and invites the team's members to its series. The first
    /// instance is the first day the rule names, on or after `starts_on` when given, that
    /// leaves a day for its agenda.
    pub async fn create_review_slot(
        &self,
        actor: &Actor,
        team_id: TeamId,
        rule: SlotRule,
        starts_on: Option<Date>,
    ) -> Result<ReviewSlot, StoreError> {
        let team = self.slot_team_for_editing(actor, team_id).await?;
        let now = self.now();
        let anchor = rule.anchor(now, starts_on)?;
        // Unique without the id, so the row is written once; the same for the slot's life.
        let uid = format!(
            "review-slot-{team_id}-{:016x}@goldseam",
            rand::random::<u64>()
        );
        let mut conn = self.writer().await?;
        let mut tx = conn.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO review_slots (team_id, name, zone, start_time, duration_minutes, rrule, starts_on, organizer_id, uid, sequence, series_sequence, created_at, updated_at, active) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, 0, $10, $10, 1) RETURNING id",
        )
        .bind(team_id.get())
        .bind(rule.name())
        .bind(rule.zone_name())
        .bind(rule.start_time_text())
        .bind(i64::from(rule.duration_minutes()))
        .bind(rule.rrule_text())
        .bind(anchor.to_string())
        .bind(actor.user_id.get())
        .bind(&uid)
        .bind(to_db(now))
        .fetch_one(&mut *tx)
        .await?;
        let slot = slot_in(&mut tx, ReviewSlotId::from_db(id)).await?;
        let mut jobs = series_emails(slot.id, &team, SlotMessage::Series { sequence: 0 });
        jobs.extend(slot.first_instance().map(|i| instance_job(slot.id, &i)));
        self.commit_with_jobs(tx, &jobs, now).await?;
        Ok(slot)
    }

    /// Replaces the slot's name, zone, time, length and rule; sends the series again
    /// (SEQUENCE + 1). When its instances move, postmortems waiting for an instance that no
    /// longer exists move to the one they would join now.
    pub async fn update_review_slot(
        &self,
        actor: &Actor,
        id: ReviewSlotId,
        rule: SlotRule,
        starts_on: Option<Date>,
    ) -> Result<ReviewSlot, StoreError> {
        let current = self.review_slot(id).await?;
        let team = self.slot_team_for_editing(actor, current.team_id).await?;
        let now = self.now();
        let moves = starts_on.is_some() || rule.moves_instances(&current.rule);
        let anchor = if moves {
            rule.anchor(now, starts_on)?
        } else {
            // The same series, sent again from its next instance not cancelled: a client that
            // replaces the series with the new message must not bring back instances
            // cancelled for their date (the message carries no EXDATE for them).
            let decided = self.decided_instances(id).await?;
            current
                .rule
                .instances_from(current.starts_on, now, 16)
                .into_iter()
                .find(|i| decided.get(&to_db(i.start)).map(String::as_str) != Some("cancelled"))
                .map_or(current.starts_on, |i| i.local.date())
        };
        let mut conn = self.writer().await?;
        let mut tx = conn.begin().await?;
        // Both SEQUENCE columns take the old value + 1: SQL reads the row as it was.
        let done = sqlx::query(
            "UPDATE review_slots SET name = $2, zone = $3, start_time = $4, duration_minutes = $5, rrule = $6, starts_on = $7, sequence = sequence + 1, series_sequence = sequence + 1, updated_at = $8 WHERE id = $1 AND active = 1",
        )
        .bind(id.get())
        .bind(rule.name())
        .bind(rule.zone_name())
        .bind(rule.start_time_text())
        .bind(i64::from(rule.duration_minutes()))
        .bind(rule.rrule_text())
        .bind(anchor.to_string())
        .bind(to_db(now))
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("review slot {id}")));
        }
        let slot = slot_in(&mut tx, id).await?;
        if moves {
            self.requeue_waiting(&mut tx, &slot).await?;
        }
        let mut jobs = series_emails(
            id,
            &team,
            SlotMessage::Series {
                sequence: slot.sequence,
            },
        );
        // The old chain of instance jobs ends by itself at an instance the series no longer
        // has; this starts the new one (or finds it already there, by its key).
        jobs.extend(slot.first_instance().map(|i| instance_job(id, &i)));
        self.commit_with_jobs(tx, &jobs, now).await?;
        Ok(slot)
    }

    /// Deletes the slot: every member is sent the series' CANCEL (SEQUENCE + 1, no
    /// RECURRENCE-ID), and no instance job does anything any more. Its agendas stay readable.
    pub async fn delete_review_slot(
        &self,
        actor: &Actor,
        id: ReviewSlotId,
    ) -> Result<(), StoreError> {
        let current = self.review_slot(id).await?;
        let team = self.slot_team_for_editing(actor, current.team_id).await?;
        let now = self.now();
        let mut conn = self.writer().await?;
        let mut tx = conn.begin().await?;
        let done = sqlx::query(
            "UPDATE review_slots SET active = 0, sequence = sequence + 1, series_sequence = sequence + 1, updated_at = $2 WHERE id = $1 AND active = 1",
        )
        .bind(id.get())
        .bind(to_db(now))
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("review slot {id}")));
        }
        let slot = slot_in(&mut tx, id).await?;
        let jobs = series_emails(
            id,
            &team,
            SlotMessage::SeriesCancelled {
                sequence: slot.sequence,
            },
        );
        self.commit_with_jobs(tx, &jobs, now).await
    }
}
