//! Delivering to the app, over Socket Mode when a connection is open (as Slack does when
//! socket mode is enabled), else over HTTP to the configured Request URL, signed.
//!
//! Events go out one after the other in the order they happened: the next one leaves once the
//! previous one's first attempt was answered or timed out. A failed event is retried after
//! each of `retry_delays` (same `event_id`): over HTTP with `X-Slack-Retry-Num` and
//! `X-Slack-Retry-Reason`, unless the answer carried `X-Slack-No-Retry: 1`; over Socket Mode
//! in a new envelope with `retry_attempt` and `retry_reason: "timeout"`. A timed-out HTTP
//! attempt is retried while it may still be running, as Slack does.

use super::model::{Delivery, DeliveryKind, Outcome};
use super::signer::sign;
use super::state::{State, WsOut};
use super::workspace::unix_secs;
use serde_json::{json, Value};
use std::time::Instant;
use tokio::sync::{mpsc, oneshot};

/// Where one attempt goes.
pub(crate) enum Route {
    Socket,
    Http(String),
}

/// Runs the event queue for as long as the fake lives.
pub(crate) fn spawn_dispatcher(st: State, mut rx: mpsc::UnboundedReceiver<Value>) {
    tokio::spawn(async move {
        while let Some(event) = rx.recv().await {
            let (first_tx, first_rx) = oneshot::channel();
            tokio::spawn(deliver_event(st.clone(), event, first_tx));
            let _ = first_rx.await;
        }
    });
}

