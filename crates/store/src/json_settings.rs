//! Policies admins replace whole (who reads a postmortem, what an incident owes before closing),
//! kept as JSON documents in the `settings` table under a key each.

use crate::row::Columns;
use crate::time::to_db;
use crate::{Store, StoreError};
use serde::de::DeserializeOwned;
use serde::Serialize;

impl Store {
    /// The document stored under `key`, if any.
    pub(crate) async fn json_setting<T: DeserializeOwned>(
        &self,
        key: &str,
    ) -> Result<Option<T>, StoreError> {
        let row = sqlx::query("SELECT value FROM settings WHERE key = $1")
            .bind(key)
            .fetch_optional(&mut *self.reader().await?)
            .await?;
        row.map(|row| row.json("value")).transpose()
    }

    /// Stores `value` under `key`, replacing what was there.
    pub(crate) async fn put_json_setting<T: Serialize>(
        &self,
        key: &str,
        value: &T,
    ) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at")
            .bind(key)
            .bind(serde_json::to_string(value)?)
            .bind(to_db(self.now()))
            .execute(&mut *self.writer().await?)
            .await?;
        Ok(())
    }
}
