//! The delivery engine: workers that claim due jobs from the durable queue, send each through
//! its channel adapter under a timeout, and record the outcome (done, retried with backoff and
//! jitter, or dead with the reason). Started by [`crate::serve`]; stops claiming at shutdown
//! and lets in-flight sends finish (docs/delivery.md).

mod alerts;
mod distribution;
mod process;
mod review_calendar;
mod review_slots;
mod reviews;
mod trackers;
mod worker;

use goldseam_core::delivery::DEFAULT_LEASE;
use goldseam_core::RetryPolicy;
use goldseam_integrations::Channels;
use goldseam_store::Store;
use jiff::SignedDuration;
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// How the engine runs.
#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// Whether this process runs workers. `goldseam serve` turns it on; tests that do not
    /// exercise delivery leave it off so their jobs stay where they put them.
    pub enabled: bool,
    /// How long one provider call may take before it counts as a failed attempt.
    pub timeout: Duration,
    /// How many jobs this process sends at once.
    pub concurrency: u32,
    /// How often an idle worker claims anyway (wake-ups can be lost; retries fall due).
    pub poll: Duration,
    /// When failed sends are retried, and when they are dead.
    pub retry: RetryPolicy,
    /// How long a claimed job stays leased (must exceed `timeout` comfortably).
    pub lease: SignedDuration,
    /// The channel adapters.
    pub channels: Channels,
    /// How people reach Goldseam: the links in pages and emails start with it.
    pub public_url: String,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            enabled: false,
            timeout: Duration::from_secs(10),
            concurrency: 8,
            poll: Duration::from_secs(1),
            retry: RetryPolicy::default(),
            lease: DEFAULT_LEASE,
            channels: Channels::default(),
            public_url: "http://127.0.0.1:8080".into(),
        }
    }
}

/// A running engine.
pub struct Engine {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl Engine {
    /// Starts the engine's worker on `store`.
    pub fn start(store: Store, config: EngineConfig) -> Engine {
        let (stop, stopped) = watch::channel(false);
        let alerts = tokio::spawn(alerts::run(store.clone(), stopped.clone()));
        let task = tokio::spawn(async move {
            worker::run(store, config, stopped).await;
            let _ = alerts.await;
        });
        Engine { stop, task }
    }

    /// Stops claiming and waits for in-flight sends (each bounded by the timeout). A send cut
    /// short here is not lost: its lease ends and another worker, or the next start, sends it.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

/// A name unique to this worker for its lifetime: host, process id and a random part.
pub fn worker_name() -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "goldseam".into());
    format!(
        "{host}-{}-{:08x}",
        std::process::id(),
        rand::random::<u32>()
    )
}
