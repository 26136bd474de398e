//! The report's detail sections, below the budget table.

use super::{rate, DbRun, Report};
use crate::cpu::Usage;
use crate::stats::ms;
use std::fmt::Write;

/// `1.10 / 0.80 / 0.00 / 0.05 (sqlx-sqlite-worker 0.97)`.
pub fn cpu_cell(u: Option<&Usage>) -> String {
    let Some(u) = u else { return "n/a".into() };
    let thread = u
        .busiest_thread
        .as_ref()
        .map(|(name, c)| format!(" ({name} {c:.2})"))
        .unwrap_or_default();
    let stolen = if u.stolen >= 0.01 {
        format!(" ({:.2} stolen)", u.stolen)
    } else {
        String::new()
    };
    format!(
        "{:.2} / {:.2} / {:.2} / {:.2}{stolen}{thread}",
        u.server, u.bench, u.database, u.others
    )
}

impl Report {
    pub(super) fn throughput(&self, o: &mut String) {
        let _ = writeln!(o, "## Declarations and comments\n");
        let _ = writeln!(o, "| Scenario | Database | Requests/s | p50 | p99 | max | OK (window) | Errors | Writes per commit | Cores used: server / bench / PostgreSQL / other (busiest server thread) |\n|---|---|---|---|---|---|---|---|---|---|");
        for (label, pick) in [
            ("Declare (POST /api/v1/incidents)", 0),
            ("Comment (POST .../comments, client i on incident i)", 1),
        ] {
            for r in &self.runs {
                let (t, sharing) = if pick == 0 {
                    (&r.declare, r.declare_sharing)
                } else {
                    (&r.comments, r.comments_sharing)
                };
                if let Some(t) = t {
                    let sharing = sharing.map_or("n/a".into(), |s| format!("{s:.1}"));
                    let _ = writeln!(
                        o,
                        "| {label} | {} | {} | {} | {} | {} | {} ({:.1} s) | {} | {sharing} | {} |",
                        r.name,
                        rate(t.per_second),
                        ms(t.latency.p50),
                        ms(t.latency.p99),
                        ms(t.latency.max),
                        t.ok,
                        t.seconds,
                        t.errors,
                        cpu_cell(t.cpu.as_ref())
                    );
                }
            }
        }
        for r in &self.runs {
            for (label, t) in [("declare", &r.declare), ("comment", &r.comments)] {
                if let Some(e) = t.as_ref().and_then(|t| t.first_error.as_ref()) {
                    let _ = writeln!(
                        o,
                        "\nFirst {label} error on {}: `{}`",
                        r.name,
                        e.replace('`', "'")
                    );
                }
            }
        }
        o.push('\n');
    }

    pub(super) fn fanout(&self, o: &mut String) {
        let _ = writeln!(
            o,
            "## Live fan-out (SSE on one incident, 20 comments 200 ms apart)\n"
        );
        let _ = writeln!(
            o,
            "| Database | Streams open | Time to open all | Server RSS before -> after | Per idle stream | Deliveries | p50 | p99 | max | Last stream p50 / p99 | Failed streams | Server let go of closed streams |\n\
             |---|---|---|---|---|---|---|---|---|---|---|---|"
        );
        for r in &self.runs {
            for f in &r.fanout {
                let _ = writeln!(
                    o,
                    "| {} | {} of {} (server: {}) | {:.1} s | {:.1} -> {:.1} MiB | {:.1} KiB | {} of {}{} | {} | {} | {} | {} / {}{} | {} | {} |",
                    r.name,
                    f.connected,
                    f.streams,
                    f.server_open,
                    f.connect_time.as_secs_f64(),
                    f.rss_before_kib as f64 / 1024.0,
                    f.rss_after_kib as f64 / 1024.0,
                    f.kib_per_stream,
                    f.delivered,
                    f.expected,
                    if f.duplicates > 0 { format!(" ({} duplicates)", f.duplicates) } else { String::new() },
                    ms(f.latency.p50),
                    ms(f.latency.p99),
                    ms(f.latency.max),
                    ms(f.last.p50),
                    ms(f.last.p99),
                    if f.incomplete_comments > 0 { format!(" ({} comments missed by some stream)", f.incomplete_comments) } else { String::new() },
                    f.failed + f.resyncs,
                    match f.released_in {
                        Some(d) => format!("after {:.1} s", d.as_secs_f64()),
                        None => format!("**{} still counted after 20 s**", f.left_open),
                    },
                );
            }
        }
        o.push_str(
            "\nLatency runs from just before each comment's POST is sent until a stream's client reads the event \
             (matched by event id). \"Last stream\" is, per comment, the time until every stream had it.\n\n",
        );
    }

