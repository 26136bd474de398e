//! The postmortem distribution section of the report.

use super::sections::cpu_cell;
use super::{rate, Report};
use crate::distribution::{Distribution, DEADLINE};
use crate::stats::ms;
use std::fmt::Write;
use std::time::Duration;

fn mb(kib: u64) -> String {
    format!("{:.1} MB", kib as f64 * 1024.0 / 1e6)
}

fn concurrency(d: &Distribution) -> String {
    d.concurrency
        .map_or("8 (default)".into(), |c| c.to_string())
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

impl Report {
    pub(super) fn distribution(&self, o: &mut String) {
        let runs: Vec<(&str, &Distribution)> = self
            .runs
            .iter()
            .flat_map(|r| r.distribution.iter().map(|d| (r.name, d)))
            .collect();
        if runs.is_empty() {
            return;
        }
        let _ = writeln!(
            o,
            "## Postmortem distribution\n\n\
             Publishing a postmortem to every active user by email, on a fresh database: N readers \
             inserted as active users while no server runs, then through the API the policy (the \
             summary to `everyone`), a SEV1 incident, its postmortem opened, sent for review and \
             approved by a second user. Timed from just before the publish request to the bench's \
             SMTP sink (loopback, answers at once) reading the end of each message; the run is cut \
             at {} s. Every active user should get exactly one message (the participants are among \
             them). Server memory: VmRSS sampled every 20 ms while distributing, and the kernel's \
             high-water mark (VmHWM).\n",
            DEADLINE.as_secs()
        );
        let _ = writeln!(o, "| Database | Delivery concurrency | Messages (expected) | Distinct recipients / duplicated / missing | Publish answered | To first message | To last message | Arrivals p50 / p99 | Messages/s (first to last) | SMTP connections (connection to message end p50 / p99) | VmRSS before / peak / 2 s after the last message; VmHWM | Cores used: server / bench / PostgreSQL / other (busiest server thread) |\n|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (name, d) in &runs {
            let _ = writeln!(
                o,
                "| {name} | {} | {} ({}){} | {} / {} / {} | {} | {} | {} | {} / {} | {} | {} ({} / {}) | {} / {} / {}; {} | {} |",
                concurrency(d),
                d.received,
                d.expected,
                if d.cut { format!(" **cut at {} s**", DEADLINE.as_secs()) } else { String::new() },
                d.distinct,
                d.duplicated,
                d.missing,
                ms(d.publish_answered),
                secs(d.to_first),
                secs(d.to_last),
                secs(d.arrivals.p50),
                secs(d.arrivals.p99),
                rate(d.send_rate),
                d.connections,
                ms(d.session.p50),
                ms(d.session.p99),
                mb(d.rss_before_kib),
                mb(d.rss_peak_kib),
                mb(d.rss_after_kib),
                mb(d.hwm_kib),
                cpu_cell(d.cpu.as_ref())
            );
        }
        let _ = writeln!(
            o,
            "\nWhere the time goes, from the jobs' own timestamps, offsets from just before the publish request:\n\n\
             | Database | Delivery concurrency | distribute job queued -> done (attempts) | First / last email job queued | First / last email job done | Email jobs by state (retried) |\n|---|---|---|---|---|---|"
        );
        for (name, d) in &runs {
            let Some(j) = &d.jobs else { continue };
            let states: Vec<String> = j
                .email_states
                .iter()
                .map(|(s, n)| format!("{s} {n}"))
                .collect();
            let _ = writeln!(
                o,
                "| {name} | {} | {} -> {} ({}, {}) | {} / {} | {} / {} | {} ({}) |",
                concurrency(d),
                secs(j.distribute_created),
                j.distribute_finished.map_or("not done".into(), secs),
                j.distribute_attempts,
                j.distribute_state,
                secs(j.email_first_created),
                secs(j.email_last_created),
                secs(j.email_first_finished),
                secs(j.email_last_finished),
                states.join(", "),
                j.retried
            );
        }
        for (name, d) in &runs {
            let _ = writeln!(
                o,
                "\n{name}, concurrency {}: {} readers inserted in {}.",
                concurrency(d),
                rate(d.inserted as f64),
                secs(d.insert)
            );
            if let Some(e) = d.jobs.as_ref().and_then(|j| j.first_error.as_ref()) {
                let _ = writeln!(o, "First email job error: `{}`", e.replace('`', "'"));
            }
            if d.same_message_id > 0 {
                let _ = writeln!(
                    o,
                    "Messages repeating an earlier Message-ID (sent again): {}.",
                    d.same_message_id
                );
            }
            if !d.unknown_commands.is_empty() {
                let _ = writeln!(
                    o,
                    "SMTP commands the sink did not know: {:?}.",
                    d.unknown_commands
                );
            }
            if d.strangers > 0 || !d.others.is_empty() {
                let _ = writeln!(
                    o,
                    "Messages to addresses that are not active users: {}; other messages: {:?}.",
                    d.strangers, d.others
                );
            }
        }
        o.push('\n');
    }
}
