//! The chat platform a scenario runs against, in words both fakes share: people say, reply,
//! edit, delete, react and pin; the tests read channels, messages, pins and private replies.
//! Each arm calls the fake as a person would act in that product, so one scenario means the
//! same thing on both.

mod interact;
pub mod mattermost;
pub mod pages;
pub mod slack;

use goldseam_fakes::mattermost::{ChannelType, FakeMattermost, Post};
use goldseam_fakes::slack::{FakeSlack, Message};
use serde_json::Value;

/// One of the fakes.
pub enum Side {
    Slack(FakeSlack),
    Mattermost(FakeMattermost),
}

/// Which platform a scenario runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Slack,
    Mattermost,
}

/// A channel message, as people see it.
#[derive(Debug, Clone)]
pub struct Msg {
    pub id: String,
    pub text: String,
    /// The name shown: the person's handle, or the name Goldseam posted under.
    pub author: String,
    /// Posted by Goldseam's bot.
    pub by_bot: bool,
    /// The card (blocks or attachments) as JSON text, empty for plain text.
    pub card: String,
}

/// A channel, as people see it.
#[derive(Debug, Clone)]
pub struct Chan {
    pub id: String,
    pub name: String,
    pub private: bool,
    /// The topic (Mattermost: the header).
    pub topic: String,
}

/// The buttons Goldseam puts on cards.
#[derive(Debug, Clone, Copy)]
pub enum Button {
    Join,
    Resolve,
}

