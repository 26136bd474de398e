//! The report: one markdown document, printed and optionally written to bench/RESULTS.md.
//! Markdown tables read well enough in a terminal, and one renderer keeps both in step.

mod alerts;
mod delivery;
mod distribution;
mod sections;

use crate::commits::Commits;
use crate::fanout::Fanout;
use crate::machine::Machine;
use crate::stats::{ms, percentile, Throughput};
use std::fmt::Write;
use std::time::Duration;

/// Start-to-ready trials and idle memory (SQLite only).
#[derive(Debug, Clone, Default)]
pub struct Startup {
    pub fresh: Vec<Duration>,
    pub existing: Option<Duration>,
    pub idle_rss_kib: Option<u64>,
}

impl Startup {
    pub fn median(&self) -> Duration {
        let mut v = self.fresh.clone();
        v.sort_unstable();
        percentile(&v, 50.0)
    }

    /// The slowest start, fresh or on the existing data directory.
    pub fn max(&self) -> Duration {
        self.fresh
            .iter()
            .copied()
            .chain(self.existing)
            .max()
            .unwrap_or_default()
    }
}

/// Everything measured on one database.
#[derive(Debug, Clone, Default)]
pub struct DbRun {
    pub name: &'static str,
    pub detail: String,
    pub startup: Option<Startup>,
    pub declare: Option<Throughput>,
    pub comments: Option<Throughput>,
    /// Writes that shared each transaction of the group commit writer, on average.
    pub declare_sharing: Option<f64>,
    pub comments_sharing: Option<f64>,
    pub fanout: Vec<Fanout>,
    pub paging: Option<crate::paging::Paging>,
    /// Drains: the server's default concurrency first, then the raised ones.
    pub drains: Vec<crate::drain::Drain>,
    /// Raw-commit ceilings: the 1-INSERT one first (the ratios' basis), then the Goldseam-shaped one.
    pub commits: Vec<Commits>,
    /// Memory under a flood of failed sign-ins (SQLite only).
    pub login_flood: Option<crate::login_flood::LoginFlood>,
    /// Co-editing a postmortem.
    pub postmortem: Option<crate::postmortem::Postmortem>,
    /// Publishing a postmortem to many readers by email: default concurrency first.
    pub distribution: Vec<crate::distribution::Distribution>,
    /// Sustained alert ingestion, the fixed-rate run, and the storm.
    pub alerts: Option<crate::alerts::Sustained>,
    pub alerts_rate: Option<crate::alerts_rate::FixedRate>,
    pub storm: Option<crate::alerts_storm::Storm>,
    /// Warnings and errors the alert servers logged.
    pub alerts_log: Vec<String>,
    pub failures: Vec<String>,
    pub server_5xx: Vec<String>,
}

/// One budget row's cell for a database's run.
type Cell = Box<dyn Fn(&DbRun) -> Option<String>>;

pub struct Report {
    pub command: String,
    pub machine: Machine,
    pub goldseam: String,
    pub clients: usize,
    pub warmup: u64,
    pub seconds: u64,
    pub echo: Option<Throughput>,
    pub runs: Vec<DbRun>,
    /// /proc/loadavg when the run started.
    pub loadavg: String,
    /// Cores used over the whole run by the bench (with its goldseam children) and by others.
    pub background: Option<crate::cpu::Usage>,
}

/// A whole number with thousands separators: 12,345.
fn rate(x: f64) -> String {
    let digits = (x.round() as u64).to_string();
    let groups: Vec<&str> = digits
        .as_bytes()
        .rchunks(3)
        .rev()
        .map(|g| std::str::from_utf8(g).unwrap_or(""))
        .collect();
    groups.join(",")
}

#[cfg(test)]
#[test]
fn thousands() {
    assert_eq!(rate(0.4), "0");
    assert_eq!(rate(999.0), "999");
    assert_eq!(rate(1234.0), "1,234");
    assert_eq!(rate(1234567.0), "1,234,567");
}

fn mark(pass: bool) -> &'static str {
    if pass {
        "pass"
    } else {
        "**MISS**"
    }
}

