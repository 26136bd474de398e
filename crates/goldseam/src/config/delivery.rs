//! The `[delivery]` table: the engine's timeout and concurrency, and each provider's base URL
//! and credentials. Every key also has a GOLDSEAM_* variable; the credentials are secrets,
//! kept out of `Debug` and shown as `[redacted]` by `config print`.

use anyhow::{anyhow, bail, Result};
use goldseam_integrations::chat::slack::app::SlackApp;
use goldseam_integrations::chat::teams::webhook::TeamsWebhook;
use goldseam_integrations::{
    Channels, Email, Secret, Slack, SlackConfig, SmtpConfig, Twilio, TwilioConfig, Webhook,
    WebhookConfig,
};
use goldseam_server::engine::EngineConfig;
use serde::Deserialize;
use std::collections::HashMap;
use std::time::Duration;

/// Each key (as `delivery.KEY`) and its variable (the trackers' are in `trackers.rs`).
pub const KEYS: &[(&str, &str)] = &[
    ("delivery.enabled", "GOLDSEAM_DELIVERY_ENABLED"),
    ("delivery.timeout_secs", "GOLDSEAM_DELIVERY_TIMEOUT_SECS"),
    ("delivery.concurrency", "GOLDSEAM_DELIVERY_CONCURRENCY"),
    ("delivery.lease_secs", "GOLDSEAM_DELIVERY_LEASE_SECS"),
    ("delivery.smtp_url", "GOLDSEAM_SMTP_URL"),
    ("delivery.smtp_from", "GOLDSEAM_SMTP_FROM"),
    ("delivery.twilio_base_url", "GOLDSEAM_TWILIO_BASE_URL"),
    ("delivery.twilio_account_sid", "GOLDSEAM_TWILIO_ACCOUNT_SID"),
    ("delivery.twilio_auth_token", "GOLDSEAM_TWILIO_AUTH_TOKEN"),
    ("delivery.twilio_from", "GOLDSEAM_TWILIO_FROM"),
    ("delivery.slack_base_url", "GOLDSEAM_SLACK_BASE_URL"),
    ("delivery.slack_bot_token", "GOLDSEAM_SLACK_BOT_TOKEN"),
    ("delivery.slack_app_token", "GOLDSEAM_SLACK_APP_TOKEN"),
    (
        "delivery.slack_signing_secret",
        "GOLDSEAM_SLACK_SIGNING_SECRET",
    ),
    ("delivery.mattermost_url", "GOLDSEAM_MATTERMOST_URL"),
    (
        "delivery.mattermost_bot_token",
        "GOLDSEAM_MATTERMOST_BOT_TOKEN",
    ),
    ("delivery.mattermost_team_id", "GOLDSEAM_MATTERMOST_TEAM_ID"),
    (
        "delivery.mattermost_command_token",
        "GOLDSEAM_MATTERMOST_COMMAND_TOKEN",
    ),
    (
        "delivery.mattermost_action_secret",
        "GOLDSEAM_MATTERMOST_ACTION_SECRET",
    ),
    ("delivery.teams_webhook_url", "GOLDSEAM_TEAMS_WEBHOOK_URL"),
    ("delivery.webhook_secret", "GOLDSEAM_WEBHOOK_SECRET"),
];

const SECRETS: &[&str] = &[
    "smtp_url",
    "twilio_auth_token",
    "slack_bot_token",
    "slack_app_token",
    "slack_signing_secret",
    "mattermost_bot_token",
    "mattermost_command_token",
    "mattermost_action_secret",
    // A Workflows URL is its own credential (its sig= parameter).
    "teams_webhook_url",
    "webhook_secret",
];

/// The raw `[delivery]` table. Not `Debug`: it holds credentials in clear.
#[derive(Default, Deserialize)]
#[serde(transparent)]
pub(super) struct DeliveryLayer(HashMap<String, toml::Value>);

impl DeliveryLayer {
    pub(super) fn is_set(&self, key: &str) -> bool {
        self.0.contains_key(key)
    }

    pub(super) fn set(&mut self, key: &str, value: String) {
        self.0.insert(key.to_string(), toml::Value::String(value));
    }
}

/// The validated delivery settings.
#[derive(Clone)]
pub struct DeliveryConfig {
    pub enabled: bool,
    pub timeout: Duration,
    pub concurrency: u32,
    pub lease: Duration,
    values: HashMap<String, String>,
    channels: Channels,
}

