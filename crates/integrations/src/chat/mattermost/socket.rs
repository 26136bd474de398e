//! Hearing Mattermost: the bot's WebSocket (`/api/v4/websocket`), authenticated with an
//! `authentication_challenge` carrying the bot token, then `hello` and the events of every
//! channel the bot is in. Each event is read ([`Reader`]) and handed to the handler, which
//! stores it; events are handled one at a time in the order they came.
//!
//! Mattermost does not replay what a connection missed, so after every (re)connection the
//! listener reads `GET /channels/{id}/posts?since=` for the incident channels before the live
//! events: since just before the last change it handled (the server's clock, from posts and
//! `ping` replies), or, on the first connection, since a few minutes before start, so a
//! restart loses nothing. What was already stored comes back with the same ids and is
//! dropped. Reactions and joins made while away are not in a post list and stay missed.

use super::client::MattermostClient;
use super::inbound::Reader;
use crate::chat::api::Parsed;
use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::future::Future;
use std::time::Duration;
use tokio::sync::watch;
use tokio::time::{sleep_until, Instant};
use tokio_tungstenite::tungstenite::Message;

/// Reconnecting waits 1 s, doubling with each failure in a row up to 30 s, back to 1 s after
/// a `hello`.
const FIRST_BACKOFF: Duration = Duration::from_secs(1);
const MAX_BACKOFF: Duration = Duration::from_secs(30);
/// How long the server has to answer the challenge and say hello.
const HELLO_WAIT: Duration = Duration::from_secs(10);
/// Our pings keep proxies from dropping a quiet link and tell the server's time; a link
/// silent this long is dead.
const PING_EVERY: Duration = Duration::from_secs(30);
const SILENCE_LIMIT: Duration = Duration::from_secs(95);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How far before the last change handled a catch-up reads (changes stamped in the same
/// instant, clocks that step).
const MARGIN_MS: i64 = 30_000;
/// How far back the first connection reads (a restart's downtime).
const STARTUP_WINDOW_MS: i64 = 10 * 60_000;

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

enum Ended {
    Shutdown,
    Failed(String),
}

/// Where the listener stands: what it read, and how far it handled.
struct Progress {
    reader: Reader,
    /// The server time (Unix ms) up to which every change was handled.
    heard: Option<i64>,
    /// Where the next catch-up starts.
    since: i64,
}

fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

/// Runs the listener until `shutdown` turns true: `handler` stores what arrived (an error
/// drops the link, and the catch-up after reconnecting reads it again); `channels` names
/// the channels to catch up in. Errors are logged, never returned.
pub async fn run_websocket<H, HF, C, CF>(
    client: MattermostClient,
    bot_user: &str,
    handler: H,
    channels: C,
    mut shutdown: watch::Receiver<bool>,
) where
    H: Fn(Vec<Parsed>) -> HF + Send + Sync,
    HF: Future<Output = Result<(), String>> + Send,
    C: Fn() -> CF + Send + Sync,
    CF: Future<Output = Result<Vec<String>, String>> + Send,
{
    let mut progress = Progress {
        reader: Reader::new(bot_user, client.site_url()),
        heard: None,
        since: now_ms() - STARTUP_WINDOW_MS,
    };
    let mut backoff = FIRST_BACKOFF;
    let mut resume_at = Instant::now();
    loop {
        tokio::select! {
            biased;
            _ = stopped(&mut shutdown) => return,
            _ = sleep_until(resume_at) => {}
        }
        let link = tokio::select! {
            biased;
            _ = stopped(&mut shutdown) => return,
            link = connect(&client) => link,
        };
        let ended = match link {
            Ok(ws) => {
                let link = Link {
                    client: &client,
                    handler: &handler,
                    channels: &channels,
                };
                link.serve(ws, &mut progress, &mut shutdown, &mut backoff)
                    .await
            }
            Err(why) => Ended::Failed(why),
        };
        if let Some(h) = progress.heard {
            progress.since = progress.since.max(h - MARGIN_MS);
        }
        match ended {
            Ended::Shutdown => return,
            Ended::Failed(why) => {
                let retry_in_ms = backoff.as_millis() as u64;
                tracing::warn!(error = %why, retry_in_ms, "Mattermost WebSocket lost");
                resume_at = Instant::now() + backoff;
                backoff = (backoff * 2).min(MAX_BACKOFF);
            }
        }
    }
}

async fn stopped(shutdown: &mut watch::Receiver<bool>) {
    let _ = shutdown.wait_for(|stop| *stop).await;
}

/// The WebSocket URL of a site URL.
pub fn websocket_url(site_url: &str) -> String {
    let site = site_url.trim_end_matches('/');
    let ws = match site.strip_prefix("https://") {
        Some(rest) => format!("wss://{rest}"),
        None => format!("ws://{}", site.trim_start_matches("http://")),
    };
    format!("{ws}/api/v4/websocket")
}

async fn connect(client: &MattermostClient) -> Result<Ws, String> {
    let connect = tokio_tungstenite::connect_async(websocket_url(client.site_url()));
    let mut ws = match tokio::time::timeout(CONNECT_TIMEOUT, connect).await {
        Ok(Ok((ws, _))) => ws,
        Ok(Err(e)) => return Err(format!("connecting to the WebSocket: {e}")),
        Err(_) => return Err("connecting to the WebSocket timed out".into()),
    };
    let challenge = json!({"seq": 1, "action": "authentication_challenge",
                           "data": {"token": client.token().expose()}});
    ws.send(Message::Text(challenge.to_string().into()))
        .await
        .map_err(|e| format!("sending the authentication challenge: {e}"))?;
    Ok(ws)
}

struct Link<'a, H, C> {
    client: &'a MattermostClient,
    handler: &'a H,
    channels: &'a C,
}

