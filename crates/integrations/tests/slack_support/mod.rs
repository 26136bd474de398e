//! What the Slack inbound suites share: a fake Slack, and a stand-in for the server's three
//! Slack endpoints that checks every request with `http_request` and answers as the server
//! will (200 with the challenge, 200, or the error's status).

#![allow(dead_code)]

use axum::body::Bytes;
use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::post;
use axum::Router;
use goldseam_core::chat::inbound::Inbound;
use goldseam_fakes::slack::{FakeSlack, SlackOptions};
use goldseam_integrations::chat::slack::http_in::{
    http_request, HttpInError, HttpInbound, HttpKind,
};
use goldseam_integrations::chat::slack::inbound::Parsed;
use goldseam_integrations::Secret;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const WAIT: Duration = Duration::from_secs(5);

/// One request the endpoints got, as `http_request` read it.
pub type Checked = (HttpKind, Result<HttpInbound, HttpInError>);

/// The server's Slack endpoints, `/slack/{events,commands,interactions}`.
#[derive(Clone)]
pub struct Endpoints {
    pub url: String,
    got: Arc<Mutex<Vec<Checked>>>,
    /// What a slash command is answered with (JSON), instead of an empty 200.
    pub command_reply: Arc<Mutex<Option<Value>>>,
    /// Answer the next N event deliveries 500 (after checking them), as a server whose
    /// database is down would.
    pub fail_events: Arc<Mutex<usize>>,
}

impl Endpoints {
    pub async fn start(signing_secret: &str, bot_user: &str) -> Endpoints {
        let got = Arc::new(Mutex::new(Vec::new()));
        let command_reply = Arc::new(Mutex::new(None::<Value>));
        let fail_events = Arc::new(Mutex::new(0));
        let (g, r, f) = (got.clone(), command_reply.clone(), fail_events.clone());
        let secret = Secret::new(signing_secret);
        let bot = bot_user.to_string();
        let app = Router::new().route(
            "/slack/{kind}",
            post(
                move |Path(kind): Path<String>, headers: HeaderMap, body: Bytes| {
                    let (g, r, f, secret, bot) =
                        (g.clone(), r.clone(), f.clone(), secret.clone(), bot.clone());
                    async move {
                        let kind = match kind.as_str() {
                            "events" => HttpKind::Events,
                            "commands" => HttpKind::Commands,
                            _ => HttpKind::Interactions,
                        };
                        let now = jiff::Timestamp::now();
                        let checked = http_request(kind, &headers, &body, &secret, now, &bot);
                        g.lock().unwrap().push((kind, checked.clone()));
                        match checked {
                            Err(e) => StatusCode::from_u16(e.status()).unwrap().into_response(),
                            Ok(HttpInbound::Challenge(c)) => c.into_response(),
                            Ok(HttpInbound::Received(_)) if kind == HttpKind::Events => {
                                let mut left = f.lock().unwrap();
                                if *left > 0 {
                                    *left -= 1;
                                    return StatusCode::INTERNAL_SERVER_ERROR.into_response();
                                }
                                StatusCode::OK.into_response()
                            }
                            Ok(HttpInbound::Received(_)) => match r.lock().unwrap().clone() {
                                Some(v) => axum::Json(v).into_response(),
                                None => StatusCode::OK.into_response(),
                            },
                        }
                    }
                },
            ),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Endpoints {
            url,
            got,
            command_reply,
            fail_events,
        }
    }

    pub fn got(&self) -> Vec<Checked> {
        self.got.lock().unwrap().clone()
    }

    /// Every request that passed, read.
    pub fn received(&self) -> Vec<Parsed> {
        self.got()
            .into_iter()
            .filter_map(|(_, r)| match r {
                Ok(HttpInbound::Received(p)) => Some(p),
                _ => None,
            })
            .collect()
    }

    /// What passed, without the ignored.
    pub fn inbound(&self) -> Vec<Inbound> {
        self.received()
            .into_iter()
            .map(|p| p.inbound)
            .filter(|i| !matches!(i, Inbound::Ignored { .. }))
            .collect()
    }

    /// The last request of `kind` that passed, read.
    pub fn last(&self, kind: HttpKind) -> Parsed {
        self.got()
            .into_iter()
            .rev()
            .find_map(|(k, r)| match r {
                Ok(HttpInbound::Received(p)) if k == kind => Some(p),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no {kind:?} request passed: {:#?}", self.got()))
    }

    pub fn url_for(&self, kind: &str) -> Option<String> {
        Some(format!("{}/slack/{kind}", self.url))
    }
}

/// A fake Slack in HTTP mode, its Request URLs on the endpoints.
pub async fn http_fake() -> (FakeSlack, Endpoints) {
    let o = SlackOptions::for_tests();
    let endpoints = Endpoints::start(&o.signing_secret, &o.bot_user_id).await;
    let fake = FakeSlack::start(SlackOptions {
        events_url: endpoints.url_for("events"),
        commands_url: endpoints.url_for("commands"),
        interactions_url: endpoints.url_for("interactions"),
        ..o
    })
    .await
    .expect("start the fake");
    (fake, endpoints)
}

/// Waits until the endpoints have got `n` requests in all.
pub async fn wait_got(fake: &FakeSlack, e: &Endpoints, n: usize) -> Vec<Checked> {
    let e2 = e.clone();
    let ok = fake.wait_for(WAIT, move |_| e2.got().len() >= n).await;
    assert!(ok, "expected {n} requests, got {:#?}", e.got());
    e.got()
}

/// Waits until `n` requests have passed and are not ignored; those.
pub async fn wait_inbound(fake: &FakeSlack, e: &Endpoints, n: usize) -> Vec<Inbound> {
    let e2 = e.clone();
    let ok = fake.wait_for(WAIT, move |_| e2.inbound().len() >= n).await;
    assert!(ok, "expected {n} inbound, got {:#?}", e.received());
    e.inbound()
}

/// alice and bob, and #incidents that alice created and added the bot to; (alice, bob, id).
pub fn seeded(fake: &FakeSlack) -> (String, String, String) {
    let alice = fake.add_user("alice", "alice@example.com");
    let bob = fake.add_user("bob", "bob@example.com");
    let ch = fake.create_channel("alice", "incidents", false);
    fake.invite("alice", "incidents", &fake.options().bot_user_id);
    fake.join("bob", "incidents");
    (alice, bob, ch)
}

/// A Web API call with the bot token; the answer, which must be ok.
pub async fn api(fake: &FakeSlack, method: &str, args: Value) -> Value {
    let v: Value = reqwest::Client::new()
        .post(format!("{}/api/{method}", fake.url()))
        .bearer_auth(fake.options().bot_token)
        .json(&args)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["ok"], json!(true), "{method}: {v}");
    v
}
