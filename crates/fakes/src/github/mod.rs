//! A fake GitHub: `POST` and `GET /repos/{owner}/{repo}/issues` as the REST API (2022-11-28)
//! answers them, and the signed `issues` webhooks GitHub sends when an issue is closed or
//! reopened (`X-Hub-Signature-256`, `X-GitHub-Event`, `X-GitHub-Delivery`).

mod api;

use crate::{deliver, guid, hub_signature, lock, Mode, Received, SentWebhook};
use axum::http::HeaderMap;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

/// How a fake GitHub is set up.
#[derive(Debug, Clone)]
pub struct GitHubOptions {
    /// The token requests must carry (`Authorization: Bearer` or `token`).
    pub token: String,
    /// The repositories that exist, `owner/name`; any other is 404.
    pub repos: Vec<String>,
    /// Where `close`/`reopen` send webhooks.
    pub webhook_url: Option<String>,
    /// The webhook's secret.
    pub webhook_secret: String,
}

impl Default for GitHubOptions {
    fn default() -> Self {
        GitHubOptions {
            token: "ghp_fake".into(),
            repos: vec!["acme/api".into()],
            webhook_url: None,
            webhook_secret: "fake-webhook-secret".into(),
        }
    }
}

/// An issue the fake holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitHubIssue {
    /// `owner/name`.
    pub repo: String,
    /// Its number in the repository.
    pub number: u64,
    /// Title, body and label names as filed.
    pub title: String,
    /// The body as filed.
    pub body: String,
    /// Label names.
    pub labels: Vec<String>,
    /// Whether it is closed.
    pub closed: bool,
}

#[derive(Default)]
pub(crate) struct Inner {
    options: GitHubOptions,
    base: String,
    mode: Mode,
    issues: Vec<GitHubIssue>,
    received: Vec<Received>,
    deliveries: u64,
}

pub(crate) type Shared = Arc<Mutex<Inner>>;

/// A running fake GitHub.
#[derive(Clone)]
pub struct FakeGitHub {
    /// Its API base URL, `http://127.0.0.1:PORT` (what `api.github.com` would be).
    pub base: String,
    inner: Shared,
    client: reqwest::Client,
}

/// The follow-up marker a Goldseam body carries, `<!-- goldseam:MARKER -->`.
fn marker_of(body: &str) -> Option<&str> {
    let rest = body.split_once("<!-- goldseam:")?.1;
    Some(rest.split_once(" -->")?.0)
}

fn issue_json(base: &str, i: &GitHubIssue) -> Value {
    let labels: Vec<Value> = i.labels.iter().map(|l| json!({"name": l})).collect();
    json!({
        "id": 1_000_000 + i.number,
        "number": i.number,
        "url": format!("{base}/repos/{}/issues/{}", i.repo, i.number),
        "repository_url": format!("{base}/repos/{}", i.repo),
        "html_url": format!("{base}/{}/issues/{}", i.repo, i.number),
        "state": if i.closed { "closed" } else { "open" },
        "title": i.title,
        "body": i.body,
        "labels": labels,
        "user": {"login": "goldseam-bot"},
    })
}

impl FakeGitHub {
    /// A fake with default options on a free loopback port.
    pub async fn spawn() -> FakeGitHub {
        Self::spawn_with(GitHubOptions::default(), ([127, 0, 0, 1], 0).into())
            .await
            .expect("bind a loopback port")
    }

    /// A fake with `options`, listening on `listen`.
    pub async fn spawn_with(options: GitHubOptions, listen: SocketAddr) -> std::io::Result<Self> {
        let inner: Shared = Arc::new(Mutex::new(Inner {
            options,
            ..Inner::default()
        }));
        let app = Router::new()
            .route(
                "/repos/{owner}/{repo}/issues",
                get(api::list).post(api::create),
            )
            .with_state(inner.clone());
        let addr = crate::serve::spawn(listen, app).await?;
        let base = format!("http://{addr}");
        lock(&inner).base = base.clone();
        Ok(FakeGitHub {
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
    pub fn issues(&self) -> Vec<GitHubIssue> {
        lock(&self.inner).issues.clone()
    }

    /// How many issues were created carrying `marker` (more than 1 is a duplicate).
    pub fn creates(&self, marker: &str) -> usize {
        let inner = lock(&self.inner);
        let with = |i: &&GitHubIssue| marker_of(&i.body) == Some(marker);
        inner.issues.iter().filter(with).count()
    }

    /// Closes `owner/repo#N` and sends GitHub's `issues` webhook with action `closed`.
    pub async fn close(&self, key: &str) -> Result<SentWebhook, String> {
        self.set_state(key, true).await
    }

    /// Reopens `owner/repo#N` and sends the `reopened` webhook.
    pub async fn reopen(&self, key: &str) -> Result<SentWebhook, String> {
        self.set_state(key, false).await
    }

    /// Sends the `ping` webhook GitHub sends when a webhook is created.
    pub async fn ping(&self) -> SentWebhook {
        let body = json!({"zen": "Keep it logically awesome.", "hook_id": 1});
        self.send("ping", body).await
    }

    async fn set_state(&self, key: &str, closed: bool) -> Result<SentWebhook, String> {
        let (repo, number) = key
            .rsplit_once('#')
            .and_then(|(r, n)| Some((r.to_string(), n.parse::<u64>().ok()?)))
            .ok_or_else(|| format!("{key:?} is not owner/repo#N"))?;
        let payload = {
            let mut inner = lock(&self.inner);
            let base = inner.base.clone();
            let issue = inner
                .issues
                .iter_mut()
                .find(|i| i.repo.eq_ignore_ascii_case(&repo) && i.number == number)
                .ok_or_else(|| format!("no issue {key}"))?;
            issue.closed = closed;
            let (owner, name) = issue.repo.split_once('/').unwrap_or_default();
            json!({
                "action": if closed { "closed" } else { "reopened" },
                "issue": issue_json(&base, issue),
                "repository": {"id": 1, "name": name, "full_name": issue.repo,
                               "owner": {"login": owner}},
                "sender": {"login": "octocat"},
            })
        };
        Ok(self.send("issues", payload).await)
    }

    async fn send(&self, event: &str, payload: Value) -> SentWebhook {
        let body = payload.to_string().into_bytes();
        let (url, delivery, secret) = {
            let mut inner = lock(&self.inner);
            inner.deliveries += 1;
            let o = &inner.options;
            (
                o.webhook_url.clone(),
                inner.deliveries,
                o.webhook_secret.clone(),
            )
        };
        let mut headers = HeaderMap::new();
        let mut put = |k: &'static str, v: String| headers.insert(k, v.parse().expect("header"));
        put("content-type", "application/json".into());
        put("user-agent", "GitHub-Hookshot/fake".into());
        put("x-github-event", event.into());
        put("x-github-delivery", guid(delivery));
        put("x-github-hook-id", "1".into());
        put("x-hub-signature-256", hub_signature(&secret, &body));
        deliver(&self.client, url.as_deref(), headers, body).await
    }
}
