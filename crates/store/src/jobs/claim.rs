//! Claiming: a worker takes due jobs under a lease.
//!
//! Due means queued with `run_at <= now`, or running with a lease that ended (its worker
//! crashed or hung; the attempt counts, and the job goes out again with the same idempotency
//! key). Oldest `run_at` first, but at most [`PER_DESTINATION`] jobs of one destination per
//! claim: a storm towards one Slack channel fills only a few places in each batch, and every
//! other destination's jobs still get theirs.

use super::{from_rows, Job, COLUMNS};
use crate::time::to_db;
use crate::{Dialect, Store, StoreError};
use jiff::{SignedDuration, Timestamp};

/// The most jobs of one destination a single claim takes. Rate limits allow about one message
/// a second per Slack channel and a few SMS a minute per number, so more would only wait
/// inside a lease; fewer would slow a backlog to one destination down for nothing.
pub const PER_DESTINATION: u32 = 4;

/// Due jobs ranked within their destination. `$1` is now.
const RANKED: &str = "SELECT id, run_at, ROW_NUMBER() OVER (PARTITION BY destination ORDER BY run_at, id) AS rn \
     FROM jobs WHERE (state = 'queued' AND run_at <= $1) OR (state = 'running' AND lease_until <= $1)";

/// `$2` per destination, `$3` in all, `$4` the lease's end, `$5` the worker.
const SET_RUNNING: &str = "UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_until = $4, leased_by = $5, updated_at = $1";

impl Store {
    /// Leases up to `limit` due jobs to `worker` until `now + lease`, adding one to their
    /// attempts; oldest `run_at` first, at most [`PER_DESTINATION`] per destination. A worker
    /// should claim again at once while claims return jobs, and wait on a [`super::JobWaker`]
    /// only when one returns none.
    ///
    /// `worker` must be unique to this worker for its lifetime (say host, process id and a
    /// random part): settling checks it to refuse a worker whose lease was taken over.
    pub async fn claim(
        &self,
        worker: &str,
        now: Timestamp,
        lease: SignedDuration,
        limit: u32,
    ) -> Result<Vec<Job>, StoreError> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let until = now.checked_add(lease).unwrap_or(Timestamp::MAX);
        let sql = match self.dialect() {
            // The single writer runs one claim at a time: rank, pick and update in one go.
            Dialect::Sqlite => format!(
                "{SET_RUNNING} WHERE id IN (SELECT id FROM ({RANKED}) AS ranked WHERE rn <= $2 ORDER BY run_at, id LIMIT $3) \
                 RETURNING {COLUMNS}"
            ),
            // Concurrent claimers rank the same rows, so the pick locks and skips rows another
            // claimer holds; its due condition is checked again on the row it locked, so a job
            // claimed and committed meanwhile is left alone.
            Dialect::Postgres => format!(
                "WITH ranked AS ({RANKED}), picked AS (\
                   SELECT id FROM jobs WHERE id IN (SELECT id FROM ranked WHERE rn <= $2) \
                   AND ((state = 'queued' AND run_at <= $1) OR (state = 'running' AND lease_until <= $1)) \
                   ORDER BY run_at, id LIMIT $3 FOR UPDATE SKIP LOCKED) \
                 {SET_RUNNING} WHERE id IN (SELECT id FROM picked) RETURNING {COLUMNS}"
            ),
        };
        let rows = sqlx::query(&sql)
            .bind(to_db(now))
            .bind(i64::from(PER_DESTINATION))
            .bind(i64::from(limit))
            .bind(to_db(until))
            .bind(worker)
            .fetch_all(&mut *self.writer().await?)
            .await?;
        let mut jobs = from_rows(&rows)?;
        // RETURNING follows no order.
        jobs.sort_by_key(|j| (j.run_at, j.id));
        Ok(jobs)
    }
}
