//! PagerDuty Events API v2, as PagerDuty's clients and Alertmanager's `pagerduty_configs` send
//! it.
//!
//! `POST /v2/enqueue`:
//! `{routing_key, event_action: trigger|acknowledge|resolve, dedup_key?, payload{summary, source,
//! severity: critical|error|warning|info, timestamp?, class?, component?, group?,
//! custom_details?}, client?, client_url?, links?[{href, text?}], images?[{src, href?, alt?}]}`.
//! A trigger needs the payload's summary, source and severity; acknowledge and resolve need the
//! `dedup_key`; a trigger without one gets a key made by Goldseam and answered to the sender.
//!
//! `POST /v2/change/enqueue`: `{routing_key, payload{summary, timestamp?, source?,
//! custom_details?}, links?}`: a change, which never pages.
//!
//! Refusals are worded as PagerDuty's ("Event object is invalid" with one error per field), so
//! a client written for PagerDuty logs something its admin recognises.

use super::{field, json_object, key_too_long, link, string_map, text, timestamp};
use crate::alerts::inbound::{Inbound, Parsed, Rejection};
use crate::alerts::signal::{
    truncate_chars, AlertLink, AlertSeverity, AlertSignal, AlertStatus, KeySource, Signal,
    MAX_SUMMARY,
};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// PagerDuty's sentence for a request it will not take.
const INVALID: &str = "Event object is invalid";

/// The `routing_key` of an Events v2 request (event or change), so the server can find the
/// integration it is for before storing it; `None` when the body has none (or is not JSON).
pub fn routing_key(body: &[u8]) -> Option<String> {
    let v: Value = serde_json::from_slice(body).ok()?;
    text(v.get("routing_key"))
}

/// Reads a `/v2/enqueue` event.
pub(super) fn parse_event(inbound: &Inbound<'_>) -> Result<Parsed, Rejection> {
    let body = json_object(inbound.body, INVALID)?;
    let mut errors = Vec::new();
    check_routing_key(&body, &mut errors);

    let action = match body.get("event_action").and_then(Value::as_str) {
        Some("trigger") => Some(AlertStatus::Firing),
        Some("acknowledge") => Some(AlertStatus::Acknowledged),
        Some("resolve") => Some(AlertStatus::Resolved),
        Some(other) => {
            errors.push(format!(
                "'event_action' must be trigger, acknowledge or resolve (got {other:?})"
            ));
            None
        }
        None => {
            errors.push("'event_action' is missing".to_owned());
            None
        }
    };

    let empty = Map::new();
    let payload = match body.get("payload") {
        Some(Value::Object(p)) => p,
        Some(_) => {
            errors.push("'payload' must be an object".to_owned());
            &empty
        }
        // Acknowledge and resolve need no payload; a trigger's missing fields are named below.
        None => &empty,
    };

    let given_key = body.get("dedup_key").and_then(Value::as_str);
    let given_key = given_key.filter(|k| !k.trim().is_empty());
    let key = match (action, given_key) {
        (_, Some(k)) => Some((k.to_owned(), KeySource::DedupKey)),
        // The server assigns a key to every trigger without one before it is stored.
        (Some(AlertStatus::Firing), None) => match inbound.assigned_key {
            Some(k) => Some((k.to_owned(), KeySource::Generated)),
            None => {
                errors.push(
                    "'dedup_key' is missing and no key was assigned to this event".to_owned(),
                );
                None
            }
        },
        (Some(_), None) => {
            errors.push("'dedup_key' is missing or blank".to_owned());
            None
        }
        (None, None) => None,
    };
    if let Some((k, KeySource::DedupKey)) = &key {
        errors.extend(key_too_long(k, "dedup_key"));
    }

    let summary = field(payload, "summary");
    let severity = payload.get("severity").map(|s| match s.as_str() {
        Some("critical") => Ok(AlertSeverity::Critical),
        Some("error") => Ok(AlertSeverity::Error),
        Some("warning") => Ok(AlertSeverity::Warning),
        Some("info") => Ok(AlertSeverity::Info),
        _ => Err(format!(
            "'payload.severity' must be critical, error, warning or info (got {s})"
        )),
    });
    let source = field(payload, "source");
    let trigger = action == Some(AlertStatus::Firing);
    if trigger && summary.is_none() {
        errors.push("'payload.summary' is missing or blank".to_owned());
    }
    if trigger && source.is_none() {
        errors.push("'payload.source' is missing or blank".to_owned());
    }
    let severity = match severity {
        Some(Ok(s)) => s,
        Some(Err(e)) => {
            errors.push(e);
            AlertSeverity::Error
        }
        None => {
            if trigger {
                errors.push("'payload.severity' is missing".to_owned());
            }
            AlertSeverity::Error
        }
    };

    let (Some(status), Some((dedup_key, key_from)), true) = (action, key, errors.is_empty()) else {
        return Err(Rejection {
            message: INVALID.to_owned(),
            errors,
        });
    };

    let mut labels = BTreeMap::new();
    for name in ["class", "component", "group"] {
        if let Some(v) = field(payload, name) {
            labels.insert(name.to_owned(), v);
        }
    }
    let alert = AlertSignal {
        dedup_key,
        key_from,
        status,
        summary: truncate_chars(&summary.unwrap_or_default(), MAX_SUMMARY),
        severity,
        source,
        labels,
        annotations: details(payload.get("custom_details")),
        links: links(&body),
        starts_at: timestamp(payload.get("timestamp")),
        ends_at: None,
        sender_group: None,
    };
    Ok(Parsed {
        signals: vec![Signal::Alert(alert)],
        delivery_id: None,
    })
}

