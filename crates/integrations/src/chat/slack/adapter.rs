//! Slack as the chat engine's platform ([`ChatApi`]): the Web API client with its rate lanes,
//! Block Kit for cards and forms, and Slack's error codes sorted into the engine's kinds.

use super::blocks::{card_blocks, declare_view};
use super::client::{BotIdentity, OutMessage, SlackClient, SlackError, UnfurlTarget};
use super::home::home_view;
use crate::chat::api::{
    ChatApi, ChatError, ChatUser, DeclareForm, MadeChannel, Outgoing, SharedLinks,
};
use goldseam_core::chat::card::Card;
use goldseam_core::chat::home::HomeView;
use goldseam_core::chat::{markdown, mrkdwn, Platform};
use serde_json::{json, Map, Value};
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

/// The engine writes Markdown; Slack reads mrkdwn.
fn message(m: &Outgoing) -> OutMessage {
    OutMessage {
        channel: m.channel.clone(),
        text: markdown::to_mrkdwn(&m.text),
        blocks: m.card.as_ref().map(card_blocks),
        thread_ts: m.thread.clone(),
        username: m.as_person.clone(),
        icon_url: None,
        metadata: None,
        unfurl_links: false,
    }
}

/// Where `chat.unfurl` answers: by `unfurl_id` and `source` when Slack gave them (the only
/// way for links still in the composer), else by the message's channel and `ts`.
fn unfurl_target(shared: &SharedLinks) -> UnfurlTarget {
    match (&shared.unfurl_id, &shared.source) {
        (Some(unfurl_id), Some(source)) => UnfurlTarget::Link {
            unfurl_id: unfurl_id.clone(),
            source: source.clone(),
        },
        _ => UnfurlTarget::Message {
            channel: shared.channel.clone(),
            ts: shared.message.clone(),
        },
    }
}

/// `chat.unfurl`'s `unfurls`: each URL, as it was posted, to its card's blocks.
fn unfurls(previews: &[(String, Card)]) -> Value {
    let map: Map<String, Value> = previews
        .iter()
        .map(|(url, card)| (url.clone(), json!({"blocks": card_blocks(card)})))
        .collect();
    Value::Object(map)
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
            .post_ephemeral(channel, user, &markdown::to_mrkdwn(text), None)
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
                let body = json!({"response_type": "ephemeral", "text": markdown::to_mrkdwn(text), "replace_original": false});
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

    async fn publish_home(&self, user: &str, home: &HomeView) -> Result<(), ChatError> {
        Ok(self.client.publish_home(user, &home_view(home)).await?)
    }

    async fn unfurl(
        &self,
        shared: &SharedLinks,
        previews: &[(String, Card)],
    ) -> Result<(), ChatError> {
        if previews.is_empty() {
            return Ok(());
        }
        Ok(self
            .client
            .unfurl(unfurl_target(shared), &unfurls(previews))
            .await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use goldseam_core::chat::unfurl::restricted;

    #[test]
    fn unfurls_answer_by_unfurl_id_when_slack_gave_one() {
        let mut shared = SharedLinks {
            channel: "COMPOSER".into(),
            message: "U1-abc".into(),
            unfurl_id: Some("U1-abc".into()),
            source: Some("composer".into()),
        };
        assert_eq!(
            unfurl_target(&shared),
            UnfurlTarget::Link {
                unfurl_id: "U1-abc".into(),
                source: "composer".into()
            }
        );
        shared.channel = "C1".into();
        shared.message = "1.2".into();
        shared.unfurl_id = None;
        assert_eq!(
            unfurl_target(&shared),
            UnfurlTarget::Message {
                channel: "C1".into(),
                ts: "1.2".into()
            }
        );
        let url = "https://g.example/incidents/INC-4";
        let card = restricted(url);
        let u = unfurls(&[(url.to_string(), card.clone())]);
        assert_eq!(u[url]["blocks"], card_blocks(&card));
    }
}
