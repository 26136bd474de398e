//! Scenario: live fan-out. N streams on one incident, the server's memory per idle stream, and
//! how long a new comment takes to reach every stream.

use crate::declare;
use crate::server::{Goldseam, Target};
use crate::sse::{self, Arrival, Shared};
use crate::stats::{percentile, Latency};
use anyhow::{bail, Result};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, watch, Semaphore};

/// Comments posted while the streams are open, and the gap between them.
pub const COMMENTS: usize = 20;
const GAP: Duration = Duration::from_millis(200);
/// Handshakes in flight at once while opening streams: well below the server's accept backlog
/// (4,096), so no SYN is dropped and retried a second later, which would measure the backlog
/// rather than the streams.
const CONNECTING: usize = 64;
/// How long opening all streams, and delivering the last comment, may take.
const CONNECT_DEADLINE: Duration = Duration::from_secs(120);
const DELIVERY_DEADLINE: Duration = Duration::from_secs(15);
/// How long the server may take to notice closed streams (its heartbeat is every 15 s).
const RELEASE_DEADLINE: Duration = Duration::from_secs(20);

#[derive(Debug, Clone, Default)]
pub struct Fanout {
    pub streams: usize,
    /// Streams the client saw answered with 200.
    pub connected: usize,
    /// `goldseam_open_streams` once they were all open.
    pub server_open: u64,
    pub connect_time: Duration,
    pub rss_before_kib: u64,
    pub rss_after_kib: u64,
    pub kib_per_stream: f64,
    /// (stream, comment) deliveries expected and received.
    pub expected: usize,
    pub delivered: usize,
    pub duplicates: usize,
    /// Over every (stream, comment) delivery.
    pub latency: Latency,
    /// Per comment, the time until the last stream got it: p50, p99 (of 20: the max) and max.
    pub last: Latency,
    /// Comments at least one connected stream never received.
    pub incomplete_comments: usize,
    pub failed: usize,
    pub resyncs: usize,
    pub first_failure: Option<String>,
    pub post_errors: Vec<String>,
    /// How long after the clients closed their sockets the server stopped counting the streams,
    /// and how many it still counted when the bench stopped waiting.
    pub released_in: Option<Duration>,
    pub left_open: u64,
    pub server_5xx: Vec<String>,
}

/// Starts a fresh server on `data_dir` (so the memory baseline is not inflated by earlier load),
/// opens `n` streams on a new incident, posts the comments, and stops the server.
pub async fn run(
    target: &Target,
    data_dir: &Path,
    log: &Path,
    token: &str,
    n: usize,
) -> Result<Fanout> {
    let (server, _) = Goldseam::start(target, data_dir, log).await?;
    let result = measure(&server, token, n).await;
    let server_5xx = server.server_errors().await.unwrap_or_default();
    if result.is_err() {
        eprintln!("server log tail:\n{}", server.log_tail());
    }
    server.stop().await?;
    let mut out = result?;
    out.server_5xx = server_5xx;
    Ok(out)
}

