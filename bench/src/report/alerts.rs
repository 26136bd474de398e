//! The alert ingestion section of the report, and its rows in the budgets table.

use super::sections::cpu_cell;
use super::{mark, rate, Cell, DbRun, Report};
use crate::alerts::{Sample, Sustained};
use crate::alerts_db::{Batches, PROCESSOR_BATCH};
use crate::stats::{ms, Latency};
use std::fmt::Write;
use std::time::Duration;

/// The ingestion floor for a database (DESIGN.md).
fn floor(r: &DbRun) -> f64 {
    if r.name == "SQLite" {
        10_000.0
    } else {
        5_000.0
    }
}

fn mb(kib: u64) -> String {
    format!("{:.1} MB", kib as f64 * 1024.0 / 1e6)
}

fn lat(l: &Latency) -> String {
    format!("{} / {} / {}", ms(l.p50), ms(l.p99), ms(l.max))
}

fn opt_ms(d: Option<Duration>, otherwise: &str) -> String {
    d.map_or(otherwise.into(), ms)
}

pub(super) fn budget_rows() -> Vec<(&'static str, &'static str, Cell)> {
    vec![
        (
            "Alert ingestion (PagerDuty Events v2, one alert a request): 2xx/s",
            ">= 10,000/s SQLite, >= 5,000/s PostgreSQL",
            Box::new(|r| {
                r.alerts.as_ref().map(|s| {
                    let t = &s.load;
                    let ok = t.per_second >= floor(r) && t.errors == 0;
                    format!("{}/s {}", rate(t.per_second), mark(ok))
                })
            }),
        ),
        (
            "Alert ingestion: processing keeps up",
            "backlog not growing",
            Box::new(|r| {
                r.alerts.as_ref().map(|s| {
                    format!(
                        "backlog {} -> {}, drained in {} {}",
                        s.backlog_start,
                        s.backlog_end,
                        opt_ms(s.drain, "over 120 s"),
                        mark(s.keeps_up())
                    )
                })
            }),
        ),
        (
            "Alerts at 2,000/s (open loop): 2xx p99",
            "< 20 ms",
            Box::new(|r| {
                r.alerts_rate.as_ref().map(|f| {
                    let ok = f.errors == 0 && f.latency.p99 < Duration::from_millis(20);
                    format!(
                        "{} at {}/s {}",
                        ms(f.latency.p99),
                        rate(f.rate.into()),
                        mark(ok)
                    )
                })
            }),
        ),
        (
            "Alert storm (100,000 from one cause): groups / incidents / pages / lost",
            "1 / 1 / 1 (emailed once) / 0",
            Box::new(|r| {
                r.storm.as_ref().map(|s| {
                    let ok = s.one_of_each();
                    format!(
                        "{} / {} / {} ({} emailed) / {} of {} {}",
                        s.groups,
                        s.incidents,
                        s.pages,
                        s.page_mails,
                        s.lost(),
                        s.alerts,
                        mark(ok)
                    )
                })
            }),
        ),
        (
            "Alert storm: server memory (VmHWM)",
            "< 200 MB",
            Box::new(|r| {
                r.storm
                    .as_ref()
                    .map(|s| format!("{} {}", mb(s.hwm_kib), mark(s.hwm_kib * 1024 < 200_000_000)))
            }),
        ),
    ]
}

/// The backlog readings of the measured window and the drain, every `step`-th one.
fn curve(s: &Sustained, warmup: u64) -> String {
    let shown: Vec<&Sample> = s.samples.iter().step_by(4).collect();
    shown
        .iter()
        .map(|x| format!("{:.0} s: {}", x.at.as_secs_f64() - warmup as f64, x.backlog))
        .collect::<Vec<_>>()
        .join(", ")
}

fn batches_row(name: &str, what: &str, b: &Batches) -> String {
    format!(
        "| {name} | {what} | {} ({} unprocessed) | {} ({:.1} / {}) | {} ({:.1} / {}; {} full) | {} | {} | {} |",
        b.requests,
        b.unprocessed,
        b.inbox,
        b.inbox_mean,
        b.inbox_max,
        b.processor,
        b.processor_mean,
        b.processor_max,
        b.processor_full,
        if b.processor_full > 0 { ms(b.full_batch.p50) } else { "-".into() },
        b.full_rate().map_or("-".into(), |r| format!("{}/s", rate(r))),
        lat(&b.wait)
    )
}

