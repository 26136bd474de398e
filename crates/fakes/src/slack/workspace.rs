//! The in-memory workspace: users, channels, messages and what hangs off them, the ids and
//! `ts` values Slack would hand out, and the JSON shapes the Web API answers them in.

use super::model::{Channel, Ephemeral, Message, Pin, Reaction, Unfurl, User, View};
use serde_json::{json, Value};
use std::time::{SystemTime, UNIX_EPOCH};

#[derive(Default)]
pub(crate) struct Workspace {
    pub users: Vec<User>,
    pub channels: Vec<Channel>,
    /// Every channel's messages, in `ts` order (ts values only grow).
    pub messages: Vec<Message>,
    pub pins: Vec<Pin>,
    pub reactions: Vec<Reaction>,
    pub views: Vec<View>,
    pub ephemerals: Vec<Ephemeral>,
    pub unfurls: Vec<Unfurl>,
    next_id: u64,
    last_ts_micros: u64,
}

pub(crate) fn unix_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Why a channel name is refused, as `conversations.create` names it.
pub(crate) fn check_channel_name(name: &str) -> Result<(), &'static str> {
    if name.is_empty() {
        return Err("invalid_name_required");
    }
    if name.chars().count() > 80 {
        return Err("invalid_name_maxlength");
    }
    if name.chars().all(|c| c == '-' || c == '_') {
        return Err("invalid_name_punctuation");
    }
    // Lowercase letters (any script), digits, hyphens and underscores; no spaces, periods or
    // capitals.
    let allowed = |c: char| c.is_lowercase() || c.is_numeric() || c == '-' || c == '_';
    if !name.chars().all(allowed) {
        return Err("invalid_name_specials");
    }
    Ok(())
}

impl Workspace {
    /// A new id such as `C000000007`: Slack ids are a type letter and upper-case
    /// alphanumerics.
    pub fn new_id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}{:09}", self.next_id)
    }

    /// A new message `ts`, `"secs.micros"`: unique and increasing across the workspace, close
    /// to the wall clock as Slack's are.
    pub fn new_ts(&mut self) -> String {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_micros() as u64)
            .unwrap_or(0);
        let micros = now.max(self.last_ts_micros + 1);
        self.last_ts_micros = micros;
        format!("{}.{:06}", micros / 1_000_000, micros % 1_000_000)
    }

    pub fn user(&self, id: &str) -> Option<&User> {
        self.users.iter().find(|u| u.id == id)
    }

    /// A user by id or by name (handle), as a test names people.
    pub fn find_user(&self, key: &str) -> Option<&User> {
        self.user(key)
            .or_else(|| self.users.iter().find(|u| u.name == key))
    }

    /// The bot's DM channel with `user`, opened if needed.
    pub fn open_dm(&mut self, bot: &str, user: &str) -> String {
        let existing = self
            .channels
            .iter()
            .find(|c| c.is_im && c.members.iter().any(|m| m == user));
        if let Some(c) = existing {
            return c.id.clone();
        }
        let id = self.new_id("D");
        self.channels.push(Channel {
            id: id.clone(),
            name: user.into(),
            is_private: true,
            is_archived: false,
            is_im: true,
            topic: String::new(),
            creator: bot.into(),
            created: unix_secs(),
            members: vec![bot.into(), user.into()],
        });
        id
    }

    pub fn channel(&self, id: &str) -> Option<&Channel> {
        self.channels.iter().find(|c| c.id == id)
    }

    pub fn channel_mut(&mut self, id: &str) -> Option<&mut Channel> {
        self.channels.iter_mut().find(|c| c.id == id)
    }

    /// A channel by id, or by `#name`/`name` as the Web API also accepts.
    pub fn find_channel(&self, key: &str) -> Option<&Channel> {
        let name = key.strip_prefix('#').unwrap_or(key);
        self.channel(key)
            .or_else(|| self.channels.iter().find(|c| c.name == name))
    }

    pub fn message(&self, channel: &str, ts: &str) -> Option<&Message> {
        self.messages
            .iter()
            .find(|m| m.channel == channel && m.ts == ts && !m.deleted)
    }

    pub fn message_mut(&mut self, channel: &str, ts: &str) -> Option<&mut Message> {
        self.messages
            .iter_mut()
            .find(|m| m.channel == channel && m.ts == ts && !m.deleted)
    }

    pub fn is_member(&self, channel: &str, user: &str) -> bool {
        self.channel(channel)
            .is_some_and(|c| c.members.iter().any(|m| m == user))
    }

    /// A new message with nothing but its place, author and text.
    pub fn blank_message(&mut self, channel: &str, user: &str, text: &str) -> Message {
        Message {
            channel: channel.into(),
            ts: self.new_ts(),
            thread_ts: None,
            user: Some(user.into()),
            bot_id: None,
            subtype: None,
            text: text.into(),
            blocks: Value::Null,
            attachments: Value::Null,
            metadata: Value::Null,
            username: None,
            icon_url: None,
            icon_emoji: None,
            files: Vec::new(),
            edited: None,
            deleted: false,
        }
    }
}

