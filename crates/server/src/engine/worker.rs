//! The claim loop: claim as many due jobs as there are free places, send each in a task of
//! its own, and sleep on the job waker (or the poll interval) only when a claim comes back
//! empty. A slow provider holds one place at most for its timeout, never the loop.

use super::process::Ctx;
use super::{worker_name, EngineConfig};
use goldseam_store::Store;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{watch, Semaphore};
use tokio::task::JoinSet;

pub(super) async fn run(store: Store, config: EngineConfig, mut stop: watch::Receiver<bool>) {
    let worker = worker_name();
    let mut waker = loop {
        match store.job_waker().await {
            Ok(w) => break w,
            Err(e) => {
                tracing::warn!(error = %e, "delivery engine cannot listen for jobs; retrying in 1s");
                tokio::select! {
                    _ = tokio::time::sleep(Duration::from_secs(1)) => {}
                    _ = stop.changed() => return,
                }
            }
        }
    };
    tracing::info!(%worker, concurrency = config.concurrency, "delivery engine started");
    // The follow-up reminders' hourly tick is a job that queues its successor; this starts the
    // chain on a new database and changes nothing when the hour's tick is already queued.
    if let Err(e) = store.schedule_reminders().await {
        tracing::warn!(error = %e, "queuing the follow-up reminders failed; the next start tries again");
    }
    let places = Arc::new(Semaphore::new(config.concurrency.max(1) as usize));
    let ctx = Arc::new(Ctx {
        store: store.clone(),
        worker: worker.clone(),
        config: config.clone(),
    });
    let mut tasks = JoinSet::new();
    while !*stop.borrow() {
        while tasks.try_join_next().is_some() {}
        let free = places.available_permits() as u32;
        // Claim in batches: under a backlog, claiming one place at a time would cost a claim
        // (a statement on the writer, ranking the head of the queue) per job.
        let batch = (config.concurrency / 2).max(1);
        if free == 0 || (free < batch && !tasks.is_empty()) {
            tokio::select! {
                _ = tasks.join_next() => {}
                _ = stop.changed() => {}
            }
            continue;
        }
        let jobs = match store.claim(&worker, store.now(), config.lease, free).await {
            Ok(jobs) => jobs,
            Err(e) => {
                tracing::warn!(error = %e, "claiming jobs failed; retrying");
                tokio::select! {
                    _ = tokio::time::sleep(config.poll) => {}
                    _ = stop.changed() => {}
                }
                continue;
            }
        };
        if jobs.is_empty() {
            tokio::select! {
                _ = waker.wait(config.poll) => {}
                _ = stop.changed() => {}
            }
            continue;
        }
        for job in jobs {
            let Ok(place) = places.clone().acquire_owned().await else {
                break;
            };
            let ctx = ctx.clone();
            tasks.spawn(async move {
                ctx.process(job).await;
                drop(place);
            });
        }
    }
    // In-flight sends finish (each is bounded by the timeout) so their outcome is recorded.
    let grace = config.timeout + Duration::from_secs(2);
    if tokio::time::timeout(grace, async { while tasks.join_next().await.is_some() {} })
        .await
        .is_err()
    {
        tasks.abort_all();
    }
    tracing::info!(%worker, "delivery engine stopped");
}
