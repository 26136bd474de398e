//! How long raw alert requests are kept: processed ones older than [`RETENTION`] are deleted
//! (their alerts and groups stay; an alert then no longer shows the payload it came in). A
//! request still waiting to be processed is never deleted.

use crate::{Store, StoreError};
use jiff::{SignedDuration, Timestamp};

/// How long a processed request's raw body and headers are kept.
pub const RETENTION: SignedDuration = SignedDuration::from_hours(7 * 24);

/// Rows deleted per statement, so a large sweep never holds the writer long.
const CHUNK: i64 = 5_000;

impl Store {
    /// Deletes processed requests received before `now - RETENTION`; how many.
    pub async fn sweep_alert_requests(&self, now: Timestamp) -> Result<u64, StoreError> {
        let before = crate::time::to_db(now - RETENTION);
        let mut total = 0;
        loop {
            let done = sqlx::query(
                "DELETE FROM alert_inbox WHERE id IN (SELECT id FROM alert_inbox WHERE received_at < $1 AND processed_at IS NOT NULL ORDER BY id LIMIT $2)",
            )
            .bind(before)
            .bind(CHUNK)
            .execute(&mut *self.writer().await?)
            .await?;
            total += done.rows_affected();
            if done.rows_affected() < CHUNK as u64 {
                return Ok(total);
            }
        }
    }
}