impl std::fmt::Debug for DeliveryConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeliveryConfig")
            .field("enabled", &self.enabled)
            .field("timeout", &self.timeout)
            .field("concurrency", &self.concurrency)
            .field("lease", &self.lease)
            .field("channels", &self.channels)
            .finish()
    }
}

/// Reads the table, then the variables, and checks everything.
pub(super) fn load(
    layer: Option<DeliveryLayer>,
    file: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
    origins: &mut HashMap<&'static str, String>,
) -> Result<DeliveryConfig> {
    let mut layer = layer.unwrap_or_default();
    let all_keys = || KEYS.iter().chain(super::trackers::KEYS);
    let known: Vec<&str> = all_keys().map(|(k, _)| &k["delivery.".len()..]).collect();
    for key in layer.0.keys() {
        if !known.contains(&key.as_str()) {
            bail!(
                "unknown key delivery.{key} in the configuration file; known keys are {}",
                known.join(", ")
            );
        }
    }
    for (key, var) in all_keys() {
        let short = &key["delivery.".len()..];
        if layer.is_set(short) {
            if let Some(f) = file {
                origins.insert(key, f.to_string());
            }
        }
        if let Some(v) = env(var).filter(|v| !v.trim().is_empty()) {
            layer.set(short, v);
            origins.insert(key, (*var).to_string());
        }
    }
    let invalid = |key: &str, why: String| {
        let full = format!("delivery.{key}");
        match origins.get(full.as_str()) {
            Some(from) => anyhow!("invalid value for {full} (from {from}): {why}"),
            None => anyhow!("invalid value for {full}: {why}"),
        }
    };
    let mut values = HashMap::new();
    for (key, v) in &layer.0 {
        let s = match v {
            toml::Value::String(s) => s.trim().to_string(),
            toml::Value::Integer(n) => n.to_string(),
            toml::Value::Boolean(b) => b.to_string(),
            _ => bail!(invalid(
                key,
                "must be a string, a number or true/false".into()
            )),
        };
        values.insert(key.clone(), s);
    }
    let get = |k: &str| values.get(k).map(String::as_str);
    let number = |k: &str, default: u64, range: std::ops::RangeInclusive<u64>| -> Result<u64> {
        match get(k) {
            None => Ok(default),
            Some(s) => s
                .parse::<u64>()
                .ok()
                .filter(|n| range.contains(n))
                .ok_or_else(|| {
                    invalid(
                        k,
                        format!(
                            "{s:?} is not a whole number from {} to {}",
                            range.start(),
                            range.end()
                        ),
                    )
                }),
        }
    };
    let enabled = match get("enabled") {
        None | Some("true") => true,
        Some("false") => false,
        Some(s) => bail!(invalid("enabled", format!("{s:?} is not true or false"))),
    };
    let timeout = Duration::from_secs(number("timeout_secs", 10, 1..=30)?);
    let concurrency = number("concurrency", 8, 1..=256)? as u32;
    // A lease shorter than twice the timeout would let a slow but live send be taken over.
    let lease = Duration::from_secs(number("lease_secs", 60, 2..=3600)?);
    if lease < timeout * 2 {
        bail!(invalid(
            "lease_secs",
            format!(
                "must be at least twice timeout_secs ({} s)",
                timeout.as_secs() * 2
            )
        ));
    }
    let url = |k: &str, default: &str| -> Result<String> {
        let u = get(k).unwrap_or(default).trim_end_matches('/').to_string();
        if !(u.starts_with("http://") || u.starts_with("https://")) {
            bail!(invalid(
                k,
                format!("{u:?} is not an http:// or https:// URL")
            ));
        }
        Ok(u)
    };
    let mut channels = Channels {
        webhook: Webhook::new(WebhookConfig {
            secret: get("webhook_secret").map(Secret::new),
            timeout,
        }),
        ..Channels::default()
    };
    match (get("smtp_url"), get("smtp_from")) {
        (None, None) => {}
        (Some(u), Some(from)) => {
            let email = Email::new(SmtpConfig {
                url: Secret::new(u),
                from: from.into(),
                timeout,
            })
            .map_err(|e| invalid("smtp_url", e.to_string()))?;
            channels.email = Some(email);
        }
        _ => bail!(invalid(
            "smtp_url",
            "set both smtp_url and smtp_from, or neither".into()
        )),
    }
    let twilio_base = url("twilio_base_url", "https://api.twilio.com")?;
    match (
        get("twilio_account_sid"),
        get("twilio_auth_token"),
        get("twilio_from"),
    ) {
        (None, None, None) => {}
        (Some(sid), Some(token), Some(from)) => {
            goldseam_core::delivery::check_e164("twilio_from", from)
                .map_err(|e| invalid("twilio_from", e.to_string()))?;
            channels.twilio = Some(Twilio::new(TwilioConfig {
                base_url: twilio_base,
                account_sid: sid.into(),
                auth_token: Secret::new(token),
                from: from.into(),
                callback_base: String::new(),
                timeout,
            }));
        }
        _ => bail!(invalid(
            "twilio_account_sid",
            "set twilio_account_sid, twilio_auth_token and twilio_from together, or none".into()
        )),
    }
    let slack_base = url("slack_base_url", "https://slack.com")?;
    let (app_token, signing_secret) = (get("slack_app_token"), get("slack_signing_secret"));
    if let Some(t) = app_token.filter(|t| !t.starts_with("xapp-")) {
        bail!(invalid(
            "slack_app_token",
            format!(
                "an app-level token starts with xapp- (this one starts with {:?}); make one under Basic Information → App-Level Tokens with connections:write",
                t.chars().take(5).collect::<String>()
            )
        ));
    }
    match get("slack_bot_token") {
        Some(token) => {
            let slack = Slack::new(SlackConfig {
                base_url: slack_base,
                bot_token: Secret::new(token),
                timeout,
            });
            let app = app_token.is_some() || signing_secret.is_some();
            channels.slack = Some(if app { slack.with_buttons() } else { slack });
            if app {
                channels.slack_app = Some(SlackApp {
                    app_token: app_token.map(Secret::new),
                    signing_secret: signing_secret.map(Secret::new),
                });
            }
        }
        None if app_token.is_some() || signing_secret.is_some() => bail!(invalid(
            "slack_bot_token",
            "the Slack app needs its bot token (xoxb-…) with the app-level token or signing secret"
                .into()
        )),
        None => {}
    }
    channels.mattermost = super::mattermost::mattermost(&values, &invalid, &url, timeout)?;
    if let Some(u) = get("teams_webhook_url") {
        let webhook =
            TeamsWebhook::new(u, timeout).map_err(|why| invalid("teams_webhook_url", why))?;
        channels.teams = Some(webhook);
    }
    channels.trackers = super::trackers::load(
        &|k| get(k).map(String::from),
        &|k, why| invalid(k, why),
        timeout,
    )?;
    Ok(DeliveryConfig {
        enabled,
        timeout,
        concurrency,
        lease,
        values,
        channels,
    })
}

