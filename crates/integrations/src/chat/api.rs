//! What the chat engine asks of a platform, in words every platform shares. Slack implements
//! it on its Web API, Mattermost on REST v4, Teams (announcements only) on a Workflows
//! webhook; the engine (`crates/server/src/chat/`) is written once against this trait. Messages carry a [`Card`] or plain text and a lane (pages and
//! direct messages never wait behind bulk traffic).

use goldseam_core::chat::card::Card;
use goldseam_core::chat::home::HomeView;
use goldseam_core::chat::Platform;
use std::collections::HashMap;
use std::future::Future;
use std::time::Duration;

pub use super::slack::inbound::Parsed;
pub use super::slack::rate::Lane;

/// Why a platform call failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChatError {
    /// The channel name is taken (try the next suffix).
    #[error("the channel name is taken")]
    NameTaken,
    /// The platform asked to wait.
    #[error("rate limited; retry after {}s", .0.as_secs())]
    Limited(Duration),
    /// The platform could not be reached or failed; try again later.
    #[error("{0}")]
    Unavailable(String),
    /// Goldseam's credentials or scopes were refused: an admin must fix the settings.
    #[error("{0}")]
    Credentials(String),
    /// The platform refused this call (a channel or message that does not exist...).
    #[error("{0}")]
    Refused(String),
}

impl ChatError {
    /// Whether trying again later can help.
    pub fn is_transient(&self) -> bool {
        matches!(self, ChatError::Limited(_) | ChatError::Unavailable(_))
    }
}

/// A message to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    /// The channel (or a user id, for a direct message).
    pub channel: String,
    /// The text (the whole message without a card, the notification text with one).
    pub text: String,
    /// A card, when it is one.
    pub card: Option<Card>,
    /// The thread's first message, to reply in it.
    pub thread: Option<String>,
    /// Post under this person's name (a comment written in the web room).
    pub as_person: Option<String>,
    /// Urgent (pages, direct messages) or bulk.
    pub lane: Lane,
}

impl Outgoing {
    /// Plain bulk text in a channel.
    pub fn text(channel: &str, text: impl Into<String>) -> Outgoing {
        Outgoing {
            channel: channel.to_string(),
            text: text.into(),
            card: None,
            thread: None,
            as_person: None,
            lane: Lane::Bulk,
        }
    }

    /// A bulk card in a channel.
    pub fn card(channel: &str, card: Card) -> Outgoing {
        Outgoing {
            text: card.fallback(),
            card: Some(card),
            ..Outgoing::text(channel, "")
        }
    }
}

/// A chat user, as the platform describes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatUser {
    /// Their id.
    pub id: String,
    /// Their display name.
    pub name: String,
    /// Their email, when the platform shares it.
    pub email: Option<String>,
    /// A bot or app rather than a person.
    pub is_bot: bool,
}

/// A channel made for an incident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MadeChannel {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// One choice in a form's menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// What is sent back.
    pub value: String,
    /// What people read.
    pub label: String,
    /// A line under it (a severity's meaning).
    pub description: Option<String>,
}

/// The declare form (`/inc` with no words): title, severity, type, private.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclareForm {
    /// Severities, most severe first.
    pub severities: Vec<Choice>,
    /// Incident types.
    pub types: Vec<Choice>,
    /// The title, when one was typed after the command.
    pub title: Option<String>,
    /// Carried through to the submission (the channel it was opened from).
    pub metadata: String,
    /// Who it opens for: a platform that does not sign submissions (Mattermost) binds the
    /// form to them, so nobody submits it in another's name.
    pub user: String,
}

/// Where links to preview were shared: a posted message, or (Slack) a message still being
/// written, known only by the handle the platform gave with the links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedLinks {
    /// The channel (Slack's `COMPOSER` for a message not yet posted).
    pub channel: String,
    /// The message's id.
    pub message: String,
    /// The platform's handle for these links (Slack's `unfurl_id`), when it gave one.
    pub unfurl_id: Option<String>,
    /// Where the handle comes from (Slack's `source`: `composer` or `conversations_history`).
    pub source: Option<String>,
}

/// The field names a declare form's submission uses.
pub mod declare_fields {
    /// The title.
    pub const TITLE: &str = "title";
    /// The severity key.
    pub const SEVERITY: &str = "severity";
    /// The type key.
    pub const TYPE: &str = "type";
    /// `"true"` for a private incident.
    pub const PRIVATE: &str = "private";
    /// The form's callback id.
    pub const CALLBACK: &str = "goldseam_declare";
}

