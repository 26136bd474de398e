//! What a test reads back: the team's state as the fake holds it (with the actions'
//! `integration` the API hides), every REST call, every WebSocket frame and every request to
//! the app. Users and channels are named by id or by (user)name.

use super::model::{Call, Channel, Delivery, Dialog, Ephemeral, Post, Reaction, SentEvent, User};
use super::FakeMattermost;
use std::time::Duration;
use tokio::time::Instant;

impl FakeMattermost {
    /// Every REST call so far, in arrival order.
    pub fn calls(&self) -> Vec<Call> {
        self.core.lock().calls.clone()
    }

    /// The calls to one endpoint, e.g. `calls_to("PUT /posts/{id}")`.
    pub fn calls_to(&self, endpoint: &str) -> Vec<Call> {
        let inner = self.core.lock();
        inner
            .calls
            .iter()
            .filter(|c| c.endpoint == endpoint)
            .cloned()
            .collect()
    }

    /// Every WebSocket frame sent, to every connection.
    pub fn events(&self) -> Vec<SentEvent> {
        self.core.lock().events.clone()
    }

    /// The frames of one event type (`posted`, `post_edited`…).
    pub fn events_named(&self, event: &str) -> Vec<SentEvent> {
        let inner = self.core.lock();
        inner
            .events
            .iter()
            .filter(|e| e.frame["event"] == event)
            .cloned()
            .collect()
    }

    /// Every request sent to the app (commands, clicks, dialogs) and its answer.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.core.lock().deliveries.clone()
    }

    /// Open, authenticated WebSocket connections.
    pub fn ws_connections(&self) -> usize {
        self.core.lock().conns.len()
    }

    /// A user by id or username.
    pub fn user(&self, user: &str) -> Option<User> {
        self.core.lock().user(user).cloned()
    }

    /// Every user, the bot first.
    pub fn users(&self) -> Vec<User> {
        self.core.lock().users.clone()
    }

    /// A channel by id or name.
    pub fn channel(&self, channel: &str) -> Option<Channel> {
        self.core.lock().channel_ref(channel).cloned()
    }

    /// Every channel, archived ones included, in creation order.
    pub fn channels(&self) -> Vec<Channel> {
        self.core.lock().channels.clone()
    }

    /// The direct-message channel between two users (ids or usernames), once either opened it.
    pub fn direct_channel(&self, a: &str, b: &str) -> Option<Channel> {
        let inner = self.core.lock();
        let (a, b) = (inner.user(a)?.id.clone(), inner.user(b)?.id.clone());
        let name = super::store::direct_name(&a, &b);
        let dm =
            |c: &&Channel| c.channel_type == super::model::ChannelType::Direct && c.name == name;
        inner.channels.iter().find(dm).cloned()
    }

    /// A channel's member user ids, in the order they joined (empty if no such channel).
    pub fn members(&self, channel: &str) -> Vec<String> {
        self.channel(channel).map(|c| c.members).unwrap_or_default()
    }

    /// A channel's posts in order, replies, system messages and deleted posts included.
    pub fn posts(&self, channel: &str) -> Vec<Post> {
        let inner = self.core.lock();
        let Some(id) = inner.channel_ref(channel).map(|c| c.id.clone()) else {
            return Vec::new();
        };
        inner
            .posts
            .iter()
            .filter(|p| p.channel_id == id)
            .cloned()
            .collect()
    }

    /// A channel's live posts that people or apps wrote (no system messages, no deleted).
    pub fn messages(&self, channel: &str) -> Vec<Post> {
        let live = |p: &Post| p.delete_at == 0 && !p.post_type.starts_with("system_");
        self.posts(channel).into_iter().filter(live).collect()
    }

    /// A post by id (deleted ones too).
    pub fn post(&self, id: &str) -> Option<Post> {
        self.core.lock().post(id).cloned()
    }

    /// A thread's live replies, oldest first.
    pub fn thread(&self, root_id: &str) -> Vec<Post> {
        let inner = self.core.lock();
        let replies = inner
            .posts
            .iter()
            .filter(|p| p.root_id == root_id && p.delete_at == 0);
        replies.cloned().collect()
    }

    /// A channel's pinned live posts.
    pub fn pinned(&self, channel: &str) -> Vec<Post> {
        let pinned = |p: &Post| p.is_pinned && p.delete_at == 0;
        self.posts(channel).into_iter().filter(pinned).collect()
    }

    /// A post's reactions, oldest first.
    pub fn reactions(&self, post_id: &str) -> Vec<Reaction> {
        let inner = self.core.lock();
        inner
            .reactions
            .iter()
            .filter(|r| r.post_id == post_id)
            .cloned()
            .collect()
    }

    /// The ephemeral posts shown to `user`.
    pub fn ephemerals_for(&self, user: &str) -> Vec<Ephemeral> {
        let inner = self.core.lock();
        let Some(id) = inner.user(user).map(|u| u.id.clone()) else {
            return Vec::new();
        };
        inner
            .ephemerals
            .iter()
            .filter(|e| e.user_id == id)
            .cloned()
            .collect()
    }

    /// The dialogs opened for `user`, oldest first (see `open`).
    pub fn dialogs_for(&self, user: &str) -> Vec<Dialog> {
        let inner = self.core.lock();
        let Some(id) = inner.user(user).map(|u| u.id.clone()) else {
            return Vec::new();
        };
        inner
            .dialogs
            .iter()
            .filter(|d| d.user_id == id)
            .cloned()
            .collect()
    }

    /// Waits until `done` holds, re-checking after every change to the fake; false if
    /// `timeout` passes first. For "wait until the app has posted" without polling.
    pub async fn wait_until(
        &self,
        timeout: Duration,
        done: impl Fn(&FakeMattermost) -> bool,
    ) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            let changed = self.core.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            if done(self) {
                return true;
            }
            tokio::select! {
                _ = changed => {}
                _ = tokio::time::sleep_until(deadline) => return done(self),
            }
        }
    }

    /// Waits until `n` WebSocket connections are open and authenticated.
    pub async fn wait_for_connections(&self, n: usize, timeout: Duration) -> bool {
        self.wait_until(timeout, |f| f.ws_connections() >= n).await
    }
}