impl DeliveryConfig {
    /// The engine's settings; Twilio's callbacks go to the public URL.
    pub fn engine_config(&self, public_url: &str) -> EngineConfig {
        let mut channels = self.channels.clone();
        if let Some(t) = &self.channels.twilio {
            channels.twilio =
                Some(t.with_callback_base(format!("{public_url}/api/v1/integrations/twilio")));
        }
        EngineConfig {
            enabled: self.enabled,
            timeout: self.timeout,
            concurrency: self.concurrency,
            lease: jiff::SignedDuration::try_from(self.lease)
                .unwrap_or(goldseam_core::delivery::DEFAULT_LEASE),
            channels,
            public_url: public_url.to_string(),
            ..EngineConfig::default()
        }
    }

    /// The `[delivery]` table for `config print`, credentials redacted.
    pub fn to_toml(&self, origin: impl Fn(&str) -> Option<String>) -> String {
        let mut out = String::from("\n[delivery]\n");
        let mut line = |k: &str, v: String| {
            out.push_str(&format!("{k} = {v}"));
            match origin(&format!("delivery.{k}")) {
                Some(from) => out.push_str(&format!("  # from {from}\n")),
                None => out.push('\n'),
            }
        };
        line("enabled", self.enabled.to_string());
        line("timeout_secs", self.timeout.as_secs().to_string());
        line("concurrency", self.concurrency.to_string());
        line("lease_secs", self.lease.as_secs().to_string());
        let mut keys: Vec<&String> = self.values.keys().collect();
        keys.sort();
        for k in keys {
            if ["enabled", "timeout_secs", "concurrency", "lease_secs"].contains(&k.as_str()) {
                continue;
            }
            let v = if SECRETS.contains(&k.as_str())
                || super::trackers::SECRETS.contains(&k.as_str())
            {
                "\"[redacted]\"".to_string()
            } else {
                toml::Value::String(self.values[k].clone()).to_string()
            };
            line(k, v);
        }
        out
    }
}
