//! One database's run: start-to-ready and idle memory (SQLite), declarations, comments, fan-out
//! and that database's raw-commit ceiling. A failed scenario is recorded and the next one runs.

use crate::load::Load;
use crate::report::{DbRun, Startup};
use crate::server::{Goldseam, Target};
use crate::{comments, commits, declare, fanout, pg, stats};
use anyhow::{bail, Context, Result};
use clap::ValueEnum;
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Scenario {
    Startup,
    Declare,
    Comments,
    Fanout,
    Ceilings,
    /// Declaration to the first page at the provider, open loop.
    Paging,
    /// Webhook deliveries per second through the engine.
    Deliveries,
    /// Server memory under 40 failed sign-ins at once (SQLite).
    LoginFlood,
    /// Co-editing a postmortem over the sync socket: 50 editors, a 1 MB document, memory.
    Postmortem,
    /// Publishing a postmortem to `--recipients` readers by email: time to the last message
    /// handed to SMTP, and memory.
    Distribution,
    /// Alert ingestion (PagerDuty Events v2): sustained, at a fixed rate, and a storm.
    Alerts,
}

pub struct Suite {
    pub bin: PathBuf,
    /// Scratch space: data directories, logs, the ceiling's SQLite file.
    pub work: PathBuf,
    pub load: Load,
    pub streams: Vec<usize>,
    pub scenarios: Vec<Scenario>,
    /// Declarations a second for the paging scenario.
    pub page_rate: u32,
    /// Deliveries enqueued for each drain.
    pub deliveries: usize,
    /// Concurrencies to drain with besides the server's default.
    pub delivery_concurrency: Vec<u32>,
    /// Readers a postmortem is published to.
    pub recipients: usize,
    /// Closed-loop clients for alert ingestion and the storm.
    pub alert_clients: usize,
    /// Alert events a second for the fixed-rate run.
    pub alert_rate: u32,
    /// Alerts in the storm.
    pub storm_alerts: usize,
}

impl Suite {
    pub fn has(&self, s: Scenario) -> bool {
        self.scenarios.contains(&s)
    }

    pub async fn sqlite(&self) -> Result<DbRun> {
        let target = Target {
            bin: self.bin.clone(),
            database_url: None,
        };
        let mut run = DbRun {
            name: "SQLite",
            detail: "fresh file, WAL, synchronous=NORMAL".into(),
            ..DbRun::default()
        };
        if self.has(Scenario::Startup) {
            run.startup = Some(self.startup(&target).await.context("start to ready")?);
        }
        if self.has(Scenario::LoginFlood) {
            eprintln!(
                "login flood: {} failed sign-ins at once ...",
                crate::login_flood::SIGN_INS
            );
            let dir = self.work.join("login-flood");
            let f =
                crate::login_flood::run(&target, &dir, &self.work.join("login-flood.log")).await;
            run.login_flood = record(&mut run.failures, "login flood", f).inspect(|f| {
                eprintln!(
                    "  VmRSS {:.1} MB before, peak {:.1} MB, {:.1} MB 3 s later; answers {:?}",
                    f.before_kib as f64 * 1024.0 / 1e6,
                    f.peak_kib as f64 * 1024.0 / 1e6,
                    f.after_3s_kib as f64 * 1024.0 / 1e6,
                    f.statuses
                )
            });
        }
        self.scenarios(&mut run, &target, &self.work.join("sqlite"))
            .await?;
        self.distribution(&mut run, None).await?;
        self.alerts(&mut run, None).await?;
        if self.has(Scenario::Ceilings) {
            for inserts in [1, 6] {
                eprintln!("ceiling: raw SQLite commits, {inserts} INSERT(s) per transaction ...");
                let c = commits::sqlite(&self.work, self.load, inserts).await;
                run.commits.extend(
                    record(&mut run.failures, "raw SQLite commits", c).inspect(progress_commits),
                );
            }
            eprintln!(
                "ceiling: SQLite, {} rows per transaction ...",
                commits::BATCH_ROWS
            );
            let url = format!(
                "sqlite://{}?mode=rwc",
                self.work.join("ceiling-batched.db").display()
            );
            let c = commits::batched(&url, self.load).await;
            run.commits.extend(
                record(&mut run.failures, "batched SQLite commits", c).inspect(progress_commits),
            );
        }
        Ok(run)
    }

