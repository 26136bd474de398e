//! A local fake of the HTTP providers, for tests (feature `fake`): Twilio's Messages.json and
//! Calls.json, Slack's chat.postMessage, and a webhook receiver under `/hook/...`. It records
//! every request, finds the idempotency key where each adapter puts it, and counts effects
//! once per key, as a receiver that honours the key would. Its behaviour can be switched to
//! fail, hang or rate-limit, to test the engine's retries and timeouts.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How the fake answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Accept, after an optional delay.
    Accept(Duration),
    /// Answer this HTTP status.
    Status(u16),
    /// Answer 429 with this Retry-After (seconds).
    RateLimit(u64),
    /// Never answer.
    Hang,
    /// Hold each request unanswered until the channel's mode is set to something else, then
    /// accept it (a request whose client went away meanwhile is not recorded). Lets a test act
    /// while it knows sends are in flight, instead of hoping the timing works out.
    Hold,
}

/// One request the fake received.
#[derive(Debug, Clone)]
pub struct Received {
    /// `sms`, `voice`, `slack` or `webhook`.
    pub channel: &'static str,
    /// The idempotency key found in it.
    pub key: String,
    /// Where it was going (the number, the Slack channel, the webhook path).
    pub to: String,
    /// The message text (SMS body, TwiML, Slack text, webhook body).
    pub text: String,
    /// Every header, for checking auth and signatures.
    pub headers: HeaderMap,
    /// The raw body.
    pub body: Bytes,
    /// When it arrived.
    pub at: Instant,
    /// Whether the fake accepted it.
    pub accepted: bool,
}

#[derive(Default)]
struct Inner {
    received: Vec<Received>,
    modes: HashMap<&'static str, Mode>,
    /// Requests held by [`Mode::Hold`] right now.
    held: usize,
}

/// A running fake.
#[derive(Clone)]
pub struct FakeProvider {
    /// Its base URL, `http://127.0.0.1:PORT`.
    pub base: String,
    inner: Arc<Mutex<Inner>>,
}

