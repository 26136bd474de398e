//! A person's time zone and working hours.

use crate::row::Columns;
use crate::time::to_db;
use crate::{Store, StoreError};
use goldseam_core::people::{TimeZoneName, WorkWindow, WorkingHours};
use goldseam_core::UserId;
use jiff::civil::Weekday;
use serde_json::json;
use sqlx::{AnyConnection, Connection};

/// A person's profile. New people have no zone and no working hours.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Profile {
    /// Their IANA time zone, once set.
    pub time_zone: Option<TimeZoneName>,
    /// When they work, in their zone.
    pub working_hours: WorkingHours,
}

/// Changes to a profile; `None` leaves a field as it is, `Some(None)` clears the zone.
#[derive(Debug, Clone, Default)]
pub struct ProfileChange {
    /// A new zone, or none.
    pub time_zone: Option<Option<TimeZoneName>>,
    /// New working hours, replacing the old ones.
    pub working_hours: Option<WorkingHours>,
}

fn hours_json(h: &WorkingHours) -> String {
    serde_json::Value::Array(
        h.windows()
            .iter()
            .map(|w| json!({"day": w.day.to_monday_zero_offset(), "start": w.start, "end": w.end}))
            .collect(),
    )
    .to_string()
}

fn hours_from_json(s: &str) -> Result<WorkingHours, StoreError> {
    let corrupt = || StoreError::Corrupt(format!("working hours {s:?}"));
    let v: Vec<serde_json::Value> = serde_json::from_str(s)?;
    let windows = v
        .iter()
        .map(|w| {
            let n = |k: &str| w[k].as_i64().ok_or_else(corrupt);
            let day = i8::try_from(n("day")?).map_err(|_| corrupt())?;
            Ok(WorkWindow {
                day: Weekday::from_monday_zero_offset(day).map_err(|_| corrupt())?,
                start: u16::try_from(n("start")?).map_err(|_| corrupt())?,
                end: u16::try_from(n("end")?).map_err(|_| corrupt())?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(WorkingHours::from_stored(windows))
}

async fn profile_in(conn: &mut AnyConnection, user_id: UserId) -> Result<Profile, StoreError> {
    let row = sqlx::query("SELECT time_zone, working_hours FROM user_profiles WHERE user_id = $1")
        .bind(user_id.get())
        .fetch_optional(&mut *conn)
        .await?;
    let Some(row) = row else {
        return Ok(Profile::default());
    };
    let zone: Option<String> = row.col("time_zone")?;
    let hours: String = row.col("working_hours")?;
    Ok(Profile {
        time_zone: zone.map(TimeZoneName::from_stored),
        working_hours: hours_from_json(&hours)?,
    })
}

impl Store {
    /// The user's profile (the defaults if never set).
    pub async fn profile(&self, user_id: UserId) -> Result<Profile, StoreError> {
        profile_in(&mut *self.reader().await?, user_id).await
    }

    /// Changes the user's profile and returns it.
    pub async fn update_profile(
        &self,
        user_id: UserId,
        change: &ProfileChange,
    ) -> Result<Profile, StoreError> {
        let now = self.now();
        let mut conn = self.writer().await?;
        let mut tx = conn.begin().await?;
        let mut profile = profile_in(&mut tx, user_id).await?;
        if let Some(zone) = &change.time_zone {
            profile.time_zone = zone.clone();
        }
        if let Some(hours) = &change.working_hours {
            profile.working_hours = hours.clone();
        }
        sqlx::query(
            "INSERT INTO user_profiles (user_id, time_zone, working_hours, updated_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (user_id) DO UPDATE SET time_zone = excluded.time_zone, working_hours = excluded.working_hours, updated_at = excluded.updated_at",
        )
        .bind(user_id.get())
        .bind(profile.time_zone.as_ref().map(|z| z.as_str().to_string()))
        .bind(hours_json(&profile.working_hours))
        .bind(to_db(now))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(profile)
    }
}