impl Report {
    pub fn markdown(&self) -> String {
        let mut o = String::new();
        let m = &self.machine;
        let _ = writeln!(o, "# Goldseam benchmark results\n");
        let _ = writeln!(o, "- Command: `{}`", self.command);
        let _ = writeln!(o, "- Date: {}; commit `{}`", m.date, m.commit);
        let _ = writeln!(
            o,
            "- Machine: {} cores ({}), {} memory, Linux {}; open-files limit {}",
            m.cores, m.cpu, m.memory, m.kernel, m.nofile
        );
        let _ = writeln!(o, "- Server: {}", self.goldseam);
        for r in &self.runs {
            let _ = writeln!(o, "- {}: {}", r.name, r.detail);
        }
        let _ = writeln!(o, "- Load average when the run started: {}", self.loadavg);
        if let Some(b) = &self.background {
            let _ = writeln!(
                o,
                "- Over the whole run, the bench and its goldseam servers used {:.2} cores on average, PostgreSQL {:.2}, others {:.2} (of which the hypervisor took {:.2}: steal time){}",
                b.bench,
                b.database,
                b.others,
                b.stolen,
                if b.others > 0.2 { " (**the machine was not quiet: figures are disturbed**)" } else { "" }
            );
        }
        let _ = writeln!(
            o,
            "- Load: {} clients, each with its own keep-alive HTTP/1.1 connection, closed loop; {} s warm-up, then {} s measured\n",
            self.clients, self.warmup, self.seconds
        );
        self.budgets(&mut o);
        self.throughput(&mut o);
        self.fanout(&mut o);
        self.delivery(&mut o);
        self.startup(&mut o);
        self.login_flood(&mut o);
        self.postmortem(&mut o);
        self.distribution(&mut o);
        self.alerts(&mut o);
        self.ceilings(&mut o);
        self.problems(&mut o);
        o.push_str(NOTES);
        o
    }

    fn budgets(&self, o: &mut String) {
        let _ = writeln!(o, "## Budgets (DESIGN.md, \"Performance budgets\")\n");
        let _ = write!(o, "| Budget | Floor |");
        for r in &self.runs {
            let _ = write!(o, " {} |", r.name);
        }
        let _ = write!(o, "\n|---|---|");
        for _ in &self.runs {
            o.push_str("---|");
        }
        o.push('\n');
        let mut rows: Vec<(&str, &str, Cell)> = vec![
            (
                "Declare an incident: throughput",
                ">= 2,000/s",
                Box::new(|r| {
                    r.declare.as_ref().map(|t| {
                        format!("{}/s {}", rate(t.per_second), mark(t.per_second >= 2000.0))
                    })
                }),
            ),
            (
                "Declare an incident: p99",
                "< 25 ms",
                Box::new(|r| {
                    r.declare.as_ref().map(|t| {
                        format!(
                            "{} {}",
                            ms(t.latency.p99),
                            mark(t.latency.p99 < Duration::from_millis(25))
                        )
                    })
                }),
            ),
            (
                "Post a comment: throughput",
                ">= 5,000/s",
                Box::new(|r| {
                    r.comments.as_ref().map(|t| {
                        format!("{}/s {}", rate(t.per_second), mark(t.per_second >= 5000.0))
                    })
                }),
            ),
            (
                "Post a comment: p99",
                "< 15 ms",
                Box::new(|r| {
                    r.comments.as_ref().map(|t| {
                        format!(
                            "{} {}",
                            ms(t.latency.p99),
                            mark(t.latency.p99 < Duration::from_millis(15))
                        )
                    })
                }),
            ),
            (
                "Fan-out: event reaches all streams, p99 (largest N)",
                "< 250 ms",
                Box::new(|r| largest(r).map(fanout_budget)),
            ),
            (
                "Fan-out: server memory per idle stream (largest N)",
                "< 20 KiB",
                Box::new(|r| {
                    largest(r).map(|f| {
                        format!(
                            "{:.1} KiB at {} streams {}",
                            f.kib_per_stream,
                            f.connected,
                            mark(f.kib_per_stream < 20.0)
                        )
                    })
                }),
            ),
            (
                "Start to ready, median (max)",
                "< 300 ms",
                Box::new(|r| {
                    r.startup.as_ref().filter(|s| !s.fresh.is_empty()).map(|s| {
                        format!(
                            "{} ({}) {}",
                            ms(s.median()),
                            ms(s.max()),
                            mark(s.max() < Duration::from_millis(300))
                        )
                    })
                }),
            ),
            (
                "Idle memory (VmRSS)",
                "< 60 MB",
                Box::new(|r| {
                    r.startup.as_ref().and_then(|s| s.idle_rss_kib).map(|k| {
                        format!(
                            "{:.1} MB {}",
                            k as f64 * 1024.0 / 1e6,
                            mark(k * 1024 < 60_000_000)
                        )
                    })
                }),
            ),
            (
                "40 failed sign-ins at once: peak VmRSS",
                "< 120 MB",
                Box::new(|r| {
                    r.login_flood.as_ref().map(|f| {
                        format!(
                            "{:.1} MB {}",
                            f.peak_kib as f64 * 1024.0 / 1e6,
                            mark(f.peak_kib * 1024 < 120_000_000)
                        )
                    })
                }),
            ),
            (
                "40 failed sign-ins at once: VmRSS 3 s later",
                "< 60 MB",
                Box::new(|r| {
                    r.login_flood.as_ref().map(|f| {
                        format!(
                            "{:.1} MB {}",
                            f.after_3s_kib as f64 * 1024.0 / 1e6,
                            mark(f.after_3s_kib * 1024 < 60_000_000)
                        )
                    })
                }),
            ),
        ];
        rows.extend(alerts::budget_rows());
        for (name, floor, cell) in rows {
            let _ = write!(o, "| {name} | {floor} |");
            for r in &self.runs {
                let _ = write!(o, " {} |", cell(r).unwrap_or_else(|| "not measured".into()));
            }
            o.push('\n');
        }
        o.push_str(
            "\nNot measured by this bench: the \
             dashboard's JavaScript size (a web build concern). The declaration budget is stated for SQLite; \
             PostgreSQL figures are shown against the same floors for comparison. The fan-out mark uses the stricter \
             reading: the p99, over the comments, of the time until the *last* stream received it. Start to ready \
             is marked on the slowest start; idle memory on 60,000,000 bytes.\n\n",
        );
    }
}

