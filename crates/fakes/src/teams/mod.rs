//! A fake Microsoft Teams "Workflows" webhook: the URL the Teams Workflows app gives for the
//! template "Post to a channel when a webhook request is received" (also named "Send webhook
//! alerts to a channel"), which runs a Power Automate flow that posts each Adaptive Card it
//! is sent in one channel. Post only: nothing can be edited, deleted or read back, and a card
//! cannot call back (no `Action.Submit`).
//!
//! # The endpoint
//! `POST {base}/workflows/{id}/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig={sig}`
//! (the shape of `*.logic.azure.com` URLs; `*.environment.api.powerplatform.com` ones differ
//! only in the path before `/workflows/`). The `sig` query parameter is the only credential.
//! The body is the message envelope:
//!
//! ```json
//! {"type": "message", "attachments": [{"contentType": "application/vnd.microsoft.card.adaptive",
//!   "contentUrl": null, "content": {"type": "AdaptiveCard", "version": "1.5", "body": [...]}}]}
//! ```
//!
//! Answers, in Logic Apps' error shape `{"error": {"code", "message"}}`:
//! - `202 Accepted`, empty: the flow was started (the service says nothing more).
//! - `401` `DirectApiAuthorizationRequired` without `sig`, `DirectApiInvalidAuthorizationSignature`
//!   with a wrong one; `404` `WorkflowNotFound` for another workflow id.
//! - `400` `InvalidAdaptiveCard` with the reason, for a card [`schema`] refuses (see below),
//!   `413` `MessageTooLarge` past Teams' message cap of about 28 KB.
//! - What a test injects ([`Fault`]): `429` with `Retry-After`, a `5xx`, a slow answer.
//!
//! # Simplified
//! - One workflow, one channel. Cards are kept in arrival order ([`FakeTeams::cards`]); every
//!   request, answered or refused, is in [`FakeTeams::calls`].
//! - The real service accepts any JSON with `202` and fails the flow run later, out of sight;
//!   this fake refuses at once what would have failed or shown "this card couldn't be
//!   displayed", so the sender's test fails instead of a user's card going missing.
//! - No throttling of its own: a test injects the 429s it wants.

mod api;
mod console;
pub mod schema;

pub use console::CONSOLE_HELP;

use serde_json::Value;
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Notify;

/// How the fake is set up.
#[derive(Debug, Clone)]
pub struct TeamsOptions {
    /// Where it listens (a free loopback port by default).
    pub listen: SocketAddr,
    /// The workflow's id, in the URL's path.
    pub workflow_id: String,
    /// The signature the URL carries.
    pub sig: String,
    /// The newest Adaptive Card version the channel renders.
    pub max_version: String,
}

impl Default for TeamsOptions {
    fn default() -> Self {
        TeamsOptions {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            workflow_id: "0c2f5b7e9a1d4e3f8b6a5c4d3e2f1a0b".into(),
            sig: "fAkE-SiGnAtUrE_0123456789abcdefABCDEF012345".into(),
            max_version: "1.5".into(),
        }
    }
}

/// How the next requests fail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// `429 Too Many Requests` with `Retry-After: secs`.
    RateLimited(u64),
    /// This status (a 5xx from the service or a proxy in front of it).
    Status(u16),
    /// Answer normally, after this delay.
    Delay(Duration),
}

/// One request the fake received.
#[derive(Debug, Clone)]
pub struct Call {
    /// When it arrived.
    pub at: Instant,
    /// What the fake answered.
    pub status: u16,
    /// Why, when it was refused.
    pub reason: Option<String>,
    /// The body, parsed (`Null` when it was not JSON).
    pub body: Value,
}

/// A card the flow would have posted.
#[derive(Debug, Clone)]
pub struct PostedCard {
    /// When it arrived.
    pub at: Instant,
    /// The Adaptive Card (`content` of its attachment).
    pub card: Value,
}

impl PostedCard {
    /// The declared `version`.
    pub fn version(&self) -> &str {
        self.card["version"].as_str().unwrap_or_default()
    }

    /// Every TextBlock's text, in order, at any depth.
    pub fn texts(&self) -> Vec<String> {
        let mut out = Vec::new();
        walk(&self.card, &mut |v| {
            if v["type"] == "TextBlock" {
                out.push(v["text"].as_str().unwrap_or_default().to_string());
            }
        });
        out
    }

    /// Every fact (title, value), in order, at any depth.
    pub fn facts(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        walk(&self.card, &mut |v| {
            if v["type"] == "FactSet" {
                for f in v["facts"].as_array().into_iter().flatten() {
                    let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
                    out.push((s("title"), s("value")));
                }
            }
        });
        out
    }

