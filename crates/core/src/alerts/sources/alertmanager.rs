//! Prometheus Alertmanager's webhook receiver (`webhook_configs`), payload version 4:
//! `{version: "4", groupKey, truncatedAlerts, status, receiver, groupLabels, commonLabels,
//! commonAnnotations, externalURL, alerts: [{status, labels, annotations, startsAt, endsAt,
//! generatorURL, fingerprint}]}`.
//!
//! One notification carries a whole Alertmanager group; each of its alerts becomes one alert
//! here, keyed by its own fingerprint (a hash of its labels) and never by its text: two alerts
//! with the same summary and different labels are two alerts (GoAlert #4461 merged them). Each
//! alert's own `status` is what counts; the top-level one is "firing" while any alert fires.
//!
//! Grafana's webhook is this body with more fields, so [`read_alerts`] is shared with it.

use super::{field, json_object, key_too_long, label_fingerprint, link, string_map, timestamp};
use crate::alerts::inbound::{Parsed, Rejection};
use crate::alerts::signal::{
    truncate_chars, AlertSeverity, AlertSignal, AlertStatus, KeySource, Signal, MAX_SUMMARY,
};
use jiff::Timestamp;
use serde_json::{Map, Value};

/// The sentence for a notification that cannot be read.
pub(super) const INVALID: &str = "This is not an Alertmanager webhook notification";

/// Go's zero time, which Alertmanager sends as the `endsAt` of an alert with no end.
const ZERO_TIME: &str = "0001-01-01T00:00:00Z";

/// Reads an Alertmanager notification.
pub(super) fn parse(body: &[u8]) -> Result<Parsed, Rejection> {
    let body = json_object(body, INVALID)?;
    match body.get("version").and_then(Value::as_str) {
        Some("4") => {}
        Some("1") if body.contains_key("orgId") => {
            return Err(Rejection::one(
                "This is a Grafana notification: create a Grafana integration for it",
                "'version' is \"1\", Grafana's; Alertmanager sends \"4\"",
            ))
        }
        other => {
            return Err(Rejection::one(
                "Only Alertmanager webhook payload version 4 is understood",
                format!(
                    "'version' must be \"4\" (got {})",
                    other.map_or("nothing".to_owned(), |v| format!("{v:?}"))
                ),
            ))
        }
    }
    let signals = read_alerts(&body, "Alertmanager", INVALID, |_, _| {})?;
    Ok(Parsed {
        signals,
        delivery_id: None,
    })
}

/// Every alert of an Alertmanager-shaped notification, in order. `sender` names the
/// `externalURL` link; `extra` adds what a sender puts on each alert besides Alertmanager's
/// fields. Every problem with every alert is listed in one refusal.
pub(super) fn read_alerts(
    body: &Map<String, Value>,
    sender: &str,
    invalid: &str,
    extra: impl Fn(&Map<String, Value>, &mut AlertSignal),
) -> Result<Vec<Signal>, Rejection> {
    let Some(alerts) = body.get("alerts").and_then(Value::as_array) else {
        return Err(Rejection::one(invalid, "'alerts' is missing or not a list"));
    };
    let group_status = field(body, "status");
    let group_key = field(body, "groupKey");
    let external = field(body, "externalURL");
    let mut errors = Vec::new();
    let mut signals = Vec::with_capacity(alerts.len());
    for (i, alert) in alerts.iter().enumerate() {
        let Some(alert) = alert.as_object() else {
            errors.push(format!("'alerts[{i}]' is not an object"));
            continue;
        };
        let status = match field(alert, "status")
            .or_else(|| group_status.clone())
            .as_deref()
        {
            Some("firing") => AlertStatus::Firing,
            Some("resolved") => AlertStatus::Resolved,
            Some(other) => {
                errors.push(format!(
                    "'alerts[{i}].status' must be firing or resolved (got {other:?})"
                ));
                continue;
            }
            None => {
                errors.push(format!("'alerts[{i}].status' is missing"));
                continue;
            }
        };
        let labels = string_map(alert.get("labels"));
        let annotations = string_map(alert.get("annotations"));
        // Alertmanager always sends the fingerprint; a hand-written or proxied notification may
        // not, and then the labels' Prometheus fingerprint is the same key Alertmanager would
        // have sent. Never the summary: alerts with one text are not one alert.
        let dedup_key = field(alert, "fingerprint").unwrap_or_else(|| label_fingerprint(&labels));
        if let Some(e) = key_too_long(&dedup_key, &format!("alerts[{i}].fingerprint")) {
            errors.push(e);
            continue;
        }
        let severity = labels
            .get("severity")
            .and_then(|s| AlertSeverity::parse_loose(s))
            .unwrap_or(AlertSeverity::Error);
        let mut links = Vec::new();
        links.extend(link(field(alert, "generatorURL"), "Source"));
        links.extend(link(external.clone(), sender));
        let mut signal = AlertSignal {
            summary: truncate_chars(&summary(&labels, &annotations, &dedup_key), MAX_SUMMARY),
            dedup_key,
            key_from: KeySource::Fingerprint,
            status,
            severity,
            source: labels.get("instance").cloned(),
            labels,
            annotations,
            links,
            starts_at: time(alert.get("startsAt")),
            ends_at: time(alert.get("endsAt")),
            sender_group: group_key.clone(),
        };
        extra(alert, &mut signal);
        signals.push(Signal::Alert(signal));
    }
    if errors.is_empty() {
        Ok(signals)
    } else {
        Err(Rejection {
            message: invalid.to_owned(),
            errors,
        })
    }
}

/// The alert's one line: its `summary` annotation, else its `description`, else what its
/// labels name (`alertname` on `instance`).
fn summary(
    labels: &std::collections::BTreeMap<String, String>,
    annotations: &std::collections::BTreeMap<String, String>,
    key: &str,
) -> String {
    let non_blank = |m: &std::collections::BTreeMap<String, String>, k: &str| {
        m.get(k)
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    if let Some(s) =
        non_blank(annotations, "summary").or_else(|| non_blank(annotations, "description"))
    {
        return s;
    }
    match (
        non_blank(labels, "alertname"),
        non_blank(labels, "instance"),
    ) {
        (Some(name), Some(instance)) => format!("{name} on {instance}"),
        (Some(name), None) => name,
        // Not even a name: the key at least tells alerts apart.
        (None, _) => format!("Alert {key}"),
    }
}

/// A start or end time; Go's zero time means none.
fn time(v: Option<&Value>) -> Option<Timestamp> {
    if v.and_then(Value::as_str) == Some(ZERO_TIME) {
        return None;
    }
    timestamp(v)
}