impl Report {
    pub(super) fn alerts(&self, o: &mut String) {
        let runs: Vec<&DbRun> = self
            .runs
            .iter()
            .filter(|r| r.alerts.is_some() || r.alerts_rate.is_some() || r.storm.is_some())
            .collect();
        if runs.is_empty() {
            return;
        }
        let _ = writeln!(
            o,
            "## Alert ingestion (PagerDuty Events v2)\n\n\
             Each part on a fresh database (SQLite: its own data directory; PostgreSQL: its own \
             schema) and server. Set up through the API: a one-person schedule (the admin), a team \
             on it, and a PagerDuty integration owned by the team with one route grouping by the \
             `source` field and opening an incident. Every request is `POST /v2/enqueue` with one \
             trigger event, a distinct dedup key and the same source, so all alerts fall into one \
             group. The backlog (`goldseam_alert_backlog`, requests stored and not yet processed) is \
             read from /metrics every 250 ms.\n"
        );
        let _ = writeln!(o, "### Sustained ingestion (closed loop)\n");
        let _ = writeln!(o, "| Database | Clients | 2xx/s | p50 | p99 | max | OK (window) | Errors | Backlog at start / end of window (max) | Backlog growth | Processed/s | Drained after the load | Cores used: server / bench / PostgreSQL / other (busiest server thread) | Cores while draining |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for r in &runs {
            let Some(s) = &r.alerts else { continue };
            let t = &s.load;
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} | {} | {} | {} ({:.1} s) | {} | {} / {} ({}) | {:+.0}/s | {} | {} | {} | {} |",
                r.name,
                s.clients,
                rate(t.per_second),
                ms(t.latency.p50),
                ms(t.latency.p99),
                ms(t.latency.max),
                t.ok,
                t.seconds,
                t.errors,
                s.backlog_start,
                s.backlog_end,
                s.backlog_max,
                s.backlog_slope,
                rate(s.processed_per_second),
                opt_ms(s.drain, "not within 120 s"),
                cpu_cell(t.cpu.as_ref()),
                // Below a second the 100 Hz tick counters say nothing.
                if s.drain.is_none_or(|d| d >= Duration::from_secs(1)) {
                    cpu_cell(s.drain_cpu.as_ref())
                } else {
                    "-".into()
                }
            );
        }
        let _ = writeln!(o, "\nBacklog readings (seconds from the start of the measured window; every fourth reading, warm-up and drain included):\n");
        for r in &runs {
            if let Some(s) = &r.alerts {
                let _ = writeln!(o, "- {}: {}", r.name, curve(s, self.warmup));
            }
        }
        let _ = writeln!(
            o,
            "\nWhere the time goes, from the inbox rows (each inbox commit stamps its batch's \
             `received_at`, each processor transaction its batch's `processed_at`); the processor \
             takes at most {PROCESSOR_BATCH} requests a transaction, and a full batch's time is its \
             start to the next one's:\n\n\
             | Database | Run | Requests (unprocessed) | Inbox commits (mean / max requests) | Processor transactions (mean / max; full) | Full batch takes (p50) | Full-batch rate | Stored -> processed p50 / p99 / max |\n|---|---|---|---|---|---|---|---|"
        );
        for r in &runs {
            if let Some(b) = r.alerts.as_ref().and_then(|s| s.batches.as_ref()) {
                let _ = writeln!(o, "{}", batches_row(r.name, "sustained", b));
            }
            if let Some(b) = r.alerts_rate.as_ref().and_then(|f| f.batches.as_ref()) {
                let _ = writeln!(o, "{}", batches_row(r.name, "fixed rate", b));
            }
            if let Some(b) = r.storm.as_ref().and_then(|s| s.batches.as_ref()) {
                let _ = writeln!(o, "{}", batches_row(r.name, "storm", b));
            }
        }
        let _ = writeln!(o, "\n### Latency at a fixed rate (open loop)\n\nEvents sent on a fixed schedule whatever the answers, on the sustained run's server after its backlog drained; the first {} s are warm-up. Latency runs from each event's *scheduled* send time to its 202.\n", self.warmup);
        let _ = writeln!(o, "| Database | Offered | 202 (window) | p50 | p99 | max | Generator late by (max) | Errors | Backlog max | Drained after | Cores used: server / bench / PostgreSQL / other (busiest server thread) |\n|---|---|---|---|---|---|---|---|---|---|---|");
        for r in &runs {
            let Some(f) = &r.alerts_rate else { continue };
            let _ = writeln!(
                o,
                "| {} | {}/s for {:.0} s | {} of {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                r.name,
                rate(f.rate.into()),
                f.seconds,
                f.ok,
                f.sent,
                ms(f.latency.p50),
                ms(f.latency.p99),
                ms(f.latency.max),
                ms(f.max_lag),
                f.errors,
                f.backlog_max,
                opt_ms(f.drain, "not within 120 s"),
                cpu_cell(f.cpu.as_ref())
            );
        }
        self.storm(o, &runs);
    }

    fn storm(&self, o: &mut String, runs: &[&DbRun]) {
        let _ = writeln!(o, "\n### Storm\n\nN events from one cause (distinct dedup keys, one source) sent as fast as the server takes them by the same closed-loop clients sharing one count; then the bench waits for a zero backlog and every `alert_effect` job done (at most 120 s after the last answer). Groups (`GET /api/v1/alert-groups`), incidents (`GET /api/v1/incidents`), pages (`GET /api/v1/incidents/{{ref}}/pages`; the team's schedule has the admin on call, whose default email contact method gets the page at an SMTP sink inside the bench) and the integration's counters (`GET /api/v1/integrations/{{id}}`) through the API; alert rows counted in the database. Lost = accepted minus alert rows. VmRSS sampled every 20 ms; VmHWM is the kernel's high-water mark for the server's life.\n");
        let _ = writeln!(o, "| Database | Alerts (clients) | Accepted / errors | Send time (rate) | Answer p50 / p99 / max | Backlog max | Last answer -> backlog 0 / effects done | Effect jobs done / dead | Groups (alerts, requests) | Incidents | Pages (emails to the on-call) | Received counter / alert rows / lost | Deduplicated / grouped counters | VmRSS before / peak / after; VmHWM | Cores used: server / bench / PostgreSQL / other (busiest server thread) |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for r in runs {
            let Some(s) = &r.storm else { continue };
            let _ = writeln!(
                o,
                "| {} | {} ({}) | {} / {} | {:.2} s ({}/s) | {} | {} | {} / {} | {} / {} | {} ({}, {}) | {} | {} ({}) | {} / {} / {} | {} / {} | {} / {} / {}; {} | {} |",
                r.name,
                rate(s.alerts as f64),
                s.clients,
                s.accepted,
                s.errors,
                s.send.as_secs_f64(),
                rate(s.per_second),
                lat(&s.latency),
                s.backlog_max,
                opt_ms(s.drained, "not within 120 s"),
                opt_ms(s.settled, "not within 120 s"),
                s.jobs.done,
                s.jobs.dead,
                s.groups,
                s.group_alerts,
                s.group_received,
                s.incidents,
                s.pages,
                s.page_mails,
                s.counter_received,
                s.alert_rows,
                s.lost(),
                s.counter_deduplicated,
                s.counter_grouped,
                mb(s.rss_before_kib),
                mb(s.rss_peak_kib),
                mb(s.rss_after_kib),
                mb(s.hwm_kib),
                cpu_cell(s.cpu.as_ref())
            );
        }
        for r in runs {
            let errors = [
                r.alerts.as_ref().and_then(|s| s.load.first_error.clone()),
                r.alerts_rate.as_ref().and_then(|f| f.first_error.clone()),
                r.storm.as_ref().and_then(|s| s.first_error.clone()),
            ];
            if let Some(subject) = r.storm.as_ref().and_then(|s| s.mail_subject.as_ref()) {
                let _ = writeln!(o, "\nThe page email on {}: \"{subject}\"", r.name);
            }
            for e in errors.into_iter().flatten() {
                let _ = writeln!(o, "\nFirst error on {}: `{}`", r.name, e.replace('`', "'"));
            }
            for l in &r.alerts_log {
                let _ = writeln!(o, "\n{} server logged:\n\n```\n{l}\n```", r.name);
            }
        }
        o.push('\n');
    }
}
