//! Socket Mode: the WebSocket that `apps.connections.open` points at. A ticket works once; on
//! connect the fake sends `hello`, then envelopes; the app acks each with
//! `{"envelope_id", "payload"?}`. `disconnect` frames are sent on demand and the socket is
//! closed right after them (Slack leaves a refresh_requested link open a few seconds longer).

use super::faults::Down;
use super::state::{SocketConn, State, WsOut};
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State as AxState};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::collections::HashMap;
use tokio::sync::mpsc;

/// `GET /link/?ticket=…`.
pub(crate) async fn upgrade(
    AxState(st): AxState<State>,
    Query(q): Query<HashMap<String, String>>,
    ws: WebSocketUpgrade,
) -> Response {
    {
        let mut inner = st.lock();
        if inner.down != Down::Up {
            return (StatusCode::SERVICE_UNAVAILABLE, "Service Unavailable").into_response();
        }
        let ticket = q.get("ticket").map(String::as_str).unwrap_or_default();
        if !inner.tickets.remove(ticket) {
            return (StatusCode::UNAUTHORIZED, "invalid or used ticket").into_response();
        }
    }
    ws.on_upgrade(move |socket| run(st, socket))
}

async fn run(st: State, socket: WebSocket) {
    let (mut sink, mut stream) = socket.split();
    let (tx, mut rx) = mpsc::unbounded_channel::<WsOut>();
    let id = {
        let mut inner = st.lock();
        let id = inner.next();
        inner.sockets.push(SocketConn { id, tx: tx.clone() });
        let hello = json!({
            "type": "hello",
            "num_connections": inner.sockets.len(),
            "debug_info": {
                "host": format!("applink-fake-{id}"),
                "build_number": 1,
                "approximate_connection_time": 18060,
            },
            "connection_info": {"app_id": inner.opts.app_id},
        });
        // Queued before anything else can be, so `hello` is always the first frame.
        let _ = tx.send(WsOut::Text(hello.to_string()));
        id
    };
    st.bump();
    let writer = tokio::spawn(async move {
        while let Some(out) = rx.recv().await {
            let sent = match out {
                WsOut::Text(t) => sink.send(Message::Text(t.into())).await,
                WsOut::Close => {
                    let _ = sink.send(Message::Close(None)).await;
                    break;
                }
            };
            if sent.is_err() {
                break;
            }
        }
    });
    let mut down = st.down.subscribe();
    loop {
        tokio::select! {
            frame = stream.next() => match frame {
                Some(Ok(Message::Text(t))) => ack(&st, t.as_str()),
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                Some(Ok(_)) => {}
            },
            changed = down.wait_for(|d| *d != Down::Up) => {
                let _ = changed;
                let _ = tx.send(WsOut::Close);
                break;
            }
        }
    }
    st.lock().sockets.retain(|c| c.id != id);
    st.bump();
    drop(tx);
    let _ = writer.await;
}

/// An ack from the app: hands its payload to whoever waits for that envelope.
fn ack(st: &State, text: &str) {
    let Ok(v) = serde_json::from_str::<Value>(text) else {
        return;
    };
    let Some(envelope) = v["envelope_id"].as_str() else {
        return;
    };
    let waiter = st.lock().acks.remove(envelope);
    if let Some(w) = waiter {
        let _ = w.send(v.get("payload").cloned().unwrap_or(Value::Null));
    }
}

/// Sends `disconnect {reason}` on every open connection and closes them.
pub(crate) fn disconnect_all(st: &State, reason: &str) {
    let mut inner = st.lock();
    for c in &inner.sockets {
        let frame = json!({
            "type": "disconnect",
            "reason": reason,
            "debug_info": {"host": format!("applink-fake-{}", c.id)},
        });
        let _ = c.tx.send(WsOut::Text(frame.to_string()));
        let _ = c.tx.send(WsOut::Close);
    }
    // Gone at once: nothing more is routed to a link being closed.
    inner.sockets.clear();
    drop(inner);
    st.bump();
}
