//! The values the typed methods take and return, read from Slack's JSON leniently: a field
//! Slack leaves out becomes empty rather than failing a call that Slack said was ok.

use serde_json::{json, Value};

/// A message to post with `chat.postMessage`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutMessage {
    /// A channel id (`C…`), or a user id (`U…`) for the bot's direct message with them.
    pub channel: String,
    /// The text; with blocks, the fallback shown in notifications.
    pub text: String,
    /// Block Kit blocks.
    pub blocks: Option<Value>,
    /// Post as a reply in this thread.
    pub thread_ts: Option<String>,
    /// Show this name instead of the bot's (needs `chat:write.customize`): mirrored messages
    /// carry their author's.
    pub username: Option<String>,
    /// Show this avatar instead of the bot's.
    pub icon_url: Option<String>,
    /// Message metadata `{event_type, event_payload}`, invisible to people, kept with the
    /// message (the delivery engine's idempotency key travels here).
    pub metadata: Option<Value>,
    /// Let Slack unfurl links in the text.
    pub unfurl_links: bool,
}

impl OutMessage {
    /// The `chat.postMessage` arguments.
    pub(super) fn args(&self) -> Value {
        let mut a = json!({
            "channel": self.channel,
            "text": self.text,
            "unfurl_links": self.unfurl_links,
        });
        let optional = [
            ("blocks", self.blocks.clone()),
            ("thread_ts", self.thread_ts.clone().map(Value::from)),
            ("username", self.username.clone().map(Value::from)),
            ("icon_url", self.icon_url.clone().map(Value::from)),
            ("metadata", self.metadata.clone()),
        ];
        for (k, v) in optional {
            if let Some(v) = v {
                a[k] = v;
            }
        }
        a
    }
}

/// Who the bot is (`auth.test`): its user id tells its own messages apart.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BotIdentity {
    /// The bot user's id, `U…`.
    pub user_id: String,
    /// The bot's id, `B…`, on the messages it posts.
    pub bot_id: String,
    /// The workspace's id, `T…`.
    pub team_id: String,
    /// The workspace's URL, `https://acme.slack.com/`.
    pub url: String,
}

impl BotIdentity {
    pub(super) fn from_answer(a: &Value) -> BotIdentity {
        BotIdentity {
            user_id: text(&a["user_id"]),
            bot_id: text(&a["bot_id"]),
            team_id: text(&a["team_id"]),
            url: text(&a["url"]),
        }
    }
}

/// A channel as `conversations.create`/`conversations.info` describe it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChannelInfo {
    /// `C…` (or `D…` for a direct message).
    pub id: String,
    /// Its name, without `#`.
    pub name: String,
    /// A private channel.
    pub is_private: bool,
    /// Archived: no posting until unarchived.
    pub is_archived: bool,
    /// Whether the bot is in it.
    pub is_member: bool,
    /// Its topic.
    pub topic: String,
}

impl ChannelInfo {
    /// From a conversation object (the answer's `channel`).
    pub(super) fn from_json(c: &Value) -> ChannelInfo {
        ChannelInfo {
            id: text(&c["id"]),
            name: text(&c["name"]),
            is_private: c["is_private"] == true,
            is_archived: c["is_archived"] == true,
            is_member: c["is_member"] == true,
            topic: text(&c["topic"]["value"]),
        }
    }
}

/// A member of the workspace.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SlackUser {
    /// `U…`.
    pub id: String,
    /// The handle.
    pub name: String,
    /// The full name (the handle when they set none).
    pub real_name: String,
    /// Their address, with `users:read.email`; bots have none.
    pub email: Option<String>,
    /// A bot user.
    pub is_bot: bool,
    /// Deactivated: cannot be messaged or added to channels.
    pub deleted: bool,
}

impl SlackUser {
    /// From a user object (the answer's `user`).
    pub(super) fn from_json(u: &Value) -> SlackUser {
        let real_name = [&u["real_name"], &u["profile"]["real_name"]]
            .into_iter()
            .map(text)
            .find(|s| !s.is_empty())
            .unwrap_or_else(|| text(&u["name"]));
        SlackUser {
            id: text(&u["id"]),
            name: text(&u["name"]),
            real_name,
            email: u["profile"]["email"]
                .as_str()
                .filter(|e| !e.is_empty())
                .map(String::from),
            is_bot: u["is_bot"] == true,
            deleted: u["deleted"] == true,
        }
    }
}

/// What a `chat.unfurl` answers: a message by channel and `ts`, or a `link_shared` event's
/// `unfurl_id` and `source` (links shared in the composer have no message yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnfurlTarget {
    /// A posted message.
    Message {
        /// Its channel.
        channel: String,
        /// Its `ts`.
        ts: String,
    },
    /// The event's `unfurl_id` and `source` (`conversations_history` or `composer`).
    Link {
        /// `unfurl_id`.
        unfurl_id: String,
        /// `source`.
        source: String,
    },
}

impl UnfurlTarget {
    pub(super) fn args(&self) -> Value {
        match self {
            UnfurlTarget::Message { channel, ts } => json!({"channel": channel, "ts": ts}),
            UnfurlTarget::Link { unfurl_id, source } => {
                json!({"unfurl_id": unfurl_id, "source": source})
            }
        }
    }
}

/// A string field, empty when absent.
pub(super) fn text(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_sends_only_the_fields_it_has() {
        let m = OutMessage {
            channel: "C1".into(),
            text: "hi".into(),
            thread_ts: Some("1.2".into()),
            ..OutMessage::default()
        };
        assert_eq!(
            m.args(),
            json!({"channel": "C1", "text": "hi", "unfurl_links": false, "thread_ts": "1.2"})
        );
    }

    #[test]
    fn users_read_from_slacks_shapes() {
        let u = SlackUser::from_json(&json!({"id": "U1", "name": "ana", "real_name": "",
            "profile": {"real_name": "Ana Lima", "email": "ana@example.com"}, "is_bot": false}));
        assert_eq!(
            (u.real_name.as_str(), u.email.as_deref(), u.deleted),
            ("Ana Lima", Some("ana@example.com"), false)
        );
        let bot = SlackUser::from_json(&json!({"id": "U2", "name": "bot", "is_bot": true}));
        assert_eq!(
            (bot.real_name.as_str(), bot.email, bot.is_bot),
            ("bot", None, true)
        );
    }
}
