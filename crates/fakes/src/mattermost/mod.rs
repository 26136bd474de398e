//! A fake Mattermost server for one team: the REST API v4 a bot account uses, the WebSocket
//! event stream, custom slash commands, interactive buttons and dialogs, as the docs at
//! developers.mattermost.com and api.mattermost.com describe them. A test drives it as the
//! team's people would ([`FakeMattermost::say`], [`FakeMattermost::slash_command`],
//! [`FakeMattermost::click`]…) and reads back what the app did ([`FakeMattermost::posts`],
//! [`FakeMattermost::calls`], [`FakeMattermost::events`]…).
//!
//! # REST (`{url}/api/v4`, `Authorization: Bearer <bot token>`)
//! Endpoint names (for [`FakeMattermost::calls_to`] and [`FakeMattermost::inject`]) are the
//! method and route below. A missing or wrong token is `401` with Mattermost's error body
//! `{id: "api.context.session_expired.app_error", message, detailed_error, request_id,
//! status_code}`; every answer carries `X-Request-Id` and `X-Version-Id`.
//!
//! | endpoint | notes |
//! |---|---|
//! | `GET /users/me`, `/users/{id}`, `/users/email/{email}`, `/users/username/{username}` | 404 `app.user.missing_account.const` |
//! | `GET /teams/{team_id}`, `/teams/name/{name}` | the one team |
//! | `POST /channels` | `{team_id, name, display_name, type: O\|P, purpose, header}`; names 2–64 of `a-z0-9-_`; taken (archived too): 400 `store.sql_channel.save_channel.exists.app_error`; the creator is the first member |
//! | `POST /channels/direct` | `[user_id, user_id]`, the caller one of them (else 403); both 26-character ids (else 400 `api.context.invalid_body_param.app_error`), both accounts (else 400 `api.channel.create_direct_channel.invalid_user.app_error`); `201` with the pair's one `D` channel (named `id1__id2`, smaller id first, no team), made the first time with a `direct_added` event `{creator_id, teammate_id}`; its members never change (adding one: 400) |
//! | `GET /channels/{id}`, `GET /teams/{team_id}/channels/name/{name}` | 404 unknown; private and not a member: 403 (by id) / 404 (by name) |
//! | `PUT /channels/{id}/patch` | `header`, `purpose`, `display_name`; posts `system_header_change` / `system_purpose_change` |
//! | `DELETE /channels/{id}` | archives: `system_channel_deleted` post, `channel_deleted` event |
//! | `GET`/`POST /channels/{id}/members`, `DELETE /channels/{id}/members/{user_id}` | `{user_id}` or `{user_ids}`; adding an existing member changes nothing; posts `system_add_to_channel` / `system_join_channel` |
//! | `GET /channels/{id}/posts` | `PostList`; `since` gives every change after a time (catching up after a reconnect) |
//! | `POST /posts` | `{channel_id, message, root_id, props{attachments}, pending_post_id}`; 16,383 characters; the bot must be a member (403); archived: 400; bad root: 400; bot posts get `props.from_bot`; the same `pending_post_id` again within 30 s gets the first post back (201) and makes none |
//! | `GET`/`PUT`/`DELETE /posts/{id}`, `PUT /posts/{id}/patch` | only the bot's own posts change (403); `PUT` needs the body's `id` and replaces `message` and `props` |
//! | `POST /posts/{id}/pin`, `/unpin` | `post_edited` with `is_pinned` |
//! | `POST /posts/ephemeral` | `{user_id, post{channel_id, message, props}}` |
//! | `POST /reactions`, `DELETE /users/{id}/posts/{post_id}/reactions/{emoji}` | the bot's own reactions |
//! | `POST /actions/dialogs/open` | `{trigger_id, url, dialog}`; trigger ids live 3 s (`trigger_ttl`) |
//! | `POST /hooks/commands/{id}` | a command's `response_url` (no token): 5 uses in 30 minutes |
//!
//! Rate limiting ([`RateLimit`], off by default as on a stock server) answers `429` with
//! `X-Ratelimit-Limit/Remaining/Reset` and `Retry-After`; [`Fault`]s make the next calls to an
//! endpoint fail, hang, lag or be throttled by a proxy on that route alone, and [`Down`] takes
//! the whole server away. A refused call has no
//! effect and is still in the calls log.
//!
//! # WebSocket (`{url}/api/v4/websocket`)
//! Authentication by `authentication_challenge` or the upgrade's `Authorization` header, then
//! `hello` and the events of the channels the bot is a member of: `posted` (`data.post` is a
//! JSON *string*, as are `data.reaction`, `data.channel` and `data.mentions`),
//! `post_edited`, `post_deleted`, `reaction_added`, `reaction_removed`, `user_added`,
//! `user_removed`, `channel_created`, `channel_updated`, `channel_deleted`; `ephemeral_message`
//! and `open_dialog` go to their one user. Each frame carries the connection's next `seq`.
//! The bot receives its own posts too (with `props.from_bot`), as Mattermost sends a post to
//! every member's connections.
//!
//! # People and the app
//! Human actions change the state as the web app would and emit the same events. Slash
//! commands are POSTed as a form with the command's token (field and `Authorization: Token`),
//! buttons POST `{user_id, user_name, channel_id, channel_name, team_id, team_domain, post_id,
//! trigger_id, type, data_source, context}` to the action's `integration.url`, dialogs POST
//! `{type: dialog_submission, callback_id, state, user_id, channel_id, team_id, submission,
//! cancelled}`. None of them is retried.
//!
//! # Simplified
//! - One team, one token (the bot's); people act only through the Rust API. Permissions are
//!   the defaults for a bot that is a team member: it reads public channels, posts, reacts
//!   and changes channels only where it is a member, edits and deletes only its own posts.
//! - Reconnecting does not replay missed events: each connection starts at `seq` 0 and gets
//!   only what happens while it is open. (Recent servers keep a short queue for clients that
//!   resume with `connection_id` and `sequence_number`; the fake ignores those parameters, so
//!   an app must catch up with `GET /channels/{id}/posts?since=`.) `hello` is sent after the
//!   challenge's reply; a real server may send them in either order.
//! - Posts returned by the API and in events have the actions' `integration` removed, as the
//!   server strips it; the test's [`Post`] keeps it. An interactive `update` replaces the
//!   post's message and props (no `props`: the buttons go), keeping `from_bot`,
//!   `from_webhook` and `override_*`.
//! - No files, no Mattermost Blocks (`mm_blocks`), no channel renames, no message
//!   search, no typing or status events; `@user` mentions are detected for members only.
//! - Rate limiting is one bucket for all clients (they are all 127.0.0.1, which is what
//!   `VaryByRemoteAddr` keys on) and covers REST, not WebSocket frames.
//! - The clock for trigger ids and response URLs can be moved forward
//!   ([`FakeMattermost::advance_clock`]) instead of waiting; an expired or used-up response
//!   URL answers 400 whichever the reason.
//! - Tests wait on the fake, never on time: [`FakeMattermost::wait_until`] re-checks a
//!   condition after every change, [`FakeMattermost::set_down`] returns once the port is
//!   closed or listening again.

