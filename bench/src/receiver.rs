//! The provider end of the delivery scenarios: a webhook receiver inside the bench process that
//! timestamps each call the moment its body has arrived and answers 204 at once. It keeps only
//! what the scenarios match on (the path, the body's `type`, `incident` and `text`), so 20,000
//! calls cost it little CPU on a machine the server shares.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Notify;

/// One webhook call as the receiver saw it.
#[derive(Debug, Clone)]
pub struct Call {
    /// When its body had been read.
    pub at: Instant,
    /// The path under `/hook/`.
    pub path: String,
    /// The body's `type` (`page`, `verification`, or absent for the drain's calls).
    pub kind: String,
    /// The body's `incident` reference (`INC-42`) for pages.
    pub incident: String,
    /// The body's `text` (verification codes travel in it).
    pub text: String,
}

#[derive(Default)]
struct Inner {
    calls: Mutex<Vec<Call>>,
    arrived: Notify,
}

/// A running receiver; it stops with the bench's runtime.
#[derive(Clone)]
pub struct Receiver {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    inner: Arc<Inner>,
}

impl Receiver {
    /// Listens on a free loopback port.
    pub async fn spawn() -> anyhow::Result<Receiver> {
        let inner = Arc::new(Inner::default());
        let app = Router::new()
            .route("/hook/{*path}", post(hook))
            .with_state(inner.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let base = format!("http://{}", listener.local_addr()?);
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(Receiver { base, inner })
    }

    /// The URL of `path` under `/hook/`.
    pub fn hook(&self, path: &str) -> String {
        format!("{}/hook/{path}", self.base)
    }

    /// How many calls arrived so far.
    pub fn count(&self) -> usize {
        self.lock().len()
    }

    /// The calls from index `from` on.
    pub fn since(&self, from: usize) -> Vec<Call> {
        self.lock().get(from..).unwrap_or_default().to_vec()
    }

    /// Waits until at least `n` calls arrived in all or `timeout` passed; returns the count.
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> usize {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            // Registered before counting, so an arrival in between still wakes this wait.
            let arrived = self.inner.arrived.notified();
            let got = self.count();
            if got >= n || tokio::time::Instant::now() >= deadline {
                return got;
            }
            let _ = tokio::time::timeout_at(deadline, arrived).await;
        }
    }

    /// Waits for a call matching `pred` among those from index `from` on.
    pub async fn wait_match(
        &self,
        from: usize,
        timeout: Duration,
        pred: impl Fn(&Call) -> bool,
    ) -> Option<Call> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let arrived = self.inner.arrived.notified();
            if let Some(c) = self
                .lock()
                .get(from..)
                .unwrap_or_default()
                .iter()
                .find(|c| pred(c))
            {
                return Some(c.clone());
            }
            if tokio::time::Instant::now() >= deadline {
                return None;
            }
            let _ = tokio::time::timeout_at(deadline, arrived).await;
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Call>> {
        self.inner.calls.lock().unwrap_or_else(|e| e.into_inner())
    }
}

async fn hook(
    State(inner): State<Arc<Inner>>,
    Path(path): Path<String>,
    body: Bytes,
) -> StatusCode {
    let at = Instant::now();
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    let field = |k: &str| v[k].as_str().unwrap_or_default().to_string();
    let call = Call {
        at,
        path,
        kind: field("type"),
        incident: field("incident"),
        text: field("text"),
    };
    inner
        .calls
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(call);
    inner.arrived.notify_waiters();
    StatusCode::NO_CONTENT
}
