//! Slack for the delivery engine: pages and announcements posted with `chat.postMessage`
//! through the workspace's [`SlackClient`], in the urgent lane. Slack has no idempotency
//! header, so the key travels as message metadata (`event_type` `goldseam_delivery`), where a
//! reader of the channel's history (or a test's fake) can find a repeat.
//!
//! The client waits on rate limits only briefly: past that, or on a 429, the post fails with
//! `RetryAfter` and the engine reschedules the job instead of holding a worker (and its
//! timeout) while Slack asks it to wait.

use crate::chat::slack::client::{OutMessage, SlackClient};
use crate::chat::slack::rate::Lane;
use crate::{Receipt, Secret, SendError};
use goldseam_core::delivery::SlackPost;
use serde_json::json;
use std::time::Duration;

/// How long a delivery waits on the limiter before handing the wait to the engine: under
/// the engine's timeout, and below any `Retry-After` Slack sends (whole seconds).
const PATIENCE: Duration = Duration::from_millis(500);

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
    client: SlackClient,
    buttons: bool,
}

impl Slack {
    /// An adapter with these settings.
    pub fn new(config: SlackConfig) -> Slack {
        let client = SlackClient::new(&config.base_url, config.bot_token, config.timeout)
            .with_patience(PATIENCE);
        Slack {
            client,
            buttons: false,
        }
    }

    /// Pages carry an Acknowledge button: the Slack app is installed and takes clicks (without
    /// it, Slack would show the person an error).
    pub fn with_buttons(mut self) -> Slack {
        self.buttons = true;
        self
    }

    /// The Web API client posts go through, for the chat engine to share its rate limits
    /// (clone it `with_patience` for calls that may wait longer).
    pub fn client(&self) -> &SlackClient {
        &self.client
    }

    /// Posts to the channel (or DMs the user).
    pub async fn post(&self, post: &SlackPost, key: &str) -> Result<Receipt, SendError> {
        let msg = OutMessage {
            channel: post.channel.clone(),
            text: post.text.clone(),
            metadata: Some(json!({
                "event_type": "goldseam_delivery",
                "event_payload": {"delivery": key},
            })),
            unfurl_links: false,
            blocks: post
                .page_id
                .filter(|_| self.buttons)
                .map(|page| page_blocks(&post.text, page)),
            ..OutMessage::default()
        };
        let ts = self.client.post_message(Lane::Urgent, &msg).await?;
        Ok(Receipt {
            provider_id: Some(ts).filter(|ts| !ts.is_empty()),
        })
    }
}

/// A page as Block Kit: its text and an Acknowledge button, whose click the chat engine
/// handles as the person who clicked (core's `ButtonAction::AckPage`).
fn page_blocks(text: &str, page: i64) -> serde_json::Value {
    json!([
        {"type": "section", "text": {"type": "mrkdwn", "text": text}},
        {"type": "actions", "elements": [{
            "type": "button",
            "style": "primary",
            "action_id": goldseam_core::chat::card::ButtonAction::AckPage.id(),
            "text": {"type": "plain_text", "text": "Acknowledge"},
            "value": page.to_string(),
        }]},
    ])
}
