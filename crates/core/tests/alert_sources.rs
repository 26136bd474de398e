//! Requests from each alert sender, as they arrive (fixtures written from the vendors' docs
//! and, under `captured/`, recorded from a real Alertmanager), read into what Goldseam acts
//! on. Every refusal is checked with the words the sender's admin will read.

#[path = "alert_sources/alertmanager.rs"]
mod alertmanager;
#[path = "alert_sources/captured.rs"]
mod captured;
#[path = "alert_sources/datadog.rs"]
mod datadog;
#[path = "alert_sources/grafana.rs"]
mod grafana;
#[path = "alert_sources/opsgenie.rs"]
mod opsgenie;
#[path = "alert_sources/pagerduty.rs"]
mod pagerduty;
#[path = "alert_sources/pagerduty_webhook.rs"]
mod pagerduty_webhook;
#[path = "alert_sources/robustness.rs"]
mod robustness;

use goldseam_core::alerts::sources::parse;
use goldseam_core::alerts::{
    AlertSignal, Endpoint, Inbound, Parsed, Rejection, Signal, SourceKind,
};
use std::path::PathBuf;

/// A fixture's bytes, from tests/fixtures/alerts/.
pub fn fixture(path: &str) -> Vec<u8> {
    let full: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests/fixtures/alerts", path]
        .iter()
        .collect();
    std::fs::read(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// A request to `endpoint` with `body` (and the alias in the path, for Opsgenie).
pub fn inbound<'a>(endpoint: Endpoint, subject: Option<&'a str>, body: &'a [u8]) -> Inbound<'a> {
    Inbound {
        endpoint,
        subject,
        body,
        assigned_key: None,
    }
}

/// Reads a request that must be accepted.
pub fn read(kind: SourceKind, inbound: &Inbound<'_>) -> Parsed {
    parse(kind, inbound).unwrap_or_else(|r| panic!("refused: {r:?}"))
}

/// Reads a webhook fixture that must be accepted.
pub fn read_webhook(kind: SourceKind, path: &str) -> Parsed {
    read(kind, &inbound(Endpoint::Webhook, None, &fixture(path)))
}

/// Reads a request that must be refused.
pub fn refuse(kind: SourceKind, inbound: &Inbound<'_>) -> Rejection {
    match parse(kind, inbound) {
        Ok(p) => panic!("accepted: {p:?}"),
        Err(r) => r,
    }
}

/// The alerts among a request's signals.
pub fn alerts(parsed: &Parsed) -> Vec<&AlertSignal> {
    parsed
        .signals
        .iter()
        .filter_map(|s| match s {
            Signal::Alert(a) => Some(a),
            _ => None,
        })
        .collect()
}

/// What a snapshot shows of a request: its signals and delivery id.
pub fn shown(parsed: &Parsed) -> serde_json::Value {
    serde_json::json!({
        "delivery_id": parsed.delivery_id,
        "signals": parsed.signals,
    })
}

#[test]
fn generic_webhooks_are_left_to_their_mapping() {
    let r = refuse(
        SourceKind::Webhook,
        &inbound(Endpoint::Webhook, None, br#"{"summary":"x"}"#),
    );
    assert!(r.message.contains("mapping"), "{r:?}");
}

#[test]
fn a_request_at_another_senders_address_is_refused() {
    let body = fixture("pagerduty/trigger-full.json");
    let r = refuse(
        SourceKind::Alertmanager,
        &inbound(Endpoint::Enqueue, None, &body),
    );
    assert!(r.message.contains("Prometheus Alertmanager"), "{r:?}");
    let r = refuse(
        SourceKind::Pagerduty,
        &inbound(Endpoint::OpsgenieCreate, None, &body),
    );
    assert!(r.errors[0].contains("opsgenie_create"), "{r:?}");
}

#[test]
fn bodies_that_are_not_json_objects_are_refused_saying_so() {
    for kind in [
        SourceKind::Alertmanager,
        SourceKind::Grafana,
        SourceKind::Datadog,
        SourceKind::PagerdutyWebhook,
    ] {
        let r = refuse(kind, &inbound(Endpoint::Webhook, None, b"alert!"));
        assert!(
            r.errors[0].starts_with("the body is not JSON"),
            "{kind}: {r:?}"
        );
        let r = refuse(kind, &inbound(Endpoint::Webhook, None, b"[1, 2]"));
        assert!(r.errors[0].contains("not an object"), "{kind}: {r:?}");
    }
}
