//! The WebSocket API, `GET /api/v4/websocket`. A client authenticates with the bot token,
//! either in the upgrade request's `Authorization` header or with the first frame
//! `{"seq":1,"action":"authentication_challenge","data":{"token":…}}` (answered
//! `{"status":"OK","seq_reply":1}`), then receives `hello` (`seq` 0) and the events of the
//! channels its user is a member of, each with the connection's next `seq`. Events sent while
//! no connection is open are lost, and a new connection starts again at `seq` 0 (see the
//! module docs on reconnection).

use super::faults::Down;
use super::gate::bearer;
use super::store::{new_id, Core, WsConn};
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};

pub(crate) async fn upgrade(
    State(core): State<Arc<Core>>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    if *core.down.borrow() != Down::Up {
        return (StatusCode::SERVICE_UNAVAILABLE, "Service Unavailable").into_response();
    }
    let token = bearer(&headers).map(String::from);
    ws.on_upgrade(move |socket| run(core, socket, token))
}

/// One connection: frames from the state (events, replies) go out in order; frames in are
/// requests. It ends when the client closes, or when the fake goes down.
async fn run(core: Arc<Core>, mut socket: WebSocket, header_token: Option<String>) {
    let conn_id = new_id();
    let (tx, mut rx) = mpsc::unbounded_channel::<String>();
    // The registered connection holds `kick`; dropping it (`drop_websockets`) ends this task.
    let (kick, mut kicked) = oneshot::channel::<()>();
    let mut kick = Some(kick);
    let mut authed = match header_token {
        Some(token) => authenticate(&core, &conn_id, &tx, &token, None, &mut kick),
        None => false,
    };
    let mut down = core.down.subscribe();
    loop {
        tokio::select! {
            _ = &mut kicked => break,
            out = rx.recv() => {
                let Some(text) = out else { break };
                if socket.send(Message::Text(text.into())).await.is_err() {
                    break;
                }
            }
            frame = socket.recv() => match frame {
                Some(Ok(Message::Text(text))) => {
                    let Ok(req) = serde_json::from_str::<Value>(&text) else { continue };
                    authed = request(&core, &conn_id, &tx, authed, &req, &mut kick);
                }
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
                Some(Ok(_)) => {}
            },
            changed = down.changed() => {
                if changed.is_err() || *down.borrow() != Down::Up {
                    break;
                }
            }
        }
    }
    core.update(|i| i.conns.retain(|c| c.id != conn_id));
}

fn reply(core: &Core, conn: &str, tx: &mpsc::UnboundedSender<String>, frame: Value) {
    let _ = tx.send(frame.to_string());
    core.update(|i| i.record_frame(conn, "", frame));
}

fn fail(seq: &Value, id: &str, message: &str) -> Value {
    let error = json!({"id": id, "message": message, "detailed_error": "", "request_id": "",
                       "status_code": 401});
    json!({"status": "FAIL", "seq_reply": seq, "error": error})
}

/// Answers one request frame; whether the connection is authenticated afterwards.
fn request(
    core: &Core,
    conn: &str,
    tx: &mpsc::UnboundedSender<String>,
    authed: bool,
    req: &Value,
    kick: &mut Option<oneshot::Sender<()>>,
) -> bool {
    let seq = &req["seq"];
    let action = req["action"].as_str().unwrap_or_default();
    if action == "authentication_challenge" && !authed {
        let token = req["data"]["token"].as_str().unwrap_or_default();
        return authenticate(core, conn, tx, token, Some(seq), kick);
    }
    if !authed {
        let id = "api.web_socket_router.not_authenticated.app_error";
        reply(core, conn, tx, fail(seq, id, "No websocket session found."));
        return false;
    }
    let frame = match action {
        "ping" => {
            let (version, now) = {
                let i = core.lock();
                (i.options.server_version.clone(), i.clock())
            };
            let data = json!({"text": "pong", "version": version, "server_time": now});
            json!({"status": "OK", "seq_reply": seq, "data": data})
        }
        "authentication_challenge"
        | "user_typing"
        | "get_statuses"
        | "get_statuses_by_ids"
        | "presence" => json!({"status": "OK", "seq_reply": seq}),
        _ => fail(
            seq,
            "api.web_socket_router.bad_action.app_error",
            "Unknown WebSocket action.",
        ),
    };
    reply(core, conn, tx, frame);
    true
}

/// Checks `token`; if it is the bot's, answers the challenge (when there was one), registers
/// the connection and sends `hello` with `seq` 0.
fn authenticate(
    core: &Core,
    conn: &str,
    tx: &mpsc::UnboundedSender<String>,
    token: &str,
    seq: Option<&Value>,
    kick: &mut Option<oneshot::Sender<()>>,
) -> bool {
    core.update(|i| {
        let ok = !token.is_empty() && token == i.options.bot_token;
        let user_id = i.bot_id.clone();
        if let Some(seq) = seq {
            let frame = if ok {
                json!({"status": "OK", "seq_reply": seq})
            } else {
                let id = "api.web_socket_router.not_authenticated.app_error";
                fail(seq, id, "Invalid or expired session, please login again.")
            };
            let _ = tx.send(frame.to_string());
            i.record_frame(conn, "", frame);
        }
        if !ok {
            return false;
        }
        let data = json!({"server_version": i.options.server_version, "connection_id": conn});
        let broadcast = json!({"omit_users": null, "user_id": user_id, "channel_id": "",
                               "team_id": "", "connection_id": "", "omit_connection_id": ""});
        let hello = json!({"event": "hello", "data": data, "broadcast": broadcast, "seq": 0});
        let _ = tx.send(hello.to_string());
        i.record_frame(conn, &user_id, hello);
        i.conns.push(WsConn {
            id: conn.into(),
            user_id,
            seq: 1,
            tx: tx.clone(),
            _kick: kick.take(),
        });
        true
    })
}
