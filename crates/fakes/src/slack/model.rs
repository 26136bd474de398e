//! What the fake workspace holds and records, as tests inspect it. Values the app sent (blocks,
//! metadata, views) stay JSON, as the app wrote them.

use serde_json::Value;
use std::time::{Instant, SystemTime};

/// A member of the workspace (or the bot user).
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    /// `U…`.
    pub id: String,
    /// The handle (`name`).
    pub name: String,
    /// `real_name`.
    pub real_name: String,
    /// `profile.email`; bots have none.
    pub email: Option<String>,
    /// Deactivated.
    pub deleted: bool,
    /// A bot user.
    pub is_bot: bool,
}

/// A channel.
#[derive(Debug, Clone, PartialEq)]
pub struct Channel {
    /// `C…`.
    pub id: String,
    /// Its name, without `#`.
    pub name: String,
    /// A private channel (`groups:*` scopes).
    pub is_private: bool,
    /// Archived: no posting, no joining.
    pub is_archived: bool,
    /// A direct message between the bot and one user (`D…`, opened by posting to a user id).
    pub is_im: bool,
    /// Its topic.
    pub topic: String,
    /// Who created it.
    pub creator: String,
    /// Unix seconds.
    pub created: u64,
    /// Member user ids, in the order they joined.
    pub members: Vec<String>,
}

/// A file attached to a message (`file_share`).
#[derive(Debug, Clone, PartialEq)]
pub struct File {
    /// `F…`.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its MIME type.
    pub mimetype: String,
    /// `url_private`, served by no one (Goldseam keeps the link, not the bytes).
    pub url_private: String,
    /// Its permalink.
    pub permalink: String,
}

/// A message in a channel, as it is now.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// Its channel's id.
    pub channel: String,
    /// Its timestamp id, `"1712345678.000100"`.
    pub ts: String,
    /// The thread's parent `ts`, for a reply.
    pub thread_ts: Option<String>,
    /// Who wrote it (for the app's messages, the bot user).
    pub user: Option<String>,
    /// The app's bot id, on messages the app posted.
    pub bot_id: Option<String>,
    /// `channel_join`, `channel_leave`, `file_share`; `None` for a plain message.
    pub subtype: Option<String>,
    /// Its text.
    pub text: String,
    /// Its blocks, `Null` if none.
    pub blocks: Value,
    /// Legacy attachments, `Null` if none.
    pub attachments: Value,
    /// `metadata {event_type, event_payload}`, `Null` if none.
    pub metadata: Value,
    /// Display name override (chat:write.customize).
    pub username: Option<String>,
    /// Icon override, URL.
    pub icon_url: Option<String>,
    /// Icon override, emoji.
    pub icon_emoji: Option<String>,
    /// Files shared with it.
    pub files: Vec<File>,
    /// Last edit: (who, when as ts).
    pub edited: Option<(String, String)>,
    /// Deleted (kept so tests can see it was).
    pub deleted: bool,
}

/// A pinned message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pin {
    /// The channel.
    pub channel: String,
    /// The message's ts.
    pub ts: String,
    /// Who pinned it.
    pub by: String,
}

/// A reaction on a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reaction {
    /// The channel.
    pub channel: String,
    /// The message's ts.
    pub ts: String,
    /// The emoji name, without colons.
    pub name: String,
    /// Who reacted.
    pub user: String,
}

/// A modal or an App Home the app opened, updated or published.
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    /// `V…`.
    pub id: String,
    /// Whom it shows to.
    pub user: String,
    /// `modal` or `home`.
    pub kind: String,
    /// The latest hash (changes with each update).
    pub hash: String,
    /// The view as Slack would answer it (the app's view plus id, hash, state, ...).
    pub view: Value,
    /// Closed (submitted, cleared or dismissed).
    pub closed: bool,
}

