//! Helpers: a REST client with the bot token, a WebSocket client, and a tiny app that
//! records what the fake sends it and answers as the test says.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use futures::{SinkExt, StreamExt};
use goldseam_fakes::mattermost::{FakeMattermost, MattermostOptions};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// How long a test waits for something the fake should already be doing.
pub const PATIENCE: Duration = Duration::from_secs(5);

pub async fn fake() -> FakeMattermost {
    FakeMattermost::start(MattermostOptions::default())
        .await
        .expect("start the fake")
}

/// A REST answer.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Answer {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }
}

/// Calls the fake's API as the bot (`token` None) or with another token.
pub async fn call_as(
    fake: &FakeMattermost,
    token: Option<&str>,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> Answer {
    let client = reqwest::Client::new();
    let url = format!("{}/api/v4{path}", fake.url());
    let mut req = client.request(method.parse().expect("method"), url);
    let token = token.map(String::from).unwrap_or_else(|| fake.bot_token());
    if !token.is_empty() {
        req = req.bearer_auth(token);
    }
    if let Some(body) = body {
        req = req.json(&body);
    }
    let res = req.send().await.expect("the fake answers");
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let text = res.text().await.expect("a body");
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    Answer {
        status,
        headers,
        body,
    }
}

pub async fn call(fake: &FakeMattermost, method: &str, path: &str, body: Option<Value>) -> Answer {
    call_as(fake, None, method, path, body).await
}

/// Creates a channel as the bot; its id.
pub async fn channel(fake: &FakeMattermost, name: &str, kind: &str) -> String {
    let body = json!({"team_id": fake.team_id(), "name": name, "display_name": name, "type": kind});
    let res = call(fake, "POST", "/channels", Some(body)).await;
    assert_eq!(res.status, 201, "{:?}", res.body);
    res.body["id"].as_str().expect("an id").to_string()
}

/// Posts as the bot; the post.
pub async fn post(fake: &FakeMattermost, channel_id: &str, message: &str, props: Value) -> Value {
    let body = json!({"channel_id": channel_id, "message": message, "props": props});
    let res = call(fake, "POST", "/posts", Some(body)).await;
    assert_eq!(res.status, 201, "{:?}", res.body);
    res.body
}

pub type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Connects without authenticating.
pub async fn ws_raw(fake: &FakeMattermost) -> Socket {
    let (ws, _) = tokio_tungstenite::connect_async(fake.ws_url())
        .await
        .expect("connect");
    ws
}

pub async fn send(ws: &mut Socket, frame: Value) {
    ws.send(Message::Text(frame.to_string().into()))
        .await
        .expect("send");
}

/// The next text frame, parsed; panics after `PATIENCE` or if the socket closes.
pub async fn next(ws: &mut Socket) -> Value {
    loop {
        let frame = tokio::time::timeout(PATIENCE, ws.next())
            .await
            .expect("a frame in time");
        match frame.expect("the socket is open").expect("a frame") {
            Message::Text(t) => return serde_json::from_str(&t).expect("JSON"),
            Message::Close(_) => panic!("closed"),
            _ => {}
        }
    }
}

/// The next event (skipping replies), its `data.post` parsed into `data.post_parsed`.
pub async fn next_event(ws: &mut Socket) -> Value {
    loop {
        let mut frame = next(ws).await;
        if frame.get("event").is_some() {
            if let Some(post) = frame["data"]["post"].as_str() {
                frame["data"]["post_parsed"] = serde_json::from_str(post).expect("post JSON");
            }
            return frame;
        }
    }
}

/// Connects as the bot with the challenge and reads the reply and `hello`.
pub async fn connect(fake: &FakeMattermost) -> (Socket, Value) {
    let mut ws = ws_raw(fake).await;
    let challenge = json!({"seq": 1, "action": "authentication_challenge",
                           "data": {"token": fake.bot_token()}});
    send(&mut ws, challenge).await;
    assert_eq!(next(&mut ws).await, json!({"status": "OK", "seq_reply": 1}));
    let hello = next(&mut ws).await;
    assert_eq!(hello["event"], "hello");
    (ws, hello)
}

/// What the tiny app received: headers and raw body per request.
pub type Inbox = Arc<Mutex<Vec<(HeaderMap, String)>>>;

type Reply = Arc<dyn Fn(&str) -> (u16, Value) + Send + Sync>;

async fn receive(
    State((inbox, reply)): State<(Inbox, Reply)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body = String::from_utf8_lossy(&body).into_owned();
    let (status, answer) = reply(&body);
    inbox.lock().unwrap().push((headers, body));
    let status = StatusCode::from_u16(status).unwrap();
    match answer {
        Value::Null => status.into_response(),
        v => (status, axum::Json(v)).into_response(),
    }
}

/// A tiny app on loopback answering every request with `reply(body)`; its URL and inbox.
pub async fn app(reply: impl Fn(&str) -> (u16, Value) + Send + Sync + 'static) -> (String, Inbox) {
    let inbox: Inbox = Arc::default();
    let reply: Reply = Arc::new(reply);
    let router = Router::new()
        .route("/{*path}", any(receive))
        .with_state((inbox.clone(), reply));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (url, inbox)
}

/// A form body's fields.
pub fn form(body: &str) -> std::collections::HashMap<String, String> {
    let url = reqwest::Url::parse(&format!("http://form.invalid/?{body}")).expect("a form");
    url.query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}
