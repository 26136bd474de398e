//! What the app answers to a person's action, how that can fail, and the ids (trigger ids,
//! response URLs) the fake hands out with each action.

use super::events;
use super::model::Ephemeral;
use super::state::{Inner, ResponseUrl, Trigger};
use serde_json::{json, Value};
use std::fmt;
use std::time::Instant;

/// What the app answered to a human's action.
#[derive(Debug, Clone)]
pub struct AppReply {
    /// The HTTP status (200 for a Socket Mode ack).
    pub status: u16,
    /// The raw body (the ack's `payload` as JSON text in Socket Mode).
    pub body: String,
    /// The body parsed as JSON, `Null` when empty or not JSON.
    pub json: Value,
    /// The `trigger_id` the request carried.
    pub trigger_id: String,
    /// The `response_url` it carried, if any.
    pub response_url: Option<String>,
}

/// Why an action failed, as the user would be told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionError {
    /// No answer within the ack timeout (Slack: `operation_timeout`).
    Timeout,
    /// A non-2xx answer (Slack: `http_service_error`... the status is kept).
    Status(u16),
    /// The app could not be reached (Slack: `dispatch_failed`).
    Unreachable(String),
    /// No socket is open and no Request URL is configured.
    NoRequestUrl,
}

impl fmt::Display for ActionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ActionError::Timeout => write!(f, "operation_timeout"),
            ActionError::Status(s) => write!(f, "http_service_error (HTTP {s})"),
            ActionError::Unreachable(e) => write!(f, "dispatch_failed: {e}"),
            ActionError::NoRequestUrl => write!(f, "dispatch_failed: no socket and no Request URL"),
        }
    }
}

impl std::error::Error for ActionError {}

/// What a click lands on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClickOn {
    /// A message's blocks.
    Message {
        /// Its channel (id or name).
        channel: String,
        /// Its ts.
        ts: String,
    },
    /// A modal's or App Home's blocks, by view id.
    View(String),
}

pub(crate) fn issue_trigger(inner: &mut Inner, user: &str) -> String {
    let n = inner.next();
    let id = format!(
        "{}.{}.fake{:024x}",
        1_000_000_000_000 + n,
        n % 100_000,
        n * 0x9e37_79b9
    );
    let t = Trigger {
        user: user.into(),
        issued: Instant::now(),
        used: false,
    };
    inner.triggers.insert(id.clone(), t);
    id
}

pub(crate) fn issue_response_url(
    inner: &mut Inner,
    user: &str,
    channel: &str,
    message_ts: Option<&str>,
) -> String {
    let n = inner.next();
    let id = format!("{}-{:x}", inner.opts.team_id, n * 0x5bd1_e995);
    let posts = Vec::new();
    let r = ResponseUrl {
        user: user.into(),
        channel: channel.into(),
        message_ts: message_ts.map(String::from),
        issued: Instant::now(),
        posts,
    };
    inner.response_urls.insert(id.clone(), r);
    format!("{}/response/{id}", inner.url)
}

/// The user and channel ids for names a test gave, or a panic that says which is unknown.
pub(crate) fn resolve(inner: &Inner, user: &str, channel: &str) -> (String, String, String) {
    let c = inner
        .ws
        .find_channel(channel)
        .unwrap_or_else(|| panic!("no channel {channel}"));
    (super::human::uid(inner, user), c.id.clone(), c.name.clone())
}

pub(crate) fn user_obj(inner: &Inner, user: &str) -> Value {
    let name = inner
        .ws
        .user(user)
        .map(|u| u.name.clone())
        .unwrap_or_default();
    json!({"id": user, "username": name, "name": name, "team_id": inner.opts.team_id})
}

/// Shows a reply: posted as the app for `response_type: in_channel`, else to `user` alone.
pub(crate) fn show(inner: &mut Inner, user: &str, channel: &str, reply: &Value, via: &str) {
    let text = reply["text"].as_str().unwrap_or_default().to_string();
    if reply["response_type"] == "in_channel" {
        let bot = inner.opts.bot_user_id.clone();
        let mut m = inner.ws.blank_message(channel, &bot, &text);
        m.bot_id = Some(inner.opts.bot_id.clone());
        m.blocks = reply.get("blocks").cloned().unwrap_or(Value::Null);
        m.thread_ts = reply["thread_ts"].as_str().map(String::from);
        inner.ws.messages.push(m.clone());
        events::message_posted(inner, &m);
    } else {
        let blocks = reply.get("blocks").cloned().unwrap_or(Value::Null);
        let e = Ephemeral {
            channel: channel.into(),
            user: user.into(),
            text,
            blocks,
            via: via.into(),
        };
        inner.ws.ephemerals.push(e);
    }
}
