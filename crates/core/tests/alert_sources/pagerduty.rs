//! PagerDuty Events API v2: `/v2/enqueue` and `/v2/change/enqueue`.

use super::{alerts, fixture, read, refuse, shown};
use goldseam_core::alerts::signal::MAX_SUMMARY;
use goldseam_core::alerts::sources::routing_key;
use goldseam_core::alerts::{
    AlertSeverity, AlertStatus, Endpoint, Inbound, KeySource, Signal, SourceKind,
};

const PD: SourceKind = SourceKind::Pagerduty;

fn event(
    body: &[u8],
    assigned_key: Option<&str>,
) -> Result<goldseam_core::alerts::Parsed, goldseam_core::alerts::Rejection> {
    let inbound = Inbound {
        endpoint: Endpoint::Enqueue,
        subject: None,
        body,
        assigned_key,
    };
    goldseam_core::alerts::sources::parse(PD, &inbound)
}

fn enqueue(body: &[u8]) -> Inbound<'_> {
    super::inbound(Endpoint::Enqueue, None, body)
}

#[test]
fn alertmanagers_trigger_and_resolve_are_one_alert() {
    let fired = read(
        PD,
        &enqueue(&fixture("pagerduty/trigger-from-alertmanager.json")),
    );
    let resolved = read(
        PD,
        &enqueue(&fixture("pagerduty/resolve-from-alertmanager.json")),
    );
    let (f, r) = (alerts(&fired)[0], alerts(&resolved)[0]);
    assert_eq!(f.dedup_key, r.dedup_key);
    assert_eq!(f.key_from, KeySource::DedupKey);
    assert_eq!(
        (f.status, r.status),
        (AlertStatus::Firing, AlertStatus::Resolved)
    );
    assert_eq!(f.summary, "[FIRING:2] DiskFull (/dev/sda1 node critical)");
    assert_eq!(f.severity, AlertSeverity::Error);
    assert_eq!(f.annotations["num_firing"], "2");
    let links: Vec<(&str, &str)> = f
        .links
        .iter()
        .map(|l| (l.text.as_str(), l.href.as_str()))
        .collect();
    assert_eq!(
        links,
        [
            (
                "Alertmanager",
                "http://alertmanager.example.com:9093/#/alerts?receiver=pagerduty"
            ),
            ("Runbook", "https://runbooks.example.com/disk-full"),
            ("Disk usage", "https://grafana.example.com/d/disk"),
        ]
    );
    insta::assert_json_snapshot!("pagerduty_trigger_from_alertmanager", shown(&fired));
}

#[test]
fn every_field_of_pagerdutys_example_is_kept() {
    let parsed = read(PD, &enqueue(&fixture("pagerduty/trigger-full.json")));
    let a = alerts(&parsed)[0];
    assert_eq!(a.severity, AlertSeverity::Critical);
    assert_eq!(a.labels["component"], "postgres");
    assert_eq!(a.labels["group"], "prod-datapipe");
    assert_eq!(a.labels["class"], "deploy");
    assert_eq!(a.annotations["ping time"], "1500ms");
    assert_eq!(a.annotations["load avg"], "0.75", "numbers as text");
    assert_eq!(
        a.annotations["free space"], r#"{"/":"1%","/var":"12%"}"#,
        "objects as JSON"
    );
    assert_eq!(
        a.starts_at.map(|t| t.to_string()).as_deref(),
        Some("2015-07-17T08:42:58.315Z"),
        "PagerDuty's +0000 offset"
    );
    assert_eq!(
        a.links[2].href,
        "https://www.pagerduty.com/wp-content/uploads/2016/05/pagerduty-logo-green.png",
        "an image without href links to itself"
    );
    insta::assert_json_snapshot!("pagerduty_trigger_full", shown(&parsed));
}

#[test]
fn a_trigger_without_a_key_gets_the_one_goldseam_assigned() {
    let body = fixture("pagerduty/trigger-without-dedup-key.json");
    let parsed = event(&body, Some("gs-7f3a")).unwrap();
    let a = alerts(&parsed)[0];
    assert_eq!(a.dedup_key, "gs-7f3a");
    assert_eq!(a.key_from, KeySource::Generated);
    assert_eq!(
        a.annotations["details"], "exit status 2",
        "plain-text custom details"
    );
    assert_eq!(a.severity, AlertSeverity::Warning);

    let r = event(&body, None).unwrap_err();
    assert_eq!(
        r.errors,
        ["'dedup_key' is missing and no key was assigned to this event"]
    );
}

