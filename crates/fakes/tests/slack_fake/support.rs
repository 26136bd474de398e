//! Helpers: Web API calls, a receiver app that records what it gets and answers as scripted,
//! and a Socket Mode client.

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::post;
use axum::Router;
use futures::{SinkExt, StreamExt};
use goldseam_fakes::slack::{FakeSlack, SlackOptions};
use serde_json::{json, Value};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message as WsMessage;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub const WAIT: Duration = Duration::from_secs(5);

pub async fn fake() -> FakeSlack {
    FakeSlack::start(SlackOptions::for_tests())
        .await
        .expect("start")
}

pub async fn fake_with(f: impl FnOnce(&mut SlackOptions)) -> FakeSlack {
    let mut o = SlackOptions::for_tests();
    f(&mut o);
    FakeSlack::start(o).await.expect("start")
}

/// Calls `method` with a JSON body and the bot token: (status, Retry-After, body).
pub async fn call(fake: &FakeSlack, method: &str, args: Value) -> (u16, Option<String>, Value) {
    let token = fake.options().bot_token;
    call_as(fake, &token, method, args).await
}

pub async fn call_as(
    fake: &FakeSlack,
    token: &str,
    method: &str,
    args: Value,
) -> (u16, Option<String>, Value) {
    let mut req = reqwest::Client::new()
        .post(format!("{}/api/{method}", fake.url()))
        .json(&args);
    if !token.is_empty() {
        req = req.bearer_auth(token);
    }
    let res = req.send().await.expect("send");
    let status = res.status().as_u16();
    let retry = res
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_string());
    let body = res.json::<Value>().await.unwrap_or(Value::Null);
    (status, retry, body)
}

/// `call` for answers expected to be `ok: true`.
pub async fn ok(fake: &FakeSlack, method: &str, args: Value) -> Value {
    let (status, _, body) = call(fake, method, args).await;
    assert_eq!(
        (status, &body["ok"]),
        (200, &json!(true)),
        "{method}: {body}"
    );
    body
}

/// The `error` of a call expected to fail.
pub async fn err(fake: &FakeSlack, method: &str, args: Value) -> String {
    let (_, _, body) = call(fake, method, args).await;
    assert_eq!(body["ok"], false, "{method} should fail: {body}");
    body["error"].as_str().unwrap().to_string()
}

/// A workspace with alice and bob, and #incidents (public) that alice created and the bot
/// was added to.
pub async fn seeded(fake: &FakeSlack) -> (String, String, String) {
    let alice = fake.add_user("alice", "alice@example.com");
    let bob = fake.add_user("bob", "bob@example.com");
    let ch = fake.create_channel("alice", "incidents", false);
    fake.invite("alice", "incidents", &fake.options().bot_user_id);
    (alice, bob, ch)
}

/// One request the receiver got.
#[derive(Debug, Clone)]
pub struct Got {
    pub path: String,
    pub headers: HeaderMap,
    pub body: String,
}

impl Got {
    pub fn header(&self, k: &str) -> Option<&str> {
        self.headers.get(k).and_then(|v| v.to_str().ok())
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }
}

/// How the receiver answers one request.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub body: String,
    pub delay: Duration,
    pub no_retry: bool,
}

impl Answer {
    pub fn status(status: u16) -> Self {
        Answer {
            status,
            body: String::new(),
            delay: Duration::ZERO,
            no_retry: false,
        }
    }

    pub fn json(v: Value) -> Self {
        Answer {
            body: v.to_string(),
            ..Answer::status(200)
        }
    }
}

/// A stand-in for Goldseam's HTTP endpoints: records requests, answers from a script (then
/// 200 with an empty body).
#[derive(Clone)]
pub struct Receiver {
    pub url: String,
    got: Arc<Mutex<Vec<Got>>>,
    script: Arc<Mutex<VecDeque<Answer>>>,
}

impl Receiver {
    pub async fn start() -> Receiver {
        let got = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(Mutex::new(VecDeque::new()));
        let (g, s) = (got.clone(), script.clone());
        let app = Router::new().route(
            "/{*path}",
            post(
                move |uri: axum::http::Uri, headers: HeaderMap, body: Bytes| {
                    let (g, s) = (g.clone(), s.clone());
                    async move {
                        let body = String::from_utf8_lossy(&body).to_string();
                        g.lock().unwrap().push(Got {
                            path: uri.path().into(),
                            headers,
                            body,
                        });
                        let a = s.lock().unwrap().pop_front().unwrap_or(Answer::status(200));
                        // The app being slow to answer, which is what is under test here.
                        tokio::time::sleep(a.delay).await;
                        let mut res =
                            (StatusCode::from_u16(a.status).unwrap(), a.body).into_response();
                        if a.no_retry {
                            res.headers_mut()
                                .insert("x-slack-no-retry", "1".parse().unwrap());
                        }
                        res
                    }
                },
            ),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Receiver { url, got, script }
    }

    pub fn then(&self, a: Answer) -> &Self {
        self.script.lock().unwrap().push_back(a);
        self
    }

    pub fn got(&self) -> Vec<Got> {
        self.got.lock().unwrap().clone()
    }

    pub fn events(&self) -> Vec<Got> {
        self.got()
            .into_iter()
            .filter(|g| g.path == "/events")
            .collect()
    }

    pub fn url_for(&self, path: &str) -> Option<String> {
        Some(format!("{}/{path}", self.url))
    }
}

/// Waits until the receiver got `n` requests on `/events`.
pub async fn events(fake: &FakeSlack, r: &Receiver, n: usize) -> Vec<Got> {
    let r2 = r.clone();
    assert!(
        fake.wait_for(WAIT, move |_| r2.events().len() >= n).await,
        "expected {n} events, got {:?}",
        r.events()
            .iter()
            .map(|g| g.json()["event"]["type"].clone())
            .collect::<Vec<_>>()
    );
    r.events()
}

/// A Socket Mode client, as Goldseam's would be.
pub struct Socket {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

impl Socket {
    /// Opens a link with `apps.connections.open` and reads `hello`.
    pub async fn connect(fake: &FakeSlack) -> (Socket, Value) {
        let token = fake.options().app_token;
        let (_, _, body) = call_as(fake, &token, "apps.connections.open", json!({})).await;
        let url = body["url"].as_str().expect("a url").to_string();
        let (ws, _) = tokio_tungstenite::connect_async(url)
            .await
            .expect("connect");
        let mut s = Socket { ws };
        let hello = s.next().await.expect("hello");
        (s, hello)
    }

    /// The next JSON frame, `None` when the link closed (or nothing came within 5 s).
    pub async fn next(&mut self) -> Option<Value> {
        loop {
            match tokio::time::timeout(WAIT, self.ws.next()).await {
                Ok(Some(Ok(WsMessage::Text(t)))) => return serde_json::from_str(t.as_str()).ok(),
                Ok(Some(Ok(WsMessage::Close(_)))) | Ok(None) | Ok(Some(Err(_))) | Err(_) => {
                    return None
                }
                Ok(Some(Ok(_))) => {}
            }
        }
    }

    pub async fn ack(&mut self, envelope: &Value, payload: Option<Value>) {
        let mut a = json!({"envelope_id": envelope["envelope_id"]});
        if let Some(p) = payload {
            a["payload"] = p;
        }
        self.ws
            .send(WsMessage::Text(a.to_string().into()))
            .await
            .expect("ack");
    }
}
