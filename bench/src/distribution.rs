//! Scenario: publishing a postmortem to N recipients, timed from just before the publish request
//! to the SMTP sink in the bench taking the last expected message, with the server's memory.
//!
//! A fresh database: a first start creates it and the admin; with the server stopped, N active
//! readers are inserted; a second start (SMTP pointed at the sink) gets the policy (the summary to
//! everyone), a SEV1 incident and its postmortem through review up to approval. Publishing then
//! runs the real path: a `distribute_postmortem` job expands the audiences into people, writes a
//! reader row each and queues a `postmortem_email` job each, which workers render and hand to
//! lettre. Every active user is one reader (the participants are among them), so the sink should
//! get exactly one message per active user.

use crate::cpu;
use crate::distribution_jobs::{self, JobTimes};
use crate::distribution_setup::{active_emails, approved_postmortem, insert_readers};
use crate::server::{rss_kib, Goldseam, Target};
use crate::smtp_sink::{Mail, SmtpSink};
use crate::stats::Latency;
use anyhow::Result;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long the messages may take before the bench stops waiting and reports a cut run.
pub const DEADLINE: Duration = Duration::from_secs(300);
/// After the last expected message, how long the sink keeps listening for duplicates.
const SETTLE: Duration = Duration::from_secs(2);
/// How often the server's VmRSS is read while it distributes.
const RSS_EVERY: Duration = Duration::from_millis(20);

/// What one distribution measured.
#[derive(Debug, Clone, Default)]
pub struct Distribution {
    /// GOLDSEAM_DELIVERY_CONCURRENCY; `None`: the server's default.
    pub concurrency: Option<u32>,
    /// Readers inserted, and how long that took (no server running).
    pub inserted: usize,
    pub insert: Duration,
    /// Active users when publishing: one message each is expected.
    pub expected: usize,
    /// Postmortem messages the sink took, distinct recipients among them, recipients that got
    /// more than one, and expected recipients that got none.
    pub received: usize,
    pub distinct: usize,
    pub duplicated: usize,
    pub missing: usize,
    /// Messages whose Message-ID another message already had (a resend after a retry keeps it).
    pub same_message_id: usize,
    /// Messages to addresses that are not active users, and messages that were not the
    /// postmortem (their subjects, for the report).
    pub strangers: usize,
    pub others: Vec<String>,
    /// TCP connections the sink accepted while distributing (one per message: no pool).
    pub connections: usize,
    /// SMTP commands the sink did not know (lettre should send none).
    pub unknown_commands: Vec<String>,
    /// True when [`DEADLINE`] passed before every expected message arrived.
    pub cut: bool,
    /// The publish request's answer, from just before it was sent.
    pub publish_answered: Duration,
    /// From just before the publish request to the first and to the last expected message.
    pub to_first: Duration,
    pub to_last: Duration,
    /// Arrival offsets from just before publishing: p50, p99, max.
    pub arrivals: Latency,
    /// Per message, its SMTP connection accepted to its end read: p50, p99, max.
    pub session: Latency,
    /// Messages a second between the first and the last arrival.
    pub send_rate: f64,
    /// Server VmRSS just before publishing, the highest sampled while distributing, and the
    /// kernel's high-water mark (VmHWM) at the end.
    pub rss_before_kib: u64,
    pub rss_peak_kib: u64,
    /// VmRSS once every message had arrived and the sink had listened [`SETTLE`] longer: what
    /// the distribution left behind.
    pub rss_after_kib: u64,
    pub hwm_kib: u64,
    pub jobs: Option<JobTimes>,
    pub cpu: Option<cpu::Usage>,
    /// Warnings and errors the server logged.
    pub problems: String,
}

