//! What an integration admin and an on-call engineer see: alerts read from payloads, errors
//! naming the field and line, previews, titles.

use super::*;
use crate::alerts::signal::AlertLink;
use serde_json::json;

fn body(v: serde_json::Value) -> Vec<u8> {
    serde_json::to_vec(&v).unwrap()
}

#[test]
fn the_default_mapping_reads_a_goalert_style_body() {
    let alert = Mapping::default()
        .apply(&body(json!({
            "summary": "Disk full on db1 & db2 <now>",
            "details": "/var is at 99%",
            "dedup": "disk-db1",
            "severity": "warn",
            "source": "db1",
            "link": "https://grafana.example/d/1",
        })))
        .unwrap();
    assert_eq!(
        alert.summary, "Disk full on db1 & db2 <now>",
        "not HTML-escaped"
    );
    assert_eq!(alert.dedup_key, "disk-db1");
    assert_eq!(alert.key_from, KeySource::Template);
    assert_eq!(alert.status, AlertStatus::Firing);
    assert_eq!(alert.severity, AlertSeverity::Warning);
    assert_eq!(alert.source.as_deref(), Some("db1"));
    assert_eq!(alert.annotations["description"], "/var is at 99%");
    assert_eq!(
        alert.links,
        vec![AlertLink {
            href: "https://grafana.example/d/1".into(),
            text: String::new()
        }]
    );
}

#[test]
fn the_default_mapping_takes_title_message_id_and_dedup_key() {
    let m = Mapping::default();
    let a = m
        .apply(&body(json!({"title": "CPU hot", "id": 42})))
        .unwrap();
    assert_eq!(
        (a.summary.as_str(), a.dedup_key.as_str()),
        ("CPU hot", "42")
    );
    let a = m
        .apply(&body(json!({"message": "m", "dedup_key": "k", "id": 1})))
        .unwrap();
    assert_eq!((a.summary.as_str(), a.dedup_key.as_str()), ("m", "k"));
    assert_eq!(a.severity, AlertSeverity::Error, "no severity: error");
}

#[test]
fn the_default_mapping_resolves_on_close_or_resolved_and_acknowledges() {
    let m = Mapping::default();
    for (b, status) in [
        (
            json!({"dedup": "d", "action": "close"}),
            AlertStatus::Resolved,
        ),
        (
            json!({"dedup": "d", "status": "resolved"}),
            AlertStatus::Resolved,
        ),
        (
            json!({"dedup": "d", "status": "acknowledged"}),
            AlertStatus::Acknowledged,
        ),
        (
            json!({"dedup": "d", "status": "firing"}),
            AlertStatus::Firing,
        ),
    ] {
        assert_eq!(m.apply(&body(b.clone())).unwrap().status, status, "{b}");
    }
}

