//! Where the alert time went, read from the database after a run: every inbox batch shares
//! one `received_at` (the group-committing writer stamps its batch) and every processor batch
//! one `processed_at`, so the batch sizes, the time a full processor batch takes and each
//! request's wait from stored to processed can be read off the rows; and the effect jobs'
//! states.

use crate::stats::Latency;
use anyhow::Result;
use sqlx::{Connection, Row};
use std::collections::BTreeMap;
use std::time::Duration;

/// The processor's batch limit (crates/server/src/engine/alerts.rs).
pub const PROCESSOR_BATCH: usize = 512;

/// Batch sizes and waits of one integration's requests.
#[derive(Debug, Clone, Default)]
pub struct Batches {
    /// The last inbox row read: the next run's start.
    pub last_id: i64,
    pub requests: usize,
    pub unprocessed: usize,
    /// Inbox commits (group commit of the answers): how many, mean and largest size.
    pub inbox: usize,
    pub inbox_mean: f64,
    pub inbox_max: usize,
    /// Processor transactions: how many, mean and largest size, and how many were full.
    pub processor: usize,
    pub processor_mean: f64,
    pub processor_max: usize,
    pub processor_full: usize,
    /// A full batch's start to the next batch's start: the time one full batch takes.
    pub full_batch: Latency,
    /// Stored (its inbox batch's stamp) to processed (its processor batch's stamp).
    pub wait: Latency,
}

impl Batches {
    /// Alerts a second one processor transaction gets through when it is full (median).
    pub fn full_rate(&self) -> Option<f64> {
        let s = self.full_batch.p50.as_secs_f64();
        (self.processor_full > 0 && s > 0.0).then(|| PROCESSOR_BATCH as f64 / s)
    }
}

async fn connect(store_url: &str) -> Result<sqlx::AnyConnection> {
    sqlx::any::install_default_drivers();
    Ok(sqlx::AnyConnection::connect(store_url).await?)
}

/// The batches of integration `id`'s requests stored after inbox row `after`.
pub async fn batches(store_url: &str, id: i64, after: i64) -> Result<Batches> {
    let mut conn = connect(store_url).await?;
    let rows = sqlx::query(&format!(
        "SELECT received_at, processed_at, id FROM alert_inbox WHERE integration_id = {id} AND id > {after}"
    ))
    .fetch_all(&mut conn)
    .await?;
    conn.close().await?;
    let mut inbox: BTreeMap<i64, usize> = BTreeMap::new();
    let mut processor: BTreeMap<i64, usize> = BTreeMap::new();
    let mut wait = Vec::with_capacity(rows.len());
    let mut out = Batches {
        requests: rows.len(),
        ..Batches::default()
    };
    for row in &rows {
        let received: i64 = row.try_get(0)?;
        let processed: Option<i64> = row.try_get(1)?;
        out.last_id = out.last_id.max(row.try_get(2)?);
        *inbox.entry(received).or_default() += 1;
        match processed {
            Some(p) => {
                *processor.entry(p).or_default() += 1;
                wait.push(Duration::from_micros(
                    p.saturating_sub(received).max(0) as u64
                ));
            }
            None => out.unprocessed += 1,
        }
    }
    out.inbox = inbox.len();
    out.inbox_max = inbox.values().copied().max().unwrap_or(0);
    out.inbox_mean = rows.len() as f64 / inbox.len().max(1) as f64;
    out.processor = processor.len();
    out.processor_max = processor.values().copied().max().unwrap_or(0);
    out.processor_mean = (rows.len() - out.unprocessed) as f64 / processor.len().max(1) as f64;
    let starts: Vec<(i64, usize)> = processor.into_iter().collect();
    let mut full = Vec::new();
    for pair in starts.windows(2) {
        if pair[0].1 >= PROCESSOR_BATCH {
            full.push(Duration::from_micros((pair[1].0 - pair[0].0).max(0) as u64));
        }
    }
    out.processor_full = starts.iter().filter(|s| s.1 >= PROCESSOR_BATCH).count();
    out.full_batch = Latency::of(&mut full);
    out.wait = Latency::of(&mut wait);
    Ok(out)
}

/// The alert effect jobs by state.
#[derive(Debug, Clone, Default)]
pub struct Jobs {
    pub queued: u64,
    pub running: u64,
    pub done: u64,
    pub dead: u64,
}

impl Jobs {
    pub fn settled(&self) -> bool {
        self.queued == 0 && self.running == 0
    }
}

/// Counts the `alert_effect` jobs and the rows the run should have made.
pub async fn effect_jobs(store_url: &str) -> Result<Jobs> {
    let mut conn = connect(store_url).await?;
    let rows = sqlx::query(
        "SELECT state, COUNT(*) AS n FROM jobs WHERE kind = 'alert_effect' GROUP BY state",
    )
    .fetch_all(&mut conn)
    .await?;
    conn.close().await?;
    let mut out = Jobs::default();
    for row in rows {
        let state: String = row.try_get(0)?;
        let n: i64 = row.try_get(1)?;
        let n = n.max(0) as u64;
        match state.as_str() {
            "queued" => out.queued += n,
            "running" => out.running += n,
            "done" => out.done += n,
            _ => out.dead += n,
        }
    }
    Ok(out)
}

/// Rows in `table` for integration `id` (the storm's alerts and groups, counted directly).
pub async fn count(store_url: &str, table: &str, id: i64) -> Result<i64> {
    let mut conn = connect(store_url).await?;
    let n: i64 = sqlx::query(&format!(
        "SELECT COUNT(*) AS n FROM {table} WHERE integration_id = {id}"
    ))
    .fetch_one(&mut conn)
    .await?
    .try_get(0)?;
    conn.close().await?;
    Ok(n)
}