/// The route for an event now, waiting while there is none (no socket, no URL).
async fn event_route(st: &State) -> Route {
    let mut changed = st.changed.subscribe();
    loop {
        {
            let inner = st.lock();
            if inner.down == super::faults::Down::Up {
                if !inner.sockets.is_empty() {
                    return Route::Socket;
                }
                if let Some(url) = &inner.opts.events_url {
                    return Route::Http(url.clone());
                }
            }
        }
        if changed.changed().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

async fn deliver_event(st: State, event: Value, first_done: oneshot::Sender<()>) {
    let mut first_done = Some(first_done);
    let delays = st.lock().opts.retry_delays.clone();
    let mut reason: Option<String> = None;
    for attempt in 0..=delays.len() as u32 {
        if attempt > 0 {
            tokio::time::sleep(delays[attempt as usize - 1]).await;
        }
        let route = event_route(&st).await;
        let socket = matches!(route, Route::Socket);
        let outcome = match route {
            Route::Socket => {
                let kind = DeliveryKind::Event;
                send_socket(&st, kind, event.clone(), false, attempt, reason.clone()).await
            }
            Route::Http(url) => {
                let (kind, body) = (DeliveryKind::Event, event.to_string());
                let ct = "application/json";
                send_http(
                    &st,
                    kind,
                    &url,
                    event.clone(),
                    body,
                    ct,
                    attempt,
                    reason.clone(),
                )
                .await
            }
        };
        if let Some(tx) = first_done.take() {
            let _ = tx.send(());
        }
        reason = Some(match outcome {
            Outcome::Acked(_) | Outcome::Pending => return,
            Outcome::Answered {
                status, no_retry, ..
            } => {
                if (200..300).contains(&status) || no_retry {
                    return;
                }
                "http_error".into()
            }
            _ if socket => "timeout".into(),
            Outcome::TimedOut => "http_timeout".into(),
            Outcome::Failed(_) => "connection_failed".into(),
        });
    }
}

/// Sends one HTTP attempt, signed, and waits for its answer up to the ack timeout. An answer
/// that comes later is recorded as `late`.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn send_http(
    st: &State,
    kind: DeliveryKind,
    url: &str,
    payload: Value,
    body: String,
    content_type: &str,
    attempt: u32,
    reason: Option<String>,
) -> Outcome {
    let (secret, offset, timeout) = {
        let i = st.lock();
        let secret = i
            .forged_secret
            .clone()
            .unwrap_or_else(|| i.opts.signing_secret.clone());
        (secret, i.clock_offset, i.opts.ack_timeout)
    };
    let ts = (unix_secs() as i64 + offset).to_string();
    let mut headers = vec![
        ("content-type".to_string(), content_type.to_string()),
        (
            "user-agent".to_string(),
            "Slackbot 1.0 (+https://api.slack.com/robots)".to_string(),
        ),
        ("x-slack-request-timestamp".to_string(), ts.clone()),
        (
            "x-slack-signature".to_string(),
            sign(&secret, &ts, body.as_bytes()),
        ),
    ];
    if attempt > 0 {
        headers.push(("x-slack-retry-num".into(), attempt.to_string()));
        headers.push((
            "x-slack-retry-reason".into(),
            reason.clone().unwrap_or_default(),
        ));
    }
    let index = st.record(Delivery {
        kind,
        transport: "http",
        event_id: payload["event_id"].as_str().map(String::from),
        envelope_id: None,
        attempt,
        retry_reason: reason,
        payload,
        headers: headers.clone(),
        body: body.clone(),
        outcome: Outcome::Pending,
        late: None,
        sent: Instant::now(),
    });
    let mut req = st.client.post(url).body(body);
    for (k, v) in &headers {
        req = req.header(k, v);
    }
    let (tx, rx) = oneshot::channel();
    let st2 = st.clone();
    tokio::spawn(async move {
        let outcome = match req.send().await {
            Err(e) => Outcome::Failed(e.to_string()),
            Ok(res) => {
                let status = res.status().as_u16();
                let no_retry = res
                    .headers()
                    .get("x-slack-no-retry")
                    .is_some_and(|v| v == "1");
                let body = res.text().await.unwrap_or_default();
                Outcome::Answered {
                    status,
                    body,
                    no_retry,
                }
            }
        };
        // Answered after the timeout: note it beside the timeout.
        if let Err(Outcome::Answered { status, .. }) = tx.send(outcome) {
            st2.update(index, |d| d.late = Some(status));
        }
    });
    let outcome = match tokio::time::timeout(timeout, rx).await {
        Ok(Ok(o)) => o,
        Ok(Err(_)) => Outcome::Failed("the request task ended".into()),
        Err(_) => Outcome::TimedOut,
    };
    st.update(index, |d| d.outcome = outcome.clone());
    outcome
}

/// Sends one envelope on a Socket Mode connection (round robin) and waits for its ack up to
/// the ack timeout.
pub(crate) async fn send_socket(
    st: &State,
    kind: DeliveryKind,
    payload: Value,
    accepts_response_payload: bool,
    attempt: u32,
    reason: Option<String>,
) -> Outcome {
    let (ack_tx, ack_rx) = oneshot::channel();
    let (sent, envelope_id, timeout, index) = {
        let mut i = st.lock();
        let n = i.next();
        let envelope_id = format!("{:08x}-{:04x}-4000-8000-fake{:08x}", n, attempt, n);
        let typ = match kind {
            DeliveryKind::SlashCommand => "slash_commands",
            DeliveryKind::Interaction => "interactive",
            _ => "events_api",
        };
        let mut frame = json!({
            "envelope_id": envelope_id,
            "type": typ,
            "payload": payload,
            "accepts_response_payload": accepts_response_payload,
        });
        if kind == DeliveryKind::Event {
            frame["retry_attempt"] = json!(attempt);
            frame["retry_reason"] = json!(reason.clone().unwrap_or_default());
        }
        let sent = if i.sockets.is_empty() {
            false
        } else {
            let k = i.next_socket % i.sockets.len();
            i.next_socket = i.next_socket.wrapping_add(1);
            i.sockets[k].tx.send(WsOut::Text(frame.to_string())).is_ok()
        };
        i.acks.insert(envelope_id.clone(), ack_tx);
        i.deliveries.push(Delivery {
            kind,
            transport: "socket",
            event_id: payload["event_id"].as_str().map(String::from),
            envelope_id: Some(envelope_id.clone()),
            attempt,
            retry_reason: reason,
            payload,
            headers: Vec::new(),
            body: frame.to_string(),
            outcome: Outcome::Pending,
            late: None,
            sent: Instant::now(),
        });
        (
            sent,
            envelope_id,
            i.opts.ack_timeout,
            i.deliveries.len() - 1,
        )
    };
    st.bump();
    let outcome = if !sent {
        Outcome::Failed("the socket closed".into())
    } else {
        match tokio::time::timeout(timeout, ack_rx).await {
            Ok(Ok(p)) => Outcome::Acked(p),
            _ => Outcome::TimedOut,
        }
    };
    st.lock().acks.remove(&envelope_id);
    st.update(index, |d| d.outcome = outcome.clone());
    outcome
}
