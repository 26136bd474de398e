//! What a job delivers, by kind. The job's `kind` column names the variant and its `payload`
//! column holds the fields as JSON; [`Delivery::parse`] reads both, so a worker dispatches on a
//! typed value and a malformed job is refused with the field named instead of half-sent.

use super::checks::{check_calendar, check_e164, check_text, check_url, invalid};
use crate::DomainError;
use serde::{Deserialize, Serialize};

/// An email: a text part, an optional HTML part, and the incident's link in both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailMessage {
    /// The recipient's address.
    pub to: String,
    /// The subject line.
    pub subject: String,
    /// The plain-text body.
    pub text: String,
    /// The HTML body (already sanitized by whoever enqueued it); a text-only email without it.
    #[serde(default)]
    pub html: Option<String>,
    /// The incident's page, appended to both parts.
    #[serde(default)]
    pub link: Option<String>,
    /// Where one click unsubscribes the recipient (RFC 8058), for mail they may stop.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list_unsubscribe: Option<String>,
    /// An iCalendar invitation (iMIP, RFC 6047), sent as the last alternative part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<CalendarPart>,
}

/// The `text/calendar` part of an email: the iTIP method (also the MIME `method` parameter)
/// and the calendar text whose own `METHOD` is the same.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarPart {
    /// `REQUEST` or `CANCEL` (any RFC 5546 method is accepted), uppercase.
    pub method: String,
    /// The whole VCALENDAR, CRLF line ends.
    pub ics: String,
}

/// An SMS.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmsMessage {
    /// The number, in E.164 (`+15551234567`).
    pub to: String,
    /// The text.
    pub body: String,
}

/// A phone call that reads a message and asks the callee to press 1 to acknowledge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoiceCall {
    /// The number, in E.164.
    pub to: String,
    /// What the call says before "press 1 to acknowledge".
    pub message: String,
}

/// A Slack message to a channel (`C...`) or a person (`U...`, a direct message).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlackPost {
    /// The channel or user id.
    pub channel: String,
    /// The message text (Slack mrkdwn).
    pub text: String,
    /// The page it tells of, for an Acknowledge button (when the Slack app takes clicks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_id: Option<i64>,
}

/// A Mattermost direct message from Goldseam's bot to a person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MattermostDm {
    /// The person's Mattermost user id (26 lowercase letters and digits).
    pub user: String,
    /// The message text (Mattermost Markdown).
    pub text: String,
    /// The page it tells of, for an Acknowledge button.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_id: Option<i64>,
}

/// Mattermost's limit on a post's message, in characters.
pub const MATTERMOST_TEXT_MAX: usize = 16_383;

/// An outgoing webhook call: `body` is POSTed as JSON and signed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookCall {
    /// The receiver's `http://` or `https://` URL.
    pub url: String,
    /// The JSON document to send (an incident event).
    pub body: serde_json::Value,
}

/// The channels a verification code can go through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VerifyChannel {
    /// By email.
    Email,
    /// By SMS.
    Sms,
    /// By a phone call.
    Voice,
    /// By a Slack direct message.
    Slack,
    /// By a Mattermost direct message.
    Mattermost,
    /// By a POST to the webhook being verified.
    Webhook,
}

/// A contact method's verification code. Enqueued by the people feature: either the contact
/// method's id (the engine looks the address up), or the channel and address spelled out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Verify {
    /// The channel, address and text spelled out.
    Direct {
        /// How to send it.
        channel: VerifyChannel,
        /// The address on that channel (email, E.164 number, Slack or Mattermost user id).
        address: String,
        /// The message, code included.
        text: String,
    },
    /// A stored contact method, looked up when sent.
    ContactMethod {
        /// Its id.
        contact_method_id: crate::ContactMethodId,
    },
}

/// One delivery, typed by its kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Delivery {
    /// Kind `email`.
    Email(EmailMessage),
    /// Kind `sms`.
    Sms(SmsMessage),
    /// Kind `voice`.
    Voice(VoiceCall),
    /// Kind `slack`.
    Slack(SlackPost),
    /// Kind `mattermost`.
    Mattermost(MattermostDm),
    /// Kind `webhook`.
    Webhook(WebhookCall),
    /// Kind `verify`.
    Verify(Verify),
}

/// The kinds [`Delivery::parse`] knows, for messages.
pub const KINDS: &[&str] = &[
    "email",
    "sms",
    "voice",
    "slack",
    "mattermost",
    "webhook",
    "verify",
];

impl Delivery {
    /// Reads a job's kind and payload, checking what a provider would refuse (numbers not in
    /// E.164, empty texts, URLs that are not http).
    pub fn parse(kind: &str, payload: &serde_json::Value) -> Result<Delivery, DomainError> {
        fn de<T: serde::de::DeserializeOwned>(v: &serde_json::Value) -> Result<T, DomainError> {
            T::deserialize(v).map_err(|e| invalid("payload", e.to_string()))
        }
        let d = match kind {
            "email" => Delivery::Email(de(payload)?),
            "sms" => Delivery::Sms(de(payload)?),
            "voice" => Delivery::Voice(de(payload)?),
            "slack" => Delivery::Slack(de(payload)?),
            "mattermost" => Delivery::Mattermost(de(payload)?),
            "webhook" => Delivery::Webhook(de(payload)?),
            "verify" => Delivery::Verify(de(payload)?),
            other => {
                return Err(invalid(
                    "kind",
                    format!(
                        "unknown kind {other:?}; known kinds are {}",
                        KINDS.join(", ")
                    ),
                ))
            }
        };
        d.check()?;
        Ok(d)
    }

