//! On-call schedules: their settings (layers kept as one JSON document, see migration 6),
//! overrides as rows, and the secret tokens of calendar feeds. What a schedule means (who is
//! on call when) is decided in `goldseam_core::schedule`; this module only keeps it.

mod feeds;
mod overrides;
mod write;

pub use overrides::StoredOverride;

use crate::row::Columns;
use crate::time::to_db;
use crate::{Store, StoreError};
use goldseam_core::schedule::{LayerSpec, Override, Schedule, ScheduleDefinition};
use goldseam_core::{ScheduleId, UserId};
use jiff::Timestamp;
use sqlx::any::AnyRow;

/// A schedule as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSchedule {
    /// Numeric id.
    pub id: ScheduleId,
    /// Unique name.
    pub name: String,
    /// Free text; may be empty.
    pub description: String,
    /// IANA time zone name.
    pub time_zone: String,
    /// Layers in their written form, bottom to top.
    pub layers: Vec<LayerSpec>,
    /// Created at.
    pub created_at: Timestamp,
    /// Last changed at.
    pub updated_at: Timestamp,
}

impl StoredSchedule {
    /// The parsed settings. Stored schedules were valid when saved; one that no longer parses
    /// (a zone removed from the tz database) is reported as unreadable.
    pub fn definition(&self) -> Result<ScheduleDefinition, StoreError> {
        ScheduleDefinition::parse(
            &self.name,
            Some(&self.description),
            &self.time_zone,
            &self.layers,
        )
        .map_err(|errors| {
            let why: Vec<String> = errors.iter().map(ToString::to_string).collect();
            StoreError::Corrupt(format!("schedule {}: {}", self.id, why.join("; ")))
        })
    }

    /// Every user id a layer names, deduplicated.
    pub fn participants(&self) -> Vec<UserId> {
        participants(&self.layers)
    }
}

pub(crate) fn participants(layers: &[LayerSpec]) -> Vec<UserId> {
    let mut ids: Vec<UserId> = layers
        .iter()
        .flat_map(|l| l.participants.iter().copied())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

const COLUMNS: &str = "id, name, description, time_zone, layers, created_at, updated_at";

fn from_row(r: &AnyRow) -> Result<StoredSchedule, StoreError> {
    let layers: String = r.col("layers")?;
    Ok(StoredSchedule {
        id: r.id("id")?,
        name: r.col("name")?,
        description: r.col("description")?,
        time_zone: r.col("time_zone")?,
        layers: serde_json::from_str(&layers)?,
        created_at: r.time("created_at")?,
        updated_at: r.time("updated_at")?,
    })
}

impl Store {
    /// A schedule by id.
    pub async fn schedule(&self, id: ScheduleId) -> Result<StoredSchedule, StoreError> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM schedules WHERE id = $1"))
            .bind(id.get())
            .fetch_optional(&mut *self.reader().await?)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("schedule {id}")))?;
        from_row(&row)
    }

    /// Schedules in id order after `after`, at most `limit`.
    pub async fn list_schedules(
        &self,
        after: ScheduleId,
        limit: i64,
    ) -> Result<Vec<StoredSchedule>, StoreError> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM schedules WHERE id > $1 ORDER BY id LIMIT $2"
        ))
        .bind(after.get())
        .bind(limit)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(from_row)
        .collect()
    }

    /// The schedules a user can be on call in from `since` on: those whose layers name them
    /// and those where they hold an override that has not ended.
    pub async fn schedules_of_user(
        &self,
        user_id: UserId,
        since: Timestamp,
    ) -> Result<Vec<StoredSchedule>, StoreError> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM schedules WHERE id IN ( \
               SELECT schedule_id FROM schedule_participants WHERE user_id = $1 \
               UNION SELECT schedule_id FROM schedule_overrides WHERE user_id = $1 AND ends_at > $2) \
             ORDER BY id"
        ))
        .bind(user_id.get())
        .bind(to_db(since))
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(from_row)
        .collect()
    }

    /// The schedule as the domain resolves it, with the overrides that touch `from..to`
    /// (widened by 400 days each way, the reach of `Schedule::whole_shifts`).
    pub async fn resolvable_schedule(
        &self,
        schedule: &StoredSchedule,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Schedule, StoreError> {
        let reach = jiff::SignedDuration::from_hours(24 * 400);
        let from = from.checked_sub(reach).unwrap_or(Timestamp::MIN);
        let to = to.checked_add(reach).unwrap_or(Timestamp::MAX);
        let overrides = self
            .overrides_between(schedule.id, from, to)
            .await?
            .into_iter()
            .map(|o| Override {
                start: o.start,
                end: o.end,
                user: o.user_id,
            })
            .collect();
        Ok(schedule.definition()?.schedule(overrides))
    }

    /// The ids among `ids` that belong to no user.
    pub async fn unknown_users(&self, ids: &[UserId]) -> Result<Vec<UserId>, StoreError> {
        let mut wanted = ids.to_vec();
        wanted.sort_unstable();
        wanted.dedup();
        let known: Vec<UserId> = self
            .users_by_ids(&wanted)
            .await?
            .into_iter()
            .map(|u| u.id)
            .collect();
        Ok(wanted
            .into_iter()
            .filter(|id| !known.contains(id))
            .collect())
    }
}
