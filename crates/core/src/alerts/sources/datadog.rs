//! Datadog webhooks. Datadog's default webhook body says too little to key an alert by, so
//! docs/alerts.md has users paste [`DATADOG_TEMPLATE`] as the webhook's custom payload; Datadog
//! fills in its `$VARIABLES` as text.
//!
//! `$ALERT_CYCLE_KEY` is the same from a monitor's trigger to its recovery, which is exactly an
//! alert's life, so it is the dedup key. Payloads without it (an older template) are keyed by
//! the monitor id and scope, which is what the cycle key stands for.

use super::{field, fnv1a, json_object, link, text, value_text};
use crate::alerts::inbound::{Parsed, Rejection};
use crate::alerts::signal::{
    truncate_chars, AlertSeverity, AlertSignal, AlertStatus, KeySource, Signal, MAX_DEDUP_KEY,
    MAX_SUMMARY,
};
use jiff::Timestamp;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The custom payload to give a Datadog webhook (Integrations → Webhooks), with Datadog's
/// template variables. `$DATE` is the event's time in epoch milliseconds.
pub const DATADOG_TEMPLATE: &str = r#"{
  "id": "$ID",
  "alert_cycle_key": "$ALERT_CYCLE_KEY",
  "transition": "$ALERT_TRANSITION",
  "title": "$EVENT_TITLE",
  "message": "$EVENT_MSG",
  "priority": "$ALERT_PRIORITY",
  "link": "$LINK",
  "tags": "$TAGS",
  "scope": "$ALERT_SCOPE",
  "alert_id": "$ALERT_ID",
  "hostname": "$HOSTNAME",
  "date": "$DATE",
  "org_id": "$ORG_ID",
  "metric": "$ALERT_METRIC",
  "alert_type": "$ALERT_TYPE"
}"#;

/// The sentence for a request that cannot be read.
const INVALID: &str = "This is not a Datadog webhook with Goldseam's payload template";

/// Reads a Datadog webhook.
pub(super) fn parse(body: &[u8]) -> Result<Parsed, Rejection> {
    let body = json_object(body, INVALID)?;
    let get = |name: &str| var(&body, name);
    let (dedup_key, key_from) = match (get("alert_cycle_key"), get("alert_id")) {
        (Some(k), _) if k.len() <= MAX_DEDUP_KEY => (k, KeySource::AlertCycleKey),
        (_, Some(monitor)) => (
            monitor_key(&monitor, get("scope")),
            KeySource::AlertCycleKey,
        ),
        (Some(k), None) => {
            return Err(Rejection::one(
                INVALID,
                format!(
                    "'alert_cycle_key' is {} bytes long; at most {MAX_DEDUP_KEY} are allowed",
                    k.len()
                ),
            ))
        }
        (None, None) => {
            return Err(Rejection::one(
                INVALID,
                "alert_cycle_key ($ALERT_CYCLE_KEY) or alert_id ($ALERT_ID) is required: \
                 use the payload template from Goldseam's integration page",
            ))
        }
    };
    let transition = get("transition").unwrap_or_default();
    // Only a recovery ends an alert; any other transition (Triggered, Re-Triggered, Warn,
    // Re-Warn, No Data, a renotification, one Datadog adds later) says it is still wrong, and
    // paging on an unknown one is better than losing it.
    let status = if transition.to_ascii_lowercase().contains("recover") {
        AlertStatus::Resolved
    } else {
        AlertStatus::Firing
    };
    let severity = get("priority")
        .and_then(|p| AlertSeverity::parse_loose(&p))
        .or_else(|| match get("alert_type").as_deref() {
            Some("error") => Some(AlertSeverity::Error),
            Some("warning") => Some(AlertSeverity::Warning),
            Some("info" | "success") => Some(AlertSeverity::Info),
            _ => None,
        })
        .unwrap_or(AlertSeverity::Error);
    let message = get("message").map(|m| unmark(&m)).filter(|m| !m.is_empty());
    let summary = get("title")
        .or_else(|| {
            message
                .as_ref()
                .and_then(|m| m.lines().next().map(str::to_owned))
        })
        .unwrap_or_else(|| format!("Datadog alert {dedup_key}"));
    let mut annotations = BTreeMap::new();
    annotations.extend(message.map(|m| ("message".to_owned(), m)));
    for name in ["metric", "scope", "transition", "alert_type", "org_id"] {
        if let Some(v) = get(name) {
            annotations.insert(name.to_owned(), v);
        }
    }
    let alert = AlertSignal {
        dedup_key,
        key_from,
        status,
        summary: truncate_chars(&summary, MAX_SUMMARY),
        severity,
        source: get("hostname"),
        labels: tags(get("tags").as_deref()),
        annotations,
        links: link(get("link"), "Datadog").into_iter().collect(),
        starts_at: epoch_ms(body.get("date")).filter(|_| status == AlertStatus::Firing),
        ends_at: epoch_ms(body.get("date")).filter(|_| status == AlertStatus::Resolved),
        sender_group: None,
    };
    Ok(Parsed {
        signals: vec![Signal::Alert(alert)],
        delivery_id: None,
    })
}

/// A field's text, treating a variable Datadog left unfilled (`"$ALERT_CYCLE_KEY"`, on an
/// account or event type that lacks it) as absent.
fn var(body: &Map<String, Value>, name: &str) -> Option<String> {
    let v = match body.get(name)? {
        Value::String(_) | Value::Number(_) => field(body, name)?,
        Value::Null => return None,
        other => value_text(other),
    };
    let unfilled = v.starts_with('$')
        && v.len() > 1
        && v[1..].bytes().all(|b| b.is_ascii_uppercase() || b == b'_');
    (!unfilled).then_some(v)
}

/// The key a monitor's alert on one scope gets when no cycle key was sent; a long scope is
/// hashed so the key stays within the limit.
fn monitor_key(monitor: &str, scope: Option<String>) -> String {
    let key = match &scope {
        Some(scope) => format!("datadog-{monitor}-{scope}"),
        None => format!("datadog-{monitor}"),
    };
    if key.len() <= MAX_DEDUP_KEY {
        return key;
    }
    format!(
        "datadog-{:016x}-{:016x}",
        fnv1a(monitor.bytes()),
        fnv1a(scope.unwrap_or_default().into_bytes())
    )
}

/// `$EVENT_MSG` without the `%%%` lines Datadog wraps Markdown messages in.
fn unmark(message: &str) -> String {
    let m = message.trim();
    let m = m.strip_prefix("%%%").unwrap_or(m);
    let m = m.strip_suffix("%%%").unwrap_or(m);
    m.trim().to_owned()
}

/// `$TAGS` ("env:prod,service:api,canary") as labels; a tag without a value is "true".
fn tags(tags: Option<&str>) -> BTreeMap<String, String> {
    tags.unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| match t.split_once(':') {
            Some((k, v)) if !k.is_empty() => (k.to_owned(), v.to_owned()),
            _ => (t.to_owned(), "true".to_owned()),
        })
        .collect()
}

/// `$DATE`, epoch milliseconds, as a number or (quoted in the template) as text.
fn epoch_ms(v: Option<&Value>) -> Option<Timestamp> {
    let ms: i64 = text(v)?.parse().ok()?;
    Timestamp::from_millisecond(ms).ok()
}
