//! What a chat platform tells Goldseam, in words every platform shares. An adapter turns a
//! Slack event, slash command or interaction (or a Mattermost WebSocket event, command or
//! button) into one [`Inbound`]; the chat engine decides what it means for an incident. Ids are
//! the platform's own (Slack's `C…`/`U…` and message `ts`, Mattermost's post ids).

use serde::{Deserialize, Serialize};

/// A file shared in a message: shown in the timeline as a link, never copied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedFile {
    /// Its name as shown.
    pub name: String,
    /// Where the platform serves it (a permalink people with access can open).
    pub url: String,
}

/// One value a person entered in a form (a Slack modal or a Mattermost dialog).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormValue {
    /// The field's block id (Slack) or name (Mattermost).
    pub field: String,
    /// The value: text as typed, an option's value, `"true"`/`"false"` for a checkbox.
    pub value: String,
}

/// Something that happened on the platform that Goldseam listens to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Inbound {
    /// A person (not a bot) posted a message, perhaps in a thread.
    Message {
        /// The channel.
        channel: String,
        /// The author.
        user: String,
        /// The message's id.
        ts: String,
        /// The thread's first message, when this is a reply.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        thread_ts: Option<String>,
        /// The text as the platform sends it (mentions as `<@U…>` on Slack).
        text: String,
        /// Files shared with it.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        files: Vec<SharedFile>,
    },
    /// A person edited their message.
    MessageEdited {
        /// The channel.
        channel: String,
        /// The author.
        user: String,
        /// The edited message's id.
        ts: String,
        /// The new text.
        text: String,
    },
    /// A message was deleted.
    MessageDeleted {
        /// The channel.
        channel: String,
        /// The deleted message's id.
        ts: String,
    },
    /// A reaction was added to a message.
    ReactionAdded {
        /// The channel.
        channel: String,
        /// The message.
        ts: String,
        /// Who reacted.
        user: String,
        /// The emoji's name, without colons (`pushpin`).
        emoji: String,
    },
    /// A reaction was taken off a message.
    ReactionRemoved {
        /// The channel.
        channel: String,
        /// The message.
        ts: String,
        /// Who took it off.
        user: String,
        /// The emoji's name, without colons.
        emoji: String,
    },
    /// A message was pinned to its channel.
    Pinned {
        /// The channel.
        channel: String,
        /// The message.
        ts: String,
        /// Who pinned it.
        user: String,
    },
    /// A message was unpinned.
    Unpinned {
        /// The channel.
        channel: String,
        /// The message.
        ts: String,
        /// Who unpinned it.
        user: String,
    },
    /// Someone joined a channel.
    MemberJoined {
        /// The channel.
        channel: String,
        /// Who joined.
        user: String,
    },
    /// A message carried links to Goldseam (Slack's `link_shared`): they may be unfurled.
    LinkShared {
        /// The channel.
        channel: String,
        /// The message carrying them.
        ts: String,
        /// Who posted it.
        user: String,
        /// The links, as posted.
        links: Vec<String>,
        /// Slack's id for unfurling links not yet posted (the composer), if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unfurl_id: Option<String>,
        /// Slack's source for `unfurl_id` (`composer` or `conversations_history`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        source: Option<String>,
    },
    /// A person opened the app's home.
    HomeOpened {
        /// Who.
        user: String,
    },
    /// A slash command (`/inc …`).
    Command {
        /// The command as typed, with its slash.
        command: String,
        /// What followed it.
        text: String,
        /// Who typed it.
        user: String,
        /// Where.
        channel: String,
        /// For opening a form, valid for 3 s (Slack).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        trigger_id: Option<String>,
        /// Where to answer later (Slack: 5 times in 30 minutes).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        response_url: Option<String>,
    },
    /// A button (or menu) in one of Goldseam's messages or views was used.
    Action {
        /// Who.
        user: String,
        /// The channel of the message, when the button was in a message.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        channel: Option<String>,
        /// The message, when the button was in a message.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        message_ts: Option<String>,
        /// Which button (`ack_page`, `join`, `resolve`, …).
        action_id: String,
        /// What it carries (an incident or page reference).
        value: String,
        /// For opening a form, valid for 3 s (Slack).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        trigger_id: Option<String>,
        /// Where to answer (Slack).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        response_url: Option<String>,
    },
    /// A form (Slack modal, Mattermost dialog) was submitted.
    FormSubmitted {
        /// Who.
        user: String,
        /// Which form (`declare`).
        callback_id: String,
        /// The view's id (Slack), to update it with errors.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        view_id: Option<String>,
        /// What the form carried through (the channel it was opened from).
        #[serde(default)]
        private_metadata: String,
        /// The values entered.
        values: Vec<FormValue>,
    },
    /// Something Goldseam does not act on (a bot's message, a channel it does not mirror, an
    /// event type it did not ask for): stored and acknowledged, then skipped.
    Ignored {
        /// Why, for the log.
        reason: String,
    },
}