/// `users.info`'s `user`.
pub(crate) fn user_json(u: &User, team_id: &str) -> Value {
    let mut profile = json!({
        "real_name": u.real_name,
        "real_name_normalized": u.real_name,
        "display_name": u.name,
        "display_name_normalized": u.name,
        "team": team_id,
    });
    if let Some(email) = &u.email {
        profile["email"] = json!(email);
    }
    json!({
        "id": u.id,
        "team_id": team_id,
        "name": u.name,
        "deleted": u.deleted,
        "real_name": u.real_name,
        "tz": "Europe/London",
        "tz_label": "Greenwich Mean Time",
        "tz_offset": 0,
        "is_bot": u.is_bot,
        "is_app_user": false,
        "is_admin": false,
        "profile": profile,
    })
}

/// A conversation object, as `conversations.info` answers it to `viewer`.
pub(crate) fn channel_json(c: &Channel, viewer: &str) -> Value {
    let topic = json!({"value": c.topic, "creator": if c.topic.is_empty() { "" } else { c.creator.as_str() }, "last_set": 0});
    json!({
        "id": c.id,
        "name": c.name,
        "name_normalized": c.name,
        "is_channel": !c.is_im,
        "is_group": false,
        "is_im": c.is_im,
        "is_mpim": false,
        "is_private": c.is_private,
        "is_archived": c.is_archived,
        "is_general": false,
        "is_shared": false,
        "is_ext_shared": false,
        "is_org_shared": false,
        "created": c.created,
        "creator": c.creator,
        "is_member": c.members.iter().any(|m| m == viewer),
        "topic": topic,
        "purpose": {"value": "", "creator": "", "last_set": 0},
        "num_members": c.members.len(),
    })
}

/// A message as the Web API and events show it.
pub(crate) fn message_json(m: &Message, team_id: &str, app_id: &str) -> Value {
    let mut v = json!({"type": "message", "text": m.text, "ts": m.ts, "team": team_id});
    let mut put = |k: &str, val: Value| {
        if !val.is_null() {
            v[k] = val;
        }
    };
    put("user", json!(m.user));
    put("subtype", json!(m.subtype));
    put("thread_ts", json!(m.thread_ts));
    put("blocks", m.blocks.clone());
    put("attachments", m.attachments.clone());
    put("metadata", m.metadata.clone());
    put("username", json!(m.username));
    put(
        "icons",
        match (&m.icon_url, &m.icon_emoji) {
            (Some(url), _) => json!({"image_48": url}),
            (None, Some(e)) => json!({"emoji": e}),
            _ => Value::Null,
        },
    );
    if let Some(bot) = &m.bot_id {
        put("bot_id", json!(bot));
        put("app_id", json!(app_id));
    }
    if let Some((user, ts)) = &m.edited {
        put("edited", json!({"user": user, "ts": ts}));
    }
    if !m.files.is_empty() {
        let files: Vec<Value> = m
            .files
            .iter()
            .map(|f| {
                json!({"id": f.id, "name": f.name, "title": f.name, "mimetype": f.mimetype,
                       "url_private": f.url_private, "permalink": f.permalink})
            })
            .collect();
        put("files", json!(files));
        put("upload", json!(false));
    }
    v
}
