//! Slack as the chat engine's platform ([`ChatApi`]): the Web API client with its rate lanes,
//! Block Kit for cards and forms, and Slack's error codes sorted into the engine's kinds.

use super::blocks::{card_blocks, declare_view};
use super::client::{BotIdentity, OutMessage, SlackClient, SlackError};
use crate::chat::api::{ChatApi, ChatError, ChatUser, DeclareForm, MadeChannel, Outgoing};
use goldseam_core::chat::{mrkdwn, Platform};
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;

/// The Slack workspace Goldseam's app is installed in.
#[derive(Clone)]
pub struct SlackChat {
    client: SlackClient,
    bot: Arc<BotIdentity>,
}

impl SlackChat {
    /// The adapter, for the bot `auth.test` described.
    pub fn new(client: SlackClient, bot: BotIdentity) -> SlackChat {
        SlackChat {
            client,
            bot: Arc::new(bot),
        }
    }

    /// The Web API client.
    pub fn client(&self) -> &SlackClient {
        &self.client
    }
}

impl From<SlackError> for ChatError {
    fn from(e: SlackError) -> ChatError {
        match &e {
            SlackError::RateLimited { after, .. } => ChatError::Limited(*after),
            SlackError::Unavailable(_) => ChatError::Unavailable(e.to_string()),
            _ if e.is_transient() => ChatError::Unavailable(e.to_string()),
            _ if e.code() == Some("name_taken") => ChatError::NameTaken,
            _ if e.is_credentials() => ChatError::Credentials(e.to_string()),
            _ => ChatError::Refused(e.to_string()),
        }
    }
}

fn message(m: &Outgoing) -> OutMessage {
    OutMessage {
        channel: m.channel.clone(),
        text: m.text.clone(),
        blocks: m.card.as_ref().map(card_blocks),
        thread_ts: m.thread.clone(),
        username: m.as_person.clone(),
        icon_url: None,
        metadata: None,
        unfurl_links: false,
    }
}

impl ChatApi for SlackChat {
    fn platform(&self) -> Platform {
        Platform::Slack
    }

    fn bot_user(&self) -> &str {
        &self.bot.user_id
    }

    fn channel_mention(&self, channel: &str) -> String {
        format!("<#{channel}>")
    }

    fn user_mention(&self, user: &str) -> String {
        format!("<@{user}>")
    }

    fn mentioned_users(&self, text: &str) -> Vec<String> {
        mrkdwn::mentioned_users(text)
    }

    fn readable(&self, text: &str, names: &HashMap<String, String>) -> String {
        mrkdwn::readable(text, |id| names.get(id).cloned())
    }

    async fn post(&self, m: &Outgoing) -> Result<String, ChatError> {
        Ok(self.client.post_message(m.lane, &message(m)).await?)
    }

    async fn update(&self, channel: &str, id: &str, m: &Outgoing) -> Result<(), ChatError> {
        let blocks = m.card.as_ref().map(card_blocks);
        match self
            .client
            .update_message(channel, id, &m.text, blocks.as_ref())
            .await
        {
            Ok(()) => Ok(()),
            Err(e) if e.code() == Some("message_not_found") => {
                Err(ChatError::Refused(e.to_string()))
            }
            Err(e) => Err(e.into()),
        }
    }

    async fn delete(&self, channel: &str, id: &str) -> Result<(), ChatError> {
        Ok(self.client.delete_message(channel, id).await?)
    }

    async fn ephemeral(&self, channel: &str, user: &str, text: &str) -> Result<(), ChatError> {
        Ok(self
            .client
            .post_ephemeral(channel, user, text, None)
            .await?)
    }

    async fn reply(
        &self,
        channel: &str,
        user: &str,
        reply_to: Option<&str>,
        text: &str,
    ) -> Result<(), ChatError> {
        match reply_to {
            Some(url) => {
                let body =
                    json!({"response_type": "ephemeral", "text": text, "replace_original": false});
                Ok(self.client.respond(url, &body).await?)
            }
            None => self.ephemeral(channel, user, text).await,
        }
    }

    async fn create_channel(&self, name: &str, private: bool) -> Result<MadeChannel, ChatError> {
        let c = self.client.create_channel(name, private).await?;
        Ok(MadeChannel {
            id: c.id,
            name: c.name,
        })
    }

    async fn invite(&self, channel: &str, users: &[String]) -> Result<(), ChatError> {
        Ok(self.client.invite(channel, users).await?)
    }

    async fn set_topic(&self, channel: &str, topic: &str) -> Result<(), ChatError> {
        Ok(self.client.set_topic(channel, topic).await?)
    }

    async fn archive(&self, channel: &str) -> Result<(), ChatError> {
        Ok(self.client.archive(channel).await?)
    }

    async fn find_by_email(&self, email: &str) -> Result<Option<String>, ChatError> {
        Ok(self.client.lookup_by_email(email).await?.map(|u| u.id))
    }

    async fn user(&self, id: &str) -> Result<ChatUser, ChatError> {
        let u = self.client.user_info(id).await?;
        Ok(ChatUser {
            id: u.id,
            name: if u.real_name.is_empty() {
                u.name
            } else {
                u.real_name
            },
            email: u.email,
            is_bot: u.is_bot,
        })
    }

    async fn pin(&self, channel: &str, id: &str) -> Result<(), ChatError> {
        Ok(self.client.pin(channel, id).await?)
    }

    async fn unpin(&self, channel: &str, id: &str) -> Result<(), ChatError> {
        Ok(self.client.unpin(channel, id).await?)
    }

    async fn open_declare_form(&self, trigger: &str, form: &DeclareForm) -> Result<(), ChatError> {
        self.client.open_view(trigger, &declare_view(form)).await?;
        Ok(())
    }
}
