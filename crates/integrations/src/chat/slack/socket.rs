//! Socket Mode, Goldseam's default way of hearing Slack: the server opens a WebSocket to
//! Slack with the app-level token (`xapp-…`, scope `connections:write`), so it needs no
//! public address, no TLS certificate and no signing secret. `apps.connections.open` gives a
//! one-time `wss://` URL; Slack says `hello`, then sends envelopes (events, slash commands,
//! interactions) that the app acks by sending `{"envelope_id", "payload"?}` back within 3 s.
//!
//! An envelope is acked only after the handler said Ok, which it does once the payload is
//! stored: an envelope lost in a crash is never acked, and Slack sends events again
//! (`retry_attempt` 1, 2, 3, the same `event_id`). Envelopes are handled one at a time, in
//! the order they came, on one connection at a time.

use super::client::SlackClient;
use super::inbound::{from_command, from_event_callback, from_interaction, ignored, Parsed};
use crate::Secret;
use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::future::Future;
use std::time::Duration;
use tokio::sync::watch;
use tokio::time::{sleep_until, Instant};
use tokio_tungstenite::tungstenite::Message;

/// One envelope Slack sent over the socket.
#[derive(Debug, Clone, PartialEq)]
pub struct SocketEnvelope {
    /// What the ack names.
    pub envelope_id: String,
    /// `events_api`, `slash_commands` or `interactive`.
    pub kind: String,
    /// What Slack would have POSTed over HTTP: the `event_callback`, the command's fields as
    /// a JSON object, or the interaction payload.
    pub payload: Value,
    /// 0 the first time, then 1, 2, 3 for events Slack sends again after no ack.
    pub retry_attempt: u32,
}

/// Reads an envelope's payload. Events keep their `event_id` (a redelivery in a new envelope
/// is a repeat); commands and interactions, never redelivered, take `env:` + the envelope id.
pub fn socket_envelope_parsed(env: &SocketEnvelope, bot_user: &str) -> Parsed {
    let mut parsed = match env.kind.as_str() {
        "events_api" => return from_event_callback(&env.payload, bot_user),
        "slash_commands" => {
            let fields: Vec<(String, String)> = env
                .payload
                .as_object()
                .into_iter()
                .flatten()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        v.as_str().map_or_else(|| v.to_string(), String::from),
                    )
                })
                .collect();
            from_command(&fields)
        }
        "interactive" => from_interaction(&env.payload),
        other => Parsed {
            dedup_id: String::new(),
            inbound: ignored(format!("a Socket Mode {other} envelope")),
        },
    };
    parsed.dedup_id = format!("env:{}", env.envelope_id);
    parsed
}

/// The wait before reconnecting after a failure: 1 s, doubling with each failure in a row up
/// to 30 s, back to 1 s once Slack says hello. After a `disconnect` (Slack refreshes links
/// every few hours) the wait is counted from when the link was opened, so a long-lived link is
/// replaced at once and one that Slack drops at once still waits a second.
const FIRST_BACKOFF: Duration = Duration::from_secs(1);
const MAX_BACKOFF: Duration = Duration::from_secs(30);
/// How long Slack has to say hello on a new connection.
const HELLO_WAIT: Duration = Duration::from_secs(10);
/// Our pings keep NATs and proxies from dropping a quiet link, and their pongs prove it
/// alive: a link silent this long is dead even if TCP has not noticed.
const PING_EVERY: Duration = Duration::from_secs(30);
const SILENCE_LIMIT: Duration = Duration::from_secs(95);
/// How long the WebSocket handshake may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How a connection ended.
enum Ended {
    Shutdown,
    /// Slack's `disconnect` frame (refresh_requested, warning, link_disabled).
    Disconnect(String),
    Failed(String),
}

/// Runs Socket Mode until `shutdown` turns true (or its sender is dropped): connects through
/// `apps.connections.open`, asked with the client (its Slack, its limiter), calls `handler` for every
/// envelope and acks it, with the `payload` it returned, only when it returned Ok; reconnects
/// whenever the link ends. Errors are logged, never returned: Slack keeps what was not acked.
pub async fn run_socket_mode<H, F>(
    client: &SlackClient,
    app_token: Secret,
    handler: H,
    mut shutdown: watch::Receiver<bool>,
) where
    H: Fn(SocketEnvelope) -> F + Send + Sync,
    F: Future<Output = Result<Option<Value>, String>> + Send,
{
    let mut backoff = FIRST_BACKOFF;
    let mut resume_at = Instant::now();
    loop {
        tokio::select! {
            biased;
            _ = stopped(&mut shutdown) => return,
            _ = sleep_until(resume_at) => {}
        }
        let opened_at = Instant::now();
        let link = tokio::select! {
            biased;
            _ = stopped(&mut shutdown) => return,
            link = open_link(client, &app_token) => link,
        };
        let ended = match link {
            Ok(ws) => serve_link(ws, &handler, &mut shutdown, &mut backoff).await,
            Err(why) => Ended::Failed(why),
        };
        match ended {
            Ended::Shutdown => return,
            Ended::Disconnect(reason) => {
                tracing::info!(%reason, "Slack asked to reconnect the Socket Mode link");
                resume_at = opened_at + backoff;
            }
            Ended::Failed(why) => {
                let retry_in_ms = backoff.as_millis() as u64;
                tracing::warn!(error = %why, retry_in_ms, "Slack Socket Mode link lost");
                resume_at = Instant::now() + backoff;
                backoff = (backoff * 2).min(MAX_BACKOFF);
            }
        }
    }
}

