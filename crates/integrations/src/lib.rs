//! Goldseam's adapters to the outside world. Each channel is an adapter with a configurable
//! base URL (so tests point it at a local server speaking the vendor's wire format), and each
//! hands the job's idempotency key to its service in the form that service can use:
//!
//! | channel | wire | idempotency key |
//! | --- | --- | --- |
//! | email | SMTP (plain, STARTTLS or TLS) | the `Message-ID` |
//! | SMS, voice | Twilio REST (`Messages.json`, `Calls.json`) | `delivery=` in the StatusCallback URL |
//! | Slack | Web API `chat.postMessage` | message metadata `goldseam_delivery` |
//! | Mattermost | REST v4 `POST /posts` in the bot's direct channel | `pending_post_id` (30 s) and `props.goldseam_delivery` |
//! | webhooks | signed JSON POST | `Goldseam-Delivery` and `Idempotency-Key` headers |
//! | trackers | GitHub Issues, Jira Cloud REST v3 | a marker on the issue, looked for on retry |
//!
//! Calendars ([`calendars`]) are read (CalDAV, secret ICS addresses) for busy times and
//! working hours, and written to for booked reviews.

pub mod alerts;
pub mod calendars;
pub mod chat;
pub mod email;
#[cfg(feature = "fake")]
pub mod fake;
mod http;
pub mod mattermost;
pub mod slack;
pub mod trackers;
pub mod twilio;
pub mod twilio_signature;
pub mod webhook;

use goldseam_core::delivery::Delivery;
use jiff::Timestamp;
use std::fmt;
use std::time::Duration;

pub use email::{Email, SmtpConfig};
pub use mattermost::MattermostDirect;
pub use slack::{Slack, SlackConfig};
pub use twilio::{Twilio, TwilioConfig};
pub use webhook::{Webhook, WebhookConfig};

/// A credential: usable in code, `[redacted]` in `Debug` so it never reaches a log.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(s: impl Into<String>) -> Secret {
        Secret(s.into())
    }

    /// The secret itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Why a send failed, which decides what the engine does next.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// A transient failure (a 5xx, a refused connection, a timeout): retried with backoff.
    #[error("{0}")]
    Retry(String),
    /// The provider asked to wait (429 with Retry-After): tried again after that, without
    /// counting an attempt.
    #[error("{reason} (retry after {}s)", after.as_secs())]
    RetryAfter {
        /// How long the provider asked to wait.
        after: Duration,
        /// What it said.
        reason: String,
    },
    /// No retry can fix it (an invalid number, a channel that does not exist, a channel that
    /// is not configured): the job is dead at once, with this reason.
    #[error("{0}")]
    Permanent(String),
    /// The server is not set up for the channel, or the provider refused its credentials: no
    /// retry fixes it and only an admin can. Dead at once; the reason goes to admins only.
    #[error("{0}")]
    Configuration(String),
}

/// What the provider said when it accepted a message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Receipt {
    /// The provider's id for it (Twilio's SID, Slack's `ts`, the SMTP server's answer), if any.
    pub provider_id: Option<String>,
}

/// Every configured channel; an unconfigured one refuses its jobs permanently, saying which
/// settings to set.
#[derive(Debug, Clone, Default)]
pub struct Channels {
    /// Email, when SMTP is configured.
    pub email: Option<Email>,
    /// SMS and voice, when Twilio is configured.
    pub twilio: Option<Twilio>,
    /// Slack, when a bot token is configured.
    pub slack: Option<Slack>,
    /// The Slack app (chat: announcements, incident channels, the mirror, `/inc`), when an
    /// app-level token or a signing secret is configured with the bot token.
    pub slack_app: Option<chat::slack::app::SlackApp>,
    /// Mattermost (chat through a bot account, the `/inc` slash command and the WebSocket).
    pub mattermost: Option<chat::mattermost::app::MattermostApp>,
    /// Direct messages from the Mattermost bot (pages, codes, notices). Made by the server
    /// when it starts with `mattermost` set, since its buttons are signed with a key derived
    /// from the installation's secret.
    pub mattermost_dm: Option<MattermostDirect>,
    /// Microsoft Teams: announcements posted to a Workflows webhook.
    pub teams: Option<chat::teams::webhook::TeamsWebhook>,
    /// Outgoing webhooks (always available; signed when a secret is configured).
    pub webhook: Webhook,
    /// Issue trackers follow-ups are filed in, and their webhooks' secrets.
    pub trackers: Trackers,
}