fn largest(r: &DbRun) -> Option<&Fanout> {
    r.fanout.iter().max_by_key(|f| f.streams)
}

fn fanout_budget(f: &Fanout) -> String {
    let complete =
        f.incomplete_comments == 0 && f.delivered >= f.expected && f.connected == f.streams;
    format!(
        "all-streams p99 {} (per delivery p99 {}) at {} streams {}",
        ms(f.last.p99),
        ms(f.latency.p99),
        f.connected,
        mark(complete && f.last.p99 < Duration::from_millis(250))
    )
}

const NOTES: &str = "## Notes\n
- One 2-core machine runs everything: the load generator (16 clients, or up to 10,000 stream tasks), the server \
and, for the PostgreSQL variant, PostgreSQL itself. The \"cores used\" column shows the split, measured from /proc \
over each measured window; \"other\" is every other process on the machine (anything well above zero means the \
figures were disturbed). The echo ceiling is loaded by the same generator, so it also shows what the generator \
costs: at tens of thousands of requests per second it is far from being the limit at Goldseam's rates.
- Closed loop: each client waits for its answer before sending again, so throughput is 16 ÷ mean latency: a \
server that answers slower is offered less load. p99 therefore does not include the queueing an open-loop arrival \
process (independent users) would see at the same rate.
- This machine is a small VM, and latency-bound loops are sensitive to how fast an idle virtual CPU wakes up: \
the raw-commit ceilings (one transaction at a time through sqlx, whose SQLite driver runs every statement on its \
own worker thread, so each statement is two thread hand-offs) and Goldseam's single SQLite writer connection both \
are. While this bench was written (2026-11-25), keeping both cores busy with two idle-priority spin loops raised \
the raw SQLite ceiling from about 6,900 to 41,000 commits/s, and the 6-INSERT one from 2,300 to 21,900. Run-to-run \
swings of a third in those figures are normal here; compare ratios from the same run rather than absolute \
figures across runs.
- The raw-commit ceilings are therefore not hard upper bounds: they are what one sequential writer gets through \
the same driver on an otherwise idle machine. A Goldseam write makes 2 round trips to the one writer \
connection (BEGIN IMMEDIATE with the reads of the incident and the counters; then one script with every write and \
COMMIT), fewer than the 1-INSERT ceiling's 3, which it trails because each request also parses, decides, \
serializes and travels through HTTP.
- Fan-out latencies are taken by the bench's own stream tasks: with 10,000 sockets becoming readable at once, \
the client's two worker threads read them one after another, so the tail includes client-side scheduling. \
Streams are opened 64 at a time, so the figures measure streams rather than connection setup; goldseam \
listens with an accept backlog of 4,096 (capped by net.core.somaxconn) so that reconnect storms are not turned \
into 1 s SYN retries.
- Memory per idle stream is the server's VmRSS growth divided by the streams, measured on a freshly started server \
(allocator high-water marks from earlier load would hide the cost). It counts user-space memory only: socket \
buffers live in the kernel and are not in VmRSS.
- SQLite runs with Goldseam's default durability (WAL, synchronous=NORMAL: durable across a process crash, not \
across power loss); the raw SQLite ceiling uses the same setting on one connection, as Goldseam writes through \
one. PostgreSQL runs with its defaults (synchronous_commit=on) on this same machine; its second ceiling bumps \
one shared counter row in every transaction, as Goldseam does to number events in commit order, so concurrent \
writers queue on that row lock until each commit is flushed.
- Each database variant uses a fresh database (a fresh SQLite file; a throwaway PostgreSQL schema), so tables are \
small; figures on a database with years of incidents may differ.
";
