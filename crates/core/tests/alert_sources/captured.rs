//! Requests recorded from a real Alertmanager 0.25 (by the testdb harness) into
//! tests/fixtures/alerts/captured/: each is read as the integration it was sent to would.
//!
//! Each file is `{method, path, headers, body}`; the file name starts with the receiver
//! (`webhook-`, `pagerduty-`, `opsgenie-`). Until the harness has recorded some, there is
//! nothing here to read.

use super::{alerts, read, shown};
use goldseam_core::alerts::{Endpoint, Inbound, SourceKind};
use serde_json::Value;
use std::path::PathBuf;

/// Every captured request: its file name and contents.
fn captures() -> Vec<(String, Value)> {
    // The captures are JSON files whose `body` holds the request's JSON (re-serialised by the
    // recorder, so key order and spacing are not the bytes sent; the content is).
    let dir: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests/fixtures/alerts/captured"]
        .iter()
        .collect();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out: Vec<(String, Value)> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            let v = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
            (name, v)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The integration kind, endpoint and path subject a captured request was sent to.
fn route(name: &str, path: &str) -> (SourceKind, Endpoint, Option<String>) {
    let path = path.split('?').next().unwrap_or_default();
    let kind = match name.split('-').next() {
        Some("pagerduty") => SourceKind::Pagerduty,
        Some("opsgenie") => SourceKind::Opsgenie,
        _ => SourceKind::Alertmanager,
    };
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let (endpoint, subject) = match parts.as_slice() {
        [.., "v2", "enqueue"] => (Endpoint::Enqueue, None),
        [.., "v2", "change", "enqueue"] => (Endpoint::ChangeEnqueue, None),
        [.., "v2", "alerts"] => (Endpoint::OpsgenieCreate, None),
        [.., "v2", "alerts", alias, action] => {
            let endpoint = match *action {
                "close" => Endpoint::OpsgenieClose,
                "acknowledge" => Endpoint::OpsgenieAcknowledge,
                "message" => Endpoint::OpsgenieMessage,
                _ => Endpoint::OpsgenieDescription,
            };
            (endpoint, Some((*alias).to_owned()))
        }
        _ => (Endpoint::Webhook, None),
    };
    (kind, endpoint, subject)
}

/// The body bytes as sent: recorded as text, or as the JSON it was.
fn body(capture: &Value) -> Vec<u8> {
    match &capture["body"] {
        Value::String(s) => s.clone().into_bytes(),
        Value::Null => Vec::new(),
        v => v.to_string().into_bytes(),
    }
}

#[test]
fn every_captured_request_is_read() {
    for (name, capture) in captures() {
        let (kind, endpoint, subject) = route(&name, capture["path"].as_str().unwrap_or("/"));
        let body = body(&capture);
        let inbound = Inbound {
            endpoint,
            subject: subject.as_deref(),
            body: &body,
            assigned_key: Some("assigned-by-goldseam"),
        };
        let parsed = read(kind, &inbound);
        assert!(!parsed.signals.is_empty(), "{name}: no signals");
        insta::assert_json_snapshot!(format!("captured_{name}"), shown(&parsed));
    }
}

/// Without its fingerprints, a real notification's alerts get the same keys from their
/// labels: the fallback is Prometheus' own fingerprint.
#[test]
fn fingerprints_made_from_labels_match_alertmanagers() {
    for (name, capture) in captures() {
        let (SourceKind::Alertmanager, Endpoint::Webhook, _) =
            route(&name, capture["path"].as_str().unwrap_or("/"))
        else {
            continue;
        };
        let body = body(&capture);
        let mut stripped: Value = serde_json::from_slice(&body).unwrap();
        for alert in stripped["alerts"].as_array_mut().unwrap() {
            alert.as_object_mut().unwrap().remove("fingerprint");
        }
        let stripped = stripped.to_string();
        let with = read(
            SourceKind::Alertmanager,
            &super::inbound(Endpoint::Webhook, None, &body),
        );
        let without = read(
            SourceKind::Alertmanager,
            &super::inbound(Endpoint::Webhook, None, stripped.as_bytes()),
        );
        let keys = |p| {
            alerts(p)
                .iter()
                .map(|a| a.dedup_key.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(keys(&with), keys(&without), "{name}");
    }
}

/// The captured Alertmanager group: two hosts' DiskFull alerts with one summary, fired then
/// resolved. Real fingerprints, so two alerts (GoAlert #4461), each resolved by its own key.
#[test]
fn alertmanagers_real_group_is_two_alerts_resolved_by_their_own_keys() {
    let read_capture = |file: &str| {
        let capture: Value = serde_json::from_slice(&super::fixture(file)).unwrap();
        let body = body(&capture);
        read(
            SourceKind::Alertmanager,
            &super::inbound(Endpoint::Webhook, None, &body),
        )
    };
    let fired = read_capture("captured/webhook-1.json");
    let resolved = read_capture("captured/webhook-2.json");
    let keys = |p| {
        alerts(p)
            .iter()
            .map(|a| (a.dedup_key.clone(), a.status, a.summary.clone()))
            .collect::<Vec<_>>()
    };
    use goldseam_core::alerts::AlertStatus::{Firing, Resolved};
    let summary = "Disk almost full".to_owned();
    assert_eq!(
        keys(&fired),
        [
            ("8c77d5865e910658".to_owned(), Firing, summary.clone()),
            ("55b97254facb078e".to_owned(), Firing, summary.clone()),
        ]
    );
    assert_eq!(
        keys(&resolved),
        [
            ("8c77d5865e910658".to_owned(), Resolved, summary.clone()),
            ("55b97254facb078e".to_owned(), Resolved, summary),
        ]
    );
}