/// A chat platform as the engine uses it.
pub trait ChatApi: Clone + Send + Sync + 'static {
    /// Which platform.
    fn platform(&self) -> Platform;
    /// Whether Goldseam works in the platform's channels: makes incident channels, invites
    /// people, mirrors the timeline, pins, archives, reminds, and hears what people do there.
    /// A platform that only takes posts (a Teams Workflows webhook) gets announcements only.
    fn supports_channels(&self) -> bool {
        true
    }
    /// The one destination every announcement goes to, for a platform whose destination is
    /// fixed by its own configuration (a Workflows webhook posts in the channel it was made
    /// for); `None`: the chat settings' announcement channels, by severity.
    fn announcement_destination(&self) -> Option<&str> {
        None
    }
    /// The bot's own user id (its messages are never taken as people's).
    fn bot_user(&self) -> &str;
    /// How the platform links a channel in text (`<#C123>`).
    fn channel_mention(&self, channel: &str) -> String;
    /// How the platform links a user in text (`<@U123>`).
    fn user_mention(&self, user: &str) -> String;
    /// Posts; returns the message's id.
    fn post(&self, m: &Outgoing) -> impl Future<Output = Result<String, ChatError>> + Send;
    /// Replaces a message's content.
    fn update(
        &self,
        channel: &str,
        id: &str,
        m: &Outgoing,
    ) -> impl Future<Output = Result<(), ChatError>> + Send;
    /// Deletes a message (one already gone counts as deleted).
    fn delete(&self, channel: &str, id: &str)
        -> impl Future<Output = Result<(), ChatError>> + Send;
    /// A message only `user` sees.
    fn ephemeral(
        &self,
        channel: &str,
        user: &str,
        text: &str,
    ) -> impl Future<Output = Result<(), ChatError>> + Send;
    /// Answers a command or button privately: through the platform's reply address when it
    /// gave one (it works where the bot is not a member), else as an ephemeral message.
    fn reply(
        &self,
        channel: &str,
        user: &str,
        reply_to: Option<&str>,
        text: &str,
    ) -> impl Future<Output = Result<(), ChatError>> + Send;
    /// Makes a channel (public or private); `NameTaken` when the name is in use.
    fn create_channel(
        &self,
        name: &str,
        private: bool,
    ) -> impl Future<Output = Result<MadeChannel, ChatError>> + Send;
    /// Adds people to a channel (those already in it are fine).
    fn invite(
        &self,
        channel: &str,
        users: &[String],
    ) -> impl Future<Output = Result<(), ChatError>> + Send;
    /// Sets a channel's topic.
    fn set_topic(
        &self,
        channel: &str,
        topic: &str,
    ) -> impl Future<Output = Result<(), ChatError>> + Send;
    /// Archives a channel.
    fn archive(&self, channel: &str) -> impl Future<Output = Result<(), ChatError>> + Send;
    /// The user with this email, if any.
    fn find_by_email(
        &self,
        email: &str,
    ) -> impl Future<Output = Result<Option<String>, ChatError>> + Send;
    /// A user's profile.
    fn user(&self, id: &str) -> impl Future<Output = Result<ChatUser, ChatError>> + Send;
    /// The user with this handle (`bo` for `@bo`), where mentions are handles (Mattermost);
    /// none by default.
    fn find_by_handle(
        &self,
        handle: &str,
    ) -> impl Future<Output = Result<Option<String>, ChatError>> + Send {
        let _ = handle;
        async { Ok(None) }
    }
    /// The people mentioned in a message's text, by their chat user ids, to look up before
    /// [`ChatApi::readable`]; none where mentions are handles people can read (Mattermost).
    fn mentioned_users(&self, text: &str) -> Vec<String> {
        let _ = text;
        Vec::new()
    }
    /// A message's text as people read it, for the timeline: the platform's wire form of
    /// mentions and links rendered with `names` (chat user id → name). As is by default.
    fn readable(&self, text: &str, names: &HashMap<String, String>) -> String {
        let _ = names;
        text.to_string()
    }
    /// Pins a message (one pinned already is fine).
    fn pin(&self, channel: &str, id: &str) -> impl Future<Output = Result<(), ChatError>> + Send;
    /// Unpins a message (one not pinned is fine).
    fn unpin(&self, channel: &str, id: &str) -> impl Future<Output = Result<(), ChatError>> + Send;
    /// Opens the declare form for the person who typed the command (`trigger` is the
    /// platform's short-lived handle for that).
    fn open_declare_form(
        &self,
        trigger: &str,
        form: &DeclareForm,
    ) -> impl Future<Output = Result<(), ChatError>> + Send;
    /// Shows `user` their home in the app (Slack's App Home tab), replacing what it showed;
    /// nothing on a platform without one.
    fn publish_home(
        &self,
        user: &str,
        home: &HomeView,
    ) -> impl Future<Output = Result<(), ChatError>> + Send {
        let _ = (user, home);
        async { Ok(()) }
    }
    /// Previews links where they were shared: each link with its card. Nothing on a
    /// platform that does not ask apps to preview links.
    fn unfurl(
        &self,
        shared: &SharedLinks,
        previews: &[(String, Card)],
    ) -> impl Future<Output = Result<(), ChatError>> + Send {
        let _ = (shared, previews);
        async { Ok(()) }
    }
}
