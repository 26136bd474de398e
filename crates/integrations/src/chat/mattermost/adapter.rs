//! Mattermost as the chat engine's platform ([`ChatApi`]) over REST v4: cards as message
//! attachments with signed buttons, comments under their author's name with
//! `override_username`, channels in the configured team, the declare form as an interactive
//! dialog. Channel names are remembered as channels are made (and told at start), because
//! Mattermost links a channel by its name (`~incident-42`), not its id.

use super::attachments::{card_props, declare_dialog};
use super::client::{segment, BotIdentity, MattermostClient, MattermostError};
use super::context::ContextSigner;
use crate::chat::api::{ChatApi, ChatError, ChatUser, DeclareForm, Lane, MadeChannel, Outgoing};
use goldseam_core::chat::Platform;
use jiff::Timestamp;
use reqwest::Method;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Mattermost's cap on a channel header.
const HEADER_CAP: usize = 1024;

/// Where Goldseam is and who the bot is, for the adapter.
#[derive(Debug, Clone)]
pub struct MattermostSite {
    /// The bot (`GET /users/me`).
    pub bot: BotIdentity,
    /// The team's id, where channels are made.
    pub team_id: String,
    /// The team's URL name, for links.
    pub team_name: String,
    /// Goldseam's address as Mattermost reaches it: buttons and dialogs POST under
    /// `{callback_base}/api/v1/integrations/mattermost/`.
    pub callback_base: String,
}

struct Inner {
    client: MattermostClient,
    site: MattermostSite,
    signer: ContextSigner,
    channel_names: Mutex<HashMap<String, String>>,
}

/// The Mattermost team Goldseam's bot works in.
#[derive(Clone)]
pub struct MattermostChat {
    inner: Arc<Inner>,
}

fn id_of(v: &Value) -> String {
    v["id"].as_str().unwrap_or_default().to_string()
}

impl MattermostChat {
    /// The adapter, signing buttons and dialogs with `signer`.
    pub fn new(
        client: MattermostClient,
        site: MattermostSite,
        signer: ContextSigner,
    ) -> MattermostChat {
        MattermostChat {
            inner: Arc::new(Inner {
                client,
                site,
                signer,
                channel_names: Mutex::default(),
            }),
        }
    }

    /// The REST client.
    pub fn client(&self) -> &MattermostClient {
        &self.inner.client
    }

    /// Remembers a channel's name, for linking it.
    pub fn remember_channel(&self, id: &str, name: &str) {
        let mut names = self
            .inner
            .channel_names
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        names.insert(id.to_string(), name.to_string());
    }

    fn url(&self, what: &str) -> String {
        format!(
            "{}/api/v1/integrations/mattermost/{what}",
            self.inner.site.callback_base.trim_end_matches('/')
        )
    }

    /// A post's `props`: the card's attachment, and the author's name for a comment.
    fn props(&self, m: &Outgoing) -> Value {
        let mut props = match &m.card {
            Some(card) => card_props(
                card,
                &self.url("actions"),
                &self.inner.signer,
                Timestamp::now(),
            ),
            None => Value::Object(Map::new()),
        };
        if let Some(name) = &m.as_person {
            props["override_username"] = json!(name);
        }
        props
    }

    /// The message: a card says everything in its attachment, plain text is the message.
    fn message(m: &Outgoing) -> &str {
        if m.card.is_some() {
            ""
        } else {
            &m.text
        }
    }

    async fn call(
        &self,
        method: Method,
        path: &str,
        lane: Lane,
        body: Option<Value>,
    ) -> Result<Value, MattermostError> {
        self.inner
            .client
            .call(method, path, lane, body.as_ref())
            .await
    }
}

impl ChatApi for MattermostChat {
    fn platform(&self) -> Platform {
        Platform::Mattermost
    }

    fn bot_user(&self) -> &str {
        &self.inner.site.bot.user_id
    }

    fn channel_mention(&self, channel: &str) -> String {
        let names = self
            .inner
            .channel_names
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        match names.get(channel) {
            Some(name) => format!("~{name}"),
            None => {
                let site = &self.inner.site;
                let base = self.inner.client.site_url();
                format!(
                    "[the incident channel]({base}/{}/channels/{channel})",
                    site.team_name
                )
            }
        }
    }

    fn user_mention(&self, user: &str) -> String {
        format!("@{user}")
    }

    async fn post(&self, m: &Outgoing) -> Result<String, ChatError> {
        let body = json!({
            "channel_id": m.channel,
            "message": Self::message(m),
            "root_id": m.thread.clone().unwrap_or_default(),
            "props": self.props(m),
        });
        Ok(self.inner.client.create_post(m.lane, &body).await?)
    }

    async fn update(&self, _channel: &str, id: &str, m: &Outgoing) -> Result<(), ChatError> {
        let body = json!({"message": Self::message(m), "props": self.props(m)});
        let path = format!("/posts/{}/patch", segment(id));
        self.call(Method::PUT, &path, Lane::Bulk, Some(body))
            .await?;
        Ok(())
    }

    async fn delete(&self, _channel: &str, id: &str) -> Result<(), ChatError> {
        let path = format!("/posts/{}", segment(id));
        match self.call(Method::DELETE, &path, Lane::Bulk, None).await {
            Err(e) if e.status() == Some(404) => Ok(()),
            other => other.map(|_| ()).map_err(Into::into),
        }
    }

    async fn ephemeral(&self, channel: &str, user: &str, text: &str) -> Result<(), ChatError> {
        Ok(self.inner.client.ephemeral(channel, user, text).await?)
    }