#[test]
fn without_a_key_the_payload_hash_is_the_key_whatever_the_key_order() {
    let m = Mapping::default();
    let a = m
        .apply(br#"{"summary": "x", "n": {"b": 1, "a": [1, "2"]}}"#)
        .unwrap();
    let b = m
        .apply(br#"{"n": {"a": [1, "2"], "b": 1}, "summary": "x"}"#)
        .unwrap();
    let c = m
        .apply(br#"{"summary": "x", "n": {"b": 2, "a": [1, "2"]}}"#)
        .unwrap();
    assert_eq!(a.key_from, KeySource::PayloadHash);
    assert_eq!(a.dedup_key.len(), 64);
    assert_eq!(a.dedup_key, b.dedup_key);
    assert_ne!(a.dedup_key, c.dedup_key);
}

#[test]
fn a_body_that_is_not_a_json_object_or_array_is_refused() {
    let m = Mapping::default();
    let r = m.apply(b"summary=x").unwrap_err();
    assert!(r.message.starts_with("the body is not JSON: "), "{r:?}");
    let r = m.apply(b"\"just a string\"").unwrap_err();
    assert_eq!(r.message, "the body must be a JSON object or array");
    let a = m.apply(b"[1, 2]").unwrap();
    assert_eq!(a.summary, NO_SUMMARY);
}

fn oncall_style() -> Mapping {
    Mapping {
        dedup_key: Some("{{ payload.alert_uid }}".into()),
        summary: "{{ payload.title }} ({{ (payload.evalMatches or []) | length }} series)".into(),
        severity: Some("{{ payload.tags.priority }}".into()),
        source: Some("{{ payload.tags.host }}".into()),
        link: Some("{{ payload.ruleUrl }}".into()),
        resolve_when: Some("payload.state == \"ok\"".into()),
        acknowledge_when: None,
        labels: [
            ("team", "{{ payload.tags.team | lower }}"),
            ("empty", "{{ payload.nothing }}"),
            (
                "metrics",
                "{{ payload.evalMatches | map(attribute='metric') | join(',') }}",
            ),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect(),
        annotations: BTreeMap::new(),
    }
}

#[test]
fn a_custom_mapping_reads_its_sender_and_leaves_empty_labels_out() {
    let m = oncall_style();
    assert_eq!(m.check(), Ok(()));
    let payload = json!({
        "alert_uid": "a-1", "title": "Latency", "state": "alerting",
        "ruleUrl": "http://grafana/r/1",
        "tags": {"priority": "P1", "host": "web3", "team": "Payments"},
        "evalMatches": [{"metric": "p99"}, {"metric": "p95"}],
    });
    let a = m.apply(&body(payload.clone())).unwrap();
    assert_eq!(a.summary, "Latency (2 series)");
    assert_eq!(
        (a.severity, a.status),
        (AlertSeverity::Critical, AlertStatus::Firing)
    );
    assert_eq!(a.labels.len(), 2);
    assert_eq!(
        (a.labels["team"].as_str(), a.labels["metrics"].as_str()),
        ("payments", "p99,p95")
    );
    let mut resolved = payload;
    resolved["state"] = json!("ok");
    assert_eq!(
        m.apply(&body(resolved)).unwrap().status,
        AlertStatus::Resolved
    );
}

#[test]
fn check_names_the_field_and_line_of_each_problem() {
    let mut m = oncall_style();
    m.summary = "fine\n{{ payload.title | }}".into();
    m.resolve_when = Some("{{ payload.state == 'ok' }}".into());
    m.labels.insert("x".into(), "{% set a = 1 %}{{ a }}".into());
    let errors = m.check().unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(fields, ["summary", "resolve_when", "labels.x"]);
    assert!(
        errors[0].1.starts_with("line 2: syntax error"),
        "{errors:?}"
    );
    assert!(
        errors[1].1.contains("written without `{{ }}`"),
        "{errors:?}"
    );
    assert!(
        errors[2]
            .1
            .starts_with("line 1: `{% set %}` is not allowed"),
        "{errors:?}"
    );
    m.summary = " ".into();
    assert!(m.check().unwrap_err()[0]
        .1
        .contains("summary template is required"));
}

#[test]
fn a_failing_template_refuses_the_request_naming_the_field() {
    let mut m = oncall_style();
    m.labels
        .insert("n".into(), "{{ payload.title + 1 }}".into());
    let r = m.apply(&body(json!({"title": "t"}))).unwrap_err();
    assert_eq!(
        r.message,
        "the integration's mapping could not read this request"
    );
    assert_eq!(r.errors.len(), 1);
    assert!(
        r.errors[0].starts_with("labels.n: line 1: invalid operation"),
        "{r:?}"
    );
}

#[test]
fn a_result_longer_than_4_kib_is_an_error_naming_the_field() {
    let m = Mapping {
        summary: "{% for i in range(3000) %}ab{% endfor %}".into(),
        ..Mapping::default()
    };
    let r = m.apply(b"{}").unwrap_err();
    assert_eq!(r.errors, ["summary: the result is longer than 4096 bytes"]);
}

#[test]
fn long_keys_are_hashed_unknown_severities_and_script_links_are_warned() {
    let m = Mapping {
        dedup_key: Some("{% for i in range(300) %}k{% endfor %}".into()),
        ..Mapping::default()
    };
    let p = preview(
        &m,
        br#"{"summary": "s", "severity": "bad", "link": "javascript:alert(1)"}"#,
    );
    assert!(p.accepted);
    assert_eq!(p.dedup_key.as_ref().map(String::len), Some(64));
    assert_eq!(p.severity, Some(AlertSeverity::Error));
    assert_eq!(p.link, None);
    let warned: Vec<&str> = p.warnings.iter().map(|w| w.field.as_str()).collect();
    assert_eq!(warned, ["dedup_key", "severity", "link"]);
}

#[test]
fn preview_shows_every_result_and_every_error() {
    let mut m = oncall_style();
    m.source = Some("{{ payload.tags.host.upper() }}".into());
    let p = preview(
        &m,
        br#"{"alert_uid": "u", "title": "T", "tags": {"host": 5}}"#,
    );
    assert!(!p.accepted);
    assert_eq!(p.summary.as_deref(), Some("T (0 series)"));
    assert_eq!(p.dedup_key.as_deref(), Some("u"));
    assert_eq!(p.key_from, Some(KeySource::Template));
    assert_eq!(p.status, Some(AlertStatus::Firing));
    assert_eq!(p.errors.len(), 1);
    assert_eq!(p.errors[0].field, "source");
    let p = preview(&m, b"not json");
    assert_eq!((p.errors[0].field.as_str(), p.accepted), ("body", false));
    let json = serde_json::to_value(preview(&Mapping::default(), b"{}")).unwrap();
    assert_eq!(json["key_from"], "payload_hash");
    assert_eq!(json["warnings"][0]["field"], "summary");
}

#[test]
fn a_stored_mapping_takes_defaults_for_what_it_leaves_out_and_null_hashes() {
    let m: Mapping = serde_json::from_value(json!({"summary": "{{ payload.x }}"})).unwrap();
    assert_eq!(m.resolve_when, Mapping::default().resolve_when);
    let m: Mapping =
        serde_json::from_value(json!({"summary": "{{ payload.x }}", "dedup_key": null})).unwrap();
    let a = m.apply(br#"{"x": "hi", "dedup": "ignored"}"#).unwrap();
    assert_eq!(
        (a.summary.as_str(), a.key_from),
        ("hi", KeySource::PayloadHash)
    );
}

fn sample_alert() -> AlertSignal {
    Mapping::default()
        .apply(br#"{"summary": "Disk full", "severity": "critical", "source": "db1"}"#)
        .unwrap()
}

#[test]
fn titles_render_from_the_alert_trimmed_and_cut_to_200_characters() {
    let mut alert = sample_alert();
    alert.labels.insert("host".into(), "db1".into());
    let t = "  [{{ alert.severity | upper }}] {{ alert.summary }} on {{ alert.labels.host }}\n";
    assert_eq!(
        render_title(t, &alert).unwrap(),
        "[CRITICAL] Disk full on db1"
    );
    let long = render_title("{% for i in range(300) %}é{% endfor %}", &alert).unwrap();
    assert_eq!(long.chars().count(), MAX_TITLE);
    assert!(long.ends_with('…'));
    assert_eq!(
        render_title("{{ alert.nothing }}", &alert),
        Err("the title template rendered nothing".into())
    );
    assert!(render_title("{{ alert.summary ", &alert)
        .unwrap_err()
        .starts_with("line 1: syntax error"));
}
