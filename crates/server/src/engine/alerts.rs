//! The alert processor: takes the stored alert requests in arrival order, a batch at a time,
//! and applies them (`Store::process_alerts`); the effects it queues are ordinary jobs the
//! workers run. It wakes when requests are stored here, and polls for those stored by other
//! instances. Only one processor works at a time across instances (the store's lock), so the
//! others wait their turn harmlessly.

use goldseam_store::alerts::EFFECT_KIND;
use goldseam_store::Store;
use std::time::Duration;
use tokio::sync::watch;

/// Requests applied per transaction: large enough to share the commit under a storm, small
/// enough that the writer is not held long while requests wait to be stored.
const BATCH: usize = 512;

/// How long the processor lets requests gather after a part batch.
const GATHER: Duration = Duration::from_millis(10);

/// How often the processor looks when nothing woke it.
const POLL: Duration = Duration::from_millis(500);

/// How often processed requests past their retention are deleted.
const SWEEP_EVERY: Duration = Duration::from_secs(3600);

pub(super) async fn run(store: Store, mut stop: watch::Receiver<bool>) {
    let mut failures = 0u32;
    let mut swept: Option<tokio::time::Instant> = None;
    while !*stop.borrow() {
        if swept.is_none_or(|at| at.elapsed() >= SWEEP_EVERY) {
            swept = Some(tokio::time::Instant::now());
            match store.sweep_alert_requests(store.now()).await {
                Ok(n) if n > 0 => {
                    tracing::info!(deleted = n, "alert requests past their retention deleted")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "deleting old alert requests failed"),
            }
        }
        match store.process_alerts(BATCH).await {
            Ok(BATCH) => {
                failures = 0;
                continue;
            }
            Ok(n) if n > 0 => {
                // A part batch: let more gather before the next one. Each batch holds the
                // writer (the only one on SQLite) that requests are stored through, so fewer,
                // larger batches keep the answers quick; processing waits a few ms more.
                failures = 0;
                tokio::time::sleep(GATHER).await;
                continue;
            }
            Ok(_) => failures = 0,
            Err(e) => {
                failures += 1;
                tracing::warn!(error = %e, "processing alerts failed; retrying");
            }
        }
        if let Err(e) = store.flush_rejected().await {
            tracing::warn!(error = %e, "writing refused-request counts failed");
        }
        let wait = POLL * failures.clamp(1, 10);
        tokio::select! {
            _ = store.alert_requests_stored() => {}
            _ = tokio::time::sleep(wait) => {}
            _ = stop.changed() => {}
        }
    }
}

/// Whether a job kind is an alert effect.
pub(super) fn is_effect(kind: &str) -> bool {
    kind == EFFECT_KIND
}