    /// The same scenarios on PostgreSQL, in a schema created for the run and dropped after it.
    pub async fn postgres(&self, base_url: &str) -> Result<DbRun> {
        let schema = pg::Schema::create(base_url)
            .await
            .with_context(|| format!("creating a schema in {base_url}"))?;
        eprintln!("PostgreSQL schema {} ({})", schema.name, schema.version);
        let target = Target {
            bin: self.bin.clone(),
            database_url: Some(schema.url.clone()),
        };
        let mut run = DbRun {
            name: "PostgreSQL",
            detail: format!("schema {} in {base_url}; {}", schema.name, schema.version),
            ..DbRun::default()
        };
        let result = self
            .scenarios(&mut run, &target, &self.work.join("postgres"))
            .await;
        let result = match result {
            Ok(()) => self.distribution(&mut run, Some(base_url)).await,
            e => e,
        };
        let result = match result {
            Ok(()) => self.alerts(&mut run, Some(base_url)).await,
            e => e,
        };
        if result.is_ok() && self.has(Scenario::Ceilings) {
            for hot_row in [false, true] {
                eprintln!(
                    "ceiling: raw PostgreSQL commits{} ...",
                    if hot_row { ", shared counter row" } else { "" }
                );
                let c = commits::postgres(&schema.url, self.load, hot_row).await;
                run.commits.extend(
                    record(&mut run.failures, "raw PostgreSQL commits", c)
                        .inspect(progress_commits),
                );
            }
            eprintln!(
                "ceiling: PostgreSQL, {} rows per transaction ...",
                commits::BATCH_ROWS
            );
            let c = commits::batched(&schema.url, self.load).await;
            run.commits.extend(
                record(&mut run.failures, "batched PostgreSQL commits", c)
                    .inspect(progress_commits),
            );
        }
        if let Err(e) = schema.drop().await {
            eprintln!("dropping the bench schema failed: {e:#}");
        }
        result.map(|()| run)
    }

    /// Declarations and comments on one server, then fan-out on fresh ones (same database).
    async fn scenarios(&self, run: &mut DbRun, target: &Target, data_dir: &Path) -> Result<()> {
        let load = self.load;
        let log = self.work.join(format!("{}.log", run.name.to_lowercase()));
        std::fs::create_dir_all(data_dir)?;
        let (server, _) = Goldseam::start(target, data_dir, &log).await?;
        let token = target.create_token(data_dir).await?;
        if let Some(startup) = run.startup.as_mut() {
            startup.idle_rss_kib = Some(idle_rss(&server, &token).await?);
        }
        if self.has(Scenario::Declare) {
            eprintln!(
                "{}: declarations, {} clients, {} s ...",
                run.name,
                load.clients,
                load.duration.as_secs()
            );
            let before = server.write_counts().await?;
            let t = declare::run(&server, &token, load).await;
            run.declare = record(&mut run.failures, "declarations", t).inspect(progress);
            run.declare_sharing = sharing(before, server.write_counts().await?);
        }
        if self.has(Scenario::Comments) {
            eprintln!(
                "{}: comments, {} clients, {} s ...",
                run.name,
                load.clients,
                load.duration.as_secs()
            );
            let before = server.write_counts().await?;
            let t = comments::run(&server, &token, load).await;
            run.comments = record(&mut run.failures, "comments", t).inspect(progress);
            run.comments_sharing = sharing(before, server.write_counts().await?);
        }
        if self.has(Scenario::Postmortem) {
            eprintln!(
                "{}: postmortem, {} editors typing, {} s ...",
                run.name,
                crate::postmortem::EDITORS,
                load.duration.as_secs()
            );
            let p = crate::postmortem::run(&server, &token, load.warmup, load.duration).await;
            run.postmortem = record(&mut run.failures, "postmortem", p).inspect(|p| {
                eprintln!(
                    "  {} updates, ack p99 {}, to another editor p99 {}, 1 MB open cold p99 {}, {:.0} KiB per open document",
                    p.updates,
                    stats::ms(p.ack.p99),
                    stats::ms(p.broadcast.p99),
                    stats::ms(p.open_cold.p99),
                    p.kib_per_doc
                )
            });
        }
        run.server_5xx = server.server_errors().await.unwrap_or_default();
        let problems = server.log_problems();
        server.stop().await?;
        if !problems.trim().is_empty() {
            eprintln!(
                "{} server logged warnings or errors (last 20):\n{problems}",
                run.name
            );
        }
        self.delivery(run, target, data_dir, &log, &token).await?;
        if !self.has(Scenario::Fanout) {
            return Ok(());
        }
        for &n in &self.streams {
            eprintln!("{}: fan-out to {n} streams ...", run.name);
            let f = fanout::run(target, data_dir, &log, &token, n).await;
            if let Some(f) = record(&mut run.failures, &format!("fan-out {n}"), f) {
                eprintln!(
                    "  {} open, {:.1} KiB/stream, {} of {} delivered, p99 {}, last-stream p99 {}",
                    f.connected,
                    f.kib_per_stream,
                    f.delivered,
                    f.expected,
                    stats::ms(f.latency.p99),
                    stats::ms(f.last.p99)
                );
                run.server_5xx.extend(f.server_5xx.iter().cloned());
                run.fanout.push(f);
            }
        }
        Ok(())
    }

