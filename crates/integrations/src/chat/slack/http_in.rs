//! The check the server's three Slack endpoints share (HTTP mode: Request URLs set in the
//! manifest): the v0 signature over the raw body first, then the body read as its endpoint
//! sends it. Events API requests are JSON; slash commands are form fields; interactions are
//! one form field, `payload`, holding JSON. The handler stores what comes back and answers
//! 200 within Slack's three seconds, or the status [`HttpInError::status`] gives.

use super::inbound::{from_command, from_event_callback, from_interaction, Parsed};
use super::signature::{self, SignatureError};
use crate::Secret;
use jiff::Timestamp;
use reqwest::header::HeaderMap;
use serde_json::Value;

/// Which Request URL a request came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpKind {
    /// Event Subscriptions (`/slack/events`).
    Events,
    /// Slash commands (`/slack/commands`).
    Commands,
    /// Interactivity (`/slack/interactions`).
    Interactions,
}

/// A request that passed the signature check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HttpInbound {
    /// `url_verification`, sent when the events Request URL is saved: answer 200 with this
    /// challenge as the body. Nothing is stored.
    Challenge(String),
    /// Something to store (deduplicated by its id) and acknowledge.
    Received(Parsed),
}

/// Why a request was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HttpInError {
    /// No signature or timestamp header (or no signing secret configured).
    #[error("the request is not signed (X-Slack-Signature and X-Slack-Request-Timestamp)")]
    Unsigned,
    /// The signature is not the signing secret's over this body and timestamp.
    #[error("the request's signature does not match the signing secret")]
    Forged,
    /// Signed more than five minutes from this server's clock: a replay, or a clock to fix.
    #[error("the request was signed more than five minutes away from this server's clock")]
    Stale,
    /// Genuine, but not the body this endpoint takes.
    #[error("the request's body is not what Slack sends here: {0}")]
    Malformed(String),
}

impl HttpInError {
    /// The HTTP status to answer: 401 when the request cannot be trusted, 400 otherwise.
    pub fn status(&self) -> u16 {
        match self {
            HttpInError::Malformed(_) => 400,
            _ => 401,
        }
    }
}

/// Checks a request to one of the Request URLs at `now` and reads it. `bot_user` is the bot's
/// user id, so its own messages are ignored.
pub fn http_request(
    kind: HttpKind,
    headers: &HeaderMap,
    body: &[u8],
    signing_secret: &Secret,
    now: Timestamp,
    bot_user: &str,
) -> Result<HttpInbound, HttpInError> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    signature::verify(
        signing_secret.expose(),
        header("x-slack-signature"),
        header("x-slack-request-timestamp"),
        body,
        now,
    )
    .map_err(|e| match e {
        SignatureError::Missing => HttpInError::Unsigned,
        SignatureError::Stale { .. } => HttpInError::Stale,
        // A header that is not even v0=<hex> (or a timestamp that is no number) proves
        // nothing either.
        _ => HttpInError::Forged,
    })?;
    match kind {
        HttpKind::Events => {
            let v: Value = serde_json::from_slice(body)
                .map_err(|e| HttpInError::Malformed(format!("not JSON: {e}")))?;
            if v["type"] == "url_verification" {
                return match v["challenge"].as_str() {
                    Some(c) => Ok(HttpInbound::Challenge(c.to_string())),
                    None => Err(HttpInError::Malformed(
                        "url_verification without a challenge".into(),
                    )),
                };
            }
            if !v.is_object() {
                return Err(HttpInError::Malformed("not a JSON object".into()));
            }
            Ok(HttpInbound::Received(from_event_callback(&v, bot_user)))
        }
        HttpKind::Commands => {
            let fields = form(body);
            if !fields.iter().any(|(k, _)| k == "command") {
                return Err(HttpInError::Malformed("no command field".into()));
            }
            Ok(HttpInbound::Received(from_command(&fields)))
        }
        HttpKind::Interactions => {
            let fields = form(body);
            let payload = fields
                .iter()
                .find(|(k, _)| k == "payload")
                .ok_or_else(|| HttpInError::Malformed("no payload field".into()))?;
            let v: Value = serde_json::from_str(&payload.1)
                .map_err(|e| HttpInError::Malformed(format!("payload is not JSON: {e}")))?;
            Ok(HttpInbound::Received(from_interaction(&v)))
        }
    }
}

/// `application/x-www-form-urlencoded` fields, in order.
fn form(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body).into_owned().collect()
}
