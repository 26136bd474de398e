//! Scenario: an alert storm. 100,000 trigger events from one cause (distinct dedup keys, one
//! source) sent as fast as the server takes them, by closed-loop clients sharing one count; then
//! the wait until processing and every effect job are done, and what it made: one group, one
//! incident, the team paged once, nothing lost, and the server's memory.

use crate::alerts::{event, Integration, Metrics, Sampler, DRAIN_DEADLINE};
use crate::alerts_db::{self, Batches, Jobs};
use crate::api::{self, Auth};
use crate::cpu;
use crate::distribution::{hwm_kib, RssSampler};
use crate::server::Goldseam;
use crate::stats::Latency;
use anyhow::{Context, Result};
use reqwest::header::CONTENT_TYPE;
use reqwest::Method;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long sending may take before the clients stop.
const SEND_DEADLINE: Duration = Duration::from_secs(300);

/// What the storm measured.
#[derive(Debug, Clone, Default)]
pub struct Storm {
    pub alerts: usize,
    pub clients: usize,
    /// Answered 202, and otherwise.
    pub accepted: usize,
    pub errors: usize,
    pub first_error: Option<String>,
    /// The first request to the last answer, the rate over it, and each answer's latency.
    pub send: Duration,
    pub per_second: f64,
    pub latency: Latency,
    /// Highest backlog read while sending and draining.
    pub backlog_max: u64,
    /// From the last answer to a zero backlog, and to every effect job done.
    pub drained: Option<Duration>,
    pub settled: Option<Duration>,
    pub jobs: Jobs,
    /// What it made, through the API: groups, their alerts and requests, incidents, pages.
    pub groups: usize,
    pub group_alerts: i64,
    pub group_received: i64,
    pub incidents: usize,
    pub pages: usize,
    /// Messages the bench's SMTP sink got for the on-call admin (the page, by email), and the
    /// first one's subject.
    pub page_mails: usize,
    pub mail_subject: Option<String>,
    /// The integration's counters (API) and the alert rows (database).
    pub counter_received: i64,
    pub counter_deduplicated: i64,
    pub counter_grouped: i64,
    pub alert_rows: i64,
    /// Server VmRSS before, sampled peak, after, and the kernel's high-water mark.
    pub rss_before_kib: u64,
    pub rss_peak_kib: u64,
    pub rss_after_kib: u64,
    pub hwm_kib: u64,
    /// Cores used from the first request until every effect job was done.
    pub cpu: Option<cpu::Usage>,
    pub batches: Option<Batches>,
}

impl Storm {
    /// Settled into one group, one incident and one page, nothing lost.
    pub fn one_of_each(&self) -> bool {
        self.groups == 1
            && self.incidents == 1
            && self.pages == 1
            && self.page_mails == 1
            && self.lost() == 0
            && self.settled.is_some()
    }

    /// Accepted events that are not alerts now.
    pub fn lost(&self) -> i64 {
        (self.accepted as i64 - self.alert_rows).max(0)
    }
}

