//! What a chat platform sent, stored before it is acknowledged. A platform retries what it
//! thinks was lost with the same event id; the unique `(platform, dedup_id)` makes the retry
//! store nothing, so each event is processed once even across a crash between storing and
//! answering.

use crate::alerts::Stored;
use crate::row::Columns;
use crate::time::to_db;
use crate::{Store, StoreError};
use goldseam_core::chat::inbound::Inbound;
use goldseam_core::chat::Platform;
use jiff::Timestamp;

/// Tries before an event that keeps failing is set aside (with its reason as the outcome).
pub const MAX_ATTEMPTS: i64 = 5;

/// A stored, unprocessed event.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatInboxRow {
    /// Its row id (processing goes in this order).
    pub id: i64,
    /// The platform's id for it.
    pub dedup_id: String,
    /// What it says.
    pub inbound: Inbound,
    /// When it arrived.
    pub received_at: Timestamp,
    /// Failed tries so far.
    pub attempts: i64,
}

impl Store {
    /// Stores an event before the platform is answered; a repeat of a stored one changes
    /// nothing.
    pub async fn chat_inbox_put(
        &self,
        platform: Platform,
        dedup_id: &str,
        inbound: &Inbound,
    ) -> Result<Stored, StoreError> {
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO chat_inbox (platform, dedup_id, inbound, received_at) VALUES ($1, $2, $3, $4) ON CONFLICT (platform, dedup_id) DO NOTHING RETURNING id",
        )
        .bind(platform.as_str())
        .bind(dedup_id)
        .bind(serde_json::to_string(inbound)?)
        .bind(to_db(self.now()))
        .fetch_optional(&mut *self.writer().await?)
        .await?;
        Ok(if id.is_some() {
            Stored::New
        } else {
            Stored::Repeat
        })
    }

    /// The oldest unprocessed events.
    pub async fn chat_inbox_waiting(
        &self,
        platform: Platform,
        limit: i64,
    ) -> Result<Vec<ChatInboxRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, dedup_id, inbound, received_at, attempts FROM chat_inbox WHERE processed_at IS NULL AND platform = $1 ORDER BY id LIMIT $2",
        )
        .bind(platform.as_str())
        .bind(limit)
        .fetch_all(&mut *self.reader().await?)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ChatInboxRow {
                    id: r.col("id")?,
                    dedup_id: r.col("dedup_id")?,
                    inbound: r.json("inbound")?,
                    received_at: r.time("received_at")?,
                    attempts: r.col("attempts")?,
                })
            })
            .collect()
    }

    /// Marks an event processed, with what became of it.
    pub async fn chat_inbox_done(&self, id: i64, outcome: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE chat_inbox SET processed_at = $2, outcome = $3 WHERE id = $1")
            .bind(id)
            .bind(to_db(self.now()))
            .bind(outcome)
            .execute(&mut *self.writer().await?)
            .await?;
        Ok(())
    }

    /// Counts a failed try; after [`MAX_ATTEMPTS`] the event is set aside with the reason.
    /// Returns whether it was set aside.
    pub async fn chat_inbox_failed(&self, id: i64, why: &str) -> Result<bool, StoreError> {
        let attempts: i64 = sqlx::query_scalar(
            "UPDATE chat_inbox SET attempts = attempts + 1 WHERE id = $1 RETURNING attempts",
        )
        .bind(id)
        .fetch_one(&mut *self.writer().await?)
        .await?;
        if attempts >= MAX_ATTEMPTS {
            self.chat_inbox_done(id, &format!("failed: {why}")).await?;
            return Ok(true);
        }
        Ok(false)
    }

    /// What became of an event, by the platform's id (`None` while it waits).
    pub async fn chat_inbox_outcome(
        &self,
        platform: Platform,
        dedup_id: &str,
    ) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT outcome FROM chat_inbox WHERE platform = $1 AND dedup_id = $2",
        )
        .bind(platform.as_str())
        .bind(dedup_id)
        .fetch_optional(&mut *self.reader().await?)
        .await?
        .flatten())
    }
}