    pub(super) fn startup(&self, o: &mut String) {
        for r in &self.runs {
            let Some(s) = &r.startup else { continue };
            let _ = writeln!(o, "## Start to ready and idle memory ({})\n", r.name);
            let fresh: Vec<String> = s.fresh.iter().map(|d| ms(*d)).collect();
            let _ = writeln!(
                o,
                "- Fresh data directory, {} starts: {} (median {})",
                s.fresh.len(),
                fresh.join(", "),
                ms(s.median())
            );
            if let Some(e) = s.existing {
                let _ = writeln!(o, "- Existing data directory: {}", ms(e));
            }
            if let Some(k) = s.idle_rss_kib {
                let _ = writeln!(o, "- Idle VmRSS after start, a token and a few requests, settled 1 s: {:.1} MiB ({:.1} MB)", k as f64 / 1024.0, k as f64 * 1024.0 / 1e6);
            }
            o.push('\n');
        }
    }

    pub(super) fn login_flood(&self, o: &mut String) {
        for r in &self.runs {
            let Some(f) = &r.login_flood else { continue };
            let mb = |k: u64| k as f64 * 1024.0 / 1e6;
            let _ = writeln!(
                o,
                "## Memory under a flood of failed sign-ins ({})
",
                r.name
            );
            let answers: Vec<String> = f
                .statuses
                .iter()
                .map(|(s, n)| format!("{n} × {s}"))
                .collect();
            let _ = writeln!(
                o,
                "- {} sign-ins at once, each a different email from a different loopback address (so the limiter lets all reach a password check), answered in {}: {}",
                crate::login_flood::SIGN_INS,
                ms(f.took),
                answers.join(", ")
            );
            let _ = writeln!(
                o,
                "- Server VmRSS: {:.1} MB before, peak {:.1} MB (sampled every 2 ms), {:.1} MB 3 s after the last answer
",
                mb(f.before_kib),
                mb(f.peak_kib),
                mb(f.after_3s_kib)
            );
        }
    }

    pub(super) fn postmortem(&self, o: &mut String) {
        for r in &self.runs {
            let Some(p) = &r.postmortem else { continue };
            let _ = writeln!(o, "## Postmortem co-editing ({})\n", r.name);
            let _ = writeln!(
                o,
                "{} editors in one document over the sync socket, each typing a character every {} ms ({} updates measured):\n",
                crate::postmortem::EDITORS,
                crate::postmortem::KEYSTROKE.as_millis(),
                p.updates
            );
            let _ = writeln!(
                o,
                "| Measure | p50 | p99 | max | Budget |\n|---|---|---|---|---|"
            );
            let rows = [
                (
                    "Update to the sender's acknowledgement (stored)",
                    &p.ack,
                    "p99 < 100 ms",
                ),
                ("Update to another editor", &p.broadcast, "p99 < 100 ms"),
                (
                    "Open a 1 MB document nobody has open (loaded from the database)",
                    &p.open_cold,
                    "< 200 ms",
                ),
                ("Open it while it is open", &p.open_warm, ""),
            ];
            for (what, l, budget) in rows {
                let _ = writeln!(
                    o,
                    "| {what} | {} | {} | {} | {budget} |",
                    ms(l.p50),
                    ms(l.p99),
                    ms(l.max)
                );
            }
            let _ = writeln!(
                o,
                "\nThe large document exports to {} KB of Markdown. Server memory per open document (one socket each, {} documents): {:.0} KiB.\n",
                p.large_bytes / 1000,
                crate::postmortem::OPEN_DOCS,
                p.kib_per_doc
            );
        }
    }

