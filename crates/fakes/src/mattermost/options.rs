//! How a fake Mattermost is set up: its team, its bot, the slash commands registered for the
//! app, the rate limit and the timeouts. Defaults follow a stock Mattermost server's.

use std::net::SocketAddr;
use std::time::Duration;

/// A fake Mattermost's set-up, given to [`super::FakeMattermost::start`].
#[derive(Debug, Clone)]
pub struct MattermostOptions {
    /// Where to listen; `127.0.0.1:0` (a free loopback port) by default.
    pub listen: SocketAddr,
    /// The one team's name (URL form, e.g. `acme`).
    pub team_name: String,
    /// The team's display name.
    pub team_display_name: String,
    /// The bot account's username.
    pub bot_username: String,
    /// The bot's access token, which REST calls carry as `Authorization: Bearer <token>` and
    /// the WebSocket's `authentication_challenge` carries as `data.token`.
    pub bot_token: String,
    /// Custom slash commands registered for the app (more with `add_command`).
    pub commands: Vec<SlashCommand>,
    /// The API rate limit. `None` by default, as a stock server (`RateLimitSettings.Enable`
    /// is false); [`RateLimit::MATTERMOST`] is what enabling it gives.
    pub rate_limit: Option<RateLimit>,
    /// How long the fake waits for the app to answer a slash command, a button or a dialog
    /// submission (Mattermost's `OutgoingIntegrationRequestsTimeout`, 30 s).
    pub integration_timeout: Duration,
    /// How long a `trigger_id` can open a dialog (Mattermost: 3 s).
    pub trigger_ttl: Duration,
    /// The server version reported in `X-Version-Id` and the WebSocket `hello`.
    pub server_version: String,
}

impl Default for MattermostOptions {
    fn default() -> Self {
        MattermostOptions {
            listen: ([127, 0, 0, 1], 0).into(),
            team_name: "goldseam".into(),
            team_display_name: "Goldseam".into(),
            bot_username: "goldseam".into(),
            bot_token: "gs0fake0bot0token000000000".into(),
            commands: Vec::new(),
            rate_limit: None,
            integration_timeout: Duration::from_secs(30),
            trigger_ttl: Duration::from_secs(3),
            server_version: "10.5.0".into(),
        }
    }
}

/// A custom slash command as an admin registers it (Integrations > Slash Commands).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlashCommand {
    /// The trigger word without the slash, e.g. `inc`.
    pub trigger: String,
    /// The request URL the fake POSTs the command to.
    pub url: String,
    /// The token Mattermost generated for the command, sent as the `token` field and as
    /// `Authorization: Token <token>`; the app checks it (there is no HMAC).
    pub token: String,
    /// `GET` sends the fields as a query string instead of a form body.
    pub method_get: bool,
}

impl SlashCommand {
    /// A POST command with `trigger` (no slash) at `url` and `token`.
    pub fn new(trigger: &str, url: &str, token: &str) -> Self {
        SlashCommand {
            trigger: trigger.trim_start_matches('/').into(),
            url: url.into(),
            token: token.into(),
            method_get: false,
        }
    }
}

/// Mattermost's API rate limit (`RateLimitSettings`): a bucket refilled at `per_sec` that
/// holds `max_burst` requests beyond the steady rate. All loopback clients share one bucket,
/// as `VaryByRemoteAddr` gives when every client is 127.0.0.1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests per second (`PerSec`).
    pub per_sec: u32,
    /// Requests allowed beyond the rate in one burst (`MaxBurst`).
    pub max_burst: u32,
}

impl RateLimit {
    /// Mattermost's values once enabled: 10 per second, bursts of 100.
    pub const MATTERMOST: RateLimit = RateLimit {
        per_sec: 10,
        max_burst: 100,
    };
}
