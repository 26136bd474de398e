//! Datadog webhooks with Goldseam's payload template.

use super::{alerts, inbound, read_webhook, refuse, shown};
use goldseam_core::alerts::sources::DATADOG_TEMPLATE;
use goldseam_core::alerts::{AlertSeverity, AlertStatus, Endpoint, KeySource, SourceKind};

const DD: SourceKind = SourceKind::Datadog;

#[test]
fn the_template_is_json_once_datadog_fills_it_in() {
    let filled = DATADOG_TEMPLATE
        .replace("$DATE", "1714557600000")
        .replace('$', "");
    let v: serde_json::Value = serde_json::from_str(&filled).expect("valid JSON");
    assert_eq!(v["alert_cycle_key"], "ALERT_CYCLE_KEY");
    for var in [
        "$ALERT_CYCLE_KEY",
        "$ALERT_TRANSITION",
        "$EVENT_TITLE",
        "$TAGS",
        "$DATE",
    ] {
        assert!(DATADOG_TEMPLATE.contains(var), "{var}");
    }
}

#[test]
fn a_monitor_cycle_is_one_alert_from_trigger_to_recovery() {
    let fired = read_webhook(DD, "datadog/triggered.json");
    let recovered = read_webhook(DD, "datadog/recovered.json");
    let (f, r) = (alerts(&fired)[0], alerts(&recovered)[0]);
    assert_eq!(f.dedup_key, "8239483745698734");
    assert_eq!(f.dedup_key, r.dedup_key);
    assert_eq!(f.key_from, KeySource::AlertCycleKey);
    assert_eq!(f.status, AlertStatus::Firing);
    assert_eq!(r.status, AlertStatus::Resolved);
    assert_eq!(f.severity, AlertSeverity::Error, "P2");
    assert_eq!(f.summary, "[Triggered on {host:web-04}] CPU load is high");
    assert_eq!(f.source.as_deref(), Some("web-04"));
    assert_eq!(f.labels["env"], "prod");
    assert_eq!(f.labels["canary"], "true");
    assert_eq!(
        f.annotations["message"],
        "CPU load on web-04 has been above 4 for 5 minutes.\n\n@webhook-goldseam",
        "without Datadog's %%% markers"
    );
    assert_eq!(
        f.starts_at.map(|t| t.to_string()).as_deref(),
        Some("2024-05-01T10:00:00Z")
    );
    assert_eq!(
        r.ends_at.map(|t| t.to_string()).as_deref(),
        Some("2024-05-01T10:15:00Z"),
        "$DATE as a number works too"
    );
    insta::assert_json_snapshot!("datadog_triggered", shown(&fired));
}

/// A variable Datadog leaves unfilled arrives as its own name; it is not a key.
#[test]
fn without_a_cycle_key_the_monitor_and_scope_are_the_key() {
    let parsed = read_webhook(DD, "datadog/no-cycle-key.json");
    let a = alerts(&parsed)[0];
    assert_eq!(a.dedup_key, "datadog-1234567-host:web-04");
    assert_eq!(a.status, AlertStatus::Firing, "Warn still fires");
    assert_eq!(a.severity, AlertSeverity::Warning, "from alert_type");
}

#[test]
fn a_long_scope_is_hashed_into_the_key() {
    let scope = "host:web-04,".repeat(40);
    let body = serde_json::json!({"alert_id": "42", "scope": scope, "transition": "Triggered"});
    let body = body.to_string();
    let parsed = super::read(DD, &inbound(Endpoint::Webhook, None, body.as_bytes()));
    let key = &alerts(&parsed)[0].dedup_key;
    assert!(key.starts_with("datadog-") && key.len() < 64, "{key}");
}

#[test]
fn a_payload_with_no_ids_is_refused_pointing_at_the_template() {
    let body = super::fixture("datadog/without-ids.json");
    let r = refuse(DD, &inbound(Endpoint::Webhook, None, &body));
    assert_eq!(
        r.errors,
        [
            "alert_cycle_key ($ALERT_CYCLE_KEY) or alert_id ($ALERT_ID) is required: use the \
          payload template from Goldseam's integration page"
        ]
    );
}

#[test]
fn an_overlong_cycle_key_without_a_monitor_id_is_refused() {
    let body = serde_json::json!({"alert_cycle_key": "k".repeat(300)}).to_string();
    let r = refuse(DD, &inbound(Endpoint::Webhook, None, body.as_bytes()));
    assert_eq!(
        r.errors,
        ["'alert_cycle_key' is 300 bytes long; at most 255 are allowed"]
    );
}
