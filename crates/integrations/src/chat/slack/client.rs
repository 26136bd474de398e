//! The Slack Web API client every Slack feature calls through. One per workspace: its clones
//! share one [`Limiter`], so the delivery engine's pages, the chat engine's channel upkeep and
//! the announcements all draw on the same buckets and a page's direct message is never queued
//! behind them (see [`Lane`]).
//!
//! A call waits for its tokens, sends, and on a 429 pauses its method (a post, its channel)
//! for Slack's `Retry-After` and tries again, for as long as its patience allows; past that it
//! gives up with [`SlackError::RateLimited`] and how long to wait, which the delivery engine
//! turns into a rescheduled job rather than a held worker. Nothing else is retried here: a
//! transport error or a 5xx is [`SlackError::Unavailable`] and the caller decides.
//!
//! Slack's write methods read JSON bodies; its read methods (`users.info`,
//! `conversations.info`...) read only form fields and silently ignore a JSON body, so those
//! are sent as forms.

mod error;
mod methods;
mod scopes;
mod types;
mod wire;

pub use error::SlackError;
pub use scopes::METHOD_SCOPES;
pub use types::{BotIdentity, ChannelInfo, OutMessage, SlackUser, UnfurlTarget};

use super::rate::{Lane, Limiter};
use crate::{http, Secret};
use reqwest::header::CONTENT_TYPE;
use serde_json::Value;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use wire::{form_fields, read_answer, transport, Reply};

/// How long a call may wait on rate limits unless [`SlackClient::with_patience`] says
/// otherwise: long enough to ride out a Tier 2 minute, short enough that a stuck caller
/// notices.
pub const DEFAULT_PATIENCE: Duration = Duration::from_secs(60);

/// Methods that take form fields only (Slack's read methods ignore JSON bodies).
const FORM_METHODS: &[&str] = &[
    "users.info",
    "users.lookupByEmail",
    "conversations.info",
    "conversations.members",
    "chat.getPermalink",
];

/// A Web API client for one workspace's bot. Cheap to clone; clones share the limiter.
#[derive(Debug, Clone)]
pub struct SlackClient {
    base_url: String,
    token: Secret,
    http: reqwest::Client,
    limiter: Arc<Mutex<Limiter>>,
    patience: Duration,
}

impl SlackClient {
    /// A client for `base_url` (`https://slack.com` in production) with the bot token
    /// (`xoxb-…`); each HTTP request gives up after `timeout`.
    pub fn new(base_url: &str, bot_token: Secret, timeout: Duration) -> SlackClient {
        SlackClient {
            base_url: base_url.trim_end_matches('/').to_string(),
            token: bot_token,
            http: http::client(timeout),
            limiter: Arc::new(Mutex::new(Limiter::new())),
            patience: DEFAULT_PATIENCE,
        }
    }

    /// How long a call may wait on rate limits (tokens and 429 Retry-After) before giving up
    /// with [`SlackError::RateLimited`]. The clone returned still shares the limiter, so a
    /// caller with its own deadline can take `client().clone().with_patience(..)`.
    pub fn with_patience(mut self, patience: Duration) -> SlackClient {
        self.patience = patience;
        self
    }

    /// Any Web API method with JSON arguments, in `lane`: waits for its tokens, pauses the
    /// method on a 429 and tries again within the patience. The answer's JSON when `ok: true`;
    /// an `ok: false` is [`SlackError::Api`] with Slack's error code.
    pub async fn call(&self, method: &str, lane: Lane, args: Value) -> Result<Value, SlackError> {
        self.call_with(&self.token, method, lane, &args).await
    }

    /// [`SlackClient::call`] with another token (the app-level one, for Socket Mode).
    async fn call_with(
        &self,
        token: &Secret,
        method: &str,
        lane: Lane,
        args: &Value,
    ) -> Result<Value, SlackError> {
        let started = Instant::now();
        // Only posts have a per-channel bucket; see rate.rs.
        let channel = match method {
            "chat.postMessage" => args["channel"].as_str(),
            _ => None,
        };
        loop {
            self.acquire(method, channel, lane, started).await?;
            match self.send(token, method, args).await? {
                Reply::Answer(v) => return Ok(v),
                Reply::Limited(after) => {
                    {
                        let mut l = self.lock();
                        match channel {
                            Some(c) => l.pause_channel(c, after, Instant::now()),
                            None => l.pause(method, after, Instant::now()),
                        }
                    }
                    // Slack's own number, not what is left of it, tells the caller when to
                    // come back.
                    if started.elapsed() + after > self.patience {
                        return Err(SlackError::RateLimited {
                            method: method.to_string(),
                            after,
                        });
                    }
                }
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Limiter> {
        self.limiter.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits until the limiter hands out a token for this call, or fails once the wait would
    /// outlast the patience.
    async fn acquire(
        &self,
        method: &str,
        channel: Option<&str>,
        lane: Lane,
        started: Instant,
    ) -> Result<(), SlackError> {
        loop {
            let wait = match self
                .lock()
                .try_acquire(method, channel, lane, Instant::now())
            {
                Ok(()) => return Ok(()),
                Err(wait) => wait,
            };
            if started.elapsed() + wait > self.patience {
                return Err(SlackError::RateLimited {
                    method: method.to_string(),
                    after: wait,
                });
            }
            tokio::time::sleep(wait).await;
        }
    }

    /// One request to `/api/{method}`.
    async fn send(&self, token: &Secret, method: &str, args: &Value) -> Result<Reply, SlackError> {
        let req = self
            .http
            .post(format!("{}/api/{method}", self.base_url))
            .bearer_auth(token.expose());
        let req = if FORM_METHODS.contains(&method) {
            req.form(&form_fields(args))
        } else {
            // Slack warns `missing_charset` without the charset.
            req.header(CONTENT_TYPE, "application/json; charset=utf-8")
                .body(args.to_string())
        };
        let res = req.send().await.map_err(|e| transport(method, e))?;
        let status = res.status();
        let headers = res.headers().clone();
        let text = res.text().await.map_err(|e| transport(method, e))?;
        read_answer(method, status, &headers, &text)
    }

    /// POSTs `body` to a `response_url` Slack handed out with a command or a click (no token:
    /// the URL is the credential). Not rate-limited by the Web API's buckets; Slack allows
    /// five uses in 30 minutes and answers 404 `used_url`/`expired_url` past that.
    pub async fn respond(&self, response_url: &str, body: &Value) -> Result<(), SlackError> {
        const WHAT: &str = "response_url";
        let res = self
            .http
            .post(response_url)
            .json(body)
            .send()
            .await
            .map_err(|e| transport(WHAT, e))?;
        let status = res.status();
        if status.is_success() {
            return Ok(());
        }
        let headers = res.headers().clone();
        let text = res.text().await.unwrap_or_default();
        match read_answer(WHAT, status, &headers, &text)? {
            Reply::Limited(after) => Err(SlackError::RateLimited {
                method: WHAT.into(),
                after,
            }),
            // An error status whose body still says ok: treat it as the status.
            Reply::Answer(_) => Err(SlackError::Unavailable(format!(
                "Slack answered {status} to {WHAT}"
            ))),
        }
    }
}
