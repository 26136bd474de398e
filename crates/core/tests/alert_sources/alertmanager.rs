//! Alertmanager's webhook (`webhook_configs`), payload version 4.

use super::{alerts, fixture, inbound, read_webhook, refuse, shown};
use goldseam_core::alerts::{AlertSeverity, AlertStatus, Endpoint, KeySource, SourceKind};

const AM: SourceKind = SourceKind::Alertmanager;

/// GoAlert #4461: its Alertmanager integration keyed alerts by summary, so two hosts' alerts
/// with one summary became one alert and the second host was never paged for.
#[test]
fn two_alerts_with_one_summary_are_two_alerts() {
    let parsed = read_webhook(AM, "alertmanager/firing-same-summary.json");
    let a = alerts(&parsed);
    assert_eq!(a.len(), 2);
    assert_eq!(a[0].summary, a[1].summary);
    assert_ne!(a[0].dedup_key, a[1].dedup_key);
    assert_eq!(a[0].dedup_key, "f9147fd59f66ecae");
    assert!(a.iter().all(|a| a.key_from == KeySource::Fingerprint));
    insta::assert_json_snapshot!("alertmanager_firing_same_summary", shown(&parsed));
}

#[test]
fn each_alert_says_what_it_is_about() {
    let parsed = read_webhook(AM, "alertmanager/firing-same-summary.json");
    let a = alerts(&parsed)[0];
    assert_eq!(a.status, AlertStatus::Firing);
    assert_eq!(
        a.severity,
        AlertSeverity::Critical,
        "from the severity label"
    );
    assert_eq!(a.source.as_deref(), Some("db-1:9100"), "the instance label");
    assert_eq!(a.labels["device"], "/dev/sda1");
    assert_eq!(
        a.annotations["runbook_url"],
        "https://runbooks.example.com/disk-full"
    );
    assert_eq!(
        a.sender_group.as_deref(),
        Some(r#"{}/{severity="critical"}:{alertname="DiskFull"}"#)
    );
    let names: Vec<&str> = a.links.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(names, ["Source", "Alertmanager"]);
    assert_eq!(a.links[1].href, "http://alertmanager.example.com:9093");
    assert_eq!(
        a.starts_at.map(|t| t.to_string()).as_deref(),
        Some("2024-05-01T10:00:00.123456789Z")
    );
    assert_eq!(a.ends_at, None, "Go's zero time is no end");
}

/// The top-level status is "firing" while any alert in the group fires; each alert's own
/// status is the one that counts.
#[test]
fn each_alerts_own_status_counts_not_the_groups() {
    let parsed = read_webhook(AM, "alertmanager/one-resolved-one-firing.json");
    let a = alerts(&parsed);
    assert_eq!(a[0].status, AlertStatus::Resolved);
    assert_eq!(
        a[0].ends_at.map(|t| t.to_string()).as_deref(),
        Some("2024-05-01T10:20:00Z")
    );
    assert_eq!(a[1].status, AlertStatus::Firing);
}

/// A notification written by hand (or passed through a proxy that drops fields) still keys
/// each alert by its labels, and names it by them.
#[test]
fn an_alert_without_fingerprint_or_summary_is_keyed_and_named_by_its_labels() {
    let parsed = read_webhook(AM, "alertmanager/no-fingerprint-no-summary.json");
    let a = alerts(&parsed)[0];
    assert_eq!(
        a.dedup_key, "0a7ade05dd2c7537",
        "Prometheus' fingerprint of the labels"
    );
    assert_eq!(a.key_from, KeySource::Fingerprint);
    assert_eq!(a.summary, "InstanceDown on web-3:9100");
    assert_eq!(a.severity, AlertSeverity::Error, "no severity label");
    assert_eq!(a.links.len(), 1, "an empty generatorURL is no link");
    insta::assert_json_snapshot!("alertmanager_no_fingerprint", shown(&parsed));
}

#[test]
fn the_description_stands_in_for_a_missing_summary() {
    let body = br#"{"version":"4","status":"firing","alerts":[{"status":"firing",
        "labels":{"alertname":"A"},"annotations":{"description":"  Long text  "}}]}"#;
    let parsed = super::read(AM, &inbound(Endpoint::Webhook, None, body));
    assert_eq!(alerts(&parsed)[0].summary, "Long text");
}

#[test]
fn other_payload_versions_are_refused_with_the_version_named() {
    let body = br#"{"version":"3","alerts":[]}"#;
    let r = refuse(AM, &inbound(Endpoint::Webhook, None, body));
    assert_eq!(
        r.message,
        "Only Alertmanager webhook payload version 4 is understood"
    );
    assert_eq!(r.errors, [r#"'version' must be "4" (got "3")"#]);

    let grafana = fixture("grafana/firing-and-resolved.json");
    let r = refuse(AM, &inbound(Endpoint::Webhook, None, &grafana));
    assert!(r.message.contains("Grafana integration"), "{r:?}");
}

#[test]
fn every_bad_alert_is_named_in_one_refusal() {
    let body = br#"{"version":"4","alerts":[
        {"status":"firing","labels":{"a":"1"}},
        "nonsense",
        {"status":"pending","labels":{"a":"2"}},
        {"labels":{"a":"3"}}
    ]}"#;
    let r = refuse(AM, &inbound(Endpoint::Webhook, None, body));
    assert_eq!(
        r.errors,
        [
            "'alerts[1]' is not an object",
            r#"'alerts[2].status' must be firing or resolved (got "pending")"#,
            "'alerts[3].status' is missing",
        ]
    );
    let r = refuse(AM, &inbound(Endpoint::Webhook, None, br#"{"version":"4"}"#));
    assert_eq!(r.errors, ["'alerts' is missing or not a list"]);
}

#[test]
fn an_empty_group_is_no_alerts() {
    let body = br#"{"version":"4","status":"resolved","alerts":[]}"#;
    let parsed = super::read(AM, &inbound(Endpoint::Webhook, None, body));
    assert!(parsed.signals.is_empty());
}
