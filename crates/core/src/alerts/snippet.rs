//! What an admin pastes into the sender: the address and configuration for each kind, with the
//! integration's key in place. docs/alerts.md shows the same, with placeholders.

use super::kind::SourceKind;
use super::sources::DATADOG_TEMPLATE;
use serde::Serialize;
use utoipa::ToSchema;

/// The configuration to paste into a sender.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Snippet {
    /// Where requests go.
    pub url: String,
    /// What to paste, and where (a comment in it says).
    pub text: String,
    /// Its language, for highlighting: `yaml`, `json`, `text`.
    pub language: String,
}

/// The snippet for an integration of `kind` with `key`, reached at `base_url` (no trailing
/// slash).
pub fn snippet(kind: SourceKind, base_url: &str, key: &str) -> Snippet {
    let base = base_url.trim_end_matches('/');
    match kind {
        SourceKind::Alertmanager => Snippet {
            url: format!("{base}/integrations/alertmanager/{key}"),
            language: "yaml".into(),
            text: format!(
                "# alertmanager.yml: a receiver, and a route that uses it\n\
                 receivers:\n  - name: goldseam\n    webhook_configs:\n      - url: {base}/integrations/alertmanager/{key}\n        send_resolved: true\n\
                 # or, through Alertmanager's PagerDuty integration:\n#    pagerduty_configs:\n#      - routing_key: {key}\n#        url: {base}/v2/enqueue\n\
                 route:\n  receiver: goldseam\n  group_by: [alertname, cluster]\n"
            ),
        },
        SourceKind::Grafana => Snippet {
            url: format!("{base}/integrations/grafana/{key}"),
            language: "yaml".into(),
            text: format!(
                "# Grafana: Alerting > Contact points > Add contact point > Webhook\n\
                 # (or provisioning, as below). With a signing secret set on this integration,\n\
                 # enter the same secret under \"HMAC signature\"; to bind a timestamp, name its\n\
                 # header X-Grafana-Alerting-Timestamp.\n\
                 apiVersion: 1\ncontactPoints:\n  - orgId: 1\n    name: goldseam\n    receivers:\n      - uid: goldseam\n        type: webhook\n        settings:\n          url: {base}/integrations/grafana/{key}\n          httpMethod: POST\n"
            ),
        },
        SourceKind::Pagerduty => Snippet {
            url: format!("{base}/v2/enqueue"),
            language: "text".into(),
            text: format!(
                "PagerDuty Events API v2\n\
                 Events URL:        {base}/v2/enqueue\n\
                 Change events URL: {base}/v2/change/enqueue\n\
                 Routing key:       {key}\n\n\
                 Point the sender's PagerDuty events URL at Goldseam and use the routing key\n\
                 above (Alertmanager: pagerduty_configs with routing_key and url).\n"
            ),
        },
        SourceKind::PagerdutyWebhook => Snippet {
            url: format!("{base}/integrations/pagerduty-webhook/{key}"),
            language: "text".into(),
            text: format!(
                "PagerDuty: Integrations > Generic Webhooks (v3) > New Webhook\n\
                 Webhook URL: {base}/integrations/pagerduty-webhook/{key}\n\
                 Scope: the service, team or account whose incidents Goldseam should follow\n\
                 Events: incident.triggered, incident.acknowledged, incident.unacknowledged,\n\
                 incident.resolved, incident.reopened, incident.annotated, incident.priority_updated\n\n\
                 PagerDuty then shows the subscription's signing secret once: paste it into this\n\
                 integration's signing secret. Unsigned or wrongly signed requests are refused.\n"
            ),
        },
        SourceKind::Opsgenie => Snippet {
            url: format!("{base}/integrations/opsgenie/v2/alerts"),
            language: "yaml".into(),
            text: format!(
                "# alertmanager.yml: Alertmanager's Opsgenie integration, pointed at Goldseam\n\
                 receivers:\n  - name: goldseam-opsgenie\n    opsgenie_configs:\n      - api_key: {key}\n        api_url: {base}/integrations/opsgenie/\n        send_resolved: true\n        update_alerts: true\n"
            ),
        },
        SourceKind::Datadog => Snippet {
            url: format!("{base}/integrations/datadog/{key}"),
            language: "json".into(),
            text: format!(
                "Datadog: Integrations > Webhooks > New\n\
                 URL: {base}/integrations/datadog/{key}\n\
                 Payload (use exactly this; Goldseam reads these fields):\n{DATADOG_TEMPLATE}\n\
                 Then mention @webhook-NAME in a monitor's message.\n"
            ),
        },
        SourceKind::Webhook => Snippet {
            url: format!("{base}/integrations/webhook/{key}"),
            language: "text".into(),
            text: format!(
                "POST any JSON to {base}/integrations/webhook/{key}\n\
                 The integration's mapping reads it; by default:\n\
                 curl -X POST {base}/integrations/webhook/{key} \\\n  -H 'Content-Type: application/json' \\\n  -d '{{\"summary\": \"Checkout errors above 5%\", \"dedup_key\": \"checkout-errors\", \"severity\": \"critical\"}}'\n\
                 and to resolve: the same with \"status\": \"resolved\".\n"
            ),
        },
    }
}

