//! The incident manager on call: which schedule supplies them, and from which severity up.

use crate::time::to_db;
use crate::{Store, StoreError};
use goldseam_core::ScheduleId;
use serde::{Deserialize, Serialize};

const KEY: &str = "incident_manager";

/// When an incident is declared at `min_severity` or worse, whoever is on call in `schedule_id`
/// becomes its incident manager and is paged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentManagerSetting {
    /// The incident-manager rotation.
    pub schedule_id: ScheduleId,
    /// This severity or a more severe one.
    pub min_severity: String,
}

impl Store {
    /// The setting, if an admin made one.
    pub async fn incident_manager_setting(
        &self,
    ) -> Result<Option<IncidentManagerSetting>, StoreError> {
        let value: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
            .bind(KEY)
            .fetch_optional(&mut *self.reader().await?)
            .await?;
        Ok(value.map(|v| serde_json::from_str(&v)).transpose()?)
    }

    /// Sets or clears (None) the setting.
    pub async fn set_incident_manager_setting(
        &self,
        setting: Option<&IncidentManagerSetting>,
    ) -> Result<(), StoreError> {
        let mut conn = self.writer().await?;
        match setting {
            Some(s) => {
                sqlx::query(
                    "INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                )
                .bind(KEY)
                .bind(serde_json::to_string(s)?)
                .bind(to_db(self.now()))
                .execute(&mut *conn)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM settings WHERE key = $1")
                    .bind(KEY)
                    .execute(&mut *conn)
                    .await?;
            }
        }
        self.announce_response_change(&mut conn).await?;
        drop(conn);
        self.response_changed();
        Ok(())
    }
}
