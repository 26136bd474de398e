//! Overrides: someone on call instead of the rotation for a while. Two overrides of one
//! schedule never overlap; the check and the insert share a transaction that holds the
//! schedule's row, so two people adding overlapping overrides at once cannot both succeed.

use crate::row::Columns;
use crate::time::to_db;
use crate::{Store, StoreError};
use goldseam_core::schedule::Override;
use goldseam_core::{OverrideId, ScheduleId, UserId};
use jiff::Timestamp;
use sqlx::any::AnyRow;
use sqlx::Connection;

/// An override as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredOverride {
    /// Numeric id, for deleting.
    pub id: OverrideId,
    /// Its schedule.
    pub schedule_id: ScheduleId,
    /// Who is on call instead.
    pub user_id: UserId,
    /// From.
    pub start: Timestamp,
    /// Until (exclusive).
    pub end: Timestamp,
    /// Who added it.
    pub created_by: UserId,
    /// When.
    pub created_at: Timestamp,
}

const COLUMNS: &str = "id, schedule_id, user_id, starts_at, ends_at, created_by, created_at";

fn from_row(r: &AnyRow) -> Result<StoredOverride, StoreError> {
    Ok(StoredOverride {
        id: r.id("id")?,
        schedule_id: r.id("schedule_id")?,
        user_id: r.id("user_id")?,
        start: r.time("starts_at")?,
        end: r.time("ends_at")?,
        created_by: r.id("created_by")?,
        created_at: r.time("created_at")?,
    })
}

impl Store {
    /// Adds an override; one overlapping an existing override of the schedule is a conflict
    /// that names it.
    pub async fn add_override(
        &self,
        schedule_id: ScheduleId,
        o: &Override,
        created_by: UserId,
    ) -> Result<StoredOverride, StoreError> {
        if o.end <= o.start {
            return Err(goldseam_core::DomainError::invalid("end", "must be after start").into());
        }
        let mut conn = self.writer().await?;
        let mut tx = conn.begin().await?;
        // The row lock serializes override changes per schedule on PostgreSQL; SQLite's one
        // writer already does.
        let found: Option<i64> = sqlx::query_scalar(&format!(
            "SELECT id FROM schedules WHERE id = $1{}",
            self.for_update()
        ))
        .bind(schedule_id.get())
        .fetch_optional(&mut *tx)
        .await?;
        if found.is_none() {
            return Err(StoreError::NotFound(format!("schedule {schedule_id}")));
        }
        let clash = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM schedule_overrides \
             WHERE schedule_id = $1 AND starts_at < $3 AND ends_at > $2 ORDER BY starts_at LIMIT 1"
        ))
        .bind(schedule_id.get())
        .bind(to_db(o.start))
        .bind(to_db(o.end))
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(row) = clash {
            let c = from_row(&row)?;
            return Err(StoreError::OverrideOverlaps {
                other: c.id,
                user: c.user_id,
                start: c.start,
                end: c.end,
            });
        }
        let row = sqlx::query(&format!(
            "INSERT INTO schedule_overrides (schedule_id, user_id, starts_at, ends_at, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING {COLUMNS}"
        ))
        .bind(schedule_id.get())
        .bind(o.user.get())
        .bind(to_db(o.start))
        .bind(to_db(o.end))
        .bind(created_by.get())
        .bind(to_db(self.now()))
        .fetch_one(&mut *tx)
        .await?;
        let stored = from_row(&row)?;
        tx.commit().await?;
        Ok(stored)
    }

    /// One override of a schedule.
    pub async fn schedule_override(
        &self,
        schedule_id: ScheduleId,
        id: OverrideId,
    ) -> Result<StoredOverride, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM schedule_overrides WHERE schedule_id = $1 AND id = $2"
        ))
        .bind(schedule_id.get())
        .bind(id.get())
        .fetch_optional(&mut *self.reader().await?)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("override {id} of schedule {schedule_id}")))?;
        from_row(&row)
    }

    /// Deletes an override.
    pub async fn delete_override(
        &self,
        schedule_id: ScheduleId,
        id: OverrideId,
    ) -> Result<(), StoreError> {
        let done = sqlx::query("DELETE FROM schedule_overrides WHERE schedule_id = $1 AND id = $2")
            .bind(schedule_id.get())
            .bind(id.get())
            .execute(&mut *self.writer().await?)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!(
                "override {id} of schedule {schedule_id}"
            )));
        }
        Ok(())
    }

    /// A schedule's overrides that overlap `from..to`, in time order.
    pub async fn overrides_between(
        &self,
        schedule_id: ScheduleId,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<StoredOverride>, StoreError> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM schedule_overrides \
             WHERE schedule_id = $1 AND starts_at < $3 AND ends_at > $2 ORDER BY starts_at"
        ))
        .bind(schedule_id.get())
        .bind(to_db(from))
        .bind(to_db(to))
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(from_row)
        .collect()
    }
}
