//! What every handler can reach.

use crate::auth::limiter::LoginLimiter;
use crate::auth::token_cache::TokenCache;
use crate::config::ServerConfig;
use crate::metrics::Metrics;
use goldseam_store::Store;
use std::sync::Arc;
use tokio::sync::watch;

/// Shared application state. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// Storage.
    pub store: Store,
    /// Settings.
    pub config: Arc<ServerConfig>,
    /// Prometheus counters.
    pub metrics: Arc<Metrics>,
    /// Failed-login counting.
    pub login_limiter: Arc<LoginLimiter>,
    /// Recently checked API tokens.
    pub token_cache: Arc<TokenCache>,
    /// Open live streams, checked again every few seconds.
    pub streams: Arc<crate::stream_guard::StreamGuard>,
    /// The live postmortem documents open on this instance.
    pub postmortems: Arc<crate::postmortem_sync::Hub>,
    /// What the chat transports hand the chat engine.
    pub chat: Arc<crate::chat::hub::ChatHub>,
    shutdown: watch::Sender<bool>,
}

impl AppState {
    /// State for a store and configuration.
    pub fn new(store: Store, config: ServerConfig) -> AppState {
        let limiter = LoginLimiter::new(
            config.login_failures_allowed,
            config.login_first_delay,
            config.login_window,
        );
        AppState {
            postmortems: crate::postmortem_sync::Hub::start(store.clone()),
            store,
            config: Arc::new(config),
            metrics: Arc::new(Metrics::default()),
            login_limiter: Arc::new(limiter),
            token_cache: Arc::new(TokenCache::default()),
            streams: Default::default(),
            chat: Default::default(),
            shutdown: watch::channel(false).0,
        }
    }

    /// Tells live streams to end, so graceful shutdown can finish.
    pub fn begin_shutdown(&self) {
        let _ = self.shutdown.send(true);
    }

    /// A receiver that changes to `true` when shutdown begins.
    pub fn shutdown_signal(&self) -> watch::Receiver<bool> {
        self.shutdown.subscribe()
    }
}
