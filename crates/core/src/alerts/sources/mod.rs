//! What each sender's request says: one module per wire format, each reading the raw body into
//! [`Signal`](super::Signal)s. Reading is separate from receiving so a stored request can be read
//! again (after a fix, or a restart) and give the same alerts.
//!
//! Every reader is lenient about what it does not need (extra fields, odd types where a default
//! will do) and strict only where the sender can fix its request and must hear why: a refused
//! request is answered 400 and senders do not retry it, so an alert is lost only when no alert
//! could be made of it.

mod alertmanager;
mod datadog;
mod grafana;
mod opsgenie;
mod pagerduty_events;
mod pagerduty_webhook;

pub use datadog::DATADOG_TEMPLATE;
pub use pagerduty_events::routing_key;

use super::inbound::{Endpoint, Inbound, Parsed, Rejection};
use super::kind::SourceKind;
use super::signal::{AlertLink, MAX_DEDUP_KEY};
use jiff::Timestamp;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Reads a request that came to an integration of `kind`: its alerts and other signals, or why
/// it was refused (every problem, each naming its field).
///
/// Generic webhooks (`SourceKind::Webhook`) have no fixed format: they are read by their
/// integration's mapping, so they are refused here.
pub fn parse(kind: SourceKind, inbound: &Inbound<'_>) -> Result<Parsed, Rejection> {
    let endpoint = inbound.endpoint;
    match (kind, endpoint) {
        (SourceKind::Pagerduty, Endpoint::Enqueue) => pagerduty_events::parse_event(inbound),
        (SourceKind::Pagerduty, Endpoint::ChangeEnqueue) => pagerduty_events::parse_change(inbound),
        (SourceKind::Alertmanager, Endpoint::Webhook) => alertmanager::parse(inbound.body),
        (SourceKind::Grafana, Endpoint::Webhook) => grafana::parse(inbound.body),
        (SourceKind::Datadog, Endpoint::Webhook) => datadog::parse(inbound.body),
        (SourceKind::PagerdutyWebhook, Endpoint::Webhook) => pagerduty_webhook::parse(inbound.body),
        (
            SourceKind::Opsgenie,
            Endpoint::OpsgenieCreate
            | Endpoint::OpsgenieClose
            | Endpoint::OpsgenieAcknowledge
            | Endpoint::OpsgenieMessage
            | Endpoint::OpsgenieDescription,
        ) => opsgenie::parse(inbound),
        (SourceKind::Webhook, _) => Err(Rejection::one(
            "Generic webhooks are read by their integration's mapping, not by a fixed format",
            "no mapping was given to read this request",
        )),
        (kind, endpoint) => Err(Rejection::one(
            format!(
                "This integration is a {} integration; it does not take requests at this address",
                kind.label()
            ),
            format!(
                "the {} endpoint is not one a {} sender uses",
                endpoint.as_str(),
                kind.label()
            ),
        )),
    }
}

/// The body as a JSON object, or a refusal saying it is not one (`message` is the sender's
/// usual sentence for an unreadable request).
fn json_object(body: &[u8], message: &str) -> Result<Map<String, Value>, Rejection> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(Rejection::one(
            message,
            format!(
                "the body is JSON but not an object (it is {})",
                kind_of(&other)
            ),
        )),
        Err(e) => Err(Rejection::one(
            message,
            format!("the body is not JSON: {e}"),
        )),
    }
}

