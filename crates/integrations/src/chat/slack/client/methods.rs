//! The typed Web API methods Goldseam uses. Each says which lane it takes: urgent when a person
//! is waiting on the answer (a page, a command's reply, a modal whose `trigger_id` dies in
//! 3 s, declaring an incident and bringing its people in), bulk for upkeep no one waits on
//! (edits, topics, pins, reactions, unfurls, archiving). A caller that needs the other lane
//! uses [`SlackClient::call`].
//!
//! Errors that mean "already so" (`already_pinned`, `already_archived`, `message_not_found`
//! on a delete...) are `Ok`, so a retried step of the chat engine is harmless.

use super::types::text;
use super::{BotIdentity, ChannelInfo, OutMessage, SlackClient, SlackError, SlackUser};
use super::{Lane, UnfurlTarget};
use crate::Secret;
use serde_json::{json, Value};

/// Slack takes up to 1000 users per `conversations.invite`; smaller batches keep one bad
/// answer from costing a large one, and stay far below Slack's documented limit.
const INVITE_BATCH: usize = 30;

/// The longest topic Slack takes, in characters.
const TOPIC_MAX: usize = 250;

/// `Ok` when the call succeeded or failed with one of `done` (the state wanted is already so).
fn done_if(r: Result<Value, SlackError>, done: &[&str]) -> Result<(), SlackError> {
    match r {
        Ok(_) => Ok(()),
        Err(e) if e.code().is_some_and(|c| done.contains(&c)) => Ok(()),
        Err(e) => Err(e),
    }
}

/// Adds a JSON argument when there is one.
fn with_blocks(mut args: Value, blocks: Option<&Value>) -> Value {
    if let Some(b) = blocks {
        args["blocks"] = b.clone();
    }
    args
}

impl SlackClient {
    /// `auth.test`: who the bot is.
    pub async fn auth_test(&self) -> Result<BotIdentity, SlackError> {
        let a = self.call("auth.test", Lane::Urgent, json!({})).await?;
        Ok(BotIdentity::from_answer(&a))
    }

    /// `chat.postMessage` in `lane`; the message's `ts`.
    pub async fn post_message(&self, lane: Lane, msg: &OutMessage) -> Result<String, SlackError> {
        let a = self.call("chat.postMessage", lane, msg.args()).await?;
        Ok(text(&a["ts"]))
    }

    /// `chat.update` of one of the bot's messages (bulk: the announcement and the mirror).
    pub async fn update_message(
        &self,
        channel: &str,
        ts: &str,
        text: &str,
        blocks: Option<&Value>,
    ) -> Result<(), SlackError> {
        let args = json!({"channel": channel, "ts": ts, "text": text});
        self.call("chat.update", Lane::Bulk, with_blocks(args, blocks))
            .await
            .map(drop)
    }

    /// `chat.delete` of one of the bot's messages; one already gone is `Ok`.
    pub async fn delete_message(&self, channel: &str, ts: &str) -> Result<(), SlackError> {
        let r = self
            .call(
                "chat.delete",
                Lane::Bulk,
                json!({"channel": channel, "ts": ts}),
            )
            .await;
        done_if(r, &["message_not_found"])
    }

    /// `chat.postEphemeral`: shown to `user` alone, in `channel` (they must be in it).
    pub async fn post_ephemeral(
        &self,
        channel: &str,
        user: &str,
        text: &str,
        blocks: Option<&Value>,
    ) -> Result<(), SlackError> {
        let args = json!({"channel": channel, "user": user, "text": text});
        self.call(
            "chat.postEphemeral",
            Lane::Urgent,
            with_blocks(args, blocks),
        )
        .await
        .map(drop)
    }

    /// `chat.getPermalink`: a link to a message.
    pub async fn permalink(&self, channel: &str, ts: &str) -> Result<String, SlackError> {
        let args = json!({"channel": channel, "message_ts": ts});
        let a = self.call("chat.getPermalink", Lane::Urgent, args).await?;
        Ok(text(&a["permalink"]))
    }

    /// `chat.unfurl`: previews (`unfurls`: URL → attachment) for links in a message or the
    /// composer.
    pub async fn unfurl(&self, target: UnfurlTarget, unfurls: &Value) -> Result<(), SlackError> {
        let mut args = target.args();
        args["unfurls"] = unfurls.clone();
        self.call("chat.unfurl", Lane::Bulk, args).await.map(drop)
    }

    /// `conversations.create`; a taken name is `Err(Api { error: "name_taken" })`, for the
    /// caller to try the next name.
    pub async fn create_channel(
        &self,
        name: &str,
        private: bool,
    ) -> Result<ChannelInfo, SlackError> {
        let args = json!({"name": name, "is_private": private});
        let a = self
            .call("conversations.create", Lane::Urgent, args)
            .await?;
        Ok(ChannelInfo::from_json(&a["channel"]))
    }

