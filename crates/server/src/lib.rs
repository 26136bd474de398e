//! Goldseam's HTTP side: the JSON API under `/api/v1`, live streams (SSE), the OpenAPI document,
//! health and metrics. Handlers are thin: parse into core types, call the store, map the result.

pub mod auth;
pub mod config;
pub mod dto;
pub mod engine;
pub mod error;
pub mod json;
pub mod metrics;
pub mod openapi;
pub mod panic;
pub mod routes;
pub mod state;
pub mod stream;
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
/// in-flight requests.
pub async fn serve(
    store: Store,
    config: ServerConfig,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let engine = config
        .delivery
        .enabled
        .then(|| engine::Engine::start(store.clone(), config.delivery.clone()));
    let state = AppState::new(store, config);
    let app = router(state.clone());
    let streams = state.clone();
    let served = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        shutdown.await;
        // Streams never end by themselves; tell them to, or shutdown would wait forever.
        streams.begin_shutdown();
    })
    .await;
    if let Some(engine) = engine {
        engine.stop().await;
    }
    served
}
