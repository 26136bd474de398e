//! Goldseam's HTTP side: the JSON API under `/api/v1`, live streams (SSE), the OpenAPI document,
//! health and metrics. Handlers are thin: parse into core types, call the store, map the result.

pub mod auth;
pub mod body_deadline;
pub mod chat;
pub mod client_addr;
pub mod config;
pub mod connections;
pub mod dto;
pub mod engine;
pub mod error;
pub mod json;
pub mod metrics;
pub mod metrics_alerts;
pub mod openapi;
pub mod panic;
pub mod postmortem_sync;
pub mod routes;
pub mod scheduling;
pub mod security_headers;
pub mod state;
pub mod stream;
pub mod stream_guard;
pub mod web;

pub use config::ServerConfig;
pub use state::AppState;

use axum::Router;
use goldseam_store::Store;
use std::future::Future;
use std::net::SocketAddr;
use tokio::net::TcpListener;

/// The whole application as a router, for serving or for tests.
pub fn router(state: AppState) -> Router {
    routes::router(state)
}

/// Binds the listening socket with a deep accept queue: after a restart, thousands of live
/// streams reconnect at once, and the default backlog (128) would make most of them wait for
/// SYN retries of 1, 3, 7 seconds.
pub fn bind(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(4096)
}

/// Serves on `listener` until `shutdown` completes, then closes live streams and waits for
/// in-flight requests. With `metrics_listen` set, `/metrics` is served there instead.
pub async fn serve(
    store: Store,
    config: ServerConfig,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let metrics_listener = match config.metrics_listen {
        Some(addr) => Some(bind(addr).map_err(|e| {
            std::io::Error::new(
                e.kind(),
                format!("cannot listen for metrics on {addr}: {e}"),
            )
        })?),
        None => None,
    };
    let mut config = config;
    // One Mattermost client for chat and for the engine's direct messages: one rate limit.
    let mattermost_client = match &config.delivery.channels.mattermost {
        Some(app) if config.delivery.enabled => {
            let client = chat::mattermost::client(app);
            let delivery = &config.delivery;
            let dm = chat::mattermost::direct_messages(&store, app, &client, &delivery.public_url);
            config.delivery.channels.mattermost_dm = Some(dm);
            Some(client)
        }
        _ => None,
    };
    let engine = config
        .delivery
        .enabled
        .then(|| engine::Engine::start(store.clone(), config.delivery.clone()));
    let limits = config.connections;
    let state = AppState::new(store, config);
    let app = router(state.clone());
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let guard = tokio::spawn(stream_guard::run(
        state.streams.clone(),
        state.store.clone(),
        state.config.stream_recheck,
        stopped.clone(),
    ));
    let metrics = metrics_listener.map(|l| {
        let mut stopped = stopped.clone();
        let app = routes::metrics_router(state.clone());
        tokio::spawn(async move {
            let stop = async move {
                let _ = stopped.wait_for(|s| *s).await;
            };
            connections::serve(l, app, limits, stop).await
        })
    });
    // Chat runs beside the delivery engine, in the same processes.
    let delivery = &state.config.delivery;
    let chat = match (&delivery.channels.slack, &delivery.channels.slack_app) {
        (Some(slack), Some(app)) if delivery.enabled => Some(chat::slack::start(
            state.store.clone(),
            slack,
            app,
            &delivery.public_url,
            state.chat.clone(),
            stopped.clone(),
        )),
        _ => None,
    };
    let mattermost = match (&delivery.channels.mattermost, &mattermost_client) {
        (Some(app), Some(client)) => Some(chat::mattermost::start(
            state.store.clone(),
            app,
            client,
            &delivery.public_url,
            state.chat.clone(),
            stopped.clone(),
        )),
        _ => None,
    };
    let teams = match &delivery.channels.teams {
        Some(webhook) if delivery.enabled => Some(chat::teams::start(
            state.store.clone(),
            webhook,
            &delivery.public_url,
            stopped.clone(),
        )),
        _ => None,
    };
    let streams = state.clone();
    let served = connections::serve(listener, app, limits, async move {
        shutdown.await;
        let _ = stop.send(true);
        // Streams never end by themselves; tell them to, or shutdown would wait forever.
        streams.begin_shutdown();
    })
    .await;
    if let Some(metrics) = metrics {
        let _ = metrics.await;
    }
    let _ = guard.await;
    if let Some(chat) = chat {
        let _ = chat.await;
    }
    if let Some(mattermost) = mattermost {
        let _ = mattermost.await;
    }
    if let Some(teams) = teams {
        let _ = teams.await;
    }
    if let Some(engine) = engine {
        engine.stop().await;
    }
    drop(stopped);
    served
}
