//! Scenario part: the answer's latency at a fixed rate (open loop): PagerDuty events sent on a
//! schedule whatever the answers, each timed from its scheduled send time to its 202.

use crate::alerts::{event, Integration, Metrics, Sampler};
use crate::cpu;
use crate::server::Goldseam;
use crate::stats::Latency;
use anyhow::Result;
use reqwest::header::CONTENT_TYPE;
use std::time::{Duration, Instant};

/// What the fixed-rate run measured.
#[derive(Debug, Clone, Default)]
pub struct FixedRate {
    pub rate: u32,
    pub seconds: f64,
    /// Requests sent in the window, and of those answered 202.
    pub sent: usize,
    pub ok: usize,
    pub errors: usize,
    pub first_error: Option<String>,
    /// Scheduled send time to the 202.
    pub latency: Latency,
    /// How late the generator sent, at worst (it counts against the server).
    pub max_lag: Duration,
    /// Backlog readings during the run: highest, and at the end.
    pub backlog_max: u64,
    pub drain: Option<Duration>,
    pub cpu: Option<cpu::Usage>,
    /// The processor's and the inbox's batches, from the database.
    pub batches: Option<crate::alerts_db::Batches>,
}

/// Sends events on a fixed schedule, whatever the answers, at `rate` a second for `warmup`
/// (not counted) and `measure`; each latency runs from the event's scheduled send time.
pub async fn fixed_rate(
    server: &Goldseam,
    i: &Integration,
    rate: u32,
    warmup: Duration,
    measure: Duration,
) -> Result<FixedRate> {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()?;
    let interval = Duration::from_secs(1) / rate.max(1);
    let total = ((warmup + measure).as_secs_f64() * f64::from(rate)).round() as usize;
    let skip = (warmup.as_secs_f64() * f64::from(rate)).round() as usize;
    let url = server.url("/v2/enqueue");
    let metrics = Metrics::of(server)?;
    let sampler = Sampler::start(&metrics);
    let start = Instant::now() + Duration::from_millis(50);
    let mut tasks = tokio::task::JoinSet::new();
    let mut out = FixedRate {
        rate,
        seconds: measure.as_secs_f64(),
        ..FixedRate::default()
    };
    let mut cpu_from = None;
    for seq in 0..total {
        let due = start + interval * seq as u32;
        tokio::time::sleep_until(due.into()).await;
        if seq == skip {
            cpu_from = Some(cpu::Sample::take(Some(server.pid)));
        }
        if seq >= skip {
            out.max_lag = out.max_lag.max(due.elapsed());
        }
        let req = http
            .post(&url)
            .header(CONTENT_TYPE, "application/json")
            .body(event(&i.key, "rate", 0, seq as u64));
        tasks.spawn(async move {
            let r = match req.send().await {
                Ok(res) => {
                    let status = res.status().as_u16();
                    match res.bytes().await {
                        Ok(_) if status == 202 => Ok(due.elapsed()),
                        Ok(b) => Err(format!("HTTP {status}: {}", String::from_utf8_lossy(&b))),
                        Err(e) => Err(format!("HTTP {status}, reading the body failed: {e}")),
                    }
                }
                Err(e) => Err(format!("request failed: {e}")),
            };
            (seq, r)
        });
    }
    let mut results = Vec::with_capacity(total);
    while let Some(r) = tasks.join_next().await {
        results.push(r?);
    }
    out.cpu = cpu_from.map(|c| c.until(&cpu::Sample::take(Some(server.pid))));
    out.drain = metrics.drain().await?;
    let samples = sampler.stop().await;
    out.backlog_max = samples.iter().map(|s| s.backlog).max().unwrap_or(0);
    let mut latencies = Vec::new();
    for (seq, r) in results {
        if seq < skip {
            continue;
        }
        out.sent += 1;
        match r {
            Ok(d) => {
                out.ok += 1;
                latencies.push(d);
            }
            Err(e) => {
                out.errors += 1;
                out.first_error
                    .get_or_insert_with(|| e.chars().take(600).collect());
            }
        }
    }
    out.latency = Latency::of(&mut latencies);
    Ok(out)
}