async fn measure(server: &Goldseam, token: &str, n: usize) -> Result<Fanout> {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()?;
    let reference = declare::one(&http, server, token, &format!("bench fan-out {n}")).await?;
    let before = server.open_streams().await?;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let mut out = Fanout {
        streams: n,
        rss_before_kib: server.rss_kib()?,
        ..Fanout::default()
    };

    let req = Arc::new(sse::Request::new(
        server.port,
        &format!("/api/v1/incidents/{reference}/events"),
        token,
    ));
    let shared = Arc::new(Shared::default());
    let connecting = Arc::new(Semaphore::new(CONNECTING));
    let (arrivals_tx, mut arrivals_rx) = mpsc::unbounded_channel::<Arrival>();
    let (stop_tx, stop_rx) = watch::channel(false);
    let opening = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..n {
        tasks.spawn(sse::run(
            i as u32,
            req.clone(),
            shared.clone(),
            connecting.clone(),
            arrivals_tx.clone(),
            stop_rx.clone(),
        ));
    }
    drop(arrivals_tx);

    // All open: every stream answered (200 or failure) and the server counts the 200s.
    loop {
        let connected = shared.connected.load(Ordering::Relaxed);
        let failed = shared.failed.load(Ordering::Relaxed);
        if connected + failed >= n {
            out.server_open = server.open_streams().await?.saturating_sub(before);
            if out.server_open >= connected as u64 {
                break;
            }
        }
        if opening.elapsed() > CONNECT_DEADLINE {
            out.server_open = server.open_streams().await?.saturating_sub(before);
            eprintln!("fan-out {n}: only {connected} streams open after {CONNECT_DEADLINE:?} (server counts {})", out.server_open);
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    out.connect_time = opening.elapsed();
    out.connected = shared.connected.load(Ordering::Relaxed);
    if out.connected == 0 {
        let _ = stop_tx.send(true);
        bail!(
            "no stream connected: {}",
            shared
                .first_failure
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clone()
                .unwrap_or_default()
        );
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    out.rss_after_kib = server.rss_kib()?;
    out.kib_per_stream =
        out.rss_after_kib.saturating_sub(out.rss_before_kib) as f64 / out.connected as f64;

    // Comments, one at a time; t0 is taken just before each POST is sent.
    let url = server.url(&format!("/api/v1/incidents/{reference}/comments"));
    let mut sent: Vec<(Instant, Vec<i64>)> = Vec::with_capacity(COMMENTS);
    for k in 0..COMMENTS {
        let t0 = Instant::now();
        let res = http
            .post(&url)
            .bearer_auth(token)
            .json(&serde_json::json!({ "body": format!("fan-out comment {k}") }))
            .send()
            .await;
        match res {
            Ok(res) if res.status() == 201 => {
                let body: serde_json::Value = res.json().await?;
                let ids = body["events"]
                    .as_array()
                    .map(|a| a.iter().filter_map(|e| e["id"].as_i64()).collect())
                    .unwrap_or_default();
                sent.push((t0, ids));
            }
            Ok(res) => {
                let status = res.status();
                out.post_errors.push(format!(
                    "HTTP {status}: {}",
                    res.text().await.unwrap_or_default()
                ));
            }
            Err(e) => out.post_errors.push(e.to_string()),
        }
        tokio::time::sleep_until((t0 + GAP).into()).await;
    }
    let expected = out.connected * sent.iter().map(|(_, ids)| ids.len()).sum::<usize>();
    let waiting = Instant::now();
    while shared.delivered.load(Ordering::Relaxed) < expected
        && waiting.elapsed() < DELIVERY_DEADLINE
    {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    let _ = stop_tx.send(true);
    let joined = tokio::time::timeout(Duration::from_secs(30), async {
        while tasks.join_next().await.is_some() {}
    })
    .await;
    if joined.is_err() {
        tasks.abort_all();
        while tasks.join_next().await.is_some() {}
    }
    // Every client socket is closed now: the server should drop its subscriptions. Without an
    // event to write it may only notice at the next heartbeat, hence the long deadline.
    let closed = Instant::now();
    loop {
        out.left_open = server.open_streams().await?.saturating_sub(before);
        if out.left_open == 0 {
            out.released_in = Some(closed.elapsed());
            break;
        }
        if closed.elapsed() > RELEASE_DEADLINE {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut arrivals = Vec::new();
    while let Ok(a) = arrivals_rx.try_recv() {
        arrivals.push(a);
    }
    summarize(&mut out, &sent, &arrivals);
    out.failed = shared.failed.load(Ordering::Relaxed);
    out.resyncs = shared.resyncs.load(Ordering::Relaxed);
    out.first_failure = shared
        .first_failure
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    Ok(out)
}

/// Matches arrivals to the comments by event id.
fn summarize(out: &mut Fanout, sent: &[(Instant, Vec<i64>)], arrivals: &[Arrival]) {
    let by_id: HashMap<i64, usize> = sent
        .iter()
        .enumerate()
        .flat_map(|(k, (_, ids))| ids.iter().map(move |id| (*id, k)))
        .collect();
    let mut seen = HashSet::with_capacity(arrivals.len());
    let mut all = Vec::with_capacity(arrivals.len());
    let mut last = vec![Duration::ZERO; sent.len()];
    let mut count = vec![0usize; sent.len()];
    for a in arrivals {
        let Some(&k) = by_id.get(&a.event_id) else {
            continue;
        };
        if !seen.insert((a.stream, a.event_id)) {
            out.duplicates += 1;
            continue;
        }
        let latency = a.at.saturating_duration_since(sent[k].0);
        all.push(latency);
        last[k] = last[k].max(latency);
        count[k] += 1;
    }
    out.expected = out.connected * sent.iter().map(|(_, ids)| ids.len()).sum::<usize>();
    out.delivered = all.len();
    out.latency = Latency::of(&mut all);
    let per_comment = |k: usize| out.connected * sent[k].1.len();
    out.incomplete_comments = (0..sent.len())
        .filter(|&k| count[k] < per_comment(k))
        .count();
    let mut complete: Vec<Duration> = (0..sent.len())
        .filter(|&k| count[k] >= per_comment(k))
        .map(|k| last[k])
        .collect();
    complete.sort_unstable();
    out.last = Latency {
        p50: percentile(&complete, 50.0),
        p99: percentile(&complete, 99.0),
        max: complete.last().copied().unwrap_or_default(),
    };
}
