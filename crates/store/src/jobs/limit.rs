//! What the engine needs for per-destination rate limits: taking a destination's next slot
//! together with what waits for it (to send as one bundle), putting a job back without counting
//! the attempt, and moving a busy destination's waiting jobs to when its slot opens.

use super::{from_rows, Job, Settled, COLUMNS};
use crate::row::Columns;
use crate::time::to_db;
use crate::{Store, StoreError};
use goldseam_core::delivery::RateLimit;
use goldseam_core::JobId;
use jiff::{SignedDuration, Timestamp};
use sqlx::{AnyConnection, Connection};

/// What [`Store::take_slot`] and [`Store::take_slot_and_bundle`] answered.
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
        job: JobId,
        now: Timestamp,
        interval: SignedDuration,
    ) -> Result<Slot, StoreError> {
        let mut conn = self.writer().await?;
        take_slot(&mut conn, destination, job, now, interval).await
    }

    /// Takes the slot of `job`'s destination as [`Store::take_slot`] does for `limit`'s
    /// interval and, when it is taken, leases to `worker` up to `limit.max_bundle - 1` other
    /// due jobs for the destination (as [`Store::claim_destination`] does) to go out with `job`
    /// in one bundle, in the same transaction. A worker that finds the slot busy meanwhile
    /// waits for that transaction (PostgreSQL locks the slot's row; SQLite has one writer), so
    /// by the time it moves the destination's waiting jobs away ([`Store::defer_destination`])
    /// the bundle has been taken and is not robbed of them.
    pub async fn take_slot_and_bundle(
        &self,
        worker: &str,
        job: &Job,
        now: Timestamp,
        lease: SignedDuration,
        limit: RateLimit,
    ) -> Result<(Slot, Vec<Job>), StoreError> {
        let mut conn = self.writer().await?;
        let mut tx = conn.begin().await?;
        let slot = take_slot(&mut tx, &job.destination, job.id, now, limit.interval).await?;
        let bundle = match slot {
            Slot::Taken => {
                let more = limit.max_bundle.saturating_sub(1);
                let (lock, destination) = (self.backend().skip_locked(), &job.destination);
                claim_destination(&mut tx, lock, worker, destination, now, lease, more).await?
            }
            Slot::Busy(_) => Vec::new(),
        };
        tx.commit().await?;
        Ok((slot, bundle))
    }

    /// Puts a job `worker` holds back in the queue, due at `run_at`, without counting the
    /// attempt: it was not tried (its destination was busy, or the provider asked to wait
    /// with a 429 Retry-After).
    pub async fn defer(
        &self,
        job_id: JobId,
        worker: &str,
        run_at: Timestamp,
    ) -> Result<Settled, StoreError> {
        let sql = format!(
            "UPDATE jobs SET state = 'queued', run_at = $3, attempts = attempts - 1, lease_until = NULL, leased_by = NULL, updated_at = $4 \
             WHERE id = $1 AND state = 'running' AND leased_by = $2 RETURNING {COLUMNS}"
        );
        let row = sqlx::query(&sql)
            .bind(job_id.get())
            .bind(worker)
            .bind(to_db(run_at))
            .bind(to_db(self.now()))
            .fetch_optional(&mut *self.writer().await?)
            .await?;
        self.settled_row(job_id, row).await
    }

    /// Moves every queued job for `destination` that is due at `now` to `until`, in one
    /// statement, and returns how many moved. The engine calls it when it finds the
    /// destination's rate-limit slot busy until `until`: those jobs could not be sent before
    /// then anyway, and left due they would fill the head of the queue that claims rank
    /// ([`Store::claim`]), so a storm of thousands of messages to one Slack channel would hold
    /// back every other destination's jobs behind it. Moved, the whole storm leaves the head in
    /// one step and comes back when the slot opens, to go out in bundles.
    ///
    /// No attempt is counted (none was made). Jobs a worker holds, expired leases (a crashed
    /// attempt, taken over as it is), and jobs not due yet are left alone. On PostgreSQL rows
    /// another transaction holds (a claim taking them right now) are skipped, not waited for.
    ///
    /// Called once [`Store::take_slot_and_bundle`] has answered busy, it takes nothing from
    /// the bundle of the worker holding the slot: that bundle was leased with the slot.
    pub async fn defer_destination(
        &self,
        destination: &str,
        now: Timestamp,
        until: Timestamp,
    ) -> Result<u64, StoreError> {
        let lock = self.backend().skip_locked();
        let sql = format!(
            "UPDATE jobs SET run_at = $3, updated_at = $2 \
             WHERE id IN (SELECT id FROM jobs WHERE destination = $1 AND state = 'queued' AND run_at <= $2{lock})"
        );
        let moved = sqlx::query(&sql)
            .bind(destination)
            .bind(to_db(now))
            .bind(to_db(until))
            .execute(&mut *self.writer().await?)
            .await?;
        Ok(moved.rows_affected())
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
        let mut conn = self.writer().await?;
        claim_destination(
            &mut conn,
            self.backend().skip_locked(),
            worker,
            destination,
            now,
            lease,
            limit,
        )
        .await
    }
}

async fn take_slot(
    conn: &mut AnyConnection,
    destination: &str,
    job: JobId,
    now: Timestamp,
    interval: SignedDuration,
) -> Result<Slot, StoreError> {
    let next = now.checked_add(interval).unwrap_or(Timestamp::MAX);
    let taken = sqlx::query(
        "INSERT INTO delivery_slots (destination, next_at, holder) VALUES ($1, $3, $4) \
         ON CONFLICT (destination) DO UPDATE SET next_at = $3, holder = $4 \
         WHERE delivery_slots.next_at <= $2 OR delivery_slots.holder = $4 \
         RETURNING next_at",
    )
    .bind(destination)
    .bind(to_db(now))
    .bind(to_db(next))
    .bind(job.get())
    .fetch_optional(&mut *conn)
    .await?;
    if taken.is_some() {
        return Ok(Slot::Taken);
    }
    let row = sqlx::query("SELECT next_at FROM delivery_slots WHERE destination = $1")
        .bind(destination)
        .fetch_one(&mut *conn)
        .await?;
    Ok(Slot::Busy(row.time("next_at")?))
}

async fn claim_destination(
    conn: &mut AnyConnection,
    lock: &str,
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
        .fetch_all(&mut *conn)
        .await?;
    let mut jobs = from_rows(&rows)?;
    jobs.sort_by_key(|j| (j.run_at, j.id));
    Ok(jobs)
}
