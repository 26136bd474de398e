//! `TestApp`: a real server on a free loopback port over a fresh database, with builders for
//! users and tokens, and a small SSE reader.
#![allow(dead_code)]

use futures::StreamExt;
use goldseam_core::text::{Email, PersonName};
use goldseam_core::UserRole;
use goldseam_server::ServerConfig;
use goldseam_store::secrets::Secret;
use goldseam_store::users::NewUser;
use goldseam_store::{Store, StoreOptions};
use goldseam_testdb::TestDb;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::time::Duration;
use tokio::sync::oneshot;

pub struct TestApp {
    pub base: String,
    pub store: Store,
    pub client: reqwest::Client,
    stop: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

pub struct TestUser {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub token: String,
}

impl TestUser {
    /// The id for calling the store directly (the API speaks plain numbers).
    pub fn user_id(&self) -> goldseam_core::UserId {
        goldseam_core::UserId::from_db(self.id)
    }
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl TestApp {
    /// A server on its own database.
    pub async fn spawn(db: &TestDb) -> TestApp {
        Self::spawn_with(db, ServerConfig::default()).await
    }

    /// A server with a custom configuration (listen is overridden to a free port).
    pub async fn spawn_with(db: &TestDb, config: ServerConfig) -> TestApp {
        Self::spawn_full(db, config, StoreOptions::new(&db.url)).await
    }

    /// A server whose bus never polls, so only NOTIFY (or a listener resync) can wake it.
    pub async fn spawn_without_polling(db: &TestDb) -> TestApp {
        let opts = StoreOptions {
            bus_poll: Duration::from_secs(3600),
            ..StoreOptions::new(&db.url)
        };
        Self::spawn_full(db, ServerConfig::default(), opts).await
    }

    /// A server whose live subscribers may fall only `capacity` events behind.
    pub async fn spawn_with_bus_capacity(db: &TestDb, capacity: usize) -> TestApp {
        let opts = StoreOptions {
            bus_capacity: capacity,
            ..StoreOptions::new(&db.url)
        };
        Self::spawn_full(db, ServerConfig::default(), opts).await
    }

    /// A server whose delivery engine sends email to `smtp_url` (aiosmtpd in the tests) with
    /// links to `https://goldseam.test`, retrying fast, on `clock`.
    pub async fn spawn_mailing(
        db: &TestDb,
        smtp_url: &str,
        clock: std::sync::Arc<goldseam_store::time::FixedClock>,
    ) -> TestApp {
        use goldseam_integrations::{Channels, Email, Secret, SmtpConfig};
        use jiff::SignedDuration;
        let email = Email::new(SmtpConfig {
            url: Secret::new(smtp_url),
            from: "Goldseam <goldseam@example.com>".into(),
            timeout: Duration::from_secs(5),
        })
        .unwrap();
        let delivery = goldseam_server::engine::EngineConfig {
            enabled: true,
            poll: Duration::from_millis(50),
            lease: SignedDuration::from_secs(30),
            retry: goldseam_core::RetryPolicy {
                base: SignedDuration::from_millis(100),
                cap: SignedDuration::from_millis(200),
                max_attempts: 3,
            },
            channels: Channels {
                email: Some(email),
                ..Channels::default()
            },
            public_url: "https://goldseam.test".into(),
            ..Default::default()
        };
        let mut opts = StoreOptions::new(&db.url);
        opts.clock = clock;
        let config = ServerConfig {
            delivery,
            ..ServerConfig::default()
        };
        Self::spawn_full(db, config, opts).await
    }

    /// Sets `user`'s time zone (an IANA name).
    pub async fn set_zone(&self, user: &TestUser, zone: &str) {
        let change = goldseam_store::people::ProfileChange {
            time_zone: Some(Some(
                goldseam_core::people::TimeZoneName::parse("time_zone", zone).unwrap(),
            )),
            working_hours: None,
        };
        self.store
            .update_profile(user.user_id(), &change)
            .await
            .unwrap();
    }

    /// A server with custom server and store settings.
    pub async fn spawn_full(_db: &TestDb, config: ServerConfig, opts: StoreOptions) -> TestApp {
        let store = Store::open(opts).await.expect("opening the store");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(goldseam_server::serve(
            store.clone(),
            ServerConfig {
                listen: addr,
                ..config
            },
            listener,
            async move {
                let _ = stopped.await;
            },
        ));
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap();
        TestApp {
            base: format!("http://{addr}"),
            store,
            client,
            stop: Some(stop),
            server: Some(server),
        }
    }

    /// A server on a listener bound beforehand, so that its address can go into the
    /// configuration (a chat platform calling back).
    pub async fn spawn_on(
        listener: tokio::net::TcpListener,
        config: ServerConfig,
        opts: StoreOptions,
    ) -> TestApp {
        let store = Store::open(opts).await.expect("opening the store");
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let config = ServerConfig {
            listen: addr,
            ..config
        };
        let server = tokio::spawn(goldseam_server::serve(
            store.clone(),
            config,
            listener,
            async move {
                let _ = stopped.await;
            },
        ));
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap();
        TestApp {
            base: format!("http://{addr}"),
            store,
            client,
            stop: Some(stop),
            server: Some(server),
        }
    }

    /// Stops the server gracefully and waits for it (streams must end by themselves).
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            tokio::time::timeout(Duration::from_secs(10), server)
                .await
                .expect("graceful shutdown finishes")
                .unwrap()
                .unwrap();
        }
    }

