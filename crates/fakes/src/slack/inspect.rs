//! What a test reads back: the calls the app made, the workspace as they left it, and what
//! was delivered to the app; and a way to wait for any of it without sleeping.

use super::deliver::send_http;
use super::interact::{ActionError, AppReply};
use super::model::{
    Call, Channel, Delivery, DeliveryKind, Ephemeral, Message, Outcome, Pin, Reaction, Unfurl,
    User, View,
};
use super::FakeSlack;
use serde_json::{json, Value};
use std::time::Duration;

impl FakeSlack {
    /// Every Web API call, in arrival order.
    pub fn all_calls(&self) -> Vec<Call> {
        self.st.lock().calls.clone()
    }

    /// The calls to `method` (e.g. `"chat.update"`), in arrival order.
    pub fn calls(&self, method: &str) -> Vec<Call> {
        let inner = self.st.lock();
        inner
            .calls
            .iter()
            .filter(|c| c.method == method)
            .cloned()
            .collect()
    }

    /// Every user, the bot user first.
    pub fn users(&self) -> Vec<User> {
        self.st.lock().ws.users.clone()
    }

    /// Every channel, in creation order (the bot's DMs included).
    pub fn channels(&self) -> Vec<Channel> {
        self.st.lock().ws.channels.clone()
    }

    /// A channel by id or name.
    pub fn channel(&self, key: &str) -> Option<Channel> {
        self.st.lock().ws.find_channel(key).cloned()
    }

    /// A channel by name (without `#`).
    pub fn channel_by_name(&self, name: &str) -> Option<Channel> {
        let inner = self.st.lock();
        inner
            .ws
            .channels
            .iter()
            .find(|c| c.name == name && !c.is_im)
            .cloned()
    }

    /// A channel's member ids (empty if there is no such channel).
    pub fn members(&self, channel: &str) -> Vec<String> {
        self.channel(channel).map(|c| c.members).unwrap_or_default()
    }

    /// A channel's messages not deleted, thread replies included, in `ts` order.
    pub fn messages(&self, channel: &str) -> Vec<Message> {
        let inner = self.st.lock();
        let Some(id) = inner.ws.find_channel(channel).map(|c| c.id.clone()) else {
            return Vec::new();
        };
        inner
            .ws
            .messages
            .iter()
            .filter(|m| m.channel == id && !m.deleted)
            .cloned()
            .collect()
    }

    /// One message, deleted or not.
    pub fn message(&self, channel: &str, ts: &str) -> Option<Message> {
        let inner = self.st.lock();
        let id = inner.ws.find_channel(channel)?.id.clone();
        inner
            .ws
            .messages
            .iter()
            .find(|m| m.channel == id && m.ts == ts)
            .cloned()
    }

    /// The pins in a channel.
    pub fn pins(&self, channel: &str) -> Vec<Pin> {
        let inner = self.st.lock();
        let id = channel_id(&inner, channel);
        inner
            .ws
            .pins
            .iter()
            .filter(|p| p.channel == id)
            .cloned()
            .collect()
    }

    /// The reactions in a channel.
    pub fn reactions(&self, channel: &str) -> Vec<Reaction> {
        let inner = self.st.lock();
        let id = channel_id(&inner, channel);
        inner
            .ws
            .reactions
            .iter()
            .filter(|r| r.channel == id)
            .cloned()
            .collect()
    }

    /// The modals opened for `user`, oldest first, closed ones included.
    pub fn views_for(&self, user: &str) -> Vec<View> {
        let inner = self.st.lock();
        inner
            .ws
            .views
            .iter()
            .filter(|v| v.user == user && v.kind == "modal")
            .cloned()
            .collect()
    }

    /// `user`'s App Home, if the app published one.
    pub fn home_for(&self, user: &str) -> Option<View> {
        let inner = self.st.lock();
        inner
            .ws
            .views
            .iter()
            .find(|v| v.user == user && v.kind == "home")
            .cloned()
    }

    /// What was shown to `user` alone.
    pub fn ephemerals_for(&self, user: &str) -> Vec<Ephemeral> {
        let inner = self.st.lock();
        inner
            .ws
            .ephemerals
            .iter()
            .filter(|e| e.user == user)
            .cloned()
            .collect()
    }

    /// The app's `chat.unfurl` calls that succeeded.
    pub fn unfurls(&self) -> Vec<Unfurl> {
        self.st.lock().ws.unfurls.clone()
    }

    /// What the app posted to a `response_url` it was given.
    pub fn response_posts(&self, response_url: &str) -> Vec<Value> {
        let id = response_url.rsplit('/').next().unwrap_or_default();
        let inner = self.st.lock();
        inner
            .response_urls
            .get(id)
            .map(|r| r.posts.clone())
            .unwrap_or_default()
    }

    /// Every attempt at delivering to the app, in the order sent.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.st.lock().deliveries.clone()
    }

    /// How many Socket Mode links are open.
    pub fn socket_connections(&self) -> usize {
        self.st.lock().sockets.len()
    }

    /// Waits until `check` holds, re-checking after every change; false after `timeout`.
    pub async fn wait_for(&self, timeout: Duration, check: impl Fn(&FakeSlack) -> bool) -> bool {
        let mut changed = self.st.changed.subscribe();
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            if check(self) {
                return true;
            }
            match tokio::time::timeout_at(deadline, changed.changed()).await {
                Ok(Ok(())) => {}
                _ => return check(self),
            }
        }
    }

    /// Sends `url_verification` to the events URL, as Slack does when it is set; the app's
    /// answer (it passes if it echoes `challenge`, as text or in JSON).
    pub async fn verify_url(&self, challenge: &str) -> Result<AppReply, ActionError> {
        let (url, token) = {
            let inner = self.st.lock();
            (
                inner.opts.events_url.clone(),
                inner.opts.verification_token.clone(),
            )
        };
        let url = url.ok_or(ActionError::NoRequestUrl)?;
        let payload = json!({"token": token, "challenge": challenge, "type": "url_verification"});
        let body = payload.to_string();
        let kind = DeliveryKind::UrlVerification;
        match send_http(
            &self.st,
            kind,
            &url,
            payload,
            body,
            "application/json",
            0,
            None,
        )
        .await
        {
            Outcome::Answered { status, body, .. } => {
                let json = serde_json::from_str(&body).unwrap_or(Value::Null);
                let trigger_id = String::new();
                Ok(AppReply {
                    status,
                    body,
                    json,
                    trigger_id,
                    response_url: None,
                })
            }
            Outcome::Failed(e) => Err(ActionError::Unreachable(e)),
            _ => Err(ActionError::Timeout),
        }
    }
}

/// A channel's id by id or name; empty (matching nothing) when there is no such channel.
fn channel_id(inner: &super::state::Inner, channel: &str) -> String {
    inner
        .ws
        .find_channel(channel)
        .map(|c| c.id.clone())
        .unwrap_or_default()
}