/// Runs the scenario on a fresh database in `data_dir` (SQLite) or `target`'s (PostgreSQL).
pub async fn run(
    target: &Target,
    data_dir: &Path,
    log: &Path,
    recipients: usize,
    concurrency: Option<u32>,
) -> Result<Distribution> {
    let sink = SmtpSink::spawn().await?;
    let mut env = vec![
        ("GOLDSEAM_SMTP_URL", sink.url()),
        (
            "GOLDSEAM_SMTP_FROM",
            "Goldseam <goldseam@bench.local>".to_string(),
        ),
    ];
    if let Some(c) = concurrency {
        env.push(("GOLDSEAM_DELIVERY_CONCURRENCY", c.to_string()));
    }
    let store_url = target.store_url(data_dir);
    // The first start migrates the fresh database and creates the admin.
    let (server, _) = Goldseam::start_with(target, data_dir, log, &env).await?;
    server.stop().await?;
    let insert = insert_readers(&store_url, recipients).await?;
    let (server, _) = Goldseam::start_with(target, data_dir, log, &env).await?;
    let token = target.create_token(data_dir).await?;
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()?;
    let admin = crate::api::Auth::Token(token);
    let reference = approved_postmortem(&http, &server, &admin).await?;
    let expected: HashSet<String> = active_emails(&store_url).await?.into_iter().collect();
    let mut out = Distribution {
        concurrency,
        inserted: recipients,
        insert,
        expected: expected.len(),
        ..Distribution::default()
    };
    let before_publish = sink.mails().len();
    let connections_before = sink.connections();
    let sampler = RssSampler::start(server.pid);
    out.rss_before_kib = server.rss_kib()?;
    let cpu_before = cpu::Sample::take(Some(server.pid));
    let t0 = Instant::now();
    let t0_at = jiff::Timestamp::now();
    crate::api::call(
        &http,
        &admin,
        reqwest::Method::POST,
        &server.url(&format!("/api/v1/incidents/{reference}/postmortem/review")),
        Some(serde_json::json!({"action": "publish"})),
        200,
    )
    .await?;
    out.publish_answered = t0.elapsed();
    let got = sink.wait_for(expected.len(), DEADLINE, is_postmortem).await;
    out.cut = got < expected.len();
    out.cpu = Some(cpu_before.until(&cpu::Sample::take(Some(server.pid))));
    tokio::time::sleep(SETTLE).await;
    out.rss_peak_kib = sampler.stop();
    out.rss_after_kib = server.rss_kib()?;
    out.hwm_kib = hwm_kib(server.pid).unwrap_or_default();
    out.connections = sink.connections() - connections_before;
    out.unknown_commands = sink.unknown_commands();
    out.problems = server.log_problems();
    out.jobs = distribution_jobs::read(&store_url, t0_at)
        .await
        .map_err(|e| eprintln!("  reading the jobs table failed: {e:#}"))
        .ok();
    server.stop().await?;
    let mails = sink.mails().split_off(before_publish);
    count(&mut out, &mails, &expected, t0);
    Ok(out)
}

/// The distribution's messages; anything else the server sent (none is expected) is reported.
fn is_postmortem(m: &Mail) -> bool {
    m.subject.starts_with("[Postmortem")
}

/// Fills in the counts and times from the sink's messages.
fn count(out: &mut Distribution, mails: &[Mail], expected: &HashSet<String>, t0: Instant) {
    let mut per_recipient: HashMap<&str, usize> = HashMap::new();
    let mut offsets = Vec::new();
    let mut ids = HashSet::new();
    let mut sessions = Vec::new();
    for m in mails {
        if !is_postmortem(m) {
            out.others.push(m.subject.chars().take(80).collect());
            continue;
        }
        out.received += 1;
        if !ids.insert(m.message_id.as_str()) {
            out.same_message_id += 1;
        }
        offsets.push(m.at.saturating_duration_since(t0));
        sessions.push(m.at.saturating_duration_since(m.connected));
        for to in &m.to {
            *per_recipient.entry(to).or_default() += 1;
            if !expected.contains(to) {
                out.strangers += 1;
            }
        }
    }
    out.distinct = per_recipient.len();
    out.duplicated = per_recipient.values().filter(|&&n| n > 1).count();
    out.missing = expected
        .iter()
        .filter(|e| !per_recipient.contains_key(e.as_str()))
        .count();
    out.session = Latency::of(&mut sessions);
    offsets.sort_unstable();
    out.arrivals = Latency::of(&mut offsets);
    out.to_first = offsets.first().copied().unwrap_or_default();
    // The last *expected* message: duplicates after it are counted, not timed.
    out.to_last = offsets
        .get(out.expected.min(offsets.len()).saturating_sub(1))
        .copied()
        .unwrap_or_default();
    let span = out.to_last.saturating_sub(out.to_first).as_secs_f64();
    let timed = out.expected.min(offsets.len());
    out.send_rate = if timed > 1 && span > 0.0 {
        (timed - 1) as f64 / span
    } else {
        0.0
    };
}

/// Reads the server's VmRSS every [`RSS_EVERY`] on a task of its own, keeping the highest.
pub(crate) struct RssSampler {
    stop: Arc<AtomicBool>,
    peak: Arc<AtomicU64>,
}

impl RssSampler {
    pub(crate) fn start(pid: u32) -> RssSampler {
        let stop = Arc::new(AtomicBool::new(false));
        let peak = Arc::new(AtomicU64::new(0));
        let (s, p) = (stop.clone(), peak.clone());
        tokio::spawn(async move {
            while !s.load(Ordering::Relaxed) {
                if let Ok(kib) = rss_kib(pid) {
                    p.fetch_max(kib, Ordering::Relaxed);
                }
                tokio::time::sleep(RSS_EVERY).await;
            }
        });
        RssSampler { stop, peak }
    }

    pub(crate) fn stop(self) -> u64 {
        self.stop.store(true, Ordering::Relaxed);
        self.peak.load(Ordering::Relaxed)
    }
}

/// VmHWM (peak resident memory over the process's life), in KiB.
pub(crate) fn hwm_kib(pid: u32) -> Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| anyhow::anyhow!("no VmHWM in /proc/{pid}/status"))
}
