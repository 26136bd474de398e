//! The paging and delivery-engine section of the report.

use super::sections::cpu_cell;
use super::{rate, Report};
use crate::stats::{ms, Latency};
use std::fmt::Write;

fn p50_p99(l: &Latency) -> String {
    format!("{} / {}", ms(l.p50), ms(l.p99))
}

impl Report {
    pub(super) fn delivery(&self, o: &mut String) {
        let paging: Vec<_> = self
            .runs
            .iter()
            .filter_map(|r| r.paging.as_ref().map(|p| (r.name, p)))
            .collect();
        let drains = self.runs.iter().any(|r| !r.drains.is_empty());
        if paging.is_empty() && !drains {
            return;
        }
        let _ = writeln!(o, "## Paging and the delivery engine\n");
        if !paging.is_empty() {
            let _ = writeln!(
                o,
                "### Declaration to the first page handed to the provider (open loop)\n\n\
                 Set up through the API: an on-call user (created by the admin, signed in, with a token of \
                 their own) adds a **webhook** contact method pointing at the bench's receiver, verifies it \
                 with the code that arrives there, and sets one rule (notify at once); the admin makes a \
                 one-person schedule and the incident-manager setting at SEV1. Each SEV1 declaration then \
                 runs the real path: the declaration commits with a `respond` job, a worker assigns the \
                 incident manager and starts a page (an `escalate` job), a worker resolves the level into \
                 a `webhook` job from the notification rule, a worker POSTs it (signed). A webhook rather \
                 than SMS because SMS to one number go out at most once every 20 s, bundled: at 100 \
                 declarations a second one phone would get one bundled text every 20 s and the latency \
                 would measure the rate limit, not the engine; webhooks have no limit, so one contact \
                 method measures the path itself. Declarations are sent on a fixed schedule, whatever the \
                 answers (open loop); the first {} s are warm-up. Latency runs from each declaration's \
                 *scheduled* send time (so a late generator counts against the server) to the moment the \
                 receiver had read the webhook naming its incident.\n",
                self.warmup
            );
            let _ = writeln!(o, "| Database | Offered | Declared (window) | Paged | p50 | p99 | max | Declaration answered p50 / p99 | Generator late by (max) | Errors | Cores used: server / bench / PostgreSQL / other (busiest server thread) |\n|---|---|---|---|---|---|---|---|---|---|---|");
            for (name, p) in &paging {
                let _ = writeln!(
                    o,
                    "| {name} | {}/s for {:.0} s | {} of {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                    p.rate,
                    p.seconds,
                    p.declared,
                    p.sent,
                    p.paged,
                    ms(p.latency.p50),
                    ms(p.latency.p99),
                    ms(p.latency.max),
                    p50_p99(&p.declare),
                    ms(p.max_lag),
                    p.errors,
                    cpu_cell(p.cpu.as_ref())
                );
            }
            let _ = writeln!(
                o,
                "\nWhere the time goes, p50 / p99 per hop, from the jobs' own timestamps (one clock: this machine's):\n\n\
                 | Database | Incidents | Scheduled send -> declaration committed | -> respond job done (escalate job written) | -> escalate job done (webhook job written) | -> webhook sent and recorded |\n|---|---|---|---|---|---|"
            );
            for (name, p) in &paging {
                if let Some(h) = &p.hops {
                    let _ = writeln!(
                        o,
                        "| {name} | {} | {} | {} | {} | {} |",
                        h.incidents,
                        p50_p99(&h.commit),
                        p50_p99(&h.respond),
                        p50_p99(&h.escalate),
                        p50_p99(&h.send)
                    );
                }
            }
            for (name, p) in &paging {
                if let Some(e) = &p.first_error {
                    let _ = writeln!(
                        o,
                        "\nFirst declaration error on {name}: `{}`",
                        e.replace('`', "'")
                    );
                }
            }
            o.push('\n');
        }
        if drains {
            let _ = writeln!(
                o,
                "### Deliveries per second through the engine\n\n\
                 N webhook deliveries to N distinct URLs on the bench's receiver (no rate limit, no \
                 bundling, signed), enqueued with goldseam_store's `enqueue_all` (1,000 per transaction) \
                 while no server runs; then a `goldseam serve` starts and drains them, first at its default \
                 concurrency, then with GOLDSEAM_DELIVERY_CONCURRENCY raised. The rate is taken from the \
                 first to the last arrival; the first and last tenth of the arrivals are shown apart to see \
                 whether the rate holds as the backlog drains (a claim ranks only the head of the queue, so \
                 its cost should not depend on the backlog). A drain still \
                 running after {} s is stopped and its rate is that of what arrived.\n",
                crate::drain::DRAIN_DEADLINE.as_secs()
            );
            let _ = writeln!(o, "| Database | Concurrency | Delivered | Enqueue (server stopped) | Spawn -> first arrival | First -> last | Deliveries/s | First tenth / last tenth | Cores used: server / bench / PostgreSQL / other (busiest server thread) |\n|---|---|---|---|---|---|---|---|---|");
            for r in &self.runs {
                for d in &r.drains {
                    let _ = writeln!(
                        o,
                        "| {} | {} | {} of {}{} | {:.2} s | {} | {:.2} s | {} | {} / {} | {} |",
                        r.name,
                        d.concurrency
                            .map_or("8 (default)".into(), |c| c.to_string()),
                        d.delivered,
                        d.jobs,
                        if d.delivered < d.jobs {
                            format!(" (stopped at {} s)", crate::drain::DRAIN_DEADLINE.as_secs())
                        } else {
                            String::new()
                        },
                        d.enqueue.as_secs_f64(),
                        ms(d.to_first),
                        d.first_to_last.as_secs_f64(),
                        rate(d.per_second),
                        rate(d.first_tenth),
                        rate(d.last_tenth),
                        cpu_cell(d.cpu.as_ref())
                    );
                }
            }
            o.push('\n');
        }
    }
}
