//! The chat engine's place in the timeline and who runs it. One instance at a time holds a
//! platform's lease (renewed while it runs; another takes over when it lapses), so several
//! Goldseam instances never post the same message twice. The cursor is the last event the
//! engine acted on; it starts at the newest event when chat is first turned on, so enabling
//! Slack does not replay the past into it.

use crate::row::Columns;
use crate::time::to_db;
use crate::{Store, StoreError};
use goldseam_core::chat::Platform;
use goldseam_core::EventId;
use jiff::SignedDuration;

impl Store {
    /// Takes (or renews) the platform's lease for `holder`; returns the cursor when it holds
    /// the lease, `None` when another instance does.
    pub async fn chat_engine_lease(
        &self,
        platform: Platform,
        holder: &str,
        lease: SignedDuration,
    ) -> Result<Option<EventId>, StoreError> {
        let now = self.now();
        let mut conn = self.writer().await?;
        let newest = crate::events::max_event_id(&mut conn).await?;
        sqlx::query("INSERT INTO chat_engines (platform, last_event_id) VALUES ($1, $2) ON CONFLICT (platform) DO NOTHING")
            .bind(platform.as_str())
            .bind(newest)
            .execute(&mut *conn)
            .await?;
        let row = sqlx::query(
            "UPDATE chat_engines SET lease_holder = $2, lease_until = $3 WHERE platform = $1 AND (lease_holder IS NULL OR lease_holder = $2 OR lease_until < $4) RETURNING last_event_id",
        )
        .bind(platform.as_str())
        .bind(holder)
        .bind(to_db(now + lease))
        .bind(to_db(now))
        .fetch_optional(&mut *conn)
        .await?;
        row.map(|r| r.id("last_event_id")).transpose()
    }

    /// Moves the cursor past `last`, if `holder` still holds the lease (else nothing, and
    /// `false`: another instance took over and will act from its own reading).
    pub async fn chat_engine_advance(
        &self,
        platform: Platform,
        holder: &str,
        last: EventId,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query("UPDATE chat_engines SET last_event_id = $3 WHERE platform = $1 AND lease_holder = $2 AND last_event_id < $3")
            .bind(platform.as_str())
            .bind(holder)
            .bind(last.get())
            .execute(&mut *self.writer().await?)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Gives the lease up (at shutdown), so another instance takes over at once.
    pub async fn chat_engine_release(
        &self,
        platform: Platform,
        holder: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE chat_engines SET lease_holder = NULL, lease_until = NULL WHERE platform = $1 AND lease_holder = $2")
            .bind(platform.as_str())
            .bind(holder)
            .execute(&mut *self.writer().await?)
            .await?;
        Ok(())
    }
}
