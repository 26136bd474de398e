//! The distribution scenario of a database's run, on a database of its own: its user count is
//! what it measures, so the users the other scenarios created must not be in it.

use crate::distribution::{self, Distribution};
use crate::report::DbRun;
use crate::server::Target;
use crate::suite::{record, Scenario, Suite};
use crate::{pg, stats};
use anyhow::Result;
use std::path::Path;

impl Suite {
    /// Publishes a postmortem to `--recipients` readers at the server's default delivery
    /// concurrency, then at each `--delivery-concurrency`: SQLite in a fresh data directory each
    /// time, PostgreSQL in a fresh schema of `pg_base` (dropped after).
    pub(crate) async fn distribution(&self, run: &mut DbRun, pg_base: Option<&str>) -> Result<()> {
        if !self.has(Scenario::Distribution) {
            return Ok(());
        }
        let runs = std::iter::once(None).chain(self.delivery_concurrency.iter().copied().map(Some));
        for (i, concurrency) in runs.enumerate() {
            eprintln!(
                "{}: publishing a postmortem to {} readers, delivery concurrency {} ...",
                run.name,
                self.recipients,
                concurrency.map_or("default".into(), |c| c.to_string())
            );
            let dir = format!("distribution-{}-{i}", run.name.to_lowercase());
            let d = self
                .distribution_once(&self.work.join(dir), pg_base, concurrency)
                .await;
            if let Some(d) = record(&mut run.failures, "distribution", d) {
                progress(&d);
                run.distribution.push(d);
            }
        }
        Ok(())
    }

    /// One distribution on a fresh database.
    async fn distribution_once(
        &self,
        data_dir: &Path,
        pg_base: Option<&str>,
        concurrency: Option<u32>,
    ) -> Result<Distribution> {
        std::fs::create_dir_all(data_dir)?;
        let log = self.work.join("distribution.log");
        let schema = match pg_base {
            Some(base) => Some(pg::Schema::create(base).await?),
            None => None,
        };
        let target = Target {
            bin: self.bin.clone(),
            database_url: schema.as_ref().map(|s| s.url.clone()),
        };
        let d = distribution::run(&target, data_dir, &log, self.recipients, concurrency).await;
        if let Some(schema) = schema {
            if let Err(e) = schema.drop().await {
                eprintln!("dropping the distribution schema failed: {e:#}");
            }
        }
        d
    }
}

fn progress(d: &Distribution) {
    eprintln!(
        "  {} of {} messages{} ({} distinct recipients), first {}, last {}, {:.0}/s; VmRSS peak {:.1} MB",
        d.received,
        d.expected,
        if d.cut { " (cut)" } else { "" },
        d.distinct,
        stats::ms(d.to_first),
        stats::ms(d.to_last),
        d.send_rate,
        d.rss_peak_kib as f64 * 1024.0 / 1e6
    );
    if !d.problems.trim().is_empty() {
        eprintln!("  server logged (last 20):\n{}", d.problems);
    }
}
