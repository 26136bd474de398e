//! The Slack app manifest each company pastes into "Create New App → From a manifest": every
//! company runs its own internal app (no Marketplace review, its own rate limits), so Goldseam
//! prints one (`goldseam slack manifest`) instead of publishing one.
//!
//! The bot scopes are derived, not listed by hand: those of the Web API methods the client
//! calls, those of the events Goldseam subscribes to ([`EVENTS`]) and `commands` for the slash
//! command. A scope nothing uses is one an admin is asked to grant for nothing; one missing
//! fails at run time with `missing_scope`.
//!
//! Socket Mode (the default) needs no Request URLs; the app-level token it connects with
//! (`connections:write`) is not part of a manifest: the admin generates it under "Basic
//! Information → App-Level Tokens".

use super::inbound::EVENTS;
use goldseam_core::chat::command::{COMMAND, SUBCOMMANDS};
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// The bot scopes each event in [`EVENTS`] needs (docs.slack.dev/reference/events).
pub const EVENT_SCOPES: &[(&str, &[&str])] = &[
    ("message.channels", &["channels:history"]),
    ("message.groups", &["groups:history"]),
    ("reaction_added", &["reactions:read"]),
    ("reaction_removed", &["reactions:read"]),
    ("pin_added", &["pins:read"]),
    ("pin_removed", &["pins:read"]),
    ("member_joined_channel", &["channels:read", "groups:read"]),
    ("link_shared", &["links:read"]),
    ("app_home_opened", &[]),
];

/// The scope a slash command needs.
pub const COMMAND_SCOPE: &str = "commands";

/// Every bot scope: those of `method_scopes`, of [`EVENTS`] and the command's; sorted, once
/// each.
pub fn bot_scopes(method_scopes: &[(&str, &[&str])]) -> Vec<String> {
    let events = EVENT_SCOPES
        .iter()
        .filter(|(event, _)| EVENTS.contains(event))
        .flat_map(|(_, scopes)| scopes.iter());
    let methods = method_scopes.iter().flat_map(|(_, scopes)| scopes.iter());
    let all: BTreeSet<&str> = methods
        .chain(events)
        .copied()
        .chain([COMMAND_SCOPE])
        .collect();
    all.into_iter().map(String::from).collect()
}

/// The manifest (JSON, `_metadata.major_version` 1) for an app called `app_name` talking to
/// Goldseam at `base_url` (`https://goldseam.example.com`). With `socket_mode` false the
/// Request URLs are `{base_url}/api/v1/integrations/slack/events`, `…/commands` and
/// `…/interactions`.
/// `method_scopes` is the client's table of methods and their scopes.
pub fn manifest(
    app_name: &str,
    base_url: &str,
    socket_mode: bool,
    method_scopes: &[(&str, &[&str])],
) -> Value {
    let base = base_url.trim_end_matches('/');
    let url =
        |path: &str| (!socket_mode).then(|| format!("{base}/api/v1/integrations/slack/{path}"));
    let mut command = json!({
        "command": COMMAND,
        "description": "Declare an incident or run one",
        "usage_hint": format!("[INC-42] [{}]", SUBCOMMANDS.join("|")),
        "should_escape": false,
    });
    let mut events = json!({ "bot_events": EVENTS });
    let mut interactivity = json!({ "is_enabled": true });
    if let Some(u) = url("commands") {
        command["url"] = json!(u);
    }
    if let Some(u) = url("events") {
        events["request_url"] = json!(u);
    }
    if let Some(u) = url("interactions") {
        interactivity["request_url"] = json!(u);
    }
    let mut features = json!({
        "app_home": {
            "home_tab_enabled": true,
            "messages_tab_enabled": false,
            "messages_tab_read_only_enabled": false,
        },
        "bot_user": { "display_name": bot_name(app_name), "always_online": true },
        "slash_commands": [command],
    });
    if let Some(domain) = unfurl_domain(base) {
        features["unfurl_domains"] = json!([domain]);
    }
    json!({
        "_metadata": { "major_version": 1, "minor_version": 1 },
        "display_information": {
            "name": app_name,
            "description": "Incidents from Slack: declare, page, update and resolve with /inc.",
            "background_color": "#1d1c1d",
        },
        "features": features,
        "oauth_config": { "scopes": { "bot": bot_scopes(method_scopes) } },
        "settings": {
            "event_subscriptions": events,
            "interactivity": interactivity,
            "org_deploy_enabled": false,
            "socket_mode_enabled": socket_mode,
            "token_rotation_enabled": false,
        },
    })
}

/// The bot's @-name: Slack takes lowercase letters, digits, `.`, `-` and `_` (80 at most).
fn bot_name(app_name: &str) -> String {
    let name: String = app_name
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c.is_whitespace() { '-' } else { c })
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .take(80)
        .collect();
    if name.is_empty() {
        "goldseam".into()
    } else {
        name
    }
}

/// The host whose links Slack should offer to unfurl. An IP address or a name without a dot
/// (localhost) cannot be registered, so none is listed for those.
fn unfurl_domain(base: &str) -> Option<String> {
    let url = reqwest::Url::parse(base).ok()?;
    let host = url.host_str()?;
    let ip = host.starts_with('[') || host.parse::<std::net::Ipv4Addr>().is_ok();
    (!ip && host.contains('.')).then(|| host.to_string())
}
