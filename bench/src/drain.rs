//! Scenario: deliveries per second through the engine. N webhook deliveries to N distinct
//! destinations are enqueued with goldseam_store's `enqueue_all` (the same statements the
//! server's own write path runs) while no server runs, so the whole backlog is waiting when a
//! `goldseam serve` starts; the rate is taken from the first to the last arrival at the
//! receiver in the bench process.

use crate::cpu;
use crate::receiver::Receiver;
use crate::server::{Goldseam, Target};
use anyhow::{Context, Result};
use goldseam_core::delivery::{Delivery, WebhookCall};
use goldseam_store::jobs::NewJob;
use goldseam_store::{Store, StoreOptions};
use std::path::Path;
use std::time::{Duration, Instant};

/// Jobs per `enqueue_all` transaction: SQLite takes at most 32,766 bound values per script,
/// and each job binds 7.
const CHUNK: usize = 1_000;
/// How long a drain may take before the bench stops waiting and reports the rate of what
/// arrived (keeps a run bounded when the engine is slow).
pub const DRAIN_DEADLINE: Duration = Duration::from_secs(50);

/// One drain.
#[derive(Debug, Clone, Default)]
pub struct Drain {
    /// `None`: the server's default (GOLDSEAM_DELIVERY_CONCURRENCY unset).
    pub concurrency: Option<u32>,
    pub jobs: usize,
    pub delivered: usize,
    /// How long enqueuing took (the server was not running).
    pub enqueue: Duration,
    /// Spawn to the first arrival (start-up, then the first claim).
    pub to_first: Duration,
    /// First to last arrival.
    pub first_to_last: Duration,
    /// Deliveries per second between the first and the last arrival.
    pub per_second: f64,
    /// Per second over the first and the last tenth of the arrivals (a claim that slows with
    /// the backlog shows here).
    pub first_tenth: f64,
    pub last_tenth: f64,
    pub cpu: Option<cpu::Usage>,
    /// Warnings and errors the server logged.
    pub problems: String,
}

/// Enqueues `n` deliveries, starts a server with `concurrency` (or its default), waits for
/// them all (or [`DRAIN_DEADLINE`]), stops it.
pub async fn run(
    target: &Target,
    data_dir: &Path,
    log: &Path,
    n: usize,
    concurrency: Option<u32>,
    run_name: &str,
    env: crate::server::Env<'_>,
) -> Result<Drain> {
    let rx = Receiver::spawn().await?;
    let enqueue = enqueue(&target.store_url(data_dir), &rx, n, run_name).await?;
    let mut env = env.to_vec();
    if let Some(c) = concurrency {
        env.push(("GOLDSEAM_DELIVERY_CONCURRENCY", c.to_string()));
    }
    let spawned = Instant::now();
    let before = cpu::Sample::take(None);
    let (server, _) = Goldseam::start_with(target, data_dir, log, &env).await?;
    let got = rx.wait_for(n, DRAIN_DEADLINE).await;
    let server_ticks = cpu::Sample::take(Some(server.pid));
    let problems = server.log_problems();
    server.stop().await?;
    let calls = rx.since(0);
    // The server started inside the window, so all of its CPU time is in it.
    let cpu = before.until(&server_ticks);
    let mut at: Vec<Instant> = calls.iter().map(|c| c.at).collect();
    at.sort_unstable();
    let mut out = Drain {
        concurrency,
        jobs: n,
        delivered: got.min(calls.len()),
        enqueue,
        cpu: Some(cpu),
        problems,
        ..Drain::default()
    };
    if let (Some(first), Some(last)) = (at.first(), at.last()) {
        out.to_first = first.saturating_duration_since(spawned);
        out.first_to_last = *last - *first;
        out.per_second = rate(&at);
        let tenth = (at.len() / 10).max(2).min(at.len());
        out.first_tenth = rate(&at[..tenth]);
        out.last_tenth = rate(&at[at.len() - tenth..]);
    }
    if out.delivered < n {
        // Do not leave a backlog for the next run to drain.
        discard_backlog(&target.store_url(data_dir)).await?;
    }
    Ok(out)
}

/// Arrivals per second across a sorted slice of arrival times.
fn rate(at: &[Instant]) -> f64 {
    match (at.first(), at.last()) {
        (Some(a), Some(b)) if at.len() > 1 && b > a => {
            (at.len() - 1) as f64 / (*b - *a).as_secs_f64()
        }
        _ => 0.0,
    }
}

async fn enqueue(url: &str, rx: &Receiver, n: usize, run_name: &str) -> Result<Duration> {
    let store = Store::open(StoreOptions::new(url))
        .await
        .with_context(|| format!("opening the store at {url}"))?;
    let started = Instant::now();
    let jobs: Vec<NewJob> = (0..n)
        .map(|i| {
            let d = Delivery::Webhook(WebhookCall {
                url: rx.hook(&format!("{run_name}/{i}")),
                body: serde_json::json!({"type": "bench", "n": i, "text": "deployment finished"}),
            });
            NewJob {
                kind: d.kind().into(),
                destination: d.destination(),
                idempotency_key: format!("bench-{run_name}-{i}"),
                payload: d.payload(),
                incident_id: None,
                run_at: None,
            }
        })
        .collect();
    for chunk in jobs.chunks(CHUNK) {
        store.enqueue_all(chunk).await?;
    }
    Ok(started.elapsed())
}

async fn discard_backlog(url: &str) -> Result<()> {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(url).await?;
    sqlx::query("DELETE FROM jobs WHERE state IN ('queued', 'running')")
        .execute(&mut conn)
        .await?;
    conn.close().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::rate;
    use std::time::{Duration, Instant};

    #[test]
    fn rate_counts_the_intervals_between_arrivals() {
        let t0 = Instant::now();
        let at: Vec<Instant> = (0..11u64)
            .map(|i| t0 + Duration::from_millis(100 * i))
            .collect();
        assert!((rate(&at) - 10.0).abs() < 1e-9, "{}", rate(&at));
        assert_eq!(rate(&at[..1]), 0.0);
        assert_eq!(rate(&[]), 0.0);
    }
}