mod api;
mod app;
mod console;
mod faults;
mod gate;
mod human;
mod inspect;
mod interact;
mod listen;
mod model;
mod options;
mod rate;
mod store;
mod wire;
mod ws;

pub use app::CommandReply;
pub use console::CONSOLE_HELP;
pub use faults::{Down, Fault};
pub use interact::{ActionReply, DialogReply};
pub use model::{
    Call, Channel, ChannelType, Delivery, DeliveryKind, Dialog, Ephemeral, Post, Reaction,
    SentEvent, User,
};
pub use options::{MattermostOptions, RateLimit, SlashCommand};

use listen::GatedListener;
use rate::Bucket;
use std::io;
use std::sync::Arc;
use std::time::Duration;
use store::{new_id, Core, Inner};

/// A running fake Mattermost. Cloning gives another handle on the same server.
#[derive(Clone)]
pub struct FakeMattermost {
    core: Arc<Core>,
    url: String,
}

impl FakeMattermost {
    /// Starts a fake with `options` on its listen address (a free loopback port by default),
    /// with the team and the bot account in place. It serves until the runtime stops.
    pub async fn start(options: MattermostOptions) -> io::Result<FakeMattermost> {
        let bot = User {
            id: new_id(),
            username: options.bot_username.clone(),
            email: format!("{}@localhost", options.bot_username),
            first_name: String::new(),
            last_name: String::new(),
            is_bot: true,
            create_at: 0,
            delete_at: 0,
        };
        let listen = options.listen;
        let inner = Inner {
            team_id: new_id(),
            bot_id: bot.id.clone(),
            users: vec![bot],
            bucket: options.rate_limit.map(Bucket::new),
            options,
            ..Inner::default()
        };
        let core = Arc::new(Core::new(inner));
        let listener =
            GatedListener::bind(listen, core.down.subscribe(), core.applied.clone()).await?;
        let url = format!("http://{}", axum::serve::Listener::local_addr(&listener)?);
        core.lock().url = url.clone();
        let app = api::router(core.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(FakeMattermost { core, url })
    }

    /// The server's URL, `http://127.0.0.1:PORT` (the site URL; the API is under `/api/v4`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The WebSocket URL, `ws://127.0.0.1:PORT/api/v4/websocket`.
    pub fn ws_url(&self) -> String {
        format!("{}/api/v4/websocket", self.url.replacen("http", "ws", 1))
    }

    /// The team's id.
    pub fn team_id(&self) -> String {
        self.core.lock().team_id.clone()
    }

    /// The bot account's user id.
    pub fn bot_id(&self) -> String {
        self.core.lock().bot_id.clone()
    }

    /// The bot's token.
    pub fn bot_token(&self) -> String {
        self.core.lock().options.bot_token.clone()
    }

    /// Replaces the bot's token (the old one stops working: a revoked token).
    pub fn set_bot_token(&self, token: &str) {
        self.core.update(|i| i.options.bot_token = token.into());
    }

    /// Registers a slash command `/trigger` POSTing to `url`; its generated token.
    pub fn add_command(&self, trigger: &str, url: &str) -> String {
        let token = new_id();
        let command = SlashCommand::new(trigger, url, &token);
        self.core.update(|i| {
            i.options.commands.retain(|c| c.trigger != command.trigger);
            i.options.commands.push(command);
        });
        token
    }

    /// Sets (or with `None` removes) the API rate limit; a new limit starts with a full bucket.
    pub fn set_rate_limit(&self, limit: Option<RateLimit>) {
        self.core.update(|i| i.bucket = limit.map(Bucket::new));
    }

    /// Makes the next `times` calls to `endpoint` (e.g. `"POST /posts"`, or `"*"`) fail with
    /// `fault`. Faults for the same endpoint are used in the order injected.
    pub fn inject(&self, endpoint: &str, times: usize, fault: Fault) {
        self.core.update(|i| i.faults.push(endpoint, times, fault));
    }

    /// Drops every fault not used yet.
    pub fn clear_faults(&self) {
        self.core.update(|i| i.faults.clear());
    }

    /// Takes the server down (refusing connections, or answering 503) or back up, returning
    /// once the port is closed or listening again. Going down closes every WebSocket
    /// connection.
    pub async fn set_down(&self, down: Down) {
        let mut applied = self.core.applied.subscribe();
        self.core.down.send_replace(down);
        self.core.changed.notify_waiters();
        let _ = applied.wait_for(|d| *d == down).await;
    }

    /// Closes every WebSocket connection (as a server restart does); clients must reconnect.
    pub fn drop_websockets(&self) {
        self.core.update(|i| i.conns.clear());
    }

    /// Moves the fake's clock forward: trigger ids and response URLs expire without waiting,
    /// and new timestamps come from the moved clock.
    pub fn advance_clock(&self, by: Duration) {
        self.core.update(|i| i.clock_offset += by);
    }
}