/// A request as the sender of `kind` would send it, for "send a test alert": the endpoint,
/// what the path names, and the body. `id` makes its dedup key, so each test is a new alert.
pub fn test_request(
    kind: SourceKind,
    key: &str,
    id: &str,
    now: jiff::Timestamp,
) -> (super::Endpoint, Option<String>, String) {
    use super::Endpoint;
    use serde_json::json;
    let summary = "Test alert from Goldseam: the path from this sender works";
    let dedup = format!("goldseam-test-{id}");
    let body = match kind {
        SourceKind::Pagerduty => json!({
            "routing_key": key, "event_action": "trigger", "dedup_key": dedup,
            "payload": {"summary": summary, "source": "goldseam", "severity": "info"}
        }),
        SourceKind::Alertmanager | SourceKind::Grafana => json!({
            "version": if kind == SourceKind::Grafana { "1" } else { "4" }, "groupKey": format!("{{}}:{{alertname=\"GoldseamTest\",test=\"{id}\"}}"),
            "status": "firing", "receiver": "goldseam", "truncatedAlerts": 0,
            "groupLabels": {"alertname": "GoldseamTest"}, "commonLabels": {"alertname": "GoldseamTest"},
            "commonAnnotations": {}, "externalURL": "",
            "alerts": [{
                "status": "firing", "fingerprint": dedup,
                "labels": {"alertname": "GoldseamTest", "severity": "info", "test": id},
                "annotations": {"summary": summary},
                "startsAt": now.to_string(), "endsAt": "0001-01-01T00:00:00Z", "generatorURL": ""
            }]
        }),
        SourceKind::Opsgenie => {
            json!({"message": summary, "alias": dedup, "priority": "P5", "source": "goldseam"})
        }
        SourceKind::Datadog => json!({
            "id": id, "alert_cycle_key": dedup, "transition": "Triggered", "title": summary,
            "message": summary, "priority": "P5", "alert_id": "0", "date": now.as_millisecond().to_string()
        }),
        SourceKind::Webhook => json!({"summary": summary, "dedup_key": dedup, "severity": "info"}),
        SourceKind::PagerdutyWebhook => json!({"event": {
            "id": dedup, "event_type": "incident.triggered", "resource_type": "incident",
            "occurred_at": now.to_string(),
            "data": {"id": dedup, "type": "incident", "title": summary, "status": "triggered", "urgency": "low",
                     "html_url": "https://example.pagerduty.com/incidents/test", "number": 0}
        }}),
    };
    let endpoint = match kind {
        SourceKind::Pagerduty => Endpoint::Enqueue,
        SourceKind::Opsgenie => Endpoint::OpsgenieCreate,
        _ => Endpoint::Webhook,
    };
    (endpoint, None, body.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_snippet_names_the_key_and_its_address() {
        for kind in SourceKind::ALL {
            let s = snippet(kind, "https://goldseam.example.com/", "k3y");
            assert!(
                s.url.starts_with("https://goldseam.example.com/"),
                "{kind}: {}",
                s.url
            );
            assert!(!s.url.contains(".com//"), "{kind}: {}", s.url);
            assert!(s.text.contains("k3y"), "{kind}");
        }
    }

    #[test]
    fn every_test_request_reads_as_one_firing_alert() {
        let now = jiff::Timestamp::from_second(1_800_000_000).unwrap();
        for kind in SourceKind::ALL {
            let (endpoint, subject, body) = test_request(kind, "k3y", "7", now);
            let inbound = super::super::Inbound {
                endpoint,
                subject: subject.as_deref(),
                body: body.as_bytes(),
                assigned_key: None,
            };
            let alert = match kind {
                SourceKind::Webhook => crate::alerts::template::Mapping::default()
                    .apply(body.as_bytes())
                    .unwrap(),
                _ => match crate::alerts::sources::parse(kind, &inbound)
                    .unwrap()
                    .signals
                    .remove(0)
                {
                    super::super::Signal::Alert(a) => a,
                    other => panic!("{kind}: {other:?}"),
                },
            };
            assert_eq!(alert.status, super::super::AlertStatus::Firing, "{kind}");
            assert!(
                alert.summary.starts_with("Test alert from Goldseam"),
                "{kind}: {}",
                alert.summary
            );
        }
    }

    #[test]
    fn the_alertmanager_receiver_is_yaml_alertmanager_reads() {
        let s = snippet(SourceKind::Alertmanager, "http://127.0.0.1:8080", "abc");
        assert!(s.text.contains(
            "webhook_configs:\n      - url: http://127.0.0.1:8080/integrations/alertmanager/abc\n"
        ));
    }
}
