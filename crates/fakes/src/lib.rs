//! Test doubles that speak vendors' documented wire formats, for tests and by hand
//! (`goldseam-fakes --help`). Each is an axum server on loopback that checks what the real API
//! checks (credentials, required fields, unknown repositories or projects), keeps what it
//! received, and can be switched to fail, hang, or accept a request and then drop the
//! connection without answering: the crash-after-create case retries must survive.
//!
//! - [`github::FakeGitHub`]: GitHub Issues (REST, 2022-11-28) and its signed `issues` webhooks.
//! - [`jira::FakeJira`]: Jira Cloud REST v3 issues and JQL search, and its signed webhooks.
//! - [`slack::FakeSlack`]: a Slack workspace with the app installed: the Web API, Events API
//!   (HTTP and Socket Mode), slash commands, interactivity, and the people who cause them.
//! - [`mattermost::FakeMattermost`]: a Mattermost team's REST API v4, WebSocket events, slash
//!   commands, interactive buttons and dialogs.
//! - [`teams::FakeTeams`]: a Microsoft Teams Workflows webhook that checks every Adaptive Card
//!   it is sent.
//!
//! They are written from the vendors' documentation, independently of the adapters in
//! goldseam-integrations, so a misreading in one is caught by the other.

pub mod github;
pub mod jira;
pub mod mattermost;
mod serve;
pub mod slack;
pub mod teams;

use axum::http::HeaderMap;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::sync::{Mutex, MutexGuard};

/// How a fake answers API requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// As the real API would.
    #[default]
    Normal,
    /// 500 to everything.
    Fail,
    /// Never answer.
    Hang,
    /// Create the issue, then close the connection without answering; other requests are
    /// answered normally (so a retry that only looks succeeds).
    CreateThenDrop,
    /// The vendor's rate-limit answer, asking to wait this many seconds.
    RateLimited(u64),
}

/// One API request a fake received.
#[derive(Debug, Clone)]
pub struct Received {
    /// `GET`, `POST`.
    pub method: String,
    /// The path and query.
    pub uri: String,
    /// Its headers.
    pub headers: HeaderMap,
    /// Its raw body.
    pub body: Vec<u8>,
}

/// A webhook a fake sent, and how the receiver answered.
#[derive(Debug, Clone)]
pub struct SentWebhook {
    /// The headers sent, signature included.
    pub headers: HeaderMap,
    /// The body sent.
    pub body: Vec<u8>,
    /// The receiver's status, or why there was none (no URL configured, unreachable).
    pub answered: Result<u16, String>,
}

/// `sha256=<hex HMAC-SHA256(secret, body)>`, the signature both GitHub (`X-Hub-Signature-256`)
/// and Jira (`X-Hub-Signature`) send.
pub fn hub_signature(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// Locks a fake's state; a test that panicked while holding it leaves it usable.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// POSTs a webhook `body` with `headers` to `url` and reports what happened.
pub(crate) async fn deliver(
    client: &reqwest::Client,
    url: Option<&str>,
    headers: HeaderMap,
    body: Vec<u8>,
) -> SentWebhook {
    let answered = match url {
        None => Err("no webhook URL is configured".to_string()),
        Some(url) => client
            .post(url)
            .headers(headers.clone())
            .body(body.clone())
            .send()
            .await
            .map(|r| r.status().as_u16())
            .map_err(|e| e.to_string()),
    };
    SentWebhook {
        headers,
        body,
        answered,
    }
}

/// A GUID-shaped id from a counter, like GitHub's delivery ids, without a random source.
pub(crate) fn guid(n: u64) -> String {
    format!("{:08x}-0000-4000-8000-{:012x}", n >> 16, n)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_signature_matches_githubs_published_vector() {
        assert_eq!(
            super::hub_signature("It's a Secret to Everybody", b"Hello, World!"),
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
        );
    }
}