impl FakeProvider {
    /// Starts one on a free loopback port; it stops with the test's runtime.
    pub async fn spawn() -> FakeProvider {
        let inner = Arc::new(Mutex::new(Inner::default()));
        let app = Router::new()
            .route("/2010-04-01/Accounts/{sid}/{resource}", post(twilio))
            .route("/api/chat.postMessage", post(slack))
            .route("/hook/{*path}", post(webhook))
            .with_state(inner.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakeProvider {
            base: format!("http://{addr}"),
            inner,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Sets how requests of a channel (`sms`, `voice`, `slack`, `webhook`) are answered.
    pub fn set_mode(&self, channel: &'static str, mode: Mode) {
        self.lock().modes.insert(channel, mode);
    }

    /// Every request so far.
    pub fn received(&self) -> Vec<Received> {
        self.lock().received.clone()
    }

    /// The accepted requests so far.
    pub fn accepted(&self) -> Vec<Received> {
        self.lock()
            .received
            .iter()
            .filter(|r| r.accepted)
            .cloned()
            .collect()
    }

    /// Accepted requests per idempotency key (a repeat shows as a count above 1).
    pub fn accepted_per_key(&self) -> HashMap<String, usize> {
        let mut counts = HashMap::new();
        for r in self.lock().received.iter().filter(|r| r.accepted) {
            *counts.entry(r.key.clone()).or_default() += 1;
        }
        counts
    }

    /// How many requests [`Mode::Hold`] is holding right now.
    pub fn held(&self) -> usize {
        self.lock().held
    }

    /// Waits until at least `n` requests are held, or `timeout` passes; returns how many are.
    pub async fn wait_for_held(&self, n: usize, timeout: Duration) -> usize {
        let deadline = Instant::now() + timeout;
        loop {
            let held = self.held();
            if held >= n || Instant::now() >= deadline {
                return held;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// Waits until `n` distinct keys were accepted, or `timeout` passes; returns how many were.
    pub async fn wait_for_keys(&self, n: usize, timeout: Duration) -> usize {
        let deadline = Instant::now() + timeout;
        loop {
            let got = self.accepted_per_key().len();
            if got >= n || Instant::now() >= deadline {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

type Shared = Arc<Mutex<Inner>>;

/// Counts a held request for as long as its handler lives (a client that hangs up drops it).
struct Held(Shared);

impl Held {
    fn new(inner: Shared) -> Held {
        inner.lock().unwrap_or_else(|e| e.into_inner()).held += 1;
        Held(inner)
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).held -= 1;
    }
}

async fn answer(inner: &Shared, mut r: Received, ok: impl FnOnce() -> Response) -> Response {
    let mode = inner
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .modes
        .get(r.channel)
        .copied()
        .unwrap_or(Mode::Accept(Duration::ZERO));
    let res = match mode {
        Mode::Accept(delay) => {
            tokio::time::sleep(delay).await;
            r.accepted = true;
            ok()
        }
        Mode::Status(code) => {
            let code = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (code, format!("{{\"message\": \"fake says {code}\"}}")).into_response()
        }
        Mode::RateLimit(secs) => (
            StatusCode::TOO_MANY_REQUESTS,
            [("retry-after", secs.to_string())],
            "{\"ok\": false, \"error\": \"ratelimited\"}",
        )
            .into_response(),
        Mode::Hold => {
            let _held = Held::new(inner.clone());
            loop {
                tokio::time::sleep(Duration::from_millis(5)).await;
                let mode = inner
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .modes
                    .get(r.channel)
                    .copied();
                if mode != Some(Mode::Hold) {
                    break;
                }
            }
            r.accepted = true;
            ok()
        }
        Mode::Hang => {
            inner
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .received
                .push(r);
            std::future::pending::<()>().await;
            unreachable!()
        }
    };
    // Recorded after the answer is decided: a client that gave up mid-delay is not counted.
    inner
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .received
        .push(r);
    res
}

async fn twilio(
    State(inner): State<Shared>,
    Path((_sid, resource)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form: HashMap<String, String> = form_urlencoded::parse(&body).into_owned().collect();
    let key = form
        .get("StatusCallback")
        .and_then(|u| u.split_once('?'))
        .and_then(|(_, q)| {
            form_urlencoded::parse(q.as_bytes())
                .find(|(k, _)| k == "delivery")
                .map(|(_, v)| v.into_owned())
        })
        .unwrap_or_default();
    let (channel, text) = match resource.as_str() {
        "Messages.json" => ("sms", form.get("Body").cloned().unwrap_or_default()),
        "Calls.json" => ("voice", form.get("Twiml").cloned().unwrap_or_default()),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let r = Received {
        channel,
        key,
        to: form.get("To").cloned().unwrap_or_default(),
        text,
        headers,
        body,
        at: Instant::now(),
        accepted: false,
    };
    answer(&inner, r, || {
        (
            StatusCode::CREATED,
            "{\"sid\": \"SM00000000000000000000000000000000\"}",
        )
            .into_response()
    })
    .await
}

async fn slack(State(inner): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    let r = Received {
        channel: "slack",
        key: v["metadata"]["event_payload"]["delivery"]
            .as_str()
            .unwrap_or_default()
            .into(),
        to: v["channel"].as_str().unwrap_or_default().into(),
        text: v["text"].as_str().unwrap_or_default().into(),
        headers,
        body,
        at: Instant::now(),
        accepted: false,
    };
    answer(&inner, r, || {
        axum::Json(serde_json::json!({"ok": true, "ts": "1700000000.000100"})).into_response()
    })
    .await
}

async fn webhook(
    State(inner): State<Shared>,
    Path(path): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let key = headers
        .get("goldseam-delivery")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let r = Received {
        channel: "webhook",
        key,
        to: path,
        text: String::from_utf8_lossy(&body).into_owned(),
        headers,
        body,
        at: Instant::now(),
        accepted: false,
    };
    answer(&inner, r, || StatusCode::NO_CONTENT.into_response()).await
}
