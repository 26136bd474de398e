//! The alert scenarios of a database's run, each part on a database of its own (SQLite: a fresh
//! data directory; PostgreSQL: a fresh schema): the storm counts every group and incident there
//! is, so nothing another scenario made may be in it.

use crate::alerts::{self, Integration};
use crate::report::DbRun;
use crate::server::{Goldseam, Target, ADMIN_EMAIL};
use crate::smtp_sink::SmtpSink;
use crate::suite::{record, Scenario, Suite};
use crate::{alerts_db, alerts_rate, alerts_storm, pg, stats};
use anyhow::Result;
use std::path::Path;

/// A fresh database and a server on it, with the admin's token and an integration.
struct Fresh {
    server: Goldseam,
    token: String,
    store_url: String,
    integration: Integration,
    schema: Option<pg::Schema>,
    /// Where the server's email goes: the page reaches the on-call admin by email.
    sink: SmtpSink,
}

impl Suite {
    /// Sustained ingestion and the fixed rate on one fresh database, the storm on another.
    pub(crate) async fn alerts(&self, run: &mut DbRun, pg_base: Option<&str>) -> Result<()> {
        if !self.has(Scenario::Alerts) {
            return Ok(());
        }
        let name = run.name.to_lowercase();
        let log = self.work.join("alerts.log");
        eprintln!(
            "{}: alert ingestion, {} clients, {} s; then {}/s open loop ...",
            run.name,
            self.alert_clients,
            self.load.duration.as_secs(),
            self.alert_rate
        );
        let f = self
            .fresh(&self.work.join(format!("alerts-{name}")), &log, pg_base)
            .await;
        if let Some(f) = record(&mut run.failures, "alert ingestion", f) {
            let mut s =
                alerts::sustained(&f.server, &f.integration, self.alert_clients, self.load).await;
            if let Ok(s) = s.as_mut() {
                progress_sustained(s);
                s.batches = alerts_db::batches(&f.store_url, f.integration.id, 0)
                    .await
                    .map_err(|e| eprintln!("  reading the inbox failed: {e:#}"))
                    .ok();
            }
            run.alerts = record(&mut run.failures, "alert ingestion", s);
            let mut r = alerts_rate::fixed_rate(
                &f.server,
                &f.integration,
                self.alert_rate,
                self.load.warmup,
                self.load.duration,
            )
            .await;
            if let Ok(r) = r.as_mut() {
                let after = run
                    .alerts
                    .as_ref()
                    .and_then(|s| s.batches.as_ref())
                    .map_or(0, |b| b.last_id);
                r.batches = alerts_db::batches(&f.store_url, f.integration.id, after)
                    .await
                    .map_err(|e| eprintln!("  reading the inbox failed: {e:#}"))
                    .ok();
            }
            run.alerts_rate = record(&mut run.failures, "alerts at a fixed rate", r).inspect(|r| {
                eprintln!(
                    "  {}/s offered: {} of {} answered 202, p50 {}, p99 {}, max {}; generator late by {}",
                    r.rate,
                    r.ok,
                    r.sent,
                    stats::ms(r.latency.p50),
                    stats::ms(r.latency.p99),
                    stats::ms(r.latency.max),
                    stats::ms(r.max_lag)
                )
            });
            self.finish(run, f).await;
        }
        eprintln!(
            "{}: alert storm, {} alerts, {} clients ...",
            run.name, self.storm_alerts, self.alert_clients
        );
        let f = self
            .fresh(&self.work.join(format!("storm-{name}")), &log, pg_base)
            .await;
        if let Some(f) = record(&mut run.failures, "alert storm", f) {
            let s = alerts_storm::run(
                &f.server,
                &f.token,
                &f.store_url,
                &f.integration,
                self.storm_alerts,
                self.alert_clients,
            )
            .await;
            let s = s.map(|mut s| {
                let mails: Vec<_> = f
                    .sink
                    .mails()
                    .into_iter()
                    .filter(|m| m.to.iter().any(|t| t == ADMIN_EMAIL))
                    .collect();
                s.page_mails = mails.len();
                s.mail_subject = mails.first().map(|m| m.subject.clone());
                s
            });
            run.storm = record(&mut run.failures, "alert storm", s).inspect(progress_storm);
            self.finish(run, f).await;
        }
        Ok(())
    }

    async fn fresh(&self, data_dir: &Path, log: &Path, pg_base: Option<&str>) -> Result<Fresh> {
        std::fs::create_dir_all(data_dir)?;
        let schema = match pg_base {
            Some(base) => Some(pg::Schema::create(base).await?),
            None => None,
        };
        let target = Target {
            bin: self.bin.clone(),
            database_url: schema.as_ref().map(|s| s.url.clone()),
        };
        let sink = SmtpSink::spawn().await?;
        let env = [
            ("GOLDSEAM_SMTP_URL", sink.url()),
            (
                "GOLDSEAM_SMTP_FROM",
                "Goldseam <goldseam@bench.local>".to_string(),
            ),
        ];
        let (server, _) = Goldseam::start_with(&target, data_dir, log, &env).await?;
        let token = target.create_token(data_dir).await?;
        let http = reqwest::Client::new();
        let integration = alerts::setup(&http, &server, &token).await?;
        Ok(Fresh {
            server,
            token,
            store_url: target.store_url(data_dir),
            integration,
            schema,
            sink,
        })
    }

    /// Stops the server, keeps its 5xx and warnings, drops the schema.
    async fn finish(&self, run: &mut DbRun, f: Fresh) {
        run.server_5xx
            .extend(f.server.server_errors().await.unwrap_or_default());
        let problems = f.server.log_problems();
        if !problems.trim().is_empty() {
            eprintln!("  server logged (last 20):\n{problems}");
            run.alerts_log.push(problems);
        }
        if let Err(e) = f.server.stop().await {
            eprintln!("  stopping goldseam failed: {e:#}");
        }
        if let Some(schema) = f.schema {
            if let Err(e) = schema.drop().await {
                eprintln!("  dropping the alerts schema failed: {e:#}");
            }
        }
    }
}

fn progress_sustained(s: &alerts::Sustained) {
    eprintln!(
        "  {:.0}/s, p50 {}, p99 {}, errors {}; backlog {} -> {} (max {}, {:+.0}/s), processed {:.0}/s, drained {}",
        s.load.per_second,
        stats::ms(s.load.latency.p50),
        stats::ms(s.load.latency.p99),
        s.load.errors,
        s.backlog_start,
        s.backlog_end,
        s.backlog_max,
        s.backlog_slope,
        s.processed_per_second,
        s.drain
            .map_or("not within the deadline".into(), |d| format!("in {}", stats::ms(d)))
    );
}

fn progress_storm(s: &alerts_storm::Storm) {
    eprintln!(
        "  {} of {} accepted in {:.2} s ({:.0}/s, p99 {}), errors {}; drained {}, settled {}; {} group(s), {} incident(s), {} page(s) ({} emailed), {} alert rows, received counter {}; VmHWM {:.1} MB",
        s.accepted,
        s.alerts,
        s.send.as_secs_f64(),
        s.per_second,
        stats::ms(s.latency.p99),
        s.errors,
        s.drained.map_or("no".into(), stats::ms),
        s.settled.map_or("no".into(), stats::ms),
        s.groups,
        s.incidents,
        s.pages,
        s.page_mails,
        s.alert_rows,
        s.counter_received,
        s.hwm_kib as f64 * 1024.0 / 1e6
    );
}