    pub async fn user(&self, name: &str, role: UserRole) -> TestUser {
        let email = format!("{}@example.com", name.to_lowercase());
        let u = self
            .store
            .create_user(&NewUser {
                email: Email::parse("email", &email).unwrap(),
                name: PersonName::parse("name", name).unwrap(),
                role,
                password: Some(Secret::new("correct horse battery")),
            })
            .await
            .unwrap();
        let (_, token) = self.store.create_token(u.id, "tests").await.unwrap();
        TestUser {
            id: u.id.get(),
            name: name.into(),
            email,
            token: token.expose().to_string(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn call(
        &self,
        user: &TestUser,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Reply {
        let mut req = self
            .client
            .request(method, self.url(path))
            .bearer_auth(&user.token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        reply(req.send().await.unwrap()).await
    }

    pub async fn get(&self, user: &TestUser, path: &str) -> Reply {
        self.call(user, Method::GET, path, None).await
    }

    pub async fn post(&self, user: &TestUser, path: &str, body: Value) -> Reply {
        self.call(user, Method::POST, path, Some(body)).await
    }

    pub async fn patch(&self, user: &TestUser, path: &str, body: Value) -> Reply {
        self.call(user, Method::PATCH, path, Some(body)).await
    }

    /// A team of `members` owning a new service; returns the team's and the service's ids.
    pub async fn team_with_service(
        &self,
        admin: &TestUser,
        team: &str,
        members: &[&TestUser],
        service: &str,
    ) -> (i64, i64) {
        let members: Vec<Value> = members.iter().map(|m| json!({"user_id": m.id})).collect();
        let t = self
            .post(
                admin,
                "/api/v1/teams",
                json!({"name": team, "members": members}),
            )
            .await;
        assert_eq!(t.status, StatusCode::CREATED, "{}", t.body);
        let s = self
            .post(
                admin,
                "/api/v1/services",
                json!({"name": service, "team_id": t.body["id"]}),
            )
            .await;
        assert_eq!(s.status, StatusCode::CREATED, "{}", s.body);
        (
            t.body["id"].as_i64().unwrap(),
            s.body["id"].as_i64().unwrap(),
        )
    }

    /// Declares an incident and returns its reference.
    pub async fn declare(&self, user: &TestUser, body: Value) -> String {
        let r = self.post(user, "/api/v1/incidents", body).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        r.body["reference"].as_str().unwrap().to_string()
    }

    /// Opens an SSE stream.
    pub async fn stream(
        &self,
        user: &TestUser,
        path: &str,
        last_event_id: Option<i64>,
    ) -> SseReader {
        let mut req = self
            .client
            .get(self.url(path))
            .bearer_auth(&user.token)
            .timeout(Duration::from_secs(3600));
        if let Some(id) = last_event_id {
            req = req.header("Last-Event-ID", id.to_string());
        }
        let res = req.send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        SseReader::from_response(res)
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

pub async fn reply(res: reqwest::Response) -> Reply {
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.bytes().await.unwrap();
    let body = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()));
    Reply {
        status,
        headers,
        body,
    }
}

/// One SSE message.
#[derive(Debug, Clone)]
pub struct SseMessage {
    pub id: Option<String>,
    pub event: Option<String>,
    pub data: String,
}

impl SseMessage {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.data).unwrap()
    }
}

pub struct SseReader {
    body: std::pin::Pin<Box<dyn futures::Stream<Item = reqwest::Result<bytes::Bytes>> + Send>>,
    buf: String,
}

impl SseReader {
    /// Reads an SSE response already opened.
    pub fn from_response(res: reqwest::Response) -> SseReader {
        assert_eq!(res.headers()["content-type"], "text/event-stream");
        SseReader {
            body: Box::pin(res.bytes_stream()),
            buf: String::new(),
        }
    }

    /// The next message (comments and heartbeats skipped), or `None` when the stream ends or
    /// nothing arrives within `wait`.
    pub async fn next(&mut self, wait: Duration) -> Option<SseMessage> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            if let Some(end) = self.buf.find("\n\n") {
                let block: String = self.buf.drain(..end + 2).collect();
                let mut msg = SseMessage {
                    id: None,
                    event: None,
                    data: String::new(),
                };
                let mut any = false;
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("id:") {
                        msg.id = Some(v.trim().to_string());
                        any = true;
                    } else if let Some(v) = line.strip_prefix("event:") {
                        msg.event = Some(v.trim().to_string());
                        any = true;
                    } else if let Some(v) = line.strip_prefix("data:") {
                        msg.data.push_str(v.strip_prefix(' ').unwrap_or(v));
                        any = true;
                    }
                }
                if any {
                    return Some(msg);
                }
                continue;
            }
            match tokio::time::timeout_at(deadline, self.body.next()).await {
                Ok(Some(Ok(chunk))) => self.buf.push_str(&String::from_utf8_lossy(&chunk)),
                _ => return None,
            }
        }
    }
}

/// The field paths a validation problem names (`errors[].field`).
pub fn problem_fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|e| {
            e.iter()
                .map(|f| f["field"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}
