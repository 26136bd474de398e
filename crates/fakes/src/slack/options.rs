//! How a fake Slack is set up: the app's identity and credentials, where it delivers, its rate
//! limits and its timings. Defaults are Slack's own timings, so a test shortens them on purpose.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::Duration;

/// How a fake Slack workspace and its one installed app are set up.
#[derive(Debug, Clone)]
pub struct SlackOptions {
    /// Where to listen; port 0 picks a free one.
    pub listen: SocketAddr,
    /// The workspace id, `T…`.
    pub team_id: String,
    /// The workspace's domain (`acme` for acme.slack.com).
    pub team_domain: String,
    /// The bot token Web API calls must carry (`Authorization: Bearer xoxb-…`).
    pub bot_token: String,
    /// The app-level token, accepted by `apps.connections.open` only.
    pub app_token: String,
    /// The signing secret HTTP deliveries are signed with (v0).
    pub signing_secret: String,
    /// The deprecated verification token Slack still puts in payloads' `token`.
    pub verification_token: String,
    /// The bot user's id, `U…`.
    pub bot_user_id: String,
    /// The bot user's name.
    pub bot_user_name: String,
    /// The bot's id, `B…`, on messages the app posts.
    pub bot_id: String,
    /// The app's id, `A…`.
    pub app_id: String,
    /// Events API Request URL (HTTP mode); `None` when the app only uses Socket Mode.
    pub events_url: Option<String>,
    /// Slash command Request URL (HTTP mode).
    pub commands_url: Option<String>,
    /// Interactivity Request URL (HTTP mode).
    pub interactions_url: Option<String>,
    /// Web API rate limits.
    pub rate_limits: RateLimits,
    /// When failed event deliveries are retried, counted from the failure; Slack's are
    /// immediately, after 1 minute and after 5 minutes (3 retries).
    pub retry_delays: Vec<Duration>,
    /// How long the app has to answer (HTTP) or ack (Socket Mode); Slack's is 3 s.
    pub ack_timeout: Duration,
    /// How long a `trigger_id` can be exchanged; Slack's is 3 s.
    pub trigger_ttl: Duration,
    /// How long a `response_url` works; Slack's is 30 minutes (and 5 uses).
    pub response_url_ttl: Duration,
}

impl Default for SlackOptions {
    fn default() -> Self {
        SlackOptions {
            listen: ([127, 0, 0, 1], 0).into(),
            team_id: "T0FAKE0001".into(),
            team_domain: "goldseam-test".into(),
            bot_token: "xoxb-0000-fake-bot-token".into(),
            app_token: "xapp-1-A0FAKE0001-0000-fake-app-token".into(),
            signing_secret: "fake-signing-secret".into(),
            verification_token: "fakeVerificationToken".into(),
            bot_user_id: "U0FAKEBOT1".into(),
            bot_user_name: "goldseam".into(),
            bot_id: "B0FAKEBOT1".into(),
            app_id: "A0FAKE0001".into(),
            events_url: None,
            commands_url: None,
            interactions_url: None,
            rate_limits: RateLimits::slack(),
            retry_delays: vec![
                Duration::ZERO,
                Duration::from_secs(60),
                Duration::from_secs(300),
            ],
            ack_timeout: Duration::from_secs(3),
            trigger_ttl: Duration::from_secs(3),
            response_url_ttl: Duration::from_secs(30 * 60),
        }
    }
}

impl SlackOptions {
    /// Defaults with timings short enough for tests: retries 20 ms apart, a 500 ms ack
    /// timeout, and no rate limits (tests that want them set them).
    pub fn for_tests() -> Self {
        SlackOptions {
            retry_delays: vec![Duration::from_millis(20); 3],
            ack_timeout: Duration::from_millis(500),
            rate_limits: RateLimits::none(),
            ..SlackOptions::default()
        }
    }
}

/// At most `max` calls in any window of `per` (a sliding window). `per_channel` counts each
/// channel apart, as Slack does for `chat.postMessage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// Calls allowed in the window.
    pub max: u32,
    /// The window.
    pub per: Duration,
    /// Whether each channel has its own window.
    pub per_channel: bool,
}

impl Limit {
    /// `max` calls per `per`, workspace-wide.
    pub fn new(max: u32, per: Duration) -> Self {
        Limit {
            max,
            per,
            per_channel: false,
        }
    }

    /// Slack's tier `n` (1 to 4): 1, 20, 50 or 100 calls a minute, plus about 10 % for the
    /// "+" bursts the documentation allows.
    pub fn tier(n: u8) -> Self {
        let rate: u32 = match n {
            1 => 1,
            2 => 20,
            3 => 50,
            _ => 100,
        };
        Limit::new(rate + rate.div_ceil(10), Duration::from_secs(60))
    }
}

/// Web API rate limits: Slack's tiers, none, and overrides per method.
#[derive(Debug, Clone, Default)]
pub struct RateLimits {
    /// Apply Slack's tier of each method (false: only the overrides apply).
    pub tiers: bool,
    /// Limits that replace a method's tier, by method name.
    pub overrides: HashMap<String, Limit>,
}

impl RateLimits {
    /// Slack's tiers.
    pub fn slack() -> Self {
        RateLimits {
            tiers: true,
            overrides: HashMap::new(),
        }
    }

    /// No limits at all.
    pub fn none() -> Self {
        RateLimits::default()
    }

    /// This one also limits `method` to `max` calls per `per` (e.g. `chat.update`, 2 per
    /// 10 s) so a test can reach a 429 in a few calls.
    pub fn with(mut self, method: &str, max: u32, per: Duration) -> Self {
        self.overrides.insert(method.into(), Limit::new(max, per));
        self
    }

    /// The limit for `method`, if any.
    pub(crate) fn limit_for(&self, method: &str) -> Option<Limit> {
        if let Some(l) = self.overrides.get(method) {
            return Some(*l);
        }
        if !self.tiers {
            return None;
        }
        Some(match method {
            // "Special": about one message a second per channel, short bursts allowed.
            "chat.postMessage" => Limit {
                max: 5,
                per: Duration::from_secs(5),
                per_channel: true,
            },
            "conversations.create"
            | "conversations.setTopic"
            | "conversations.archive"
            | "pins.add"
            | "pins.remove" => Limit::tier(2),
            "conversations.invite"
            | "conversations.join"
            | "chat.update"
            | "chat.delete"
            | "chat.unfurl"
            | "users.lookupByEmail"
            | "reactions.add"
            | "reactions.remove"
            | "apps.connections.open"
            | "auth.test"
            | "conversations.info" => Limit::tier(3),
            _ => Limit::tier(4),
        })
    }
}
