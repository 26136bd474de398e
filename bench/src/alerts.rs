//! Scenario: alert ingestion through PagerDuty's Events API v2 (`POST /v2/enqueue`), one alert a
//! request, every one a distinct dedup key from one source, so a fields route on `source` puts
//! them all in one group. Sustained closed-loop ingestion with the backlog sampled; the answer's
//! latency at a fixed rate is in `alerts_rate.rs`, the storm in `alerts_storm.rs`.
//!
//! Set up through the API as an admin would: a one-person schedule (the admin), a team on it,
//! and a PagerDuty integration owned by the team whose route opens an incident per group, so
//! the group's incident pages the team.

use crate::api::{self, Auth};
use crate::cpu;
use crate::load::{self, Load, MakeRequest};
use crate::server::Goldseam;
use crate::stats::Throughput;
use anyhow::{anyhow, bail, Context, Result};
use reqwest::header::CONTENT_TYPE;
use reqwest::Method;
use serde_json::json;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How often the backlog is read from `/metrics` while loading.
const SAMPLE_EVERY: Duration = Duration::from_millis(250);
/// Samples kept at most (a bound should the stop never come).
const MAX_SAMPLES: usize = 20_000;
/// How long the backlog may take to drain after the load before the bench stops waiting.
pub const DRAIN_DEADLINE: Duration = Duration::from_secs(120);

/// An integration ready to send to.
#[derive(Debug, Clone)]
pub struct Integration {
    pub id: i64,
    /// The routing key.
    pub key: String,
}

/// Makes the team (on a schedule with the admin always on call) and a PagerDuty integration
/// owned by it, grouping by `source`.
pub async fn setup(http: &reqwest::Client, server: &Goldseam, token: &str) -> Result<Integration> {
    let admin = Auth::Token(token.to_string());
    let url = |p: &str| server.url(p);
    let me = api::call(http, &admin, Method::GET, &url("/api/v1/me"), None, 200).await?;
    let user_id = api::id(&me)?;
    let schedule = api::id(
        &api::call(
            http,
            &admin,
            Method::POST,
            &url("/api/v1/schedules"),
            Some(json!({"name": "Database on-call (bench)", "time_zone": "UTC", "layers": [{"name": "Primary", "start": "2025-01-06T00:00", "shift": {"unit": "weeks", "count": 1}, "participants": [user_id]}]})),
            201,
        )
        .await?,
    )?;
    let team_id = api::id(
        &api::call(
            http,
            &admin,
            Method::POST,
            &url("/api/v1/teams"),
            Some(json!({"name": "Databases (bench)", "schedule_id": schedule})),
            201,
        )
        .await?,
    )?;
    let i = api::call(
        http,
        &admin,
        Method::POST,
        &url("/api/v1/integrations"),
        Some(json!({
            "kind": "pagerduty",
            "name": "Checkout monitoring (bench)",
            "team_id": team_id,
            "policy": {"routes": [{"name": "by source", "group_by": {"by": "fields", "fields": ["source"]}, "action": "incident"}]}
        })),
        201,
    )
    .await?;
    Ok(Integration {
        id: api::id(&i)?,
        key: i["key"]
            .as_str()
            .with_context(|| format!("no key in {i}"))?
            .to_string(),
    })
}

/// One trigger event; `tag` keeps the dedup keys of different runs apart.
pub fn event(key: &str, tag: &str, client: usize, seq: u64) -> String {
    format!(
        r#"{{"routing_key":"{key}","event_action":"trigger","dedup_key":"{tag}-{client}-{seq}","payload":{{"summary":"checkout-db: connections refused on replica {client}","source":"checkout-db","severity":"critical","component":"postgres","custom_details":{{"client":{client},"seq":{seq}}}}}}}"#
    )
}

/// One reading of `/metrics`: the backlog and every integration's received requests.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    /// Since the sampler started.
    pub at: Duration,
    pub backlog: u64,
    pub received: u64,
}

/// Reads the alert lines of a server's `/metrics`; cheap to clone into a task.
#[derive(Clone)]
pub struct Metrics {
    http: reqwest::Client,
    url: String,
}

impl Metrics {
    pub fn of(server: &Goldseam) -> Result<Metrics> {
        Ok(Metrics {
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                .build()?,
            url: server.url("/metrics"),
        })
    }

    /// The backlog, and every integration's received requests summed.
    pub async fn read(&self) -> Result<(u64, u64)> {
        let text = self
            .http
            .get(&self.url)
            .send()
            .await?
            .error_for_status()?
            .text()
            .await?;
        let mut backlog = None;
        let mut received = 0;
        for line in text.lines() {
            if let Some(v) = line.strip_prefix("goldseam_alert_backlog ") {
                backlog = v.trim().parse().ok();
            } else if line.starts_with("goldseam_alerts_received_total{") {
                received += line
                    .rsplit(' ')
                    .next()
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .unwrap_or(0);
            }
        }
        Ok((
            backlog.ok_or_else(|| anyhow!("/metrics has no goldseam_alert_backlog"))?,
            received,
        ))
    }

