//! What the fake holds and records, as tests inspect it. Times are Unix milliseconds, as
//! Mattermost's `create_at`/`update_at`/`edit_at`/`delete_at` (0 = never).

use serde_json::{Map, Value};
use std::time::SystemTime;

/// A user account (a person or the bot).
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    /// 26-character id.
    pub id: String,
    /// Username, without `@`.
    pub username: String,
    /// Email address.
    pub email: String,
    /// First name (empty unless set).
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Whether this is a bot account.
    pub is_bot: bool,
    /// When created.
    pub create_at: i64,
    /// When deactivated (0 = active).
    pub delete_at: i64,
}

/// Public (`O`) or private (`P`) channel, or a direct message (`D`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelType {
    /// `O`: anyone on the team can read and join it.
    Open,
    /// `P`: members only.
    Private,
    /// `D`: a direct message between two users (one, for notes to self), on no team; its
    /// members never change.
    Direct,
}

impl ChannelType {
    /// `"O"`, `"P"` or `"D"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChannelType::Open => "O",
            ChannelType::Private => "P",
            ChannelType::Direct => "D",
        }
    }
}

/// A channel of the team.
#[derive(Debug, Clone, PartialEq)]
pub struct Channel {
    /// 26-character id.
    pub id: String,
    /// The team's id (empty for a direct message).
    pub team_id: String,
    /// URL name (`incident-42`), unique in the team; a direct message's is its two user ids,
    /// the smaller first, joined by `__`.
    pub name: String,
    /// Display name.
    pub display_name: String,
    /// Public or private.
    pub channel_type: ChannelType,
    /// The header (Mattermost's topic).
    pub header: String,
    /// The purpose.
    pub purpose: String,
    /// Who created it.
    pub creator_id: String,
    /// Member user ids, in the order they joined.
    pub members: Vec<String>,
    /// When created.
    pub create_at: i64,
    /// When last changed.
    pub update_at: i64,
    /// When archived (0 = not archived).
    pub delete_at: i64,
    /// When the last post was made.
    pub last_post_at: i64,
    /// Posts made in it, system messages included.
    pub total_msg_count: u64,
}

/// A post (message). Deleted posts are kept with `delete_at` set.
#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    /// 26-character id.
    pub id: String,
    /// Its channel.
    pub channel_id: String,
    /// Its author.
    pub user_id: String,
    /// The thread's root post, or empty for a root post.
    pub root_id: String,
    /// Markdown text.
    pub message: String,
    /// Empty for a normal post; `system_join_channel`, `system_header_change`,
    /// `system_ephemeral`… for the ones the server makes.
    pub post_type: String,
    /// Props as stored: `attachments` (with their actions), `from_bot`, `override_username`…
    pub props: Map<String, Value>,
    /// When posted.
    pub create_at: i64,
    /// When last changed in any way (edit, pin, reaction).
    pub update_at: i64,
    /// When the message was last edited (0 = never).
    pub edit_at: i64,
    /// When deleted (0 = not deleted).
    pub delete_at: i64,
    /// Whether pinned to its channel.
    pub is_pinned: bool,
    /// The client's `pending_post_id`, as it sent it (empty if none).
    pub pending_post_id: String,
}

impl Post {
    /// The attachments' actions (buttons and menus), as stored, with their `integration`.
    pub fn actions(&self) -> Vec<Value> {
        let attachments = self.props.get("attachments").and_then(Value::as_array);
        let actions = attachments
            .into_iter()
            .flatten()
            .filter_map(|a| a["actions"].as_array());
        actions.flatten().cloned().collect()
    }
}

/// An emoji reaction on a post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reaction {
    /// Who reacted.
    pub user_id: String,
    /// On which post.
    pub post_id: String,
    /// The emoji's name, without colons (`white_check_mark`).
    pub emoji_name: String,
    /// When.
    pub create_at: i64,
}

/// An ephemeral post: shown to one user only, never stored in the channel.
#[derive(Debug, Clone, PartialEq)]
pub struct Ephemeral {
    /// The one user who sees it.
    pub user_id: String,
    /// The post shown (`post_type` `system_ephemeral`).
    pub post: Post,
}

/// An interactive dialog the app opened for a user.
#[derive(Debug, Clone, PartialEq)]
pub struct Dialog {
    /// The user it is shown to.
    pub user_id: String,
    /// The channel the trigger came from (sent back on submission).
    pub channel_id: String,
    /// Where the submission is POSTed.
    pub url: String,
    /// The dialog as the app sent it: `callback_id`, `title`, `elements`, `state`…
    pub dialog: Value,
    /// Whether it is still open (a submission answered without errors closes it).
    pub open: bool,
}

/// One REST call the fake received, and its answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// The endpoint as in the module's table, e.g. `PUT /posts/{id}`.
    pub endpoint: String,
    /// The actual path, e.g. `/api/v4/posts/abc…`.
    pub path: String,
    /// The query string (empty if none).
    pub query: String,
    /// The body: parsed JSON, or a string if it was not JSON, or null if empty.
    pub body: Value,
    /// Whether it carried the bot's token.
    pub authenticated: bool,
    /// The answer's HTTP status; 0 if it was never answered (a `Hang` fault).
    pub status: u16,
    /// The answer's body, parsed like the request's.
    pub response: Value,
    /// When it arrived.
    pub at: SystemTime,
}

/// One WebSocket frame the fake sent to a connection (events, `hello`, replies).
#[derive(Debug, Clone, PartialEq)]
pub struct SentEvent {
    /// The connection's id (the `connection_id` of its `hello`).
    pub connection_id: String,
    /// The authenticated user of that connection.
    pub user_id: String,
    /// The frame as sent.
    pub frame: Value,
}

/// What kind of request the fake sent to the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryKind {
    /// A slash command to its request URL.
    Command,
    /// A button or menu click to the action's `integration.url`.
    Action,
    /// A dialog submission (or cancellation) to the dialog's URL.
    Dialog,
}

/// One request the fake sent to the app, and how the app answered.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    /// Command, action or dialog.
    pub kind: DeliveryKind,
    /// Where it was sent.
    pub url: String,
    /// What was sent: the form fields as a JSON object for commands, the JSON body otherwise.
    pub request: Value,
    /// The app's status and body, or why there was none (refused, timed out).
    pub answered: Result<(u16, String), String>,
    /// When it was sent.
    pub at: SystemTime,
}