    /// Five starts on fresh data directories, then one on an existing one.
    async fn startup(&self, target: &Target) -> Result<Startup> {
        let mut out = Startup::default();
        let log = self.work.join("startup.log");
        let mut last = self.work.clone();
        for i in 0..5 {
            last = self.work.join(format!("startup-{i}"));
            let (server, took) = Goldseam::start(target, &last, &log).await?;
            server.stop().await?;
            eprintln!("start to ready (fresh data dir {i}): {}", stats::ms(took));
            out.fresh.push(took);
        }
        let (server, took) = Goldseam::start(target, &last, &log).await?;
        server.stop().await?;
        eprintln!("start to ready (existing data dir): {}", stats::ms(took));
        out.existing = Some(took);
        Ok(out)
    }
}

/// Writes per transaction between two readings of the writer's counters (warm-up included).
fn sharing(before: (u64, u64), after: (u64, u64)) -> Option<f64> {
    let batches = after.0.saturating_sub(before.0);
    let requests = after.1.saturating_sub(before.1);
    let ratio = (batches > 0).then(|| requests as f64 / batches as f64);
    if let Some(r) = ratio {
        eprintln!("  {r:.1} writes per transaction ({requests} in {batches})");
    }
    ratio
}

pub fn progress(t: &stats::Throughput) {
    eprintln!(
        "  {:.0}/s, p50 {}, p99 {}, errors {}",
        t.per_second,
        stats::ms(t.latency.p50),
        stats::ms(t.latency.p99),
        t.errors
    );
}

fn progress_commits(c: &commits::Commits) {
    eprintln!("  {:.0} commits/s", c.per_second);
}

/// Keeps a scenario's result, or notes its failure and carries on with the next one.
pub fn record<T>(failures: &mut Vec<String>, what: &str, result: Result<T>) -> Option<T> {
    match result {
        Ok(v) => Some(v),
        Err(e) => {
            eprintln!("  {what} failed: {e:#}");
            failures.push(format!("{what}: {e:#}"));
            None
        }
    }
}

/// VmRSS after a few ordinary requests, settled for a second.
async fn idle_rss(server: &Goldseam, token: &str) -> Result<u64> {
    let http = reqwest::Client::new();
    for path in [
        "/readyz",
        "/api/v1/me",
        "/api/v1/incidents",
        "/api/v1/severities",
        "/metrics",
    ] {
        let res = http.get(server.url(path)).bearer_auth(token).send().await?;
        if !res.status().is_success() {
            bail!("GET {path} answered {}", res.status());
        }
        res.bytes().await?;
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let kib = server.rss_kib()?;
    eprintln!("idle memory: {:.1} MiB", kib as f64 / 1024.0);
    Ok(kib)
}