    /// Polls the backlog every 20 ms until it is zero; the time that took, or `None` after
    /// [`DRAIN_DEADLINE`].
    pub async fn drain(&self) -> Result<Option<Duration>> {
        let from = Instant::now();
        while from.elapsed() < DRAIN_DEADLINE {
            if self.read().await?.0 == 0 {
                return Ok(Some(from.elapsed()));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        Ok(None)
    }
}

/// Reads `/metrics` every [`SAMPLE_EVERY`] on a task of its own until stopped.
pub struct Sampler {
    stop: Arc<AtomicBool>,
    task: tokio::task::JoinHandle<Vec<Sample>>,
    pub started: Instant,
}

impl Sampler {
    pub fn start(metrics: &Metrics) -> Sampler {
        let stop = Arc::new(AtomicBool::new(false));
        let started = Instant::now();
        let s = stop.clone();
        let metrics = metrics.clone();
        let task = tokio::spawn(async move {
            let mut out = Vec::new();
            while !s.load(Ordering::Relaxed) && out.len() < MAX_SAMPLES {
                let next = Instant::now() + SAMPLE_EVERY;
                if let Ok((backlog, received)) = metrics.read().await {
                    out.push(Sample {
                        at: started.elapsed(),
                        backlog,
                        received,
                    });
                }
                tokio::time::sleep_until(next.into()).await;
            }
            out
        });
        Sampler {
            stop,
            task,
            started,
        }
    }

    pub async fn stop(self) -> Vec<Sample> {
        self.stop.store(true, Ordering::Relaxed);
        self.task.await.unwrap_or_default()
    }
}

/// What sustained ingestion measured.
#[derive(Debug, Clone, Default)]
pub struct Sustained {
    pub clients: usize,
    /// The 202s, their rate and latency (closed loop).
    pub load: Throughput,
    /// Backlog at the start and the end of the measured window, and its highest reading.
    pub backlog_start: u64,
    pub backlog_end: u64,
    pub backlog_max: u64,
    /// Requests processed a second over the measured window (stored minus backlog growth).
    pub processed_per_second: f64,
    /// Backlog growth a second over the measured window (least squares over the samples).
    pub backlog_slope: f64,
    /// The readings, for the curve in the report.
    pub samples: Vec<Sample>,
    /// The load's end to a zero backlog (`None`: not within [`DRAIN_DEADLINE`]).
    pub drain: Option<Duration>,
    /// Server CPU while draining.
    pub drain_cpu: Option<cpu::Usage>,
    /// The processor's and the inbox's batches, from the database.
    pub batches: Option<crate::alerts_db::Batches>,
}

impl Sustained {
    /// Not growing: over the measured window the backlog grew by at most two processor
    /// batches (1,024) and it drained within a second of the load's end.
    pub fn keeps_up(&self) -> bool {
        self.backlog_end.saturating_sub(self.backlog_start) <= 1024
            && self.drain.is_some_and(|d| d < Duration::from_secs(1))
    }
}

/// `clients` closed-loop clients send single-alert events for the warm-up and the window.
pub async fn sustained(
    server: &Goldseam,
    i: &Integration,
    clients: usize,
    load: Load,
) -> Result<Sustained> {
    let url = server.url("/v2/enqueue");
    let key = i.key.clone();
    let make: MakeRequest = Arc::new(move |client, c, seq| {
        client
            .post(&url)
            .header(CONTENT_TYPE, "application/json")
            .body(event(&key, "sustained", c, seq))
    });
    let metrics = Metrics::of(server)?;
    let sampler = Sampler::start(&metrics);
    let load = Load { clients, ..load };
    let t = load::run(load, 202, Some(server.pid), make).await?;
    let ended = sampler.started.elapsed();
    let cpu_from = cpu::Sample::take(Some(server.pid));
    let drain = metrics.drain().await?;
    let drain_cpu = cpu_from.until(&cpu::Sample::take(Some(server.pid)));
    let samples = sampler.stop().await;
    let from = load.warmup;
    let window: Vec<&Sample> = samples
        .iter()
        .filter(|s| s.at >= from && s.at <= ended)
        .collect();
    let (Some(first), Some(last)) = (window.first(), window.last()) else {
        bail!("no backlog readings in the measured window");
    };
    let secs = (last.at - first.at).as_secs_f64().max(1e-3);
    let stored = last.received.saturating_sub(first.received) as f64;
    let growth = last.backlog as f64 - first.backlog as f64;
    Ok(Sustained {
        clients,
        backlog_start: first.backlog,
        backlog_end: last.backlog,
        backlog_max: window.iter().map(|s| s.backlog).max().unwrap_or(0),
        processed_per_second: (stored - growth) / secs,
        backlog_slope: slope(&window),
        samples,
        drain,
        drain_cpu: Some(drain_cpu),
        load: t,
        batches: None,
    })
}

/// Least-squares growth of the backlog, per second.
fn slope(s: &[&Sample]) -> f64 {
    let n = s.len() as f64;
    if n < 2.0 {
        return 0.0;
    }
    let mx = s.iter().map(|x| x.at.as_secs_f64()).sum::<f64>() / n;
    let my = s.iter().map(|x| x.backlog as f64).sum::<f64>() / n;
    let (mut num, mut den) = (0.0, 0.0);
    for x in s {
        let dx = x.at.as_secs_f64() - mx;
        num += dx * (x.backlog as f64 - my);
        den += dx * dx;
    }
    if den > 0.0 {
        num / den
    } else {
        0.0
    }
}
