//! Creating, replacing and deleting schedules. Each is one transaction, so a refused change
//! leaves nothing behind.

use super::{from_row, participants, StoredSchedule, COLUMNS};
use crate::time::to_db;
use crate::{Named, Store, StoreError};
use goldseam_core::schedule::ScheduleDefinition;
use goldseam_core::{DomainError, ScheduleId};
use sqlx::{AnyConnection, Connection};

fn taken(name: &str) -> StoreError {
    StoreError::NameTaken {
        what: Named::Schedule,
        name: name.to_string(),
    }
}

/// Refuses layers naming someone who is not a user, with the first such field's path. The
/// server checks all of them first to name every one; this keeps the store safe on its own.
async fn check_people(tx: &mut AnyConnection, def: &ScheduleDefinition) -> Result<(), StoreError> {
    for (i, layer) in def.layer_specs.iter().enumerate() {
        for (j, id) in layer.participants.iter().enumerate() {
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE id = $1")
                .bind(id.get())
                .fetch_one(&mut *tx)
                .await?;
            if n == 0 {
                return Err(DomainError::invalid(
                    format!("layers[{i}].participants[{j}]"),
                    format!("user {id} does not exist"),
                )
                .into());
            }
        }
    }
    Ok(())
}

async fn write_participants(
    tx: &mut AnyConnection,
    id: ScheduleId,
    def: &ScheduleDefinition,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM schedule_participants WHERE schedule_id = $1")
        .bind(id.get())
        .execute(&mut *tx)
        .await?;
    for user in participants(&def.layer_specs) {
        sqlx::query("INSERT INTO schedule_participants (schedule_id, user_id) VALUES ($1, $2)")
            .bind(id.get())
            .bind(user.get())
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

impl Store {
    /// Saves a new schedule; a name already in use is a conflict.
    pub async fn create_schedule(
        &self,
        def: &ScheduleDefinition,
    ) -> Result<StoredSchedule, StoreError> {
        let layers = serde_json::to_string(&def.layer_specs)?;
        let now = to_db(self.now());
        let mut conn = self.writer().await?;
        let mut tx = conn.begin().await?;
        check_people(&mut tx, def).await?;
        let row = sqlx::query(&format!(
            "INSERT INTO schedules (name, description, time_zone, layers, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (name) DO NOTHING RETURNING {COLUMNS}"
        ))
        .bind(&def.name)
        .bind(&def.description)
        .bind(&def.time_zone_name)
        .bind(layers)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| taken(&def.name))?;
        let schedule = from_row(&row)?;
        write_participants(&mut tx, schedule.id, def).await?;
        tx.commit().await?;
        Ok(schedule)
    }

    /// Replaces a schedule's settings; its overrides stay.
    pub async fn update_schedule(
        &self,
        id: ScheduleId,
        def: &ScheduleDefinition,
    ) -> Result<StoredSchedule, StoreError> {
        let layers = serde_json::to_string(&def.layer_specs)?;
        let mut conn = self.writer().await?;
        let mut tx = conn.begin().await?;
        check_people(&mut tx, def).await?;
        let clash: Option<i64> =
            sqlx::query_scalar("SELECT id FROM schedules WHERE name = $1 AND id <> $2")
                .bind(&def.name)
                .bind(id.get())
                .fetch_optional(&mut *tx)
                .await?;
        if clash.is_some() {
            return Err(taken(&def.name));
        }
        let result = sqlx::query(&format!(
            "UPDATE schedules SET name = $2, description = $3, time_zone = $4, layers = $5, updated_at = $6 \
             WHERE id = $1 RETURNING {COLUMNS}"
        ))
        .bind(id.get())
        .bind(&def.name)
        .bind(&def.description)
        .bind(&def.time_zone_name)
        .bind(layers)
        .bind(to_db(self.now()))
        .fetch_optional(&mut *tx)
        .await
        .map_err(StoreError::from);
        let row = match result {
            Ok(row) => row.ok_or_else(|| StoreError::NotFound(format!("schedule {id}")))?,
            // Another rename to this name committed between the check and the update.
            Err(e) if e.is_unique_violation() => return Err(taken(&def.name)),
            Err(e) => return Err(e),
        };
        let schedule = from_row(&row)?;
        write_participants(&mut tx, id, def).await?;
        tx.commit().await?;
        Ok(schedule)
    }

    /// Deletes a schedule with its overrides.
    pub async fn delete_schedule(&self, id: ScheduleId) -> Result<(), StoreError> {
        let mut conn = self.writer().await?;
        let mut tx = conn.begin().await?;
        for table in ["schedule_overrides", "schedule_participants"] {
            sqlx::query(&format!("DELETE FROM {table} WHERE schedule_id = $1"))
                .bind(id.get())
                .execute(&mut *tx)
                .await?;
        }
        let done = sqlx::query("DELETE FROM schedules WHERE id = $1")
            .bind(id.get())
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("schedule {id}")));
        }
        tx.commit().await?;
        Ok(())
    }
}
