//! A fake Slack workspace with one app installed: the Web API the app calls
//! (`POST {url}/api/<method>`), the events, commands and interactions Slack sends the app
//! (Events API over HTTP, v0-signed, or Socket Mode), and the people whose actions cause them.
//!
//! A Goldseam test starts one ([`FakeSlack::start`]), points Goldseam's Slack base URL at
//! [`FakeSlack::url`], acts as people would ([`FakeSlack::say`],
//! [`FakeSlack::slash_command`], [`FakeSlack::click`]...) and inspects what the app did
//! ([`FakeSlack::calls`], [`FakeSlack::messages`], [`FakeSlack::deliveries`]...). People
//! can look at the workspace in a browser: `{url}/_fake/view` (see `view/mod.rs`).
//!
//! Simulated as documented: bot/app token checks (`not_authed`, `invalid_auth`,
//! `not_allowed_token_type`); JSON, form and query arguments; channel name rules; the errors
//! listed on each method's page that an app can provoke; per-method rate limits with 429 and
//! `Retry-After` (a refused call has no effect); `ts` values unique and increasing; events
//! only for channels the bot is in, its own messages included; retries with Slack's headers
//! and reasons; Socket Mode tickets, `hello`, acks, redelivery and `disconnect`; trigger ids
//! that work once within 3 s; response URLs that work 5 times within 30 minutes.
//!
//! Simplified:
//! - One workspace, one app, every scope granted; no OAuth, no Enterprise Grid, no shared
//!   channels; private channels have `C` ids; DMs exist only as the bot's (opened by posting
//!   to a user id).
//! - Rate limits are sliding windows per method (`chat.postMessage` per channel: 5 in 5 s);
//!   no workspace-wide message cap, no Events API hourly limit (`app_rate_limited`).
//! - With neither a socket nor an events URL, events wait in order until one appears (Slack
//!   would retry, then drop them). A failed event is given up after the last retry; event
//!   subscriptions are never disabled for failing.
//! - A Socket Mode retry is a new envelope (new `envelope_id`, same `event_id`);
//!   `disconnect` closes the link right after the frame (Slack waits a little for
//!   `refresh_requested`).
//! - Messages from the app carry `bot_id`/`app_id` and no `bot_profile`; user messages carry
//!   one `rich_text` block; a command's `in_channel` reply is posted as the app.
//! - `link_shared` is sent for every link (there is no list of unfurl domains);
//!   `views.update` resets a view's `state`; there is no `conversations.history`.
//! - `response_url` limits answer 404 with `used_url`/`expired_url` as a plain body.
//! - Human actions that name an unknown user, channel, message or view panic: that is a
//!   mistake in the test, not something Slack lets a person do.

mod api;
mod blocks;
mod deliver;
mod events;
mod faults;
mod human;
mod inspect;
mod interact;
mod model;
mod options;
mod people;
mod rate;
mod reply;
mod respond;
mod server;
mod signer;
mod socket;
mod state;
mod view;
mod workspace;

pub use faults::{Down, Fault};
pub use interact::{ActionError, AppReply, ClickOn};
pub use model::{
    Call, Channel, Delivery, DeliveryKind, Ephemeral, File, Message, Outcome, Pin, Reaction,
    TokenKind, Unfurl, User, View,
};
pub use options::{Limit, RateLimits, SlackOptions};
pub use signer::sign;

use state::{Inner, Shared, State};
use std::io;
use std::sync::{Arc, Mutex};
use tokio::sync::{mpsc, watch};
use workspace::Workspace;

/// A running fake Slack. Clones share the same workspace.
#[derive(Clone)]
pub struct FakeSlack {
    st: State,
    url: String,
}

impl FakeSlack {
    /// Starts a fake on `options.listen` (port 0 for a free one), with the bot user as the
    /// only member. Needs a Tokio runtime.
    pub async fn start(options: SlackOptions) -> io::Result<FakeSlack> {
        let (events_tx, events_rx) = mpsc::unbounded_channel();
        let mut ws = Workspace::default();
        ws.users.push(User {
            id: options.bot_user_id.clone(),
            name: options.bot_user_name.clone(),
            real_name: options.bot_user_name.clone(),
            email: None,
            deleted: false,
            is_bot: true,
        });
        let listen = options.listen;
        let inner = Inner {
            opts: options,
            url: String::new(),
            ws,
            calls: Vec::new(),
            limiter: Default::default(),
            faults: Default::default(),
            down: Down::Up,
            triggers: Default::default(),
            response_urls: Default::default(),
            tickets: Default::default(),
            deliveries: Vec::new(),
            sockets: Vec::new(),
            next_socket: 0,
            acks: Default::default(),
            clock_offset: 0,
            forged_secret: None,
            counter: 0,
            events: events_tx,
        };
        let st: State = Arc::new(Shared {
            inner: Mutex::new(inner),
            changed: watch::channel(0).0,
            down: watch::channel(Down::Up).0,
            client: reqwest::Client::new(),
        });
        let addr = server::start(st.clone(), listen)?;
        let url = format!("http://{addr}");
        st.lock().url = url.clone();
        deliver::spawn_dispatcher(st.clone(), events_rx);
        Ok(FakeSlack { st, url })
    }

    /// `http://127.0.0.1:PORT`; the Web API is under `{url}/api/`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The options it runs with (as changed since).
    pub fn options(&self) -> SlackOptions {
        self.st.lock().opts.clone()
    }

    /// Sets the HTTP-mode Request URLs (events, slash commands, interactivity).
    pub fn set_request_urls(
        &self,
        events: Option<String>,
        commands: Option<String>,
        interactions: Option<String>,
    ) {
        {
            let mut inner = self.st.lock();
            inner.opts.events_url = events;
            inner.opts.commands_url = commands;
            inner.opts.interactions_url = interactions;
        }
        self.st.bump();
    }

    /// Replaces the rate limits (windows already counted are kept).
    pub fn set_rate_limits(&self, limits: RateLimits) {
        self.st.lock().opts.rate_limits = limits;
    }

    /// The next `n` calls to `method` fail with `fault` (queued after any earlier ones).
    pub fn fail_next(&self, method: &str, n: usize, fault: Fault) {
        self.st.lock().faults.add(method, n, fault);
    }

    /// Forgets every queued fault.
    pub fn clear_faults(&self) {
        self.st.lock().faults.clear();
    }

    /// Takes the whole fake down (Web API, response URLs, Socket Mode) or brings it back.
    pub fn set_down(&self, down: Down) {
        self.st.lock().down = down;
        self.st.down.send_replace(down);
        self.st.bump();
    }

    /// Signs HTTP deliveries as if sent `secs` later (negative: earlier), to send stale ones.
    pub fn set_clock_offset(&self, secs: i64) {
        self.st.lock().clock_offset = secs;
    }

    /// Signs HTTP deliveries with `secret` instead of the real one (forged), or the real one
    /// again with `None`.
    pub fn forge_signatures(&self, secret: Option<String>) {
        self.st.lock().forged_secret = secret;
    }

    /// Sends `disconnect {reason}` (`refresh_requested`, `warning`, `link_disabled`) on every
    /// Socket Mode link and closes them.
    pub fn disconnect(&self, reason: &str) {
        socket::disconnect_all(&self.st, reason);
    }
}