    /// The value of the fact titled `title`.
    pub fn fact(&self, title: &str) -> Option<String> {
        self.facts()
            .into_iter()
            .find(|(t, _)| t == title)
            .map(|(_, v)| v)
    }

    /// Every `Action.OpenUrl` (title, url), in order, at any depth.
    pub fn links(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        walk(&self.card, &mut |v| {
            if v["type"] == "Action.OpenUrl" {
                let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
                out.push((s("title"), s("url")));
            }
        });
        out
    }

    /// The whole card as text, for `contains` checks.
    pub fn json(&self) -> String {
        self.card.to_string()
    }
}

fn walk(v: &Value, f: &mut impl FnMut(&Value)) {
    f(v);
    match v {
        Value::Array(items) => items.iter().for_each(|i| walk(i, f)),
        Value::Object(o) => o.values().for_each(|i| walk(i, f)),
        _ => {}
    }
}

#[derive(Default)]
pub(crate) struct State {
    pub(crate) cards: Vec<PostedCard>,
    pub(crate) calls: Vec<Call>,
    pub(crate) faults: Vec<Fault>,
    /// Every request gets this status until cleared (the service is down).
    pub(crate) outage: Option<u16>,
}

pub(crate) struct Core {
    pub(crate) options: TeamsOptions,
    /// The newest version rendered, parsed.
    pub(crate) max_version: schema::Version,
    state: Mutex<State>,
    changed: Notify,
}

impl Core {
    pub(crate) fn update<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        let out = f(&mut crate::lock(&self.state));
        self.changed.notify_waiters();
        out
    }

    fn read<T>(&self, f: impl FnOnce(&State) -> T) -> T {
        f(&crate::lock(&self.state))
    }
}

/// A running fake Workflows webhook. Clones are handles on the same one.
#[derive(Clone)]
pub struct FakeTeams {
    core: Arc<Core>,
    base: String,
}

impl FakeTeams {
    /// Starts it; it serves until the runtime stops.
    pub async fn start(options: TeamsOptions) -> io::Result<FakeTeams> {
        let max_version = schema::parse_version(&options.max_version).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("unknown Adaptive Card version {:?}", options.max_version),
            )
        })?;
        let listen = options.listen;
        let core = Arc::new(Core {
            options,
            max_version,
            state: Mutex::default(),
            changed: Notify::new(),
        });
        let addr = crate::serve::spawn(listen, api::router(core.clone())).await?;
        Ok(FakeTeams {
            core,
            base: format!("http://{addr}"),
        })
    }

    /// The webhook URL, signature included: what an admin pastes into Goldseam.
    pub fn url(&self) -> String {
        self.url_signed(&self.core.options.sig)
    }

    /// The webhook URL with another signature (a revoked or mistyped URL).
    pub fn url_signed(&self, sig: &str) -> String {
        format!(
            "{}/workflows/{}/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig={sig}",
            self.base, self.core.options.workflow_id
        )
    }

    /// The cards accepted, in order.
    pub fn cards(&self) -> Vec<PostedCard> {
        self.core.read(|s| s.cards.clone())
    }

    /// Every request, in order, with its answer.
    pub fn calls(&self) -> Vec<Call> {
        self.core.read(|s| s.calls.clone())
    }

    /// Makes the next `times` requests fail with `fault` (faults are used in the order
    /// injected).
    pub fn inject(&self, fault: Fault, times: usize) {
        self.core
            .update(|s| s.faults.extend(std::iter::repeat_n(fault, times)));
    }

    /// Every request gets `status` (Some) until it is back (None).
    pub fn set_outage(&self, status: Option<u16>) {
        self.core.update(|s| s.outage = status);
    }

    /// Waits until `done` holds, looking again after every request; whether it did.
    pub async fn wait_until(&self, timeout: Duration, done: impl Fn(&FakeTeams) -> bool) -> bool {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let changed = self.core.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            if done(self) {
                return true;
            }
            tokio::select! {
                _ = changed => {}
                _ = tokio::time::sleep_until(deadline) => return done(self),
            }
        }
    }

    /// POSTs `body` to `url` as a sender would; the status and body of the answer.
    pub async fn send(url: &str, body: &Value) -> (u16, String) {
        match reqwest::Client::new().post(url).json(body).send().await {
            Ok(r) => {
                let status = r.status().as_u16();
                (status, r.text().await.unwrap_or_default())
            }
            Err(e) => (0, e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests;