/// An ephemeral message shown to one user.
#[derive(Debug, Clone, PartialEq)]
pub struct Ephemeral {
    /// The channel it showed in.
    pub channel: String,
    /// The user who saw it.
    pub user: String,
    /// Its text.
    pub text: String,
    /// Its blocks, `Null` if none.
    pub blocks: Value,
    /// Where it came from: `chat.postEphemeral`, `command_reply`, `response_url`.
    pub via: String,
}

/// A `chat.unfurl` the app made.
#[derive(Debug, Clone, PartialEq)]
pub struct Unfurl {
    /// The `channel`+`ts` or the `unfurl_id`+`source` it answered, as sent.
    pub params: Value,
    /// `unfurls`: URL -> attachment.
    pub unfurls: Value,
}

/// Which token a Web API call carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// None at all.
    Missing,
    /// The bot token.
    Bot,
    /// The app-level token.
    App,
    /// Something else.
    Invalid,
}

/// A Web API call the fake received and what it answered.
#[derive(Debug, Clone)]
pub struct Call {
    /// `chat.postMessage`.
    pub method: String,
    /// Which token it carried.
    pub token: TokenKind,
    /// Its arguments, JSON or form alike (form values are strings; JSON-valued form fields
    /// such as `blocks` are parsed).
    pub params: Value,
    /// The HTTP status answered (0 when it was never answered).
    pub status: u16,
    /// The body answered.
    pub answer: Value,
    /// When it arrived.
    pub at: SystemTime,
}

impl Call {
    /// Whether it answered `ok: true`.
    pub fn ok(&self) -> bool {
        self.answer["ok"] == true
    }

    /// The `error` it answered, if any.
    pub fn error(&self) -> Option<&str> {
        self.answer["error"].as_str()
    }
}

/// What the fake sent to the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryKind {
    /// An Events API `event_callback`.
    Event,
    /// `url_verification`.
    UrlVerification,
    /// A slash command.
    SlashCommand,
    /// An interaction (block_actions, view_submission).
    Interaction,
}

/// How a delivery was answered.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Not answered yet.
    Pending,
    /// HTTP mode: the app's status and body (`no_retry`: it sent `X-Slack-No-Retry: 1`).
    Answered {
        /// Status.
        status: u16,
        /// Body.
        body: String,
        /// `X-Slack-No-Retry: 1` was in the answer.
        no_retry: bool,
    },
    /// Socket Mode: acked, with its `payload` (`Null` if none).
    Acked(Value),
    /// No answer within the ack timeout (an HTTP answer may still arrive later: see `late`).
    TimedOut,
    /// The request could not be sent (connection refused...).
    Failed(String),
}

/// One attempt at delivering something to the app.
#[derive(Debug, Clone)]
pub struct Delivery {
    /// What it was.
    pub kind: DeliveryKind,
    /// `http` or `socket`.
    pub transport: &'static str,
    /// The Events API `event_id`, for events.
    pub event_id: Option<String>,
    /// The Socket Mode envelope id.
    pub envelope_id: Option<String>,
    /// 0 for the first attempt, then 1..=3.
    pub attempt: u32,
    /// Why this is a retry (`http_timeout`, `http_error`, `connection_failed`, `timeout`).
    pub retry_reason: Option<String>,
    /// The payload (event callback, command fields or interaction payload).
    pub payload: Value,
    /// HTTP mode: the headers sent, signature included.
    pub headers: Vec<(String, String)>,
    /// HTTP mode: the raw body sent.
    pub body: String,
    /// How it was answered.
    pub outcome: Outcome,
    /// HTTP mode: an answer that came after the timeout.
    pub late: Option<u16>,
    /// When it was sent.
    pub sent: Instant,
}

impl Delivery {
    /// The event's `type` (`message`, `pin_added`...), for events.
    pub fn event_type(&self) -> Option<&str> {
        self.payload["event"]["type"].as_str()
    }

    /// Whether the app took it (2xx or ack).
    pub fn succeeded(&self) -> bool {
        match &self.outcome {
            Outcome::Answered { status, .. } => (200..300).contains(status),
            Outcome::Acked(_) => true,
            _ => false,
        }
    }
}
