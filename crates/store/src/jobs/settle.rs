//! Settling an attempt (done, retry later, dead), and the dead-letter list admins read and
//! retry.
//!
//! A worker's outcome counts only while the job is still running under its name. A lease that
//! ended but was not taken over yet still counts: the attempt happened, and recording it beats
//! sending again. Once another worker claimed the job, the stale worker is told it lost the
//! lease and the new holder's outcome stands.

use super::{from_row, from_rows, Job, JobPage, Settled, COLUMNS, CONFIGURATION};
use crate::row::Columns;
use crate::sql::SqlBuilder;
use crate::time::to_db;
use crate::{Store, StoreError};
use goldseam_core::JobId;
use jiff::Timestamp;

const HELD: &str = "WHERE id = $1 AND state = 'running' AND leased_by = $2";

impl Store {
    /// Records that `worker` delivered the job.
    pub async fn complete(&self, job_id: JobId, worker: &str) -> Result<Settled, StoreError> {
        let sql = format!(
            "UPDATE jobs SET state = 'done', lease_until = NULL, updated_at = $3, finished_at = $3 {HELD} RETURNING {COLUMNS}"
        );
        let now = to_db(self.now());
        let row = sqlx::query(&sql)
            .bind(job_id.get())
            .bind(worker)
            .bind(now)
            .fetch_optional(&mut *self.writer().await?)
            .await?;
        self.settled_row(job_id, row).await
    }

    /// Records that `worker`'s attempt failed with `error`: the job is due again at
    /// `retry_at`, or dead when that is `None` (out of attempts by the retry policy, or an
    /// error no retry can fix).
    pub async fn fail(
        &self,
        job_id: JobId,
        worker: &str,
        error: &str,
        retry_at: Option<Timestamp>,
    ) -> Result<Settled, StoreError> {
        self.fail_with(job_id, worker, error, retry_at, None).await
    }

    /// Records that the job is dead because the server is not set up for its channel (or its
    /// credentials were refused): an admin notice until it is retried or resolved.
    pub async fn fail_for_configuration(
        &self,
        job_id: JobId,
        worker: &str,
        error: &str,
    ) -> Result<Settled, StoreError> {
        self.fail_with(job_id, worker, error, None, Some(CONFIGURATION))
            .await
    }

    async fn fail_with(
        &self,
        job_id: JobId,
        worker: &str,
        error: &str,
        retry_at: Option<Timestamp>,
        cause: Option<&str>,
    ) -> Result<Settled, StoreError> {
        let now = to_db(self.now());
        let sql = match retry_at {
            Some(_) => format!(
                "UPDATE jobs SET state = 'queued', run_at = $6, lease_until = NULL, leased_by = NULL, last_error = $4, cause = $5, updated_at = $3 \
                 {HELD} RETURNING {COLUMNS}"
            ),
            None => format!(
                "UPDATE jobs SET state = 'dead', lease_until = NULL, last_error = $4, cause = $5, updated_at = $3, finished_at = $3 \
                 {HELD} RETURNING {COLUMNS}"
            ),
        };
        let mut q = sqlx::query(&sql)
            .bind(job_id.get())
            .bind(worker)
            .bind(now)
            .bind(error)
            .bind(cause);
        if let Some(t) = retry_at {
            q = q.bind(to_db(t));
        }
        let row = q.fetch_optional(&mut *self.writer().await?).await?;
        self.settled_row(job_id, row).await
    }

    /// What a settling update answers: the job, a lost lease, or "not found".
    pub(super) async fn settled_row(
        &self,
        job_id: JobId,
        row: Option<sqlx::any::AnyRow>,
    ) -> Result<Settled, StoreError> {
        match row {
            Some(row) => Ok(Settled::Recorded(Box::new(from_row(&row)?))),
            None => {
                self.job(job_id).await?;
                Ok(Settled::LostLease)
            }
        }
    }

