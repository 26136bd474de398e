//! The delivery scenarios of a database's run: declaration to page, and the engine's drains.

use crate::report::DbRun;
use crate::server::{Goldseam, Target};
use crate::suite::{record, Scenario, Suite};
use crate::{drain, paging, stats};
use anyhow::Result;
use std::path::Path;

/// Outgoing webhooks are signed in these scenarios, as in production (docs/webhooks.md).
const WEBHOOK_SECRET: &str = "bench-webhook-secret-not-secret";

impl Suite {
    /// Paging and the drains, each on a server of its own (same database), webhooks signed.
    pub(crate) async fn delivery(
        &self,
        run: &mut DbRun,
        target: &Target,
        data_dir: &Path,
        log: &Path,
        token: &str,
    ) -> Result<()> {
        let secret = [("GOLDSEAM_WEBHOOK_SECRET", WEBHOOK_SECRET.to_string())];
        if self.has(Scenario::Paging) {
            eprintln!(
                "{}: declaration to page, {} SEV1 declarations/s, {} s ...",
                run.name,
                self.page_rate,
                self.load.duration.as_secs()
            );
            let (server, _) = Goldseam::start_with(target, data_dir, log, &secret).await?;
            let p = paging::run(
                &server,
                token,
                &target.store_url(data_dir),
                self.page_rate,
                self.load.warmup,
                self.load.duration,
            )
            .await;
            run.server_5xx
                .extend(server.server_errors().await.unwrap_or_default());
            let problems = server.log_problems();
            server.stop().await?;
            if !problems.trim().is_empty() {
                eprintln!("{} paging server logged (last 20):\n{problems}", run.name);
            }
            run.paging = record(&mut run.failures, "paging", p).inspect(|p| {
                eprintln!(
                    "  {} of {} declared paged, p50 {}, p99 {}, declare p99 {}",
                    p.paged,
                    p.declared,
                    stats::ms(p.latency.p50),
                    stats::ms(p.latency.p99),
                    stats::ms(p.declare.p99)
                )
            });
        }
        if self.has(Scenario::Deliveries) {
            let runs =
                std::iter::once(None).chain(self.delivery_concurrency.iter().copied().map(Some));
            for (i, concurrency) in runs.enumerate() {
                eprintln!(
                    "{}: draining {} webhook deliveries, concurrency {} ...",
                    run.name,
                    self.deliveries,
                    concurrency.map_or("default".into(), |c| c.to_string())
                );
                let d = drain::run(
                    target,
                    data_dir,
                    log,
                    self.deliveries,
                    concurrency,
                    &format!("drain{i}"),
                    &secret,
                )
                .await;
                if let Some(d) = record(&mut run.failures, "deliveries", d) {
                    eprintln!(
                        "  {} of {} in {:.2} s: {:.0}/s (first tenth {:.0}/s, last tenth {:.0}/s)",
                        d.delivered,
                        d.jobs,
                        d.first_to_last.as_secs_f64(),
                        d.per_second,
                        d.first_tenth,
                        d.last_tenth
                    );
                    if !d.problems.trim().is_empty() {
                        eprintln!("  server logged (last 20):\n{}", d.problems);
                    }
                    run.drains.push(d);
                }
            }
        }
        Ok(())
    }
}