    /// `conversations.invite` in batches of 30 (with `force`, so one person who cannot be
    /// added does not keep out the rest). People already in the channel and the bot itself
    /// are skipped silently; any other refusal (`user_not_found`, `user_is_deactivated`) is
    /// returned once every batch has been tried, so everyone who can be added is.
    pub async fn invite(&self, channel: &str, users: &[String]) -> Result<(), SlackError> {
        const METHOD: &str = "conversations.invite";
        const FINE: &[&str] = &["already_in_channel", "cant_invite_self"];
        let mut wanted: Vec<&str> = Vec::new();
        for u in users.iter().map(|u| u.trim()).filter(|u| !u.is_empty()) {
            if !wanted.contains(&u) {
                wanted.push(u);
            }
        }
        let mut refused = None;
        for batch in wanted.chunks(INVITE_BATCH) {
            let args = json!({"channel": channel, "users": batch.join(","), "force": true});
            let a = match self.call(METHOD, Lane::Urgent, args).await {
                Ok(a) => a,
                Err(e) if e.code().is_some_and(|c| FINE.contains(&c)) => continue,
                Err(e) => return Err(e),
            };
            let errors = a["errors"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default();
            let other = errors
                .iter()
                .filter_map(|e| e["error"].as_str())
                .find(|c| !FINE.contains(c));
            if let (None, Some(code)) = (&refused, other) {
                refused = Some(code.to_string());
            }
        }
        match refused {
            None => Ok(()),
            Some(error) => Err(SlackError::Api {
                method: METHOD.into(),
                error,
            }),
        }
    }

    /// `conversations.join` of a public channel (bulk); being in it already is fine.
    pub async fn join(&self, channel: &str) -> Result<(), SlackError> {
        self.call(
            "conversations.join",
            Lane::Bulk,
            json!({"channel": channel}),
        )
        .await
        .map(drop)
    }

    /// `conversations.setTopic`, cut to Slack's 250 characters.
    pub async fn set_topic(&self, channel: &str, topic: &str) -> Result<(), SlackError> {
        let topic: String = topic.chars().take(TOPIC_MAX).collect();
        let args = json!({"channel": channel, "topic": topic});
        self.call("conversations.setTopic", Lane::Bulk, args)
            .await
            .map(drop)
    }

    /// `conversations.archive`; one archived already is `Ok`.
    pub async fn archive(&self, channel: &str) -> Result<(), SlackError> {
        let args = json!({"channel": channel});
        let r = self.call("conversations.archive", Lane::Bulk, args).await;
        done_if(r, &["already_archived"])
    }

    /// `conversations.info`.
    pub async fn channel_info(&self, channel: &str) -> Result<ChannelInfo, SlackError> {
        let args = json!({"channel": channel});
        let a = self.call("conversations.info", Lane::Urgent, args).await?;
        Ok(ChannelInfo::from_json(&a["channel"]))
    }

    /// `users.lookupByEmail`; no one with that address is `Ok(None)`.
    pub async fn lookup_by_email(&self, email: &str) -> Result<Option<SlackUser>, SlackError> {
        let args = json!({"email": email});
        match self.call("users.lookupByEmail", Lane::Urgent, args).await {
            Ok(a) => Ok(Some(SlackUser::from_json(&a["user"]))),
            Err(e) if e.code() == Some("users_not_found") => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// `users.info`.
    pub async fn user_info(&self, user: &str) -> Result<SlackUser, SlackError> {
        let a = self
            .call("users.info", Lane::Urgent, json!({"user": user}))
            .await?;
        Ok(SlackUser::from_json(&a["user"]))
    }

    /// `pins.add`; pinned already is `Ok`.
    pub async fn pin(&self, channel: &str, ts: &str) -> Result<(), SlackError> {
        let args = json!({"channel": channel, "timestamp": ts});
        done_if(
            self.call("pins.add", Lane::Bulk, args).await,
            &["already_pinned"],
        )
    }

    /// `pins.remove`; not pinned is `Ok`.
    pub async fn unpin(&self, channel: &str, ts: &str) -> Result<(), SlackError> {
        let args = json!({"channel": channel, "timestamp": ts});
        done_if(
            self.call("pins.remove", Lane::Bulk, args).await,
            &["no_pin"],
        )
    }

    /// `reactions.add` of `emoji` (with or without colons); reacted already is `Ok`.
    pub async fn react(&self, channel: &str, ts: &str, emoji: &str) -> Result<(), SlackError> {
        let name = emoji.trim_matches(':');
        let args = json!({"channel": channel, "timestamp": ts, "name": name});
        done_if(
            self.call("reactions.add", Lane::Bulk, args).await,
            &["already_reacted"],
        )
    }

    /// `views.open` with a command's or click's `trigger_id`; the modal's view id.
    pub async fn open_view(&self, trigger_id: &str, view: &Value) -> Result<String, SlackError> {
        let args = json!({"trigger_id": trigger_id, "view": view});
        let a = self.call("views.open", Lane::Urgent, args).await?;
        Ok(text(&a["view"]["id"]))
    }

    /// `views.update` of an open modal.
    pub async fn update_view(&self, view_id: &str, view: &Value) -> Result<(), SlackError> {
        let args = json!({"view_id": view_id, "view": view});
        self.call("views.update", Lane::Urgent, args)
            .await
            .map(drop)
    }

    /// `views.publish` of `user`'s App Home.
    pub async fn publish_home(&self, user: &str, view: &Value) -> Result<(), SlackError> {
        let args = json!({"user_id": user, "view": view});
        self.call("views.publish", Lane::Urgent, args)
            .await
            .map(drop)
    }

    /// `apps.connections.open` with the app-level token (`xapp-…`): a Socket Mode URL, good
    /// for one connection.
    pub async fn socket_url(&self, app_token: &Secret) -> Result<String, SlackError> {
        let a = self
            .call_with(app_token, "apps.connections.open", Lane::Urgent, &json!({}))
            .await?;
        Ok(text(&a["url"]))
    }
}