#[test]
fn acknowledge_needs_only_the_key() {
    let parsed = read(PD, &enqueue(&fixture("pagerduty/acknowledge.json")));
    let a = alerts(&parsed)[0];
    assert_eq!(a.status, AlertStatus::Acknowledged);
    assert_eq!(a.dedup_key, "srv01/HTTP");
    assert_eq!(a.summary, "");
}

/// PagerDuty lists every problem, each naming its field; so does Goldseam.
#[test]
fn an_invalid_trigger_is_refused_with_every_problem_named() {
    let r = refuse(PD, &enqueue(&fixture("pagerduty/trigger-invalid.json")));
    assert_eq!(r.message, "Event object is invalid");
    assert_eq!(
        r.errors,
        [
            "'dedup_key' is 300 bytes long; at most 255 are allowed",
            "'payload.summary' is missing or blank",
            "'payload.source' is missing or blank",
            r#"'payload.severity' must be critical, error, warning or info (got "sev1")"#,
        ]
    );
}

#[test]
fn each_missing_piece_is_named() {
    let cases: [(&str, &[&str]); 5] = [
        (
            r#"{"event_action":"resolve"}"#,
            &[
                "'routing_key' is missing or blank",
                "'dedup_key' is missing or blank",
            ],
        ),
        (
            r#"{"routing_key":"k","event_action":"snooze","dedup_key":"a"}"#,
            &[r#"'event_action' must be trigger, acknowledge or resolve (got "snooze")"#],
        ),
        (
            r#"{"routing_key":"k","dedup_key":"a"}"#,
            &["'event_action' is missing"],
        ),
        (
            r#"{"routing_key":"k","event_action":"trigger","dedup_key":"a"}"#,
            &[
                "'payload.summary' is missing or blank",
                "'payload.source' is missing or blank",
                "'payload.severity' is missing",
            ],
        ),
        (
            r#"{"routing_key":" ","event_action":"trigger","dedup_key":"a","payload":"x"}"#,
            &[
                "'routing_key' is missing or blank",
                "'payload' must be an object",
                "'payload.summary' is missing or blank",
                "'payload.source' is missing or blank",
                "'payload.severity' is missing",
            ],
        ),
    ];
    for (body, errors) in cases {
        let r = refuse(PD, &enqueue(body.as_bytes()));
        assert_eq!(r.errors, errors, "{body}");
    }
}

#[test]
fn a_long_summary_is_cut_not_refused() {
    let body = serde_json::json!({
        "routing_key": "k", "event_action": "trigger", "dedup_key": "a",
        "payload": {"summary": "é".repeat(5000), "source": "s", "severity": "info"}
    })
    .to_string();
    let parsed = read(PD, &enqueue(body.as_bytes()));
    let summary = &alerts(&parsed)[0].summary;
    assert_eq!(summary.chars().count(), MAX_SUMMARY);
    assert!(summary.ends_with('…'));
}

#[test]
fn a_change_event_is_a_change() {
    let body = fixture("pagerduty/change.json");
    let parsed = read(PD, &super::inbound(Endpoint::ChangeEnqueue, None, &body));
    let Signal::Change {
        summary,
        source,
        links,
        at,
    } = &parsed.signals[0]
    else {
        panic!("{parsed:?}");
    };
    assert_eq!(
        summary,
        "Build Success: Increase snapshot create timeout to 30 seconds"
    );
    assert_eq!(
        source.as_deref(),
        Some("acme-build-pipeline-tool-default-i-9999")
    );
    assert_eq!(links[0].text, "View more details in Acme!");
    assert!(at.is_some());
    insta::assert_json_snapshot!("pagerduty_change", shown(&parsed));

    let r = refuse(
        PD,
        &super::inbound(
            Endpoint::ChangeEnqueue,
            None,
            br#"{"payload":{"source":"ci"}}"#,
        ),
    );
    assert_eq!(
        r.errors,
        [
            "'routing_key' is missing or blank",
            "'payload.summary' is missing or blank"
        ]
    );
}

#[test]
fn the_routing_key_is_found_before_reading() {
    let body = fixture("pagerduty/trigger-full.json");
    assert_eq!(
        routing_key(&body).as_deref(),
        Some("R0UT1NGK3Y0000000000000000000001")
    );
    assert_eq!(
        routing_key(&fixture("pagerduty/change.json")).as_deref(),
        Some("R0UT1NGK3Y0000000000000000000001")
    );
    assert_eq!(routing_key(br#"{"routing_key":"  "}"#), None);
    assert_eq!(routing_key(b"not json"), None);
}