    /// A job by id.
    pub async fn job(&self, id: JobId) -> Result<Job, StoreError> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM jobs WHERE id = $1"))
            .bind(id.get())
            .fetch_optional(&mut *self.reader().await?)
            .await?;
        match row {
            Some(row) => from_row(&row),
            None => Err(StoreError::NotFound(format!("job {id}"))),
        }
    }

    /// Dead jobs, newest first, `limit` a page (at least 1); `cursor` is the previous page's
    /// `next_cursor`.
    pub async fn dead_letters(
        &self,
        cursor: Option<JobId>,
        limit: u32,
    ) -> Result<JobPage, StoreError> {
        let limit = i64::from(limit.max(1));
        let mut q = SqlBuilder::new(&format!("SELECT {COLUMNS} FROM jobs WHERE state = 'dead'"));
        if let Some(c) = cursor {
            q.push(" AND id < ").push_bind_id(c);
        }
        q.push(" ORDER BY id DESC LIMIT ").push_bind_i64(limit + 1);
        let (sql, args) = q.finish();
        let rows = sqlx::query_with(&sql, args)
            .fetch_all(&mut *self.reader().await?)
            .await?;
        let mut items = from_rows(&rows)?;
        let next_cursor = if items.len() as i64 > limit {
            items.truncate(limit as usize);
            items.last().map(|j| j.id)
        } else {
            None
        };
        Ok(JobPage { items, next_cursor })
    }

    /// Puts a dead job back in the queue, due at `now`, with its attempts reset to 0: an admin
    /// retries after fixing the cause, so it gets the whole retry schedule again. Its last
    /// error stays until the next attempt replaces it. Refused for a job that is not dead.
    pub async fn retry_dead(&self, job_id: JobId, now: Timestamp) -> Result<Job, StoreError> {
        let sql = format!(
            "UPDATE jobs SET state = 'queued', attempts = 0, run_at = $2, lease_until = NULL, leased_by = NULL, \
             finished_at = NULL, updated_at = $2 WHERE id = $1 AND state = 'dead' RETURNING {COLUMNS}"
        );
        let row = {
            let mut conn = self.writer().await?;
            let row = sqlx::query(&sql)
                .bind(job_id.get())
                .bind(to_db(now))
                .fetch_optional(&mut *conn)
                .await?;
            if row.is_some() {
                let announce = super::enqueue::announce_jobs(self.backend());
                self.backend()
                    .run(&mut conn, announce.into_iter().collect())
                    .await?;
            }
            row
        };
        match row {
            Some(row) => {
                self.jobs_committed();
                from_row(&row)
            }
            None => {
                let job = self.job(job_id).await?;
                Err(StoreError::JobNotDead {
                    job: job_id,
                    state: job.state,
                })
            }
        }
    }

    /// How many jobs are in each state, for /metrics and the dead-letter page's badge.
    pub async fn job_counts(&self) -> Result<Vec<(String, i64)>, StoreError> {
        let rows =
            sqlx::query("SELECT state, COUNT(*) AS n FROM jobs GROUP BY state ORDER BY state")
                .fetch_all(&mut *self.reader().await?)
                .await?;
        rows.iter()
            .map(|r| Ok((r.col("state")?, r.col("n")?)))
            .collect()
    }

    /// How many jobs of `kind` are in each state: what one kind of work left, apart from the
    /// jobs that always exist (the follow-up reminders' next tick).
    pub async fn job_counts_of(&self, kind: &str) -> Result<Vec<(String, i64)>, StoreError> {
        let rows = sqlx::query(
            "SELECT state, COUNT(*) AS n FROM jobs WHERE kind = $1 GROUP BY state ORDER BY state",
        )
        .bind(kind)
        .fetch_all(&mut *self.reader().await?)
        .await?;
        rows.iter()
            .map(|r| Ok((r.col("state")?, r.col("n")?)))
            .collect()
    }
}