/// Reads a `/v2/change/enqueue` change event.
pub(super) fn parse_change(inbound: &Inbound<'_>) -> Result<Parsed, Rejection> {
    let body = json_object(inbound.body, INVALID)?;
    let mut errors = Vec::new();
    check_routing_key(&body, &mut errors);
    let payload = body.get("payload").and_then(Value::as_object);
    let summary = payload.and_then(|p| field(p, "summary"));
    match (&payload, &summary) {
        (None, _) => errors.push("'payload' is missing or not an object".to_owned()),
        (Some(_), None) => errors.push("'payload.summary' is missing or blank".to_owned()),
        _ => {}
    }
    let (Some(payload), Some(summary), true) = (payload, summary, errors.is_empty()) else {
        return Err(Rejection {
            message: INVALID.to_owned(),
            errors,
        });
    };
    Ok(Parsed {
        signals: vec![Signal::Change {
            summary: truncate_chars(&summary, MAX_SUMMARY),
            source: field(payload, "source"),
            links: links(&body),
            at: timestamp(payload.get("timestamp")),
        }],
        delivery_id: None,
    })
}

/// The server finds the integration by this key; here it need only be present.
fn check_routing_key(body: &Map<String, Value>, errors: &mut Vec<String>) {
    if body
        .get("routing_key")
        .and_then(Value::as_str)
        .is_none_or(|k| k.trim().is_empty())
    {
        errors.push("'routing_key' is missing or blank".to_owned());
    }
}

/// `custom_details` as annotations: an object's entries, or anything else as one `details`
/// annotation (PagerDuty takes any JSON there, and clients send plain strings).
fn details(v: Option<&Value>) -> BTreeMap<String, String> {
    match v {
        None | Some(Value::Null) => BTreeMap::new(),
        Some(Value::Object(_)) => string_map(v),
        Some(other) => [("details".to_owned(), super::value_text(other))].into(),
    }
}

/// The event's links: `client_url` (named after the `client`), then `links`, then `images`
/// that link somewhere (their `href`, else the image itself).
fn links(body: &Map<String, Value>) -> Vec<AlertLink> {
    let mut out: Vec<AlertLink> = Vec::new();
    out.extend(link(
        field(body, "client_url"),
        field(body, "client").unwrap_or_default(),
    ));
    let list = |name: &str| {
        body.get(name)
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter_map(Value::as_object)
            .cloned()
            .collect::<Vec<_>>()
    };
    for l in list("links") {
        out.extend(link(
            field(&l, "href"),
            field(&l, "text").unwrap_or_default(),
        ));
    }
    for i in list("images") {
        let href = field(&i, "href").or_else(|| field(&i, "src"));
        out.extend(link(href, field(&i, "alt").unwrap_or_default()));
    }
    out
}