/// Resolves when shutdown is asked for or nobody can ask any more.
async fn stopped(shutdown: &mut watch::Receiver<bool>) {
    let _ = shutdown.wait_for(|stop| *stop).await;
}

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A fresh Socket Mode URL from `apps.connections.open` (each works once), connected.
async fn open_link(client: &SlackClient, token: &Secret) -> Result<Ws, String> {
    let ws_url = client
        .socket_url(token)
        .await
        .map_err(|e| format!("apps.connections.open: {e}"))?;
    if ws_url.is_empty() {
        return Err("apps.connections.open answered without a url".into());
    }
    let ws_url = ws_url.as_str();
    let connect = tokio_tungstenite::connect_async(ws_url);
    match tokio::time::timeout(CONNECT_TIMEOUT, connect).await {
        Ok(Ok((ws, _))) => Ok(ws),
        Ok(Err(e)) => Err(format!("connecting to the Socket Mode URL: {e}")),
        Err(_) => Err("connecting to the Socket Mode URL timed out".into()),
    }
}

/// Reads one link until it ends. Pongs to Slack's pings are sent by tungstenite while the
/// link is read.
async fn serve_link<H, F>(
    mut ws: Ws,
    handler: &H,
    shutdown: &mut watch::Receiver<bool>,
    backoff: &mut Duration,
) -> Ended
where
    H: Fn(SocketEnvelope) -> F,
    F: Future<Output = Result<Option<Value>, String>>,
{
    let mut greeted = false;
    let mut last_heard = Instant::now();
    let mut ping = tokio::time::interval_at(Instant::now() + PING_EVERY, PING_EVERY);
    ping.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        let limit = if greeted { SILENCE_LIMIT } else { HELLO_WAIT };
        let frame = tokio::select! {
            biased;
            _ = stopped(shutdown) => {
                let _ = ws.close(None).await;
                return Ended::Shutdown;
            }
            _ = sleep_until(last_heard + limit) => {
                let what = if greeted { "the link went silent" } else { "no hello" };
                return Ended::Failed(what.into());
            }
            _ = ping.tick() => {
                if let Err(e) = ws.send(Message::Ping(Default::default())).await {
                    return Ended::Failed(format!("sending a ping: {e}"));
                }
                continue;
            }
            frame = ws.next() => frame,
        };
        last_heard = Instant::now();
        let text = match frame {
            Some(Ok(Message::Text(t))) => t,
            Some(Ok(Message::Close(close))) => {
                return Ended::Failed(format!("closed by Slack ({close:?})"));
            }
            Some(Ok(_)) => continue,
            Some(Err(e)) => return Ended::Failed(e.to_string()),
            None => return Ended::Failed("the link closed".into()),
        };
        let Ok(frame) = serde_json::from_str::<Value>(text.as_str()) else {
            tracing::warn!("Slack sent a Socket Mode frame that is not JSON");
            continue;
        };
        match frame["type"].as_str() {
            Some("hello") => {
                greeted = true;
                *backoff = FIRST_BACKOFF;
                tracing::info!(
                    connections = frame["num_connections"].as_u64(),
                    "Slack Socket Mode connected"
                );
            }
            Some("disconnect") => {
                let _ = ws.close(None).await;
                let reason = frame["reason"].as_str().unwrap_or("unknown");
                return Ended::Disconnect(reason.to_string());
            }
            _ => match envelope(&frame) {
                Some(env) => {
                    if let Err(e) = handle(&mut ws, handler, env).await {
                        return Ended::Failed(format!("sending an ack: {e}"));
                    }
                    // The link was not read while the handler ran; that was not silence.
                    last_heard = Instant::now();
                }
                None => tracing::debug!(kind = ?frame["type"], "Socket Mode frame ignored"),
            },
        }
    }
}

fn envelope(frame: &Value) -> Option<SocketEnvelope> {
    Some(SocketEnvelope {
        envelope_id: frame["envelope_id"].as_str()?.to_string(),
        kind: frame["type"].as_str().unwrap_or_default().to_string(),
        payload: frame["payload"].clone(),
        retry_attempt: frame["retry_attempt"].as_u64().unwrap_or(0) as u32,
    })
}

/// Hands one envelope to the handler and acks it if the handler kept it.
async fn handle<H, F>(
    ws: &mut Ws,
    handler: &H,
    env: SocketEnvelope,
) -> Result<(), tokio_tungstenite::tungstenite::Error>
where
    H: Fn(SocketEnvelope) -> F,
    F: Future<Output = Result<Option<Value>, String>>,
{
    let (id, kind, retry) = (env.envelope_id.clone(), env.kind.clone(), env.retry_attempt);
    match handler(env).await {
        Ok(payload) => {
            let mut ack = json!({ "envelope_id": id });
            if let Some(p) = payload {
                ack["payload"] = p;
            }
            ws.send(Message::Text(ack.to_string().into())).await
        }
        Err(e) => {
            // No ack: Slack sends events again; a person sees their command or click fail.
            tracing::warn!(envelope = %id, %kind, retry, error = %e, "Socket Mode envelope not acked");
            Ok(())
        }
    }
}
