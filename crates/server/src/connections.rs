//! Accepting connections with limits, so that slow or idle clients cannot hold the server:
//! a connection must send a complete request header within `header_timeout` (its first one,
//! and each next one on a kept-alive connection, so idle connections close too), a request
//! body must arrive whole within `body_timeout`, and at most `max_connections` are open at
//! once (beyond that new ones are closed at once). Live streams are responses, not reads, so
//! they stay open as long as the client reads them; their heartbeats keep proxies from
//! closing them.

use axum::body::Body;
use axum::extract::connect_info::ConnectInfo;
use axum::http::Request;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};
use tower::ServiceExt;

/// How long clients may take, and how many may be connected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// To send a complete request header, from connecting or from the previous response.
    pub header_timeout: Duration,
    /// To send a whole request body, from its header.
    pub body_timeout: Duration,
    /// Open connections at most (live streams included).
    pub max_connections: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            max_connections: 20_000,
        }
    }
}

/// Serves `app` on `listener` until `shutdown` completes, then lets requests in flight finish
/// and closes idle connections; returns once every connection has closed.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    // Connections hold `stopping` and wait for it to change; their count says when all closed.
    let (stop, stopping) = watch::channel(false);
    let mut shutdown = pin!(shutdown);
    let mut refused = RefusalLog::default();
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    accept_failed(e).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            // Full: closing at once costs nothing and tells the client to try elsewhere.
            refused.note(limits.max_connections);
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service = TowerToHyperService::new(tower::service_fn(move |req: Request<Incoming>| {
            let mut req = req.map(Body::new);
            req.extensions_mut().insert(ConnectInfo(peer));
            app.clone().oneshot(req)
        }));
        let mut stopping = stopping.clone();
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_timeout)
                .keep_alive(true);
            let mut conn = pin!(builder
                .serve_connection(TokioIo::new(stream), service)
                .with_upgrades());
            loop {
                tokio::select! {
                    _ = conn.as_mut() => break,
                    changed = stopping.changed(), if !*stopping.borrow() => {
                        if changed.is_ok() {
                            conn.as_mut().graceful_shutdown();
                        }
                    }
                }
            }
            drop(slot);
            drop(stopping);
        });
    }
    drop(listener);
    let _ = stop.send(true);
    drop(stopping);
    stop.closed().await;
    Ok(())
}

/// Accept errors other than a client giving up are the process's (out of file descriptors):
/// waiting a moment lets connections close instead of spinning on the error.
async fn accept_failed(e: std::io::Error) {
    use std::io::ErrorKind::*;
    if matches!(
        e.kind(),
        ConnectionAborted | ConnectionReset | ConnectionRefused
    ) {
        return;
    }
    tracing::error!(error = %e, "cannot accept connections; retrying in 1 s (raise the open-file limit?)");
    tokio::time::sleep(Duration::from_secs(1)).await;
}

/// Says once a minute at most that connections were refused, with how many.
#[derive(Default)]
struct RefusalLog {
    last: Option<std::time::Instant>,
    since: u64,
}

impl RefusalLog {
    fn note(&mut self, max: usize) {
        self.since += 1;
        let now = std::time::Instant::now();
        if self
            .last
            .is_none_or(|t| now.duration_since(t) >= Duration::from_secs(60))
        {
            tracing::warn!(
                refused = self.since,
                "{max} connections are open (max_connections); closing new ones"
            );
            self.last = Some(now);
            self.since = 0;
        }
    }
}