/// The issue trackers set up on this server.
#[derive(Debug, Clone, Default)]
pub struct Trackers {
    /// GitHub Issues, when a token and repository are configured.
    pub github: Option<trackers::GitHub>,
    /// The secret GitHub signs its webhooks with.
    pub github_webhook_secret: Option<Secret>,
    /// Jira, when a site, account and project are configured.
    pub jira: Option<trackers::Jira>,
    /// The secret Jira signs its (admin) webhooks with.
    pub jira_webhook_secret: Option<Secret>,
    /// Where every follow-up event is POSTed, signed like every outgoing webhook, for trackers
    /// Goldseam has no adapter for.
    pub follow_up_webhook: Option<String>,
}

impl Trackers {
    /// Files `issue` in `tracker` (`github` or `jira`); `retry` when an earlier attempt may have
    /// filed it already.
    pub async fn file(
        &self,
        tracker: &str,
        issue: &trackers::TrackerIssue,
        retry: bool,
    ) -> Result<trackers::FiledIssue, SendError> {
        match tracker {
            "github" => match &self.github {
                Some(g) => g.file(issue, retry).await,
                None => Err(not_configured("GitHub", "github_token and github_repo")),
            },
            "jira" => match &self.jira {
                Some(j) => j.file(issue, retry).await,
                None => Err(not_configured(
                    "Jira",
                    "jira_url, jira_email, jira_api_token and jira_project",
                )),
            },
            other => Err(SendError::Permanent(format!(
                "{other:?} is not a tracker Goldseam files in (github, jira)"
            ))),
        }
    }

    /// The trackers set up, by name.
    pub fn configured(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.github.is_some() {
            out.push("github");
        }
        if self.jira.is_some() {
            out.push("jira");
        }
        out
    }
}

fn not_configured(channel: &str, settings: &str) -> SendError {
    SendError::Configuration(format!(
        "{channel} is not configured on this server; set {settings} (docs/configuration.md)"
    ))
}

impl Channels {
    /// Sends `delivery` (a verification code must be resolved to its channel first) with the
    /// job's idempotency key; `now` is the time webhook signatures carry.
    pub async fn send(
        &self,
        delivery: &Delivery,
        key: &str,
        now: Timestamp,
    ) -> Result<Receipt, SendError> {
        match delivery {
            Delivery::Email(m) => match &self.email {
                Some(email) => email.send(m, key).await,
                None => Err(not_configured("email", "smtp_url and smtp_from")),
            },
            Delivery::Sms(m) => match &self.twilio {
                Some(t) => t.send_sms(m, key).await,
                None => Err(not_configured(
                    "SMS",
                    "twilio_account_sid, twilio_auth_token and twilio_from",
                )),
            },
            Delivery::Voice(m) => match &self.twilio {
                Some(t) => t.call(m, key).await,
                None => Err(not_configured(
                    "voice",
                    "twilio_account_sid, twilio_auth_token and twilio_from",
                )),
            },
            Delivery::Slack(m) => match &self.slack {
                Some(s) => s.post(m, key).await,
                None => Err(not_configured("Slack", "slack_bot_token")),
            },
            Delivery::Mattermost(m) => match &self.mattermost_dm {
                Some(mm) => mm.send(m, key).await,
                None => Err(not_configured(
                    "Mattermost",
                    "mattermost_url, mattermost_bot_token and mattermost_team_id",
                )),
            },
            Delivery::Webhook(m) => self.webhook.send(m, key, now).await,
            Delivery::Verify(_) => Err(SendError::Permanent(
                "a verification code must be resolved to its contact method before sending".into(),
            )),
        }
    }
}

/// A key made safe for headers and URLs: visible ASCII other than URL-special characters
/// kept, everything else percent-encoded.
pub fn encode_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for b in key.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b':') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_show_in_debug_output() {
        let t = TwilioConfig {
            auth_token: Secret::new("hunter2-token"),
            ..TwilioConfig::default()
        };
        assert!(!format!("{t:?}").contains("hunter2"));
        assert_eq!(Secret::new("x").expose(), "x");
    }

    #[test]
    fn keys_are_encoded_for_urls() {
        assert_eq!(encode_key("page:42/sms+1 x"), "page:42%2Fsms%2B1%20x");
    }
}