impl Side {
    pub fn via(&self) -> &'static str {
        match self {
            Side::Slack(_) => "slack",
            Side::Mattermost(_) => "mattermost",
        }
    }

    pub fn add_user(&self, handle: &str, email: &str) -> String {
        match self {
            Side::Slack(s) => s.add_user(handle, email),
            Side::Mattermost(m) => m.add_user(handle, email),
        }
    }

    pub fn join(&self, handle: &str, channel: &str) {
        match self {
            Side::Slack(s) => s.join(handle, channel),
            Side::Mattermost(m) => m.join(handle, channel, None).unwrap(),
        }
    }

    /// Posts in the channel; the message's id.
    pub fn say(&self, handle: &str, channel: &str, text: &str) -> String {
        match self {
            Side::Slack(s) => s.say(handle, channel, text),
            Side::Mattermost(m) => m.say(handle, channel, text).unwrap(),
        }
    }

    /// Replies in the thread of `root`.
    pub fn reply(&self, handle: &str, channel: &str, root: &str, text: &str) -> String {
        match self {
            Side::Slack(s) => s.reply(handle, channel, root, text),
            Side::Mattermost(m) => m.reply(handle, root, text).unwrap(),
        }
    }

    pub fn edit(&self, handle: &str, channel: &str, id: &str, text: &str) {
        match self {
            Side::Slack(s) => s.edit(handle, channel, id, text),
            Side::Mattermost(m) => m.edit(handle, id, text).unwrap(),
        }
    }

    pub fn delete(&self, handle: &str, channel: &str, id: &str) {
        match self {
            Side::Slack(s) => s.delete(handle, channel, id),
            Side::Mattermost(m) => m.delete(handle, id).unwrap(),
        }
    }

    pub fn react(&self, handle: &str, channel: &str, id: &str, emoji: &str) {
        match self {
            Side::Slack(s) => s.react(handle, channel, id, emoji),
            Side::Mattermost(m) => m.react(handle, id, emoji).unwrap(),
        }
    }

    /// The platform's own pin.
    pub fn pin(&self, handle: &str, channel: &str, id: &str) {
        match self {
            Side::Slack(s) => s.pin(handle, channel, id),
            Side::Mattermost(m) => m.pin(handle, id).unwrap(),
        }
    }

    pub fn unpin(&self, handle: &str, channel: &str, id: &str) {
        match self {
            Side::Slack(s) => s.unpin(handle, channel, id),
            Side::Mattermost(m) => m.unpin(handle, id).unwrap(),
        }
    }

    /// The channel's messages, oldest first (deleted ones are gone).
    pub fn messages(&self, channel: &str) -> Vec<Msg> {
        match self {
            Side::Slack(s) => {
                let users = s.users();
                s.messages(channel)
                    .into_iter()
                    .filter(|m| m.subtype.is_none())
                    .map(|m| slack_msg(&users, m))
                    .collect()
            }
            Side::Mattermost(m) => {
                let bot = m.bot_id();
                let users = m.users();
                m.messages(channel)
                    .into_iter()
                    .map(|p| mattermost_msg(&users, &bot, p))
                    .collect()
            }
        }
    }

    /// The texts of the channel's pinned messages.
    pub fn pinned(&self, channel: &str) -> Vec<String> {
        match self {
            Side::Slack(s) => s
                .pins(channel)
                .iter()
                .filter_map(|p| s.message(channel, &p.ts))
                .map(|m| m.text)
                .collect(),
            Side::Mattermost(m) => m.pinned(channel).into_iter().map(|p| p.message).collect(),
        }
    }

    /// Every channel but direct messages.
    pub fn channels(&self) -> Vec<Chan> {
        match self {
            Side::Slack(s) => s
                .channels()
                .into_iter()
                .filter(|c| !c.is_im)
                .map(|c| Chan {
                    id: c.id,
                    name: c.name,
                    private: c.is_private,
                    topic: c.topic,
                })
                .collect(),
            Side::Mattermost(m) => m
                .channels()
                .into_iter()
                .filter(|c| matches!(c.channel_type, ChannelType::Open | ChannelType::Private))
                .map(|c| Chan {
                    id: c.id,
                    private: c.channel_type == ChannelType::Private,
                    name: c.name,
                    topic: c.header,
                })
                .collect(),
        }
    }

    pub fn channel(&self, id: &str) -> Option<Chan> {
        self.channels().into_iter().find(|c| c.id == id)
    }

    pub fn members(&self, channel: &str) -> Vec<String> {
        match self {
            Side::Slack(s) => s.members(channel),
            Side::Mattermost(m) => m.members(channel),
        }
    }

    /// What `user` (an id) was shown privately: command answers, button answers, notices.
    pub fn told(&self, user: &str) -> Vec<String> {
        match self {
            Side::Slack(s) => s.ephemerals_for(user).into_iter().map(|e| e.text).collect(),
            Side::Mattermost(m) => m
                .ephemerals_for(user)
                .into_iter()
                .map(|e| e.post.message)
                .collect(),
        }
    }

    /// How often Goldseam changed the message `id` in place.
    pub fn edits_of(&self, id: &str) -> usize {
        match self {
            Side::Slack(s) => s
                .calls("chat.update")
                .iter()
                .filter(|c| c.status == 200 && c.params["ts"] == id)
                .count(),
            Side::Mattermost(m) => m
                .calls_to("PUT /posts/{id}/patch")
                .iter()
                .filter(|c| c.path.contains(id))
                .count(),
        }
    }

    /// Every body Goldseam sent to the platform's post method, as JSON text.
    pub fn posted(&self) -> Vec<String> {
        match self {
            Side::Slack(s) => s
                .calls("chat.postMessage")
                .iter()
                .map(|c| c.params.to_string())
                .collect(),
            Side::Mattermost(m) => m
                .calls_to("POST /posts")
                .iter()
                .map(|c| c.body.to_string())
                .collect(),
        }
    }

    /// The next `n` lookups of a person's profile fail with a 500.
    pub fn fail_profile_lookups(&self, n: usize) {
        match self {
            Side::Slack(s) => {
                s.fail_next("users.info", n, goldseam_fakes::slack::Fault::Status(500))
            }
            Side::Mattermost(m) => m.inject(
                "GET /users/{id}",
                n,
                goldseam_fakes::mattermost::Fault::error(500, "app.user.get.app_error"),
            ),
        }
    }

    /// Whether a profile lookup has failed.
    pub fn a_profile_lookup_failed(&self) -> bool {
        match self {
            Side::Slack(s) => s.calls("users.info").iter().any(|c| c.status == 500),
            Side::Mattermost(m) => m
                .calls_to("GET /users/{id}")
                .iter()
                .any(|c| c.status == 500),
        }
    }

    /// The platform goes down (`true`) or comes back.
    pub async fn set_down(&self, down: bool) {
        match self {
            Side::Slack(s) => s.set_down(if down {
                goldseam_fakes::slack::Down::Unavailable
            } else {
                goldseam_fakes::slack::Down::Up
            }),
            Side::Mattermost(m) => {
                m.set_down(if down {
                    goldseam_fakes::mattermost::Down::Unavailable
                } else {
                    goldseam_fakes::mattermost::Down::Up
                })
                .await
            }
        }
    }
}

fn slack_msg(users: &[goldseam_fakes::slack::User], m: Message) -> Msg {
    let handle = m
        .user
        .as_deref()
        .and_then(|u| users.iter().find(|x| x.id == u))
        .map(|u| u.name.clone())
        .unwrap_or_default();
    let card = [&m.blocks, &m.attachments]
        .into_iter()
        .filter(|v| !v.is_null())
        .map(Value::to_string)
        .collect::<String>();
    Msg {
        author: m.username.clone().unwrap_or(handle),
        by_bot: m.bot_id.is_some(),
        id: m.ts,
        text: m.text,
        card,
    }
}

fn mattermost_msg(users: &[goldseam_fakes::mattermost::User], bot: &str, p: Post) -> Msg {
    let handle = users
        .iter()
        .find(|u| u.id == p.user_id)
        .map(|u| u.username.clone())
        .unwrap_or_default();
    let author = p
        .props
        .get("override_username")
        .and_then(Value::as_str)
        .map(String::from)
        .unwrap_or(handle);
    Msg {
        by_bot: p.user_id == bot,
        card: p
            .props
            .get("attachments")
            .map(Value::to_string)
            .unwrap_or_default(),
        author,
        id: p.id,
        text: p.message,
    }
}