    pub(super) fn ceilings(&self, o: &mut String) {
        let _ = writeln!(o, "## Ceilings on this machine, same run\n");
        if let Some(e) = &self.echo {
            let _ = writeln!(
                o,
                "- Bare axum 0.8 JSON echo (parse + serialize, own 2-worker runtime, same generator and body): {}/s, p50 {}, p99 {}, errors {}; cores used by the bench process (generator and echo server) {:.2}, by other processes {:.2}",
                rate(e.per_second),
                ms(e.latency.p50),
                ms(e.latency.p99),
                e.errors,
                e.cpu.as_ref().map(|c| c.bench).unwrap_or_default(),
                e.cpu.as_ref().map(|c| c.others).unwrap_or_default()
            );
        }
        for r in &self.runs {
            for c in &r.commits {
                let rows = if c.rows > 1 {
                    format!(" = {} rows/s", rate(c.per_second * c.rows as f64))
                } else {
                    String::new()
                };
                let _ = writeln!(
                    o,
                    "- Raw {} commits, {} ({}): {}/s{rows} ({} commits in {:.0} s)",
                    r.name,
                    c.label,
                    c.settings,
                    rate(c.per_second),
                    c.commits,
                    c.seconds
                );
            }
        }
        let _ = writeln!(
            o,
            "\n| Ratio | {} |\n|---|{}",
            self.runs
                .iter()
                .map(|r| r.name)
                .collect::<Vec<_>>()
                .join(" | "),
            "---|".repeat(self.runs.len())
        );
        type Ratio = Box<dyn Fn(&DbRun) -> Option<f64>>;
        let echo = self.echo.as_ref().map(|e| e.per_second);
        let rows: Vec<(&str, Ratio)> = vec![
            (
                "Declarations/s ÷ echo requests/s",
                Box::new(move |r| Some(r.declare.as_ref()?.per_second / echo?)),
            ),
            (
                "Declarations/s ÷ raw commits/s (1 INSERT)",
                Box::new(|r| Some(r.declare.as_ref()?.per_second / r.commits.first()?.per_second)),
            ),
            (
                "Declarations/s ÷ batched rows/s (100 per commit)",
                Box::new(|r| Some(r.declare.as_ref()?.per_second / batched_rows(r)?)),
            ),
            (
                "Comments/s ÷ echo requests/s",
                Box::new(move |r| Some(r.comments.as_ref()?.per_second / echo?)),
            ),
            (
                "Comments/s ÷ raw commits/s (1 INSERT)",
                Box::new(|r| Some(r.comments.as_ref()?.per_second / r.commits.first()?.per_second)),
            ),
            (
                "Comments/s ÷ batched rows/s (100 per commit)",
                Box::new(|r| Some(r.comments.as_ref()?.per_second / batched_rows(r)?)),
            ),
            (
                "Comments/s ÷ raw commits/s (Goldseam-shaped transaction)",
                Box::new(|r| Some(r.comments.as_ref()?.per_second / r.commits.get(1)?.per_second)),
            ),
        ];
        for (name, f) in rows {
            let cells: Vec<String> = self
                .runs
                .iter()
                .map(|r| {
                    f(r).map(|x| format!("{x:.3}"))
                        .unwrap_or_else(|| "n/a".into())
                })
                .collect();
            let _ = writeln!(o, "| {name} | {} |", cells.join(" | "));
        }
        o.push('\n');
    }

    pub(super) fn problems(&self, o: &mut String) {
        let mut lines = Vec::new();
        for r in &self.runs {
            lines.extend(
                r.failures
                    .iter()
                    .map(|f| format!("{}: scenario failed: {f}", r.name)),
            );
            lines.extend(
                r.server_5xx
                    .iter()
                    .map(|l| format!("{}: server answered 5xx: `{l}`", r.name)),
            );
            for (label, t) in [("declare", &r.declare), ("comment", &r.comments)] {
                if let Some(t) = t.as_ref().filter(|t| t.errors > 0) {
                    lines.push(format!("{}: {} {label} requests failed", r.name, t.errors));
                }
            }
            if let Some(p) = r
                .paging
                .as_ref()
                .filter(|p| p.paged < p.declared || p.errors > 0)
            {
                lines.push(format!(
                    "{}: paging: {} of {} declarations failed, {} of {} declared incidents paged within 30 s of the last declaration",
                    r.name, p.errors, p.sent, p.paged, p.declared
                ));
            }
            for d in r.drains.iter().filter(|d| d.delivered < d.jobs) {
                lines.push(format!(
                    "{}: deliveries at concurrency {}: {} of {} arrived before the bench stopped waiting ({} s); the rest were discarded",
                    r.name,
                    d.concurrency.map_or("default".into(), |c| c.to_string()),
                    d.delivered,
                    d.jobs,
                    crate::drain::DRAIN_DEADLINE.as_secs()
                ));
            }
            for f in &r.fanout {
                if f.released_in.is_none() {
                    lines.push(format!(
                        "{}: fan-out {}: {} streams still counted by the server 20 s after their clients closed them",
                        r.name, f.streams, f.left_open
                    ));
                }
                if f.failed + f.resyncs > 0
                    || f.delivered < f.expected
                    || f.duplicates > 0
                    || !f.post_errors.is_empty()
                {
                    lines.push(format!(
                        "{}: fan-out {}: {} streams failed, {} resyncs, {} of {} deliveries, {} duplicates, POST errors {:?}; first failure: {}",
                        r.name,
                        f.streams,
                        f.failed,
                        f.resyncs,
                        f.delivered,
                        f.expected,
                        f.duplicates,
                        f.post_errors,
                        f.first_failure.as_deref().unwrap_or("none")
                    ));
                }
            }
        }
        let _ = writeln!(o, "## Problems seen\n");
        if lines.is_empty() {
            o.push_str("None: no request errors, no 5xx, every stream connected and received every event once.\n\n");
        } else {
            for l in lines {
                let _ = writeln!(o, "- {l}");
            }
            o.push('\n');
        }
    }
}

/// Rows per second of a run's batched ceiling.
fn batched_rows(r: &DbRun) -> Option<f64> {
    let c = r.commits.iter().find(|c| c.rows > 1)?;
    Some(c.per_second * c.rows as f64)
}
