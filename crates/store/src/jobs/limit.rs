//! What the engine needs for per-destination rate limits: taking a destination's next slot,
//! putting a job back without counting the attempt, and claiming everything due for one
//! destination to send it as one bundle.

use super::{from_rows, Job, Settled, COLUMNS};
use crate::time::{from_db, to_db};
use crate::{Store, StoreError};
use jiff::{SignedDuration, Timestamp};
use sqlx::Row;

/// What [`Store::take_slot`] answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// The destination is free now; the next message must wait until `now + interval`.
    Taken,
    /// The destination is waiting until then.
    Busy(Timestamp),
}

impl Store {
    /// Takes `destination`'s slot at `now` if it is free, so nothing else is sent to it for
    /// `interval`. Atomic on both databases: of two workers racing, one gets it.
    ///
    /// `job` is the job it is taken for: the same job sent again after its worker crashed may
    /// use the slot it took, rather than wait out a limit its own lost attempt set.
    pub async fn take_slot(
        &self,
        destination: &str,
        job: i64,
        now: Timestamp,
        interval: SignedDuration,
    ) -> Result<Slot, StoreError> {
        let next = now.checked_add(interval).unwrap_or(Timestamp::MAX);
        let mut conn = self.writer().await?;
        let taken = sqlx::query(
            "INSERT INTO delivery_slots (destination, next_at, holder) VALUES ($1, $3, $4) \
             ON CONFLICT (destination) DO UPDATE SET next_at = $3, holder = $4 \
             WHERE delivery_slots.next_at <= $2 OR delivery_slots.holder = $4 \
             RETURNING next_at",
        )
        .bind(destination)
        .bind(to_db(now))
        .bind(to_db(next))
        .bind(job)
        .fetch_optional(&mut *conn)
        .await?;
        if taken.is_some() {
            return Ok(Slot::Taken);
        }
        let row = sqlx::query("SELECT next_at FROM delivery_slots WHERE destination = $1")
            .bind(destination)
            .fetch_one(&mut *conn)
            .await?;
        Ok(Slot::Busy(from_db(row.try_get(0)?)?))
    }

    /// Puts a job `worker` holds back in the queue, due at `run_at`, without counting the
    /// attempt: it was not tried (its destination was busy, or the provider asked to wait
    /// with a 429 Retry-After).
    pub async fn defer(
        &self,
        job_id: i64,
        worker: &str,
        run_at: Timestamp,
    ) -> Result<Settled, StoreError> {
        let sql = format!(
            "UPDATE jobs SET state = 'queued', run_at = $3, attempts = attempts - 1, lease_until = NULL, leased_by = NULL, updated_at = $4 \
             WHERE id = $1 AND state = 'running' AND leased_by = $2 RETURNING {COLUMNS}"
        );
        let row = sqlx::query(&sql)
            .bind(job_id)
            .bind(worker)
            .bind(to_db(run_at))
            .bind(to_db(self.now()))
            .fetch_optional(&mut *self.writer().await?)
            .await?;
        self.settled_row(job_id, row).await
    }

    /// Leases to `worker` up to `limit` other due jobs for `destination` (queued and due, or
    /// running with an ended lease), oldest first, to go out in one bundle with a job it holds.
    pub async fn claim_destination(
        &self,
        worker: &str,
        destination: &str,
        now: Timestamp,
        lease: SignedDuration,
        limit: u32,
    ) -> Result<Vec<Job>, StoreError> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let until = now.checked_add(lease).unwrap_or(Timestamp::MAX);
        let lock = match self.dialect() {
            crate::Dialect::Sqlite => "",
            crate::Dialect::Postgres => " FOR UPDATE SKIP LOCKED",
        };
        let sql = format!(
            "UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_until = $4, leased_by = $5, updated_at = $1 \
             WHERE id IN (SELECT id FROM jobs WHERE destination = $2 \
               AND ((state = 'queued' AND run_at <= $1) OR (state = 'running' AND lease_until <= $1)) \
               ORDER BY run_at, id LIMIT $3{lock}) \
             RETURNING {COLUMNS}"
        );
        let rows = sqlx::query(&sql)
            .bind(to_db(now))
            .bind(destination)
            .bind(i64::from(limit))
            .bind(to_db(until))
            .bind(worker)
            .fetch_all(&mut *self.writer().await?)
            .await?;
        let mut jobs = from_rows(&rows)?;
        jobs.sort_by_key(|j| (j.run_at, j.id));
        Ok(jobs)
    }
}
