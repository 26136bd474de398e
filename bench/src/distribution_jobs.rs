//! Where a distribution's time went, from the jobs' own timestamps (the database's clock, this
//! machine's): the `distribute_postmortem` job from queued to done, the span over which it queued
//! the `postmortem_email` jobs, and the span over which workers finished them.

use anyhow::Result;
use goldseam_store::distribution::{DISTRIBUTE_KIND, EMAIL_KIND};
use sqlx::{Connection, Row};
use std::collections::BTreeMap;
use std::time::Duration;

/// Offsets from just before the publish request (negative ones read as zero).
#[derive(Debug, Clone, Default)]
pub struct JobTimes {
    /// The distribute job: queued (by the publish), finished, its attempts and state.
    pub distribute_created: Duration,
    pub distribute_finished: Option<Duration>,
    pub distribute_attempts: i64,
    pub distribute_state: String,
    /// The email jobs: how many, first and last queued, first and last finished.
    pub emails: usize,
    pub email_first_created: Duration,
    pub email_last_created: Duration,
    pub email_first_finished: Duration,
    pub email_last_finished: Duration,
    /// Email jobs by state, and how many needed more than one attempt.
    pub email_states: BTreeMap<String, usize>,
    pub retried: usize,
    pub first_error: Option<String>,
}

/// Reads the jobs queued since `t0` (the distribute job and its emails).
pub async fn read(store_url: &str, t0: jiff::Timestamp) -> Result<JobTimes> {
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(store_url).await?;
    let rows = sqlx::query(&format!(
        "SELECT kind, state, attempts, created_at, finished_at, last_error FROM jobs \
         WHERE kind IN ('{DISTRIBUTE_KIND}', '{EMAIL_KIND}')"
    ))
    .fetch_all(&mut conn)
    .await?;
    conn.close().await?;
    let t0 = t0.as_microsecond();
    let since = |micros: i64| Duration::from_micros(micros.saturating_sub(t0).max(0) as u64);
    let mut out = JobTimes::default();
    let (mut created, mut finished) = (Vec::new(), Vec::new());
    for row in rows {
        let kind: String = row.try_get("kind")?;
        let state: String = row.try_get("state")?;
        let attempts: i64 = row.try_get("attempts")?;
        let created_at: i64 = row.try_get("created_at")?;
        let finished_at: Option<i64> = row.try_get("finished_at")?;
        let error: Option<String> = row.try_get("last_error")?;
        if kind == DISTRIBUTE_KIND {
            out.distribute_created = since(created_at);
            out.distribute_finished = finished_at.map(since);
            out.distribute_attempts = attempts;
            out.distribute_state = state;
            continue;
        }
        out.emails += 1;
        created.push(created_at);
        finished.extend(finished_at);
        if attempts > 1 {
            out.retried += 1;
        }
        if out.first_error.is_none() {
            out.first_error = error.map(|e| e.chars().take(300).collect());
        }
        *out.email_states.entry(state).or_default() += 1;
    }
    let first_last = |v: &[i64]| {
        (
            since(v.iter().copied().min().unwrap_or(t0)),
            since(v.iter().copied().max().unwrap_or(t0)),
        )
    };
    (out.email_first_created, out.email_last_created) = first_last(&created);
    (out.email_first_finished, out.email_last_finished) = first_last(&finished);
    Ok(out)
}