    fn check(&self) -> Result<(), DomainError> {
        match self {
            Delivery::Email(m) => {
                if !m.to.contains('@') || m.to.contains(char::is_whitespace) {
                    return Err(invalid("to", format!("{:?} is not an email address", m.to)));
                }
                check_text("subject", &m.subject, 998)?;
                if let Some(c) = &m.calendar {
                    check_calendar("calendar", &c.method, &c.ics)?;
                }
                check_text("text", &m.text, 100_000)
            }
            Delivery::Sms(m) => {
                check_e164("to", &m.to)?;
                check_text("body", &m.body, 1600)
            }
            Delivery::Voice(m) => {
                check_e164("to", &m.to)?;
                check_text("message", &m.message, 4000)
            }
            Delivery::Slack(m) => {
                check_text("channel", &m.channel, 80)?;
                check_text("text", &m.text, 40_000)
            }
            Delivery::Mattermost(m) => {
                match crate::people::contact::parse_mattermost_user("user", &m.user) {
                    Ok(id) if id == m.user => {}
                    _ => {
                        return Err(invalid(
                            "user",
                            format!(
                            "{:?} is not a Mattermost user id (26 lowercase letters and digits)",
                            m.user
                        ),
                        ))
                    }
                }
                check_text("text", &m.text, MATTERMOST_TEXT_MAX)
            }
            Delivery::Webhook(m) => check_url("url", &m.url),
            Delivery::Verify(Verify::Direct {
                channel,
                address,
                text,
            }) => {
                if matches!(channel, VerifyChannel::Sms | VerifyChannel::Voice) {
                    check_e164("address", address)?;
                }
                check_text("address", address, 320)?;
                check_text("text", text, 1600)
            }
            Delivery::Verify(Verify::ContactMethod { .. }) => Ok(()),
        }
    }

    /// The job kind this delivery is stored under.
    pub fn kind(&self) -> &'static str {
        match self {
            Delivery::Email(_) => "email",
            Delivery::Sms(_) => "sms",
            Delivery::Voice(_) => "voice",
            Delivery::Slack(_) => "slack",
            Delivery::Mattermost(_) => "mattermost",
            Delivery::Webhook(_) => "webhook",
            Delivery::Verify(_) => "verify",
        }
    }

    /// The payload to store with [`Delivery::kind`].
    pub fn payload(&self) -> serde_json::Value {
        let v = match self {
            Delivery::Email(m) => serde_json::to_value(m),
            Delivery::Sms(m) => serde_json::to_value(m),
            Delivery::Voice(m) => serde_json::to_value(m),
            Delivery::Slack(m) => serde_json::to_value(m),
            Delivery::Mattermost(m) => serde_json::to_value(m),
            Delivery::Webhook(m) => serde_json::to_value(m),
            Delivery::Verify(m) => serde_json::to_value(m),
        };
        v.unwrap_or(serde_json::Value::Null)
    }

    /// Where it goes, the key rate limits and fairness count by: `email:ADDRESS`,
    /// `sms:+NUMBER`, `voice:+NUMBER`, `slack:CHANNEL`, `mattermost:USER`, `webhook:URL`. A verification code
    /// counts against its channel's destination (so codes cannot flood a phone either); one
    /// named by contact method id counts as `contact:ID`.
    pub fn destination(&self) -> String {
        match self {
            Delivery::Email(m) => format!("email:{}", m.to.to_lowercase()),
            Delivery::Sms(m) => format!("sms:{}", m.to),
            Delivery::Voice(m) => format!("voice:{}", m.to),
            Delivery::Slack(m) => format!("slack:{}", m.channel),
            Delivery::Mattermost(m) => format!("mattermost:{}", m.user),
            Delivery::Webhook(m) => format!("webhook:{}", m.url),
            Delivery::Verify(Verify::Direct {
                channel, address, ..
            }) => match channel {
                VerifyChannel::Email => format!("email:{}", address.to_lowercase()),
                VerifyChannel::Sms => format!("sms:{address}"),
                VerifyChannel::Voice => format!("voice:{address}"),
                VerifyChannel::Slack => format!("slack:{address}"),
                VerifyChannel::Mattermost => format!("mattermost:{address}"),
                VerifyChannel::Webhook => format!("webhook:{address}"),
            },
            Delivery::Verify(Verify::ContactMethod { contact_method_id }) => {
                format!("contact:{contact_method_id}")
            }
        }
    }

    /// A verification code spelled out becomes the plain message of its channel; everything
    /// else is returned as it is.
    pub fn resolve_verify(self) -> Delivery {
        match self {
            Delivery::Verify(Verify::Direct {
                channel,
                address,
                text,
            }) => match channel {
                VerifyChannel::Email => Delivery::Email(EmailMessage {
                    to: address,
                    subject: "Your Goldseam verification code".into(),
                    text,
                    html: None,
                    link: None,
                    list_unsubscribe: None,
                    calendar: None,
                }),
                VerifyChannel::Sms => Delivery::Sms(SmsMessage {
                    to: address,
                    body: text,
                }),
                VerifyChannel::Voice => Delivery::Voice(VoiceCall {
                    to: address,
                    message: text,
                }),
                VerifyChannel::Slack => Delivery::Slack(SlackPost {
                    channel: address,
                    text,
                    page_id: None,
                }),
                VerifyChannel::Mattermost => Delivery::Mattermost(MattermostDm {
                    user: address,
                    text,
                    page_id: None,
                }),
                VerifyChannel::Webhook => Delivery::Webhook(WebhookCall {
                    url: address,
                    body: serde_json::json!({"type": "verification", "text": text}),
                }),
            },
            other => other,
        }
    }
}

#[cfg(test)]
#[path = "payload_tests.rs"]
mod tests;
