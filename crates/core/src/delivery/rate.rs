//! Per-destination rate limits and bundling.
//!
//! Each rate-limited destination may receive one message per interval: a Slack channel or a
//! Mattermost user one a second (Slack's own limit for chat.postMessage; Mattermost has no
//! per-channel limit, but a person paged many times a second reads one list better), a phone number one SMS every 20 seconds (a
//! few a minute) and one call a minute. Messages that arrive while the destination is waiting
//! are not queued one behind the other: when its next slot opens, everything due for it goes out
//! as **one** bundled message ("3 new pages: ..."). A storm towards one destination therefore
//! costs that destination a few bundled messages and every other destination nothing.
//! Email and webhooks have no limit: each email and each webhook event stands alone.

use super::payload::{
    Delivery, MattermostDm, SlackPost, SmsMessage, VoiceCall, MATTERMOST_TEXT_MAX,
};
use jiff::SignedDuration;

/// A destination's limit: at most one message per `interval`, the extras bundled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// The least time between two messages to one destination.
    pub interval: SignedDuration,
    /// The most messages folded into one bundle; the rest wait for the next slot.
    pub max_bundle: u32,
}

/// The limit for a destination (as [`Delivery::destination`] spells it), by its channel.
pub fn rate_limit(destination: &str) -> Option<RateLimit> {
    let (channel, _) = destination.split_once(':')?;
    let (secs, max_bundle) = match channel {
        "slack" | "mattermost" => (1, 20),
        "sms" => (20, 10),
        "voice" => (60, 10),
        _ => return None,
    };
    Some(RateLimit {
        interval: SignedDuration::from_secs(secs),
        max_bundle,
    })
}

/// Cuts `s` to at most `max` characters, marking the cut with an ellipsis.
fn truncate(s: String, max: usize) -> String {
    if s.chars().count() <= max {
        return s;
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Folds several messages to one destination into one. `None` when `items` is empty or mixes
/// channels that do not bundle (email, webhooks); one item comes back as it is.
pub fn bundle(items: &[Delivery]) -> Option<Delivery> {
    let first = items.first()?;
    if items.len() == 1 {
        return Some(first.clone());
    }
    let n = items.len();
    match first {
        Delivery::Sms(m) => {
            let texts: Option<Vec<&str>> = items
                .iter()
                .map(|d| match d {
                    Delivery::Sms(s) => Some(s.body.as_str()),
                    _ => None,
                })
                .collect();
            Some(Delivery::Sms(SmsMessage {
                to: m.to.clone(),
                body: truncate(format!("{n} new pages: {}", texts?.join(" | ")), 1600),
            }))
        }
        Delivery::Slack(m) => {
            let texts: Option<Vec<String>> = items
                .iter()
                .map(|d| match d {
                    Delivery::Slack(s) => Some(format!("• {}", s.text)),
                    _ => None,
                })
                .collect();
            Some(Delivery::Slack(SlackPost {
                channel: m.channel.clone(),
                text: truncate(format!("{n} new messages:\n{}", texts?.join("\n")), 40_000),
                // A bundle tells of several things: its pages are acknowledged from their links.
                page_id: None,
            }))
        }
        Delivery::Mattermost(m) => {
            let texts: Option<Vec<String>> = items
                .iter()
                .map(|d| match d {
                    Delivery::Mattermost(dm) => Some(format!("- {}", dm.text)),
                    _ => None,
                })
                .collect();
            Some(Delivery::Mattermost(MattermostDm {
                user: m.user.clone(),
                text: truncate(
                    format!("{n} new messages:\n{}", texts?.join("\n")),
                    MATTERMOST_TEXT_MAX,
                ),
                // As on Slack: one button could not say which page it acknowledges.
                page_id: None,
            }))
        }
        Delivery::Voice(m) => {
            let texts: Option<Vec<&str>> = items
                .iter()
                .map(|d| match d {
                    Delivery::Voice(v) => Some(v.message.as_str()),
                    _ => None,
                })
                .collect();
            Some(Delivery::Voice(VoiceCall {
                to: m.to.clone(),
                message: truncate(
                    format!("You have {n} new pages. {}", texts?.join(". Next page: ")),
                    4000,
                ),
            }))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sms(body: &str) -> Delivery {
        Delivery::Sms(SmsMessage {
            to: "+15551234567".into(),
            body: body.into(),
        })
    }

    #[test]
    fn chat_and_phones_are_limited_email_and_webhooks_are_not() {
        assert_eq!(
            rate_limit("slack:C1").unwrap().interval,
            SignedDuration::from_secs(1)
        );
        assert_eq!(
            rate_limit("sms:+15551234567").unwrap().interval,
            SignedDuration::from_secs(20)
        );
        assert!(rate_limit("voice:+15551234567").is_some());
        assert_eq!(
            rate_limit("mattermost:8sd7hwgz9jfqtfpg8n3i5w7hbo"),
            rate_limit("slack:U024BE7LH")
        );
        assert_eq!(rate_limit("email:a@example.com"), None);
        assert_eq!(rate_limit("webhook:https://x"), None);
        assert_eq!(rate_limit("nonsense"), None);
    }

    #[test]
    fn several_pages_to_one_number_become_one_sms() {
        let b = bundle(&[
            sms("INC-1 db down"),
            sms("INC-2 api slow"),
            sms("INC-3 disk"),
        ])
        .unwrap();
        assert_eq!(
            b,
            sms("3 new pages: INC-1 db down | INC-2 api slow | INC-3 disk")
        );
        assert_eq!(bundle(&[sms("one")]).unwrap(), sms("one"));
        assert_eq!(bundle(&[]), None);
    }

    #[test]
    fn a_bundle_never_exceeds_what_the_provider_takes() {
        let long = "x".repeat(1000);
        let Some(Delivery::Sms(m)) = bundle(&[sms(&long), sms(&long)]) else {
            panic!("an sms bundle");
        };
        assert_eq!(m.body.chars().count(), 1600);
        assert!(m.body.ends_with('…'));
    }

    #[test]
    fn slack_bundles_list_each_message() {
        let post = |t: &str| {
            Delivery::Slack(SlackPost {
                channel: "C1".into(),
                text: t.into(),
                page_id: None,
            })
        };
        let Some(Delivery::Slack(m)) = bundle(&[post("a"), post("b")]) else {
            panic!("a slack bundle");
        };
        assert_eq!(m.text, "2 new messages:\n• a\n• b");
        assert_eq!(bundle(&[post("a"), sms("b")]), None);
    }

    #[test]
    fn mattermost_bundles_list_each_message_without_a_button() {
        let dm = |t: &str, page| {
            Delivery::Mattermost(MattermostDm {
                user: "8sd7hwgz9jfqtfpg8n3i5w7hbo".into(),
                text: t.into(),
                page_id: page,
            })
        };
        let Some(Delivery::Mattermost(m)) = bundle(&[dm("a", Some(1)), dm("b", Some(2))]) else {
            panic!("a mattermost bundle");
        };
        assert_eq!(m.text, "2 new messages:\n- a\n- b");
        assert_eq!(m.page_id, None);
        assert_eq!(bundle(&[dm("a", Some(1))]).unwrap(), dm("a", Some(1)));
    }
}
