//! Waking idle workers when jobs are enqueued. Polling stays the fallback: a worker waits at
//! most its timeout, so a lost wake-up only delays a job, never strands it.
//!
//! In one process, enqueues bump a counter in the store that every waker watches: a
//! bump between a worker's empty claim and its wait is not lost, because the watch remembers
//! what the worker has seen. With PostgreSQL, other instances hear of it by NOTIFY on
//! [`CHANNEL`], sent at commit, through a LISTEN connection each waker keeps.

use crate::{Store, StoreError};
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// The PostgreSQL NOTIFY channel for enqueued jobs (no payload: workers just claim).
pub const CHANNEL: &str = "goldseam_jobs";

/// Why [`JobWaker::wait`] returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    /// Jobs may have been enqueued (or a dead one retried) since the last wait.
    Enqueued,
    /// The timeout passed; claim anyway, in case a wake-up was lost or a retry fell due.
    TimedOut,
}

/// One worker's wake-up source. Create it before the first claim so nothing enqueued after
/// that claim is missed.
pub struct JobWaker {
    local: watch::Receiver<u64>,
    remote: Option<(watch::Receiver<u64>, JoinHandle<()>)>,
}

impl Drop for JobWaker {
    fn drop(&mut self) {
        if let Some((_, task)) = &self.remote {
            task.abort();
        }
    }
}

impl JobWaker {
    /// Waits until jobs may have been enqueued, or `timeout` passes.
    pub async fn wait(&mut self, timeout: Duration) -> Wake {
        let woke = async {
            match &mut self.remote {
                Some((remote, _)) => tokio::select! {
                    r = self.local.changed() => r.is_ok(),
                    r = remote.changed() => r.is_ok(),
                },
                None => self.local.changed().await.is_ok(),
            }
        };
        match tokio::time::timeout(timeout, woke).await {
            Ok(true) => Wake::Enqueued,
            // A closed watch cannot wake anyone again: behave as a plain poll.
            Ok(false) => {
                tokio::time::sleep(timeout).await;
                Wake::TimedOut
            }
            Err(_) => Wake::TimedOut,
        }
    }
}

impl Store {
    /// A wake-up source for one worker; on PostgreSQL it holds a LISTEN connection of its own.
    pub async fn job_waker(&self) -> Result<JobWaker, StoreError> {
        let sender = &self.inner.jobs_enqueued;
        let mut local = sender.subscribe();
        local.mark_unchanged();
        let remote = match self.backend().listen(&[CHANNEL]).await? {
            None => None,
            Some(listener) => {
                let (tx, rx) = watch::channel(0u64);
                // A task of its own owns the listener, so waits can be cancelled freely.
                let task = tokio::spawn(listen(listener, tx));
                Some((rx, task))
            }
        };
        Ok(JobWaker { local, remote })
    }

    /// Wakes this process's idle workers after jobs were committed. Enqueues call it; code
    /// that adds jobs to a write plan of its own calls it after COMMIT (PostgreSQL's other
    /// instances hear of them through the NOTIFY in the plan).
    pub(crate) fn jobs_committed(&self) {
        self.inner
            .jobs_enqueued
            .send_modify(|n| *n = n.wrapping_add(1));
    }
}

async fn listen(mut listener: sqlx::postgres::PgListener, tx: watch::Sender<u64>) {
    let bump = |tx: &watch::Sender<u64>| tx.send_modify(|n| *n = n.wrapping_add(1));
    loop {
        match listener.try_recv().await {
            Ok(Some(_)) => bump(&tx),
            // Reconnecting: something may have been enqueued while nobody listened.
            Ok(None) => {
                tracing::warn!("job listener lost its PostgreSQL connection; reconnecting");
                bump(&tx);
            }
            Err(e) => {
                tracing::warn!(error = %e, "job listener failed; retrying in 1s");
                tokio::time::sleep(Duration::from_secs(1)).await;
                bump(&tx);
            }
        }
    }
}