/// The latest server time a frame shows (a post's changes, a reaction, a ping's answer).
fn stamp_of(frame: &Value) -> Option<i64> {
    let data = &frame["data"];
    let inner = |k: &str| {
        data[k]
            .as_str()
            .and_then(|s| serde_json::from_str::<Value>(s).ok())
    };
    let mut best = data["server_time"].as_i64();
    for v in [inner("post"), inner("reaction")].into_iter().flatten() {
        for k in ["create_at", "update_at", "delete_at"] {
            best = best.max(v[k].as_i64());
        }
    }
    best
}

impl<H, HF, C, CF> Link<'_, H, C>
where
    H: Fn(Vec<Parsed>) -> HF,
    HF: Future<Output = Result<(), String>>,
    C: Fn() -> CF,
    CF: Future<Output = Result<Vec<String>, String>>,
{
    async fn serve(
        &self,
        mut ws: Ws,
        progress: &mut Progress,
        shutdown: &mut watch::Receiver<bool>,
        backoff: &mut Duration,
    ) -> Ended {
        let mut connection: Option<String> = None;
        let mut last_heard = Instant::now();
        let mut seq = 1;
        let mut ping = tokio::time::interval_at(Instant::now() + PING_EVERY, PING_EVERY);
        ping.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            let limit = if connection.is_some() {
                SILENCE_LIMIT
            } else {
                HELLO_WAIT
            };
            let frame = tokio::select! {
                biased;
                _ = stopped(shutdown) => {
                    let _ = ws.close(None).await;
                    return Ended::Shutdown;
                }
                _ = sleep_until(last_heard + limit) => {
                    let what = if connection.is_some() { "the link went silent" } else { "no hello" };
                    return Ended::Failed(what.into());
                }
                _ = ping.tick(), if connection.is_some() => {
                    seq += 1;
                    let frame = json!({"seq": seq, "action": "ping"});
                    if let Err(e) = ws.send(Message::Text(frame.to_string().into())).await {
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
                    return Ended::Failed(format!("closed by Mattermost ({close:?})"));
                }
                Some(Ok(_)) => continue,
                Some(Err(e)) => return Ended::Failed(e.to_string()),
                None => return Ended::Failed("the link closed".into()),
            };
            let Ok(frame) = serde_json::from_str::<Value>(text.as_str()) else {
                continue;
            };
            if frame["status"] == "FAIL" {
                let why = frame["error"]["message"].as_str().unwrap_or("refused");
                return Ended::Failed(format!("Mattermost refused the WebSocket request: {why}"));
            }
            if frame["event"] == "hello" {
                let id = frame["data"]["connection_id"].as_str().unwrap_or_default();
                connection = Some(id.to_string());
                *backoff = FIRST_BACKOFF;
                tracing::info!(
                    since = progress.since,
                    "Mattermost WebSocket connected; catching up"
                );
                if let Err(e) = self.catch_up(progress).await {
                    return Ended::Failed(format!("catching up: {e}"));
                }
                // The link was not read while catching up; that was not silence.
                last_heard = Instant::now();
                continue;
            }
            let Some(conn) = connection.as_deref() else {
                continue;
            };
            let stamp = stamp_of(&frame);
            let parsed = progress.reader.event(&frame, conn);
            if !parsed.is_empty() {
                if let Err(e) = (self.handler)(parsed.clone()).await {
                    progress.reader.forget(&parsed);
                    return Ended::Failed(format!("storing an event: {e}"));
                }
                last_heard = Instant::now();
            }
            if let Some(s) = stamp {
                progress.heard = progress.heard.max(Some(s));
            }
        }
    }

    /// Reads what changed in the incident channels since the last change handled.
    async fn catch_up(&self, progress: &mut Progress) -> Result<(), String> {
        let since = progress.since;
        for channel in (self.channels)().await? {
            let list = match self.client.posts_since(&channel, since).await {
                Ok(list) => list,
                // An archived or vanished channel has nothing to catch up on.
                Err(e) if e.status().is_some_and(|s| s == 403 || s == 404) => continue,
                Err(e) => return Err(e.to_string()),
            };
            let parsed = progress.reader.catch_up(&list, since);
            if !parsed.is_empty() {
                if let Err(e) = (self.handler)(parsed.clone()).await {
                    progress.reader.forget(&parsed);
                    return Err(e);
                }
            }
            let latest = list["posts"]
                .as_object()
                .into_iter()
                .flatten()
                .filter_map(|(_, p)| p["update_at"].as_i64().max(p["delete_at"].as_i64()))
                .max();
            progress.heard = progress.heard.max(latest);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_websocket_is_under_the_site() {
        assert_eq!(
            websocket_url("https://chat.example.com/"),
            "wss://chat.example.com/api/v4/websocket"
        );
        assert_eq!(
            websocket_url("http://127.0.0.1:8065"),
            "ws://127.0.0.1:8065/api/v4/websocket"
        );
    }

    #[test]
    fn frames_tell_the_servers_time() {
        let post = json!({"create_at": 5, "update_at": 9, "delete_at": 0}).to_string();
        assert_eq!(
            stamp_of(&json!({"event": "posted", "data": {"post": post}})),
            Some(9)
        );
        assert_eq!(
            stamp_of(&json!({"status": "OK", "data": {"server_time": 12}})),
            Some(12)
        );
        assert_eq!(stamp_of(&json!({"event": "typing", "data": {}})), None);
    }
}