/// What sort of JSON value `v` is, for error messages.
fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The trimmed text of a string field, `None` when absent, not a string or blank. Numbers are
/// read as their text: several senders template ids and priorities without quotes.
fn text(v: Option<&Value>) -> Option<String> {
    let s = match v? {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

/// `obj[key]` as text (see [`text`]).
fn field(obj: &Map<String, Value>, key: &str) -> Option<String> {
    text(obj.get(key))
}

/// A JSON value as annotation or label text: strings as they are, anything else JSON-encoded
/// (so a nested detail is kept rather than dropped).
fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// An object's entries as text (see [`value_text`]); nulls are dropped, anything but an object
/// gives nothing.
fn string_map(v: Option<&Value>) -> BTreeMap<String, String> {
    match v {
        Some(Value::Object(map)) => map
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| (k.clone(), value_text(v)))
            .collect(),
        _ => BTreeMap::new(),
    }
}

/// A time a sender gave: RFC 3339 (as every sender here uses), also with a `+0000` offset
/// (PagerDuty's examples). Anything unreadable is `None` rather than a refusal: a sender's
/// clock format is no reason to lose its alert.
fn timestamp(v: Option<&Value>) -> Option<Timestamp> {
    let s = v?.as_str()?.trim();
    if let Ok(t) = s.parse::<Timestamp>() {
        return Some(t);
    }
    // `+0000` without the colon: insert it and try again.
    let cut = s.len().checked_sub(5)?;
    if !s.is_char_boundary(cut) {
        return None;
    }
    let (head, tail) = s.split_at(cut);
    if tail.starts_with(['+', '-']) && tail[1..].bytes().all(|b| b.is_ascii_digit()) {
        return format!("{head}{}:{}", &tail[..3], &tail[3..]).parse().ok();
    }
    None
}

/// A link, unless `href` is blank.
fn link(href: Option<String>, text: impl Into<String>) -> Option<AlertLink> {
    href.map(|href| AlertLink {
        href,
        text: text.into(),
    })
}

/// The error for a dedup key longer than Goldseam keeps, naming the field it came from.
fn key_too_long(key: &str, field: &str) -> Option<String> {
    (key.len() > MAX_DEDUP_KEY).then(|| {
        format!(
            "'{field}' is {} bytes long; at most {MAX_DEDUP_KEY} are allowed",
            key.len()
        )
    })
}

/// FNV-1a, 64 bits: a small stable hash for keys made from labels. Stable across builds and
/// versions (unlike std's hasher), which matters because the key is stored.
fn fnv1a(bytes: impl IntoIterator<Item = u8>) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes
        .into_iter()
        .fold(OFFSET, |h, b| (h ^ u64::from(b)).wrapping_mul(PRIME))
}

/// The fingerprint Prometheus gives a label set: FNV-1a over the labels sorted by name, each
/// name and value followed by the byte 0xff (which no UTF-8 text contains), as 16 hex digits.
/// Used when an alert comes without its `fingerprint`, so the key is the one Alertmanager would
/// have sent and the alert stays one alert whichever way it arrives.
fn label_fingerprint(labels: &BTreeMap<String, String>) -> String {
    let bytes = labels
        .iter()
        .flat_map(|(k, v)| k.bytes().chain([0xff]).chain(v.bytes()).chain([0xff]));
    format!("{:016x}", fnv1a(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fingerprints_are_prometheus_ones() {
        // The empty label set hashes to FNV's offset basis, as in Prometheus.
        assert_eq!(label_fingerprint(&BTreeMap::new()), "cbf29ce484222325");
        let a: BTreeMap<_, _> = [("alertname".to_owned(), "Down".to_owned())].into();
        let b: BTreeMap<_, _> = [("alertname".to_owned(), "Up".to_owned())].into();
        assert_ne!(label_fingerprint(&a), label_fingerprint(&b));
        assert_eq!(label_fingerprint(&a), label_fingerprint(&a.clone()));
    }

    #[test]
    fn times_in_the_forms_senders_use_are_read() {
        let t = |s: &str| timestamp(Some(&json!(s))).map(|t| t.to_string());
        assert_eq!(
            t("2024-05-01T10:00:00Z").as_deref(),
            Some("2024-05-01T10:00:00Z")
        );
        assert_eq!(
            t("2015-07-17T08:42:58.315+0000").as_deref(),
            Some("2015-07-17T08:42:58.315Z")
        );
        assert_eq!(
            t("2024-05-01T12:00:00+02:00").as_deref(),
            Some("2024-05-01T10:00:00Z")
        );
        assert_eq!(t("yesterday"), None);
        assert_eq!(t(""), None);
    }

    #[test]
    fn text_fields_are_trimmed_and_blank_is_absent() {
        assert_eq!(text(Some(&json!("  a b "))).as_deref(), Some("a b"));
        assert_eq!(text(Some(&json!("   "))), None);
        assert_eq!(text(Some(&json!(42))).as_deref(), Some("42"));
        assert_eq!(text(Some(&json!({"a": 1}))), None);
        assert_eq!(text(None), None);
    }
}
