//! The Slack app manifest: exactly the scopes the client's methods, the subscribed events and
//! the slash command need; the events the inbound code handles; Request URLs only in HTTP
//! mode.

use goldseam_core::chat::command::SUBCOMMANDS;
use goldseam_integrations::chat::slack::client::METHOD_SCOPES;
use goldseam_integrations::chat::slack::inbound::EVENTS;
use goldseam_integrations::chat::slack::manifest::{manifest, EVENT_SCOPES};
use serde_json::{json, Value};
use std::collections::BTreeSet;

const BASE: &str = "https://goldseam.example.com";

/// The scopes Slack's event pages list for the events Goldseam subscribes to, written out
/// here rather than taken from the code under test.
const EVENT_NEEDS: &[&str] = &[
    "channels:history",
    "groups:history",
    "reactions:read",
    "pins:read",
    "channels:read",
    "groups:read",
    "links:read",
];

fn scopes(m: &Value) -> Vec<String> {
    m["oauth_config"]["scopes"]["bot"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_scopes_are_exactly_those_the_methods_events_and_command_need() {
    let table = METHOD_SCOPES;
    let needed: BTreeSet<String> = table
        .iter()
        .flat_map(|(_, s)| s.iter())
        .chain(EVENT_NEEDS)
        .chain(&["commands"])
        .map(|s| s.to_string())
        .collect();
    for socket_mode in [true, false] {
        let got = scopes(&manifest("Goldseam", BASE, socket_mode, table));
        let sorted_once: Vec<String> = needed.iter().cloned().collect();
        assert_eq!(got, sorted_once, "sorted, each once, none extra or missing");
    }
    // The app-level token's scope is not a bot scope.
    let got = scopes(&manifest("Goldseam", BASE, true, table));
    assert!(!got.iter().any(|s| s == "connections:write"));
    // Derived from the table it is given: a client calling one method asks for its scope.
    let small: &[(&str, &[&str])] = &[("chat.postMessage", &["chat:write"])];
    let got = scopes(&manifest("Goldseam", BASE, true, small));
    let mut expected: Vec<String> = EVENT_NEEDS
        .iter()
        .chain(&["chat:write", "commands"])
        .map(|s| s.to_string())
        .collect();
    expected.sort();
    expected.dedup();
    assert_eq!(got, expected);
}

#[test]
fn every_handled_event_is_subscribed_and_its_scopes_known() {
    let m = manifest("Goldseam", BASE, true, METHOD_SCOPES);
    assert_eq!(
        m["settings"]["event_subscriptions"]["bot_events"],
        json!(EVENTS)
    );
    // The App Home and unfurls: their events, and the scope that answers a link.
    for e in ["app_home_opened", "link_shared"] {
        assert!(EVENTS.contains(&e), "{e}");
    }
    assert!(scopes(&m).iter().any(|s| s == "links:write"));
    let with_scopes: Vec<&str> = EVENT_SCOPES.iter().map(|(e, _)| *e).collect();
    assert_eq!(
        with_scopes, EVENTS,
        "one EVENT_SCOPES entry per event, in order"
    );
}

#[test]
fn the_slash_command_lists_the_subcommands() {
    let m = manifest("Goldseam", BASE, true, METHOD_SCOPES);
    let commands = m["features"]["slash_commands"].as_array().unwrap();
    assert_eq!(commands.len(), 1);
    let c = &commands[0];
    assert_eq!(
        (c["command"].as_str(), c["should_escape"].as_bool()),
        (Some("/inc"), Some(false))
    );
    let hint = c["usage_hint"].as_str().unwrap();
    for sub in SUBCOMMANDS {
        assert!(hint.contains(sub), "{sub} in {hint}");
    }
    assert!(!c["description"].as_str().unwrap().is_empty());
}

#[test]
fn request_urls_only_over_http() {
    let socket = manifest("Goldseam", BASE, true, METHOD_SCOPES);
    assert_eq!(socket["settings"]["socket_mode_enabled"], true);
    assert!(socket["features"]["slash_commands"][0].get("url").is_none());
    assert!(socket["settings"]["event_subscriptions"]
        .get("request_url")
        .is_none());
    assert!(socket["settings"]["interactivity"]
        .get("request_url")
        .is_none());
    assert_eq!(socket["settings"]["interactivity"]["is_enabled"], true);

    let http = manifest("Goldseam", &format!("{BASE}/"), false, METHOD_SCOPES);
    assert_eq!(http["settings"]["socket_mode_enabled"], false);
    assert_eq!(
        http["features"]["slash_commands"][0]["url"],
        format!("{BASE}/api/v1/integrations/slack/commands")
    );
    assert_eq!(
        http["settings"]["event_subscriptions"]["request_url"],
        format!("{BASE}/api/v1/integrations/slack/events")
    );
    assert_eq!(
        http["settings"]["interactivity"]["request_url"],
        format!("{BASE}/api/v1/integrations/slack/interactions")
    );
    // Under a path, the URLs stay under it.
    let sub = manifest("Goldseam", "https://example.com/goldseam", false, &[]);
    assert_eq!(
        sub["settings"]["event_subscriptions"]["request_url"],
        "https://example.com/goldseam/api/v1/integrations/slack/events"
    );
}

#[test]
fn the_rest_of_the_manifest() {
    let m = manifest("Acme Incidents", BASE, true, METHOD_SCOPES);
    assert_eq!(m["_metadata"]["major_version"], 1);
    assert_eq!(m["display_information"]["name"], "Acme Incidents");
    assert_eq!(
        m["features"]["bot_user"],
        json!({"display_name": "acme-incidents", "always_online": true})
    );
    assert_eq!(m["features"]["app_home"]["home_tab_enabled"], true);
    assert_eq!(m["features"]["app_home"]["messages_tab_enabled"], false);
    assert_eq!(
        m["features"]["unfurl_domains"],
        json!(["goldseam.example.com"])
    );
    assert_eq!(m["settings"]["org_deploy_enabled"], false);
    assert_eq!(m["settings"]["token_rotation_enabled"], false);
    // Slack cannot register an address or a bare host name for unfurling.
    for base in [
        "http://127.0.0.1:8080",
        "http://localhost:8080",
        "http://[::1]:8080",
    ] {
        let m = manifest("Goldseam", base, true, &[]);
        assert!(m["features"].get("unfurl_domains").is_none(), "{base}");
    }
}
