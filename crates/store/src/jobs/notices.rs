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
    /// The channel is the destination's (`email:...`): a verification code sent by email fails
    /// for the same reason as any other email, and is counted with them.
    pub async fn admin_notices(&self) -> Result<Vec<Notice>, StoreError> {
        let rows = sqlx::query(
            "SELECT kind, destination, last_error, finished_at FROM jobs \
             WHERE state = 'dead' AND cause = $1 ORDER BY finished_at DESC",
        )
        .bind(CONFIGURATION)
        .fetch_all(&mut *self.reader().await?)
        .await?;
        let mut notices: Vec<Notice> = Vec::new();
        for r in &rows {
            let kind: String = r.col("kind")?;
            let destination: String = r.col("destination")?;
            let channel = destination
                .split_once(':')
                .map_or(kind, |(channel, _)| channel.to_string());
            let problem = r.col::<Option<String>>("last_error")?.unwrap_or_default();
            let at = r.time("finished_at")?;
            match notices
                .iter_mut()
                .find(|n| n.channel == channel && n.problem == problem)
            {
                Some(n) => n.failed += 1,
                None => notices.push(Notice {
                    channel,
                    problem,
                    failed: 1,
                    last_at: at,
                }),
            }
        }
        Ok(notices)
    }
}
