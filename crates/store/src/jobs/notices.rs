//! Admin notices: deliveries that died because the server is not set up for their channel (or
//! its credentials were refused). Readers of an incident see only that a message could not be
//! sent and that admins were told; what to fix is said here, to admins.

use crate::row::Columns;
use crate::{Store, StoreError};
use jiff::Timestamp;

/// The `jobs.cause` of a failure only an admin can fix.
pub(crate) const CONFIGURATION: &str = "configuration";

/// One channel's configuration problem.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    /// The job kind: `email`, `sms`, `voice`, `slack`, `webhook`.
    pub channel: String,
    /// What is wrong and which settings fix it.
    pub problem: String,
    /// How many deliveries died of it and were not retried since.
    pub failed: i64,
    /// The latest of them.
    pub last_at: Timestamp,
}

impl Store {
    /// The configuration problems dead letters show, one per channel and problem, latest first.
    pub async fn admin_notices(&self) -> Result<Vec<Notice>, StoreError> {
        let rows = sqlx::query(
            "SELECT kind, last_error, COUNT(*) AS failed, MAX(finished_at) AS last_at FROM jobs \
             WHERE state = 'dead' AND cause = $1 GROUP BY kind, last_error ORDER BY last_at DESC, kind",
        )
        .bind(CONFIGURATION)
        .fetch_all(&mut *self.reader().await?)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Notice {
                    channel: r.col("kind")?,
                    problem: r.col::<Option<String>>("last_error")?.unwrap_or_default(),
                    failed: r.col("failed")?,
                    last_at: r.time("last_at")?,
                })
            })
            .collect()
    }
}
