//! Enqueuing: idempotent by key, alone or inside the transaction of the change that causes the
//! delivery (so a crash can never keep the change and lose the page, or the reverse).

use super::{from_row, from_rows, Job, NewJob, COLUMNS};
use crate::backend::Backend;
use crate::plan::{Arg, Plan, Stmt};
use crate::sql::SqlBuilder;
use crate::time::to_db;
use crate::{Store, StoreError};
use jiff::Timestamp;
use sqlx::{AnyConnection, Connection};

// A row exactly its arguments, so the write path can merge a batch's jobs into one statement.
const INSERT: &str = "INSERT INTO jobs (kind, destination, idempotency_key, payload, incident_id, state, attempts, run_at, created_at, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (idempotency_key) DO NOTHING";

fn insert_args(job: &NewJob, now: Timestamp) -> Vec<Arg> {
    vec![
        Arg::Str(job.kind.clone()),
        Arg::Str(job.destination.clone()),
        Arg::Str(job.idempotency_key.clone()),
        Arg::Str(job.payload.to_string()),
        Arg::opt_id(job.incident_id),
        Arg::Str("queued".into()),
        Arg::I64(0),
        Arg::I64(to_db(job.run_at.unwrap_or(now))),
        Arg::I64(to_db(now)),
        Arg::I64(to_db(now)),
    ]
}

/// The wake-up for idle workers on other instances; sent at COMMIT, so a worker never wakes
/// for a job it cannot see yet, and never for one rolled back.
pub(crate) fn announce_jobs(backend: &dyn Backend) -> Option<Stmt> {
    backend.announce(super::CHANNEL, String::new())
}

/// The statements that enqueue `jobs` inside a write plan (the incident write path gathers
/// its statements this way). After the plan's transaction commits, call
/// [`Store::jobs_committed`] so this process's idle workers wake at once.
pub(crate) fn enqueue_statements(
    backend: &dyn Backend,
    jobs: &[NewJob],
    now: Timestamp,
) -> Vec<Stmt> {
    let mut stmts: Vec<Stmt> = jobs
        .iter()
        .map(|j| Stmt::new(INSERT, insert_args(j, now)))
        .collect();
    if !jobs.is_empty() {
        stmts.extend(announce_jobs(backend));
    }
    stmts
}

/// Enqueues `job` on a connection, typically inside the caller's open transaction; returns the
/// job and whether it was created (false: the key existed). After COMMIT, call
/// [`Store::jobs_committed`].
pub(crate) async fn enqueue_in(
    conn: &mut AnyConnection,
    backend: &dyn Backend,
    job: &NewJob,
    now: Timestamp,
) -> Result<(Job, bool), StoreError> {
    let sql = format!("{INSERT} RETURNING {COLUMNS}");
    let inserted = sqlx::query_with(&sql, crate::plan::arguments(insert_args(job, now)))
        .fetch_optional(&mut *conn)
        .await?;
    if let Some(row) = inserted {
        backend
            .run(conn, announce_jobs(backend).into_iter().collect())
            .await?;
        return Ok((from_row(&row)?, true));
    }
    // The key exists: ON CONFLICT waited for its writer (PostgreSQL), so this reads it.
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM jobs WHERE idempotency_key = $1"
    ))
    .bind(&job.idempotency_key)
    .fetch_one(&mut *conn)
    .await?;
    Ok((from_row(&row)?, false))
}

impl Store {
    /// Enqueues a delivery, due at its `run_at` (or now). Idempotent by key: a second enqueue
    /// with the same key returns the first job and `false`, whatever else it carries.
    pub async fn enqueue(&self, job: &NewJob) -> Result<(Job, bool), StoreError> {
        let mut conn = self.writer().await?;
        let out = enqueue_in(&mut conn, self.backend(), job, self.now()).await?;
        drop(conn);
        if out.1 {
            self.jobs_committed();
        }
        Ok(out)
    }

    /// Enqueues several deliveries in one transaction, all or none, through the same write
    /// plan the incident write path uses. Returns the stored jobs in the order given, one per
    /// distinct key (existing ones as they were).
    pub async fn enqueue_all(&self, jobs: &[NewJob]) -> Result<Vec<Job>, StoreError> {
        if jobs.is_empty() {
            return Ok(Vec::new());
        }
        let mut plan = Plan::new();
        plan.extend(enqueue_statements(self.backend(), jobs, self.now()));
        let mut q = SqlBuilder::new(&format!(
            "SELECT {COLUMNS} FROM jobs WHERE idempotency_key IN ("
        ));
        for (i, j) in jobs.iter().enumerate() {
            q.push(if i == 0 { "" } else { ", " })
                .push_bind_str(&j.idempotency_key);
        }
        q.push(")");
        let (sql, args) = q.finish();
        let rows = {
            let mut conn = self.writer().await?;
            let mut tx = conn.begin().await?;
            plan.flush(self.backend(), &mut tx).await?;
            let rows = sqlx::query_with(&sql, args).fetch_all(&mut *tx).await?;
            tx.commit().await?;
            rows
        };
        self.jobs_committed();
        let mut stored = from_rows(&rows)?;
        let position = |key: &str| jobs.iter().position(|j| j.idempotency_key == key);
        stored.sort_by_key(|j| position(&j.idempotency_key));
        Ok(stored)
    }
}
