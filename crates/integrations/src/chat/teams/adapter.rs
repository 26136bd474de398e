//! Teams as the chat engine's platform ([`ChatApi`]) through a Workflows webhook. It tells
//! the engine it has no channels to work in (`supports_channels`) and that announcements go
//! to the webhook whatever the chat settings say (`announcement_destination`), so the engine
//! only posts and "edits" announcements here. Everything else a platform can do is refused
//! with [`NOT_HERE`], in case a future caller forgets to ask first.

use super::card::{adaptive_card, message, text_card};
use super::webhook::{TeamsClient, TeamsWebhook};
use crate::chat::api::{ChatApi, ChatError, ChatUser, DeclareForm, MadeChannel, Outgoing};
use goldseam_core::chat::Platform;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Why a call other than posting is refused.
pub const NOT_HERE: &str = "Teams webhooks only post";

/// The destination the engine records announcements under: the one channel the workflow
/// posts in.
pub const WEBHOOK_DESTINATION: &str = "workflow";

/// The Teams channel a Workflows webhook posts in.
#[derive(Clone)]
pub struct TeamsChat {
    client: TeamsClient,
    /// Numbers the synthetic message ids.
    sent: Arc<AtomicU64>,
}

impl TeamsChat {
    /// The adapter for `webhook`.
    pub fn new(webhook: &TeamsWebhook) -> TeamsChat {
        TeamsChat {
            client: webhook.client(),
            sent: Arc::default(),
        }
    }

    fn refused<T>() -> Result<T, ChatError> {
        Err(ChatError::Refused(NOT_HERE.into()))
    }

    async fn send(&self, m: &Outgoing, update: bool) -> Result<(), ChatError> {
        let card = match &m.card {
            Some(card) => adaptive_card(card, update),
            None => text_card(&m.text),
        };
        self.client.send(&message(card)).await
    }
}

impl ChatApi for TeamsChat {
    fn platform(&self) -> Platform {
        Platform::Teams
    }

    fn supports_channels(&self) -> bool {
        false
    }

    fn announcement_destination(&self) -> Option<&str> {
        Some(WEBHOOK_DESTINATION)
    }

    /// There is no bot: nothing is ever received to tell apart from people's messages.
    fn bot_user(&self) -> &str {
        ""
    }

    fn channel_mention(&self, channel: &str) -> String {
        channel.to_string()
    }

    fn user_mention(&self, user: &str) -> String {
        user.to_string()
    }

    /// Posts a card; the webhook answers with no id, so the id is made up here. It is only
    /// ever handed back to [`ChatApi::update`] and [`ChatApi::delete`], which need none.
    async fn post(&self, m: &Outgoing) -> Result<String, ChatError> {
        self.send(m, false).await?;
        let n = self.sent.fetch_add(1, Ordering::Relaxed);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        Ok(format!("teams-{nanos:x}-{n}"))
    }

    /// Post only: the card already in the channel cannot be changed, so the incident as it is
    /// now goes out as a new card marked "Update". The engine's coalescing (one edit at most
    /// every two seconds, the last state winning) keeps a burst of changes to a few cards.
    async fn update(&self, _channel: &str, _id: &str, m: &Outgoing) -> Result<(), ChatError> {
        self.send(m, true).await
    }

    /// Nothing can be deleted through a webhook. The engine deletes an announcement only when
    /// its incident became private; then the right thing is to say nothing more (a card saying
    /// "this is now private" would itself be news about it). The cards already posted stay
    /// until someone removes them in Teams; docs/teams.md says so.
    async fn delete(&self, _channel: &str, _id: &str) -> Result<(), ChatError> {
        Ok(())
    }

    async fn ephemeral(&self, _channel: &str, _user: &str, _text: &str) -> Result<(), ChatError> {
        Self::refused()
    }

    async fn reply(
        &self,
        _channel: &str,
        _user: &str,
        _reply_to: Option<&str>,
        _text: &str,
    ) -> Result<(), ChatError> {
        Self::refused()
    }

    async fn create_channel(&self, _name: &str, _private: bool) -> Result<MadeChannel, ChatError> {
        Self::refused()
    }

    async fn invite(&self, _channel: &str, _users: &[String]) -> Result<(), ChatError> {
        Self::refused()
    }

    async fn set_topic(&self, _channel: &str, _topic: &str) -> Result<(), ChatError> {
        Self::refused()
    }

    async fn archive(&self, _channel: &str) -> Result<(), ChatError> {
        Self::refused()
    }

    async fn find_by_email(&self, _email: &str) -> Result<Option<String>, ChatError> {
        Self::refused()
    }

    async fn user(&self, _id: &str) -> Result<ChatUser, ChatError> {
        Self::refused()
    }

    async fn pin(&self, _channel: &str, _id: &str) -> Result<(), ChatError> {
        Self::refused()
    }

    async fn unpin(&self, _channel: &str, _id: &str) -> Result<(), ChatError> {
        Self::refused()
    }

    async fn open_declare_form(
        &self,
        _trigger: &str,
        _form: &DeclareForm,
    ) -> Result<(), ChatError> {
        Self::refused()
    }
}
