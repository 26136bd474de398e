//! PagerDuty v3 webhooks from an existing PagerDuty account.

use super::{alerts, read_webhook, refuse, shown};
use goldseam_core::alerts::{AlertSeverity, AlertStatus, Endpoint, KeySource, Signal, SourceKind};

const PDW: SourceKind = SourceKind::PagerdutyWebhook;

fn file(event: &str) -> String {
    format!("pagerduty_webhook/{event}.json")
}

/// The note a webhook adds to the incident's alert.
fn note(event: &str) -> String {
    let parsed = read_webhook(PDW, &file(event));
    match &parsed.signals[..] {
        [Signal::Update {
            dedup_key,
            note: Some(note),
            summary: None,
            description: None,
        }] => {
            assert_eq!(dedup_key, "PGR0VU2", "{event}");
            note.clone()
        }
        other => panic!("{event}: {other:?}"),
    }
}

#[test]
fn an_incidents_status_changes_are_one_alert() {
    let triggered = read_webhook(PDW, &file("incident.triggered"));
    let acked = read_webhook(PDW, &file("incident.acknowledged"));
    let resolved = read_webhook(PDW, &file("incident.resolved"));
    let (t, a, r) = (
        alerts(&triggered)[0],
        alerts(&acked)[0],
        alerts(&resolved)[0],
    );
    assert_eq!(t.dedup_key, "PGR0VU2");
    assert_eq!(t.key_from, KeySource::PagerdutyIncident);
    assert!(t.dedup_key == a.dedup_key && a.dedup_key == r.dedup_key);
    assert_eq!(
        (t.status, a.status, r.status),
        (
            AlertStatus::Firing,
            AlertStatus::Acknowledged,
            AlertStatus::Resolved
        )
    );
    assert_eq!(t.summary, "A little bump in the road");
    assert_eq!(
        t.severity,
        AlertSeverity::Warning,
        "no priority, low urgency"
    );
    assert_eq!(a.severity, AlertSeverity::Critical, "P1");
    assert_eq!(t.labels["service"], "API Service");
    assert_eq!(t.labels["number"], "2");
    assert_eq!(
        t.links[0].href,
        "https://acme.pagerduty.com/incidents/PGR0VU2"
    );
    assert_eq!(
        triggered.delivery_id.as_deref(),
        Some("01BWDWK9Z2A8DQ0QWKBJ4Q3YZC")
    );
    insta::assert_json_snapshot!("pagerduty_webhook_triggered", shown(&triggered));
}

/// PagerDuty's own example body (shared/fixtures), as its signature test uses it.
#[test]
fn pagerdutys_priority_updated_example_is_a_note() {
    let parsed = read_webhook(PDW, &file("incident.priority_updated"));
    assert_eq!(
        parsed.delivery_id.as_deref(),
        Some("01BWDWL3NYY7LUFPZCC28QUCMK")
    );
    assert_eq!(
        note("incident.priority_updated"),
        "Tenex Engineer changed the priority in PagerDuty to P1"
    );
    insta::assert_json_snapshot!("pagerduty_webhook_priority_updated", shown(&parsed));
}

#[test]
fn what_happens_to_the_incident_is_said_in_a_sentence() {
    assert_eq!(
        note("incident.annotated"),
        "I sure am glad we are using PagerDuty!"
    );
    assert_eq!(
        note("incident.escalated"),
        "Escalated in PagerDuty; now assigned to Maeve, User 123"
    );
    assert_eq!(
        note("incident.responder.added"),
        "Tenex Engineer asked Maeve to help in PagerDuty: Please help me make the tests pass"
    );
    assert_eq!(
        note("incident.responder.replied"),
        "Maeve accepted the request to help in PagerDuty"
    );
    assert_eq!(
        note("incident.status_update_published"),
        "Status update published in PagerDuty: A fix for this incident is being developed"
    );
}

#[test]
fn other_resources_and_new_event_types_are_nothing() {
    let parsed = read_webhook(PDW, &file("service.updated"));
    assert!(parsed.signals.is_empty());
    assert_eq!(
        parsed.delivery_id.as_deref(),
        Some("01BRB6ZP4M6T8ZG4X6BP63ZB9O")
    );
    let body = br#"{"event":{"id":"E1","event_type":"incident.workflow.started","data":{}}}"#;
    let parsed = super::read(PDW, &super::inbound(Endpoint::Webhook, None, body));
    assert!(parsed.signals.is_empty());
}

#[test]
fn a_body_without_event_or_incident_is_refused() {
    let r = refuse(
        PDW,
        &super::inbound(Endpoint::Webhook, None, br#"{"messages":[]}"#),
    );
    assert_eq!(r.errors, ["'event' is missing or not an object"]);
    let body = br#"{"event":{"id":"E2","event_type":"incident.resolved","data":{"title":"t"}}}"#;
    let r = refuse(PDW, &super::inbound(Endpoint::Webhook, None, body));
    assert_eq!(r.errors, ["'event.data.id' is missing"]);
    let body = serde_json::json!({"event": {"event_type": "incident.annotated",
        "data": {"incident": {"id": "P".repeat(300)}, "content": "x"}}})
    .to_string();
    let r = refuse(
        PDW,
        &super::inbound(Endpoint::Webhook, None, body.as_bytes()),
    );
    assert_eq!(
        r.errors,
        ["'event.data.incident.id' is 300 bytes long; at most 255 are allowed"]
    );
}
