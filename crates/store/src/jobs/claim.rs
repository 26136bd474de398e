//! Claiming: a worker takes due jobs under a lease.
//!
//! Due means queued with `run_at <= now`, or running with a lease that ended (its worker
//! crashed or hung; the attempt counts, and the job goes out again with the same idempotency
//! key). Oldest `run_at` first, but at most [`PER_DESTINATION`] jobs of one destination per
//! claim: a storm towards one Slack channel fills only a few places in each batch, and every
//! other destination's jobs still get theirs.
//!
//! A claim ranks only the head of the queue, never the whole backlog: the oldest due jobs, as
//! many as [`WINDOW_PER_PLACE`] for each place asked for, read in order from the `jobs_queue`
//! index (and as many expired leases from `jobs_lease`). Its cost is the same at 20 due jobs as
//! at 20,000. A destination that owns the whole head takes only its few places per claim; if it
//! is rate limited, the engine moves its waiting jobs out of the head when it finds its slot
//! busy ([`Store::defer_destination`]), so the jobs behind it are claimed next.

use super::{from_rows, Job, COLUMNS};
use crate::time::to_db;
use crate::{Store, StoreError};
use jiff::{SignedDuration, Timestamp};

/// The most jobs of one destination a single claim takes. Rate limits allow about one message
/// a second per Slack channel and a few SMS a minute per number, so more would only wait
/// inside a lease; fewer would slow a backlog to one destination down for nothing.
pub const PER_DESTINATION: u32 = 4;

/// How many of the oldest due jobs a claim ranks for each place it fills: room for four
/// destinations at their full [`PER_DESTINATION`] per place (128 rows for the engine's default
/// 8), so the claim comes back full unless a handful of destinations own nearly the whole head
/// of the queue. Reading 16 index entries per job claimed keeps a claim's cost in proportion to
/// what it takes rather than to the backlog; a bigger window would only help a storm to one
/// destination without a rate limit, which is sent as fast as places free up anyway.
pub const WINDOW_PER_PLACE: u32 = PER_DESTINATION * 4;

/// The head of the queue, each job ranked within its destination. `$1` is now, `$6` how many
/// queued jobs (oldest `run_at` first) and how many expired leases (oldest lease first) it
/// holds. Each part is an ordered index range cut by its LIMIT: `jobs_queue` for queued jobs,
/// `jobs_lease` for expired leases.
const RANKED: &str = "SELECT id, run_at, ROW_NUMBER() OVER (PARTITION BY destination ORDER BY run_at, id) AS rn FROM (\
       SELECT id, destination, run_at FROM (SELECT id, destination, run_at FROM jobs \
         WHERE state = 'queued' AND run_at <= $1 ORDER BY run_at, id LIMIT $6) AS queued \
       UNION ALL \
       SELECT id, destination, run_at FROM (SELECT id, destination, run_at FROM jobs \
         WHERE state = 'running' AND lease_until <= $1 ORDER BY lease_until, id LIMIT $6) AS expired\
     ) AS head";

/// `$2` per destination, `$3` in all, `$4` the lease's end, `$5` the worker.
const SET_RUNNING: &str = "UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_until = $4, leased_by = $5, updated_at = $1";

impl Store {
    /// Leases up to `limit` due jobs to `worker` until `now + lease`, adding one to their
    /// attempts; oldest `run_at` first, at most [`PER_DESTINATION`] per destination, chosen
    /// among the oldest `limit × WINDOW_PER_PLACE` due jobs. A worker should claim again at
    /// once while claims return jobs, and wait on a [`super::JobWaker`] only when one returns
    /// none.
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
        let window = i64::from(limit) * i64::from(WINDOW_PER_PLACE);
        let sql = self.backend().claim_sql(RANKED, SET_RUNNING, COLUMNS);
        let rows = sqlx::query(&sql)
            .bind(to_db(now))
            .bind(i64::from(PER_DESTINATION))
            .bind(i64::from(limit))
            .bind(to_db(until))
            .bind(worker)
            .bind(window)
            .fetch_all(&mut *self.writer().await?)
            .await?;
        let mut jobs = from_rows(&rows)?;
        // RETURNING follows no order.
        jobs.sort_by_key(|j| (j.run_at, j.id));
        Ok(jobs)
    }
}
