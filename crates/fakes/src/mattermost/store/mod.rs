//! The fake server's state: the team's users, channels, posts and reactions, what was sent and
//! received, and the open WebSocket connections. The REST handlers and the human actions both
//! change it through the operations in `posts` and `channels`, so an action from either side
//! has the same effects and emits the same events.

mod channels;
mod direct;
mod members;
mod posts;
mod reactions;

pub(crate) use channels::NewChannel;
pub(crate) use direct::direct_name;
pub(crate) use posts::NewPost;

use super::faults::{Down, Faults};
use super::model::{Call, Channel, Delivery, Dialog, Ephemeral, Post, Reaction, SentEvent, User};
use super::options::MattermostOptions;
use super::rate::Bucket;
use super::wire::{post_json, ApiError};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::sync::{mpsc, oneshot, watch, Notify};

/// Mattermost's id alphabet (a base32 without look-alike letters).
const ID_ALPHABET: &[u8; 32] = b"ybndrfg8ejkmcpqxot1uwisza345h769";

/// A new 26-character id shaped like Mattermost's (128 bits in its base32). Unique within the
/// process, so ids from two fakes never collide either.
pub(crate) fn new_id() -> String {
    static SEED: OnceLock<u64> = OnceLock::new();
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let seed = *SEED.get_or_init(|| {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        now.as_nanos() as u64 ^ u64::from(std::process::id()).rotate_left(32)
    });
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    // splitmix64 twice: a well-spread 128-bit value from the counter.
    let mix = |mut z: u64| {
        z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let bits = (u128::from(mix(seed ^ n)) << 64) | u128::from(mix(seed.wrapping_add(!n)));
    (0..26)
        .map(|i| ID_ALPHABET[((bits >> (i * 5)) & 31) as usize] as char)
        .collect()
}

/// Where an event goes, Mattermost's `broadcast` object.
#[derive(Debug, Clone, Default)]
pub(crate) struct Broadcast {
    /// To every connection of the channel's members.
    pub(crate) channel_id: String,
    /// To every connection of this user.
    pub(crate) user_id: String,
    /// To every connection on the team.
    pub(crate) team_id: String,
}

/// An open, authenticated WebSocket connection.
pub(crate) struct WsConn {
    pub(crate) id: String,
    pub(crate) user_id: String,
    pub(crate) seq: i64,
    pub(crate) tx: mpsc::UnboundedSender<String>,
    /// Dropped with the connection's entry, which ends its task.
    pub(crate) _kick: Option<oneshot::Sender<()>>,
}

/// A `trigger_id` the fake issued with a command or a click.
pub(crate) struct Trigger {
    pub(crate) id: String,
    pub(crate) user_id: String,
    pub(crate) channel_id: String,
    pub(crate) issued_at: i64,
}

/// A command's `response_url`: 5 uses within 30 minutes.
pub(crate) struct ResponseHook {
    pub(crate) id: String,
    pub(crate) user_id: String,
    pub(crate) channel_id: String,
    pub(crate) uses: u32,
    pub(crate) created_at: i64,
}

#[derive(Default)]
pub(crate) struct Inner {
    pub(crate) options: MattermostOptions,
    pub(crate) url: String,
    pub(crate) team_id: String,
    pub(crate) bot_id: String,
    pub(crate) users: Vec<User>,
    pub(crate) channels: Vec<Channel>,
    pub(crate) posts: Vec<Post>,
    pub(crate) reactions: Vec<Reaction>,
    pub(crate) ephemerals: Vec<Ephemeral>,
    pub(crate) dialogs: Vec<Dialog>,
    pub(crate) triggers: Vec<Trigger>,
    pub(crate) hooks: Vec<ResponseHook>,
    pub(crate) calls: Vec<Call>,
    pub(crate) events: Vec<SentEvent>,
    pub(crate) deliveries: Vec<Delivery>,
    pub(crate) conns: Vec<WsConn>,
    pub(crate) faults: Faults,
    pub(crate) bucket: Option<Bucket>,
    pub(crate) clock_offset: Duration,
    pub(crate) last_millis: i64,
}

/// The state shared by the server's tasks and the test's handle.
pub(crate) struct Core {
    inner: Mutex<Inner>,
    /// Woken on every change, for the `wait_*` helpers.
    pub(crate) changed: Notify,
    /// The availability switch, watched by the listener.
    pub(crate) down: watch::Sender<Down>,
    /// The availability the listening socket is in (it follows `down`).
    pub(crate) applied: Arc<watch::Sender<Down>>,
    /// For requests to the app.
    pub(crate) client: reqwest::Client,
}

impl Core {
    pub(crate) fn new(inner: Inner) -> Self {
        Core {
            inner: Mutex::new(inner),
            changed: Notify::new(),
            down: watch::Sender::new(Down::Up),
            applied: Arc::new(watch::Sender::new(Down::Up)),
            client: reqwest::Client::new(),
        }
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, Inner> {
        crate::lock(&self.inner)
    }

    /// Runs `f` on the state and wakes the waiters.
    pub(crate) fn update<T>(&self, f: impl FnOnce(&mut Inner) -> T) -> T {
        let out = f(&mut self.lock());
        self.changed.notify_waiters();
        out
    }
}

impl Inner {
    /// The fake's clock in Unix milliseconds (with the test's offset).
    pub(crate) fn clock(&self) -> i64 {
        let now = SystemTime::now() + self.clock_offset;
        now.duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_millis() as i64
    }

    /// A timestamp for a change: the clock, but always after the previous one, so posts sort
    /// by `create_at` in the order they were made.
    pub(crate) fn stamp(&mut self) -> i64 {
        self.last_millis = self.clock().max(self.last_millis + 1);
        self.last_millis
    }

    /// A user by id or username.
    pub(crate) fn user(&self, key: &str) -> Option<&User> {
        let key = key.trim_start_matches('@');
        self.users.iter().find(|u| u.id == key || u.username == key)
    }

    /// A channel by id (`channel_ref` also takes a name, as human actions do).
    pub(crate) fn channel(&self, key: &str) -> Option<&Channel> {
        self.channels.iter().find(|c| c.id == key)
    }

    pub(crate) fn channel_ref(&self, key: &str) -> Option<&Channel> {
        let key = key.trim_start_matches('~');
        self.channel(key)
            .or_else(|| self.channels.iter().find(|c| c.name == key))
    }

    pub(crate) fn channel_mut(&mut self, id: &str) -> Option<&mut Channel> {
        self.channels.iter_mut().find(|c| c.id == id)
    }

    pub(crate) fn post(&self, id: &str) -> Option<&Post> {
        self.posts.iter().find(|p| p.id == id)
    }

    pub(crate) fn post_mut(&mut self, id: &str) -> Option<&mut Post> {
        self.posts.iter_mut().find(|p| p.id == id)
    }

    /// A post that exists and is not deleted, or Mattermost's 404.
    pub(crate) fn live_post(&self, id: &str) -> Result<&Post, ApiError> {
        self.post(id)
            .filter(|p| p.delete_at == 0)
            .ok_or_else(ApiError::no_post)
    }

    pub(crate) fn is_member(&self, channel_id: &str, user_id: &str) -> bool {
        let channel = self.channel(channel_id);
        channel.is_some_and(|c| c.members.iter().any(|m| m == user_id))
    }

    /// Whether `user` may read the channel: a member, or anyone on the team for a public one.
    pub(crate) fn can_read(&self, channel: &Channel, user_id: &str) -> bool {
        channel.channel_type == super::model::ChannelType::Open
            || channel.members.iter().any(|m| m == user_id)
    }

    /// A post as clients receive it.
    pub(crate) fn post_out(&self, p: &Post) -> Value {
        let replies = if p.root_id.is_empty() {
            let live = |r: &&Post| r.root_id == p.id && r.delete_at == 0;
            self.posts.iter().filter(live).count()
        } else {
            0
        };
        let reacted = self.reactions.iter().any(|r| r.post_id == p.id);
        post_json(p, replies, reacted)
    }

    /// Sends an event to every connection `to` reaches, each with its own next `seq`, and
    /// records it. Connections whose reader is gone are dropped.
    pub(crate) fn broadcast(&mut self, event: &str, data: Value, to: Broadcast) {
        let members: Vec<String> = match self.channel(&to.channel_id) {
            Some(c) if !to.channel_id.is_empty() => c.members.clone(),
            _ => Vec::new(),
        };
        let reaches = |c: &WsConn| {
            if !to.channel_id.is_empty() {
                members.contains(&c.user_id)
            } else if !to.user_id.is_empty() {
                c.user_id == to.user_id
            } else {
                !to.team_id.is_empty()
            }
        };
        let broadcast = json!({
            "omit_users": null, "user_id": to.user_id, "channel_id": to.channel_id,
            "team_id": to.team_id, "connection_id": "", "omit_connection_id": "",
        });
        let mut sent = Vec::new();
        self.conns.retain_mut(|c| {
            if !reaches(c) {
                return true;
            }
            let frame = json!({"event": event, "data": data, "broadcast": broadcast, "seq": c.seq});
            c.seq += 1;
            let alive = c.tx.send(frame.to_string()).is_ok();
            sent.push(SentEvent {
                connection_id: c.id.clone(),
                user_id: c.user_id.clone(),
                frame,
            });
            alive
        });
        self.events.extend(sent);
    }

    /// Records a frame sent outside `broadcast` (replies, `hello`).
    pub(crate) fn record_frame(&mut self, conn: &str, user: &str, frame: Value) {
        self.events.push(SentEvent {
            connection_id: conn.into(),
            user_id: user.into(),
            frame,
        });
    }

    /// Issues a `trigger_id` for `user` in `channel`.
    pub(crate) fn trigger(&mut self, user_id: &str, channel_id: &str) -> String {
        let id = format!("{}:{}", new_id(), new_id());
        let issued_at = self.clock();
        self.triggers.push(Trigger {
            id: id.clone(),
            user_id: user_id.into(),
            channel_id: channel_id.into(),
            issued_at,
        });
        id
    }
}