    async fn reply(
        &self,
        channel: &str,
        user: &str,
        reply_to: Option<&str>,
        text: &str,
    ) -> Result<(), ChatError> {
        if let Some(url) = reply_to {
            let body = json!({"response_type": "ephemeral", "text": text});
            match self.inner.client.respond(url, &body).await {
                Ok(()) => return Ok(()),
                // Used up (five answers) or past its 30 minutes: the bot says it instead.
                Err(e @ MattermostError::Api { .. }) => {
                    tracing::debug!(error = %e, "Mattermost: the response URL refused; answering ephemerally");
                }
                Err(e) => return Err(e.into()),
            }
        }
        self.ephemeral(channel, user, text).await
    }

    async fn create_channel(&self, name: &str, private: bool) -> Result<MadeChannel, ChatError> {
        let body = json!({
            "team_id": self.inner.site.team_id,
            "name": name,
            "display_name": name.chars().take(64).collect::<String>(),
            "type": if private { "P" } else { "O" },
        });
        let c = self
            .call(Method::POST, "/channels", Lane::Bulk, Some(body))
            .await?;
        let made = MadeChannel {
            id: id_of(&c),
            name: c["name"].as_str().unwrap_or(name).to_string(),
        };
        self.remember_channel(&made.id, &made.name);
        Ok(made)
    }

    async fn invite(&self, channel: &str, users: &[String]) -> Result<(), ChatError> {
        let path = format!("/channels/{}/members", segment(channel));
        let batch = json!({"user_ids": users});
        match self
            .call(Method::POST, &path, Lane::Bulk, Some(batch))
            .await
        {
            Ok(_) => return Ok(()),
            // One refusal (a deactivated account; a server older than the batch) must not
            // keep the others out: one call each.
            Err(MattermostError::Api { status, .. }) if status != 401 => {}
            Err(e) => return Err(e.into()),
        }
        for user in users {
            let one = json!({"user_id": user});
            match self.call(Method::POST, &path, Lane::Bulk, Some(one)).await {
                Ok(_) => {}
                Err(e @ MattermostError::Api { .. }) if e.status() != Some(401) => {
                    tracing::info!(error = %e, user, "Mattermost: a person could not be added to the incident channel");
                }
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }

    async fn set_topic(&self, channel: &str, topic: &str) -> Result<(), ChatError> {
        let header: String = topic.chars().take(HEADER_CAP).collect();
        let path = format!("/channels/{}/patch", segment(channel));
        self.call(
            Method::PUT,
            &path,
            Lane::Bulk,
            Some(json!({"header": header})),
        )
        .await?;
        Ok(())
    }

    async fn archive(&self, channel: &str) -> Result<(), ChatError> {
        let path = format!("/channels/{}", segment(channel));
        match self.call(Method::DELETE, &path, Lane::Bulk, None).await {
            Err(e) if e.id() == Some("api.channel.delete_channel.deleted.app_error") => Ok(()),
            other => other.map(|_| ()).map_err(Into::into),
        }
    }

    async fn find_by_email(&self, email: &str) -> Result<Option<String>, ChatError> {
        let path = format!("/users/email/{}", segment(email));
        match self.call(Method::GET, &path, Lane::Bulk, None).await {
            Ok(u) if u["delete_at"].as_i64().unwrap_or(0) == 0 => Ok(Some(id_of(&u))),
            Ok(_) => Ok(None),
            Err(e) if e.status() == Some(404) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    async fn find_by_handle(&self, handle: &str) -> Result<Option<String>, ChatError> {
        let path = format!(
            "/users/username/{}",
            segment(handle.trim_start_matches('@'))
        );
        match self.call(Method::GET, &path, Lane::Bulk, None).await {
            Ok(u) => Ok(Some(id_of(&u))),
            Err(e) if e.status() == Some(404) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    async fn user(&self, id: &str) -> Result<ChatUser, ChatError> {
        let path = format!("/users/{}", segment(id));
        let u = self.call(Method::GET, &path, Lane::Bulk, None).await?;
        let s = |k: &str| u[k].as_str().unwrap_or_default().trim().to_string();
        let full = format!("{} {}", s("first_name"), s("last_name"))
            .trim()
            .to_string();
        Ok(ChatUser {
            id: id_of(&u),
            name: if full.is_empty() { s("username") } else { full },
            // Empty when the server's privacy settings hide emails from the bot.
            email: Some(s("email")).filter(|e| !e.is_empty()),
            is_bot: u["is_bot"] == true,
        })
    }

    async fn pin(&self, _channel: &str, id: &str) -> Result<(), ChatError> {
        let path = format!("/posts/{}/pin", segment(id));
        self.call(Method::POST, &path, Lane::Bulk, None).await?;
        Ok(())
    }

    async fn unpin(&self, _channel: &str, id: &str) -> Result<(), ChatError> {
        let path = format!("/posts/{}/unpin", segment(id));
        self.call(Method::POST, &path, Lane::Bulk, None).await?;
        Ok(())
    }

    async fn open_declare_form(&self, trigger: &str, form: &DeclareForm) -> Result<(), ChatError> {
        let body = json!({
            "trigger_id": trigger,
            "url": self.url("dialogs"),
            "dialog": declare_dialog(form, &self.inner.signer, Timestamp::now()),
        });
        self.call(
            Method::POST,
            "/actions/dialogs/open",
            Lane::Urgent,
            Some(body),
        )
        .await?;
        Ok(())
    }
}
