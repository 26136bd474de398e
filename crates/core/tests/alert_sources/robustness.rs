//! No request, however odd, makes a reader panic: a panic would lose the request and every
//! one queued behind it in the inbox.

use goldseam_core::alerts::sources::{parse, routing_key};
use goldseam_core::alerts::{Endpoint, Inbound, SourceKind};
use proptest::prelude::*;
use serde_json::Value;

/// Field names the readers look for, so generated bodies reach past the first check.
const NAMES: &[&str] = &[
    "version",
    "alerts",
    "status",
    "labels",
    "annotations",
    "fingerprint",
    "startsAt",
    "endsAt",
    "groupKey",
    "routing_key",
    "event_action",
    "dedup_key",
    "payload",
    "summary",
    "source",
    "severity",
    "custom_details",
    "links",
    "images",
    "href",
    "timestamp",
    "alias",
    "message",
    "priority",
    "tags",
    "details",
    "event",
    "event_type",
    "data",
    "id",
    "alert_cycle_key",
    "alert_id",
    "scope",
    "date",
    "transition",
    "incident",
    "priority",
];

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        prop_oneof![
            Just("4".to_owned()),
            Just("1".to_owned()),
            Just("firing".to_owned()),
            Just("trigger".to_owned()),
            Just("incident.triggered".to_owned()),
            Just("0001-01-01T00:00:00Z".to_owned()),
            Just("2024-01-01T00:00:00+0000".to_owned()),
            Just("$ALERT_CYCLE_KEY".to_owned()),
            ".{0,12}",
            "[a-z]{250,300}",
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(NAMES), inner), 0..8).prop_map(|entries| {
                Value::Object(
                    entries
                        .into_iter()
                        .map(|(k, v)| (k.to_owned(), v))
                        .collect(),
                )
            }),
        ]
    })
}

const ROUTES: &[(SourceKind, Endpoint)] = &[
    (SourceKind::Pagerduty, Endpoint::Enqueue),
    (SourceKind::Pagerduty, Endpoint::ChangeEnqueue),
    (SourceKind::Alertmanager, Endpoint::Webhook),
    (SourceKind::Grafana, Endpoint::Webhook),
    (SourceKind::Datadog, Endpoint::Webhook),
    (SourceKind::PagerdutyWebhook, Endpoint::Webhook),
    (SourceKind::Opsgenie, Endpoint::OpsgenieCreate),
    (SourceKind::Opsgenie, Endpoint::OpsgenieClose),
    (SourceKind::Opsgenie, Endpoint::OpsgenieMessage),
    (SourceKind::Webhook, Endpoint::Webhook),
];

proptest! {
    #[test]
    fn no_body_panics_a_reader(body in json(), raw in prop::collection::vec(any::<u8>(), 0..64)) {
        let text = body.to_string();
        for bytes in [text.as_bytes(), raw.as_slice()] {
            let _ = routing_key(bytes);
            for &(kind, endpoint) in ROUTES {
                let inbound = Inbound { endpoint, subject: Some("a"), body: bytes, assigned_key: Some("k") };
                if let Ok(parsed) = parse(kind, &inbound) {
                    for key in parsed.signals.iter().filter_map(|s| s.dedup_key()) {
                        prop_assert!(!key.is_empty() && key.len() <= 255, "{kind}: {key:?}");
                    }
                }
            }
        }
    }
}
