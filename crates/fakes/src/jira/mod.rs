//! A fake Jira Cloud: `POST /rest/api/3/issue` and `POST /rest/api/3/search/jql` as REST API v3
//! answers them (basic auth with an account's email and API token, ADF descriptions, field
//! errors as `{"errorMessages", "errors"}`), and the signed `jira:issue_updated` webhook an
//! admin webhook with a secret sends (`X-Hub-Signature`, `X-Atlassian-Webhook-Identifier`).

mod api;

use crate::{deliver, hub_signature, lock, Mode, Received, SentWebhook};
use axum::http::HeaderMap;
use axum::routing::post;
use axum::Router;
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

/// How a fake Jira is set up.
#[derive(Debug, Clone)]
pub struct JiraOptions {
    /// The account email basic auth must carry.
    pub email: String,
    /// The API token basic auth must carry.
    pub api_token: String,
    /// The project keys that exist.
    pub projects: Vec<String>,
    /// The issue type names that exist.
    pub issue_types: Vec<String>,
    /// Where `close`/`reopen` send webhooks.
    pub webhook_url: Option<String>,
    /// The webhook's secret.
    pub webhook_secret: String,
}

impl Default for JiraOptions {
    fn default() -> Self {
        JiraOptions {
            email: "bot@example.com".into(),
            api_token: "fake-api-token".into(),
            projects: vec!["OPS".into()],
            issue_types: vec!["Task".into(), "Bug".into()],
            webhook_url: None,
            webhook_secret: "fake-webhook-secret".into(),
        }
    }
}

/// An issue the fake holds.
#[derive(Debug, Clone, PartialEq)]
pub struct JiraIssue {
    /// Its numeric id, as a string (Jira's form).
    pub id: String,
    /// `OPS-12`.
    pub key: String,
    /// Its summary.
    pub summary: String,
    /// Its ADF description, as sent.
    pub description: Value,
    /// Its labels.
    pub labels: Vec<String>,
    /// Whether its status is in the `done` category.
    pub done: bool,
}

#[derive(Default)]
pub(crate) struct Inner {
    options: JiraOptions,
    base: String,
    mode: Mode,
    issues: Vec<JiraIssue>,
    received: Vec<Received>,
    deliveries: u64,
}

pub(crate) type Shared = Arc<Mutex<Inner>>;

/// A running fake Jira Cloud site.
#[derive(Clone)]
pub struct FakeJira {
    /// Its base URL, `http://127.0.0.1:PORT` (what `https://SITE.atlassian.net` would be).
    pub base: String,
    inner: Shared,
    client: reqwest::Client,
}

fn status_json(done: bool) -> Value {
    if done {
        json!({"id": "10001", "name": "Done",
               "statusCategory": {"id": 3, "key": "done", "name": "Done"}})
    } else {
        json!({"id": "10000", "name": "To Do",
               "statusCategory": {"id": 2, "key": "new", "name": "To Do"}})
    }
}

impl FakeJira {
    /// A fake with default options on a free loopback port.
    pub async fn spawn() -> FakeJira {
        Self::spawn_with(JiraOptions::default(), ([127, 0, 0, 1], 0).into())
            .await
            .expect("bind a loopback port")
    }

    /// A fake with `options`, listening on `listen`.
    pub async fn spawn_with(options: JiraOptions, listen: SocketAddr) -> std::io::Result<Self> {
        let inner: Shared = Arc::new(Mutex::new(Inner {
            options,
            ..Inner::default()
        }));
        let app = Router::new()
            .route("/rest/api/3/issue", post(api::create))
            .route("/rest/api/3/search/jql", post(api::search))
            .with_state(inner.clone());
        let addr = crate::serve::spawn(listen, app).await?;
        let base = format!("http://{addr}");
        lock(&inner).base = base.clone();
        Ok(FakeJira {
            base,
            inner,
            client: reqwest::Client::new(),
        })
    }

    /// Sets how API requests are answered.
    pub fn set_mode(&self, mode: Mode) {
        lock(&self.inner).mode = mode;
    }

    /// Sets where webhooks go.
    pub fn set_webhook_url(&self, url: Option<String>) {
        lock(&self.inner).options.webhook_url = url;
    }

    /// Every API request received so far.
    pub fn received(&self) -> Vec<Received> {
        lock(&self.inner).received.clone()
    }

    /// Every issue, in the order created.
    pub fn issues(&self) -> Vec<JiraIssue> {
        lock(&self.inner).issues.clone()
    }

    /// How many issues were created with the label `marker` (more than 1 is a duplicate).
    pub fn creates(&self, marker: &str) -> usize {
        let inner = lock(&self.inner);
        let with = |i: &&JiraIssue| i.labels.iter().any(|l| l == marker);
        inner.issues.iter().filter(with).count()
    }

    /// Moves `key` to Done and sends `jira:issue_updated`.
    pub async fn close(&self, key: &str) -> Result<SentWebhook, String> {
        self.transition(key, true).await
    }

    /// Moves `key` back to To Do and sends `jira:issue_updated`.
    pub async fn reopen(&self, key: &str) -> Result<SentWebhook, String> {
        self.transition(key, false).await
    }

    async fn transition(&self, key: &str, done: bool) -> Result<SentWebhook, String> {
        let (payload, url, secret, delivery) = {
            let mut inner = lock(&self.inner);
            inner.deliveries += 1;
            let base = inner.base.clone();
            let issue = inner
                .issues
                .iter_mut()
                .find(|i| i.key == key)
                .ok_or_else(|| format!("no issue {key}"))?;
            let was = status_json(issue.done);
            issue.done = done;
            let now = status_json(done);
            let payload = json!({
                "timestamp": 1_700_000_000_000u64,
                "webhookEvent": "jira:issue_updated",
                "issue_event_type_name": "issue_generic",
                "user": {"accountId": "5b10a2844c20165700ede21g", "displayName": "Fake Person"},
                "issue": {
                    "id": issue.id,
                    "self": format!("{base}/rest/api/3/issue/{}", issue.id),
                    "key": issue.key,
                    "fields": {"summary": issue.summary, "labels": issue.labels, "status": now},
                },
                "changelog": {"id": "10100", "items": [{
                    "field": "status", "fieldtype": "jira",
                    "from": was["id"], "fromString": was["name"],
                    "to": now["id"], "toString": now["name"],
                }]},
            });
            let o = &inner.options;
            (
                payload,
                o.webhook_url.clone(),
                o.webhook_secret.clone(),
                inner.deliveries,
            )
        };
        let body = payload.to_string().into_bytes();
        let mut headers = HeaderMap::new();
        let mut put = |k: &'static str, v: String| headers.insert(k, v.parse().expect("header"));
        put("content-type", "application/json; charset=UTF-8".into());
        put("user-agent", "Atlassian Webhook HTTP Client".into());
        put(
            "x-atlassian-webhook-identifier",
            format!("{}", 7_000_000 + delivery),
        );
        put("x-hub-signature", hub_signature(&secret, &body));
        Ok(deliver(&self.client, url.as_deref(), headers, body).await)
    }
}
