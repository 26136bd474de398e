//! Opsgenie's Alert API as Alertmanager's `opsgenie_configs` calls it.

use super::{alerts, fixture, inbound, read, refuse, shown};
use goldseam_core::alerts::{AlertSeverity, AlertStatus, Endpoint, KeySource, Signal, SourceKind};

const OG: SourceKind = SourceKind::Opsgenie;
const ALIAS: &str = "4b1a7f0e2c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f";

#[test]
fn alertmanagers_create_is_an_alert_keyed_by_alias() {
    let body = fixture("opsgenie/create-from-alertmanager.json");
    let parsed = read(OG, &inbound(Endpoint::OpsgenieCreate, None, &body));
    let a = alerts(&parsed)[0];
    assert_eq!(a.dedup_key, ALIAS);
    assert_eq!(a.key_from, KeySource::Alias);
    assert_eq!(a.status, AlertStatus::Firing);
    assert_eq!(a.summary, "[FIRING:2] DiskFull (/dev/sda1 node critical)");
    assert_eq!(a.severity, AlertSeverity::Critical, "P1");
    assert_eq!(a.source.as_deref(), Some("db-1"), "the entity");
    assert_eq!(a.labels["disk"], "true");
    assert_eq!(a.labels["team"], "dba");
    assert_eq!(a.labels["env"], "prod");
    assert_eq!(a.annotations["alertname"], "DiskFull", "details");
    assert!(a.annotations["description"].starts_with("Alerts Firing:"));
    insta::assert_json_snapshot!("opsgenie_create_from_alertmanager", shown(&parsed));
}

#[test]
fn priorities_map_to_severities_and_p3_is_the_default() {
    for (priority, severity) in [
        (Some("P1"), AlertSeverity::Critical),
        (Some("P2"), AlertSeverity::Error),
        (Some("P3"), AlertSeverity::Warning),
        (Some("P4"), AlertSeverity::Info),
        (Some("P5"), AlertSeverity::Info),
        (None, AlertSeverity::Warning),
    ] {
        let mut body = serde_json::json!({"message": "m", "alias": "a"});
        if let Some(p) = priority {
            body["priority"] = p.into();
        }
        let body = body.to_string();
        let parsed = read(
            OG,
            &inbound(Endpoint::OpsgenieCreate, None, body.as_bytes()),
        );
        assert_eq!(alerts(&parsed)[0].severity, severity, "{priority:?}");
    }
}

#[test]
fn a_create_without_alias_or_message_is_refused_naming_both() {
    let body = fixture("opsgenie/create-invalid.json");
    let r = refuse(OG, &inbound(Endpoint::OpsgenieCreate, None, &body));
    assert_eq!(
        r.message,
        "Request body is not processable. Please check the errors."
    );
    assert_eq!(
        r.errors,
        [
            "message can not be empty",
            "alias is required",
            r#"priority should be one of P1, P2, P3, P4, P5 (got "P9")"#,
        ]
    );
}

#[test]
fn close_and_acknowledge_name_the_alert_by_the_alias_in_the_path() {
    let body = fixture("opsgenie/close.json");
    let parsed = read(OG, &inbound(Endpoint::OpsgenieClose, Some(ALIAS), &body));
    let a = alerts(&parsed)[0];
    assert_eq!(
        (a.dedup_key.as_str(), a.status),
        (ALIAS, AlertStatus::Resolved)
    );

    let body = fixture("opsgenie/acknowledge.json");
    let parsed = read(
        OG,
        &inbound(Endpoint::OpsgenieAcknowledge, Some(ALIAS), &body),
    );
    let a = alerts(&parsed)[0];
    assert_eq!(a.status, AlertStatus::Acknowledged);
    assert_eq!(a.annotations["note"], "Looking into it");
    insta::assert_json_snapshot!("opsgenie_acknowledge", shown(&parsed));

    let parsed = read(OG, &inbound(Endpoint::OpsgenieClose, Some(ALIAS), b""));
    assert_eq!(
        alerts(&parsed)[0].status,
        AlertStatus::Resolved,
        "no body at all"
    );

    let r = refuse(OG, &inbound(Endpoint::OpsgenieClose, None, b"{}"));
    assert_eq!(
        r.errors,
        ["the alert's alias is missing from the address (/v2/alerts/{alias}/...)"]
    );
    let r = refuse(
        OG,
        &inbound(Endpoint::OpsgenieClose, Some(ALIAS), b"source=x"),
    );
    assert!(r.errors[0].starts_with("the body is not JSON"), "{r:?}");
}

#[test]
fn message_and_description_updates_change_the_alert() {
    let body = fixture("opsgenie/message.json");
    let parsed = read(OG, &inbound(Endpoint::OpsgenieMessage, Some(ALIAS), &body));
    assert_eq!(
        parsed.signals,
        [Signal::Update {
            dedup_key: ALIAS.to_owned(),
            summary: Some("[FIRING:3] DiskFull (/dev/sda1 node critical)".to_owned()),
            description: None,
            note: None,
        }]
    );
    let body = fixture("opsgenie/description.json");
    let parsed = read(
        OG,
        &inbound(Endpoint::OpsgenieDescription, Some(ALIAS), &body),
    );
    let Signal::Update {
        description,
        summary,
        ..
    } = &parsed.signals[0]
    else {
        panic!("{parsed:?}");
    };
    assert!(description.as_deref().unwrap().contains("db-3"));
    assert_eq!(summary, &None);

    let r = refuse(OG, &inbound(Endpoint::OpsgenieMessage, Some(ALIAS), b"{}"));
    assert_eq!(r.errors, ["message can not be empty"]);
    let r = refuse(
        OG,
        &inbound(Endpoint::OpsgenieDescription, Some(ALIAS), b"{}"),
    );
    assert_eq!(r.errors, ["description can not be empty"]);
}

#[test]
fn a_minimal_create_has_defaults() {
    let body = fixture("opsgenie/create-minimal.json");
    let parsed = read(OG, &inbound(Endpoint::OpsgenieCreate, None, &body));
    let a = alerts(&parsed)[0];
    assert_eq!(a.dedup_key, "queue-backlog");
    assert!(a.labels.is_empty() && a.annotations.is_empty() && a.source.is_none());
}

#[test]
fn an_overlong_alias_is_refused() {
    let alias = "a".repeat(256);
    let r = refuse(OG, &inbound(Endpoint::OpsgenieClose, Some(&alias), b""));
    assert_eq!(
        r.errors,
        ["'alias' is 256 bytes long; at most 255 are allowed"]
    );
    let body = serde_json::json!({"message": "m", "alias": alias}).to_string();
    let r = refuse(
        OG,
        &inbound(Endpoint::OpsgenieCreate, None, body.as_bytes()),
    );
    assert_eq!(
        r.errors,
        ["'alias' is 256 bytes long; at most 255 are allowed"]
    );
}