/// Sends `alerts` events with `clients` closed-loop clients, waits for the processing and its
/// effects, and counts what they made.
pub async fn run(
    server: &Goldseam,
    token: &str,
    store_url: &str,
    i: &Integration,
    alerts: usize,
    clients: usize,
) -> Result<Storm> {
    let metrics = Metrics::of(server)?;
    let mut out = Storm {
        alerts,
        clients,
        rss_before_kib: server.rss_kib()?,
        ..Storm::default()
    };
    let rss = RssSampler::start(server.pid);
    let sampler = Sampler::start(&metrics);
    let cpu_from = cpu::Sample::take(Some(server.pid));
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(clients);
    for _ in 0..clients {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .pool_max_idle_per_host(1)
            .build()?;
        let (next, url, key) = (next.clone(), server.url("/v2/enqueue"), i.key.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = Vec::new();
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= alerts || started.elapsed() > SEND_DEADLINE {
                    break;
                }
                let t = Instant::now();
                let res = http
                    .post(&url)
                    .header(CONTENT_TYPE, "application/json")
                    .body(event(&key, "storm", 0, n as u64))
                    .send()
                    .await;
                match res {
                    Ok(r) => {
                        let status = r.status().as_u16();
                        let body = r.bytes().await.unwrap_or_default();
                        if status == 202 {
                            latencies.push(t.elapsed());
                        } else {
                            errors
                                .push(format!("HTTP {status}: {}", String::from_utf8_lossy(&body)));
                        }
                    }
                    Err(e) => errors.push(format!("request failed: {e}")),
                }
            }
            (latencies, errors)
        }));
    }
    let mut latencies = Vec::with_capacity(alerts);
    for t in tasks {
        let (l, e) = t.await?;
        latencies.extend(l);
        out.errors += e.len();
        if out.first_error.is_none() {
            out.first_error = e.into_iter().next().map(|e| e.chars().take(600).collect());
        }
    }
    out.send = started.elapsed();
    out.accepted = latencies.len();
    out.per_second = out.accepted as f64 / out.send.as_secs_f64().max(1e-3);
    out.latency = Latency::of(&mut latencies);
    let answered = Instant::now();
    out.drained = metrics.drain().await?.map(|_| answered.elapsed());
    while answered.elapsed() < DRAIN_DEADLINE {
        out.jobs = alerts_db::effect_jobs(store_url).await?;
        if out.drained.is_some() && out.jobs.settled() {
            out.settled = Some(answered.elapsed());
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    out.cpu = Some(cpu_from.until(&cpu::Sample::take(Some(server.pid))));
    out.backlog_max = sampler
        .stop()
        .await
        .iter()
        .map(|s| s.backlog)
        .max()
        .unwrap_or(0);
    // The page's own jobs (escalate) run after the effect that started it: a moment for them.
    tokio::time::sleep(Duration::from_secs(1)).await;
    out.rss_peak_kib = rss.stop();
    out.rss_after_kib = server.rss_kib()?;
    out.hwm_kib = hwm_kib(server.pid).unwrap_or_default();
    count_results(&mut out, server, token, store_url, i).await?;
    out.batches = alerts_db::batches(store_url, i.id, 0)
        .await
        .map_err(|e| eprintln!("  reading the inbox failed: {e:#}"))
        .ok();
    Ok(out)
}

/// Groups, incidents, pages and counters through the API; alert rows from the database.
async fn count_results(
    out: &mut Storm,
    server: &Goldseam,
    token: &str,
    store_url: &str,
    i: &Integration,
) -> Result<()> {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()?;
    let admin = Auth::Token(token.to_string());
    let get = |path: String| {
        let (http, admin) = (http.clone(), admin.clone());
        let url = server.url(&path);
        async move { api::call(&http, &admin, Method::GET, &url, None, 200).await }
    };
    let groups = get(format!(
        "/api/v1/alert-groups?integration_id={}&limit=500",
        i.id
    ))
    .await?;
    let groups = groups.as_array().context("alert groups: not a list")?;
    out.groups = groups.len();
    out.group_alerts = groups.iter().filter_map(|g| g["alerts"].as_i64()).sum();
    out.group_received = groups.iter().filter_map(|g| g["received"].as_i64()).sum();
    let incidents = get("/api/v1/incidents?limit=200".into()).await?;
    let items = incidents["items"]
        .as_array()
        .context("incidents: no items")?;
    out.incidents = items.len();
    for inc in items {
        if let Some(r) = inc["reference"].as_str() {
            let pages = get(format!("/api/v1/incidents/{r}/pages")).await?;
            out.pages += pages.as_array().map_or(0, Vec::len);
        }
    }
    let integration = get(format!("/api/v1/integrations/{}", i.id)).await?;
    let c = &integration["counters"];
    out.counter_received = c["received"].as_i64().unwrap_or(-1);
    out.counter_deduplicated = c["deduplicated"].as_i64().unwrap_or(-1);
    out.counter_grouped = c["grouped"].as_i64().unwrap_or(-1);
    out.alert_rows = alerts_db::count(store_url, "alerts", i.id).await?;
    Ok(())
}
