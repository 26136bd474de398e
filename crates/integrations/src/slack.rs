//! Slack through the Web API: `POST {base}/api/chat.postMessage` with a bot token. Slack has no
//! idempotency header, so the key travels as message metadata (`event_type`
//! `goldseam_delivery`), where a reader of the channel's history (or a test's fake) can find a
//! repeat. A 429 is honoured: the engine waits its Retry-After without counting an attempt.

use crate::{http, Receipt, Secret, SendError};
use goldseam_core::delivery::SlackPost;
use serde_json::json;
use std::time::Duration;

/// Slack settings.
#[derive(Debug, Clone)]
pub struct SlackConfig {
    /// `https://slack.com` in production.
    pub base_url: String,
    /// The bot token (`xoxb-...`).
    pub bot_token: Secret,
    /// How long one call may take.
    pub timeout: Duration,
}

/// The Slack adapter.
#[derive(Debug, Clone)]
pub struct Slack {
    base_url: String,
    token: Secret,
    client: reqwest::Client,
}

/// Slack errors (in a 200 answer) that a later try may get past.
const TRANSIENT: &[&str] = &[
    "internal_error",
    "fatal_error",
    "service_unavailable",
    "request_timeout",
];

/// Slack errors that mean the bot token is wrong or gone: the server's settings must change.
const CREDENTIALS: &[&str] = &[
    "invalid_auth",
    "not_authed",
    "account_inactive",
    "token_revoked",
    "token_expired",
    "missing_scope",
];

impl Slack {
    /// An adapter with these settings.
    pub fn new(config: SlackConfig) -> Slack {
        Slack {
            base_url: config.base_url.trim_end_matches('/').to_string(),
            token: config.bot_token,
            client: http::client(config.timeout),
        }
    }

    /// Posts to the channel (or DMs the user).
    pub async fn post(&self, post: &SlackPost, key: &str) -> Result<Receipt, SendError> {
        let body = json!({
            "channel": post.channel,
            "text": post.text,
            "unfurl_links": false,
            "metadata": {"event_type": "goldseam_delivery", "event_payload": {"delivery": key}},
        });
        let res = self
            .client
            .post(format!("{}/api/chat.postMessage", self.base_url))
            .bearer_auth(self.token.expose())
            .json(&body)
            .send()
            .await
            .map_err(|e| http::transport("Slack", e))?;
        let status = res.status();
        let headers = res.headers().clone();
        let text = res.text().await.unwrap_or_default();
        if !status.is_success() {
            return Err(http::status("Slack", status, &headers, &text));
        }
        let answer: serde_json::Value = serde_json::from_str(&text).map_err(|_| {
            SendError::Retry(format!("Slack answered something not JSON: {text:.200}"))
        })?;
        if answer["ok"].as_bool() == Some(true) {
            return Ok(Receipt {
                provider_id: answer["ts"].as_str().map(String::from),
            });
        }
        let error = answer["error"].as_str().unwrap_or("unknown_error");
        let reason = format!("Slack refused the message: {error}");
        if error == "ratelimited" {
            Err(SendError::RetryAfter {
                after: http::retry_after(&headers),
                reason,
            })
        } else if TRANSIENT.contains(&error) {
            Err(SendError::Retry(reason))
        } else if CREDENTIALS.contains(&error) {
            Err(SendError::Configuration(reason))
        } else {
            // channel_not_found, not_in_channel...: the destination is wrong.
            Err(SendError::Permanent(reason))
        }
    }
}
