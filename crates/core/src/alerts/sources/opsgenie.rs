//! Opsgenie's Alert API, as Alertmanager's `opsgenie_configs` calls it (its `api_url` pointed
//! here):
//!
//! - create, `POST /v2/alerts`: `{message, alias, description, details, source, responders,
//!   visibleTo, tags, note, priority: P1..P5, entity, actions}`. Alertmanager's alias is a hash of
//!   the group key: the alias is the alert's identity.
//! - close and acknowledge, `POST /v2/alerts/{alias}/close|acknowledge?identifierType=alias`:
//!   `{source?, user?, note?}` or no body.
//! - with `update_alerts`, `PUT /v2/alerts/{alias}/message` `{message}` and
//!   `PUT /v2/alerts/{alias}/description` `{description}`.
//!
//! Opsgenie answers an unprocessable request 422; the server maps a [`Rejection`] to that.

use super::{field, json_object, key_too_long, link, string_map};
use crate::alerts::inbound::{Endpoint, Inbound, Parsed, Rejection};
use crate::alerts::signal::{
    truncate_chars, AlertSeverity, AlertSignal, AlertStatus, KeySource, Signal, MAX_SUMMARY,
};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Opsgenie's sentence for a request it will not process.
const INVALID: &str = "Request body is not processable. Please check the errors.";

/// Reads a request to any of the Opsgenie endpoints.
pub(super) fn parse(inbound: &Inbound<'_>) -> Result<Parsed, Rejection> {
    let signal = match inbound.endpoint {
        Endpoint::OpsgenieCreate => create(inbound.body)?,
        Endpoint::OpsgenieClose => status(inbound, AlertStatus::Resolved)?,
        Endpoint::OpsgenieAcknowledge => status(inbound, AlertStatus::Acknowledged)?,
        Endpoint::OpsgenieMessage => {
            let message = required(inbound.body, "message")?;
            Signal::Update {
                dedup_key: alias(inbound)?,
                summary: Some(truncate_chars(&message, MAX_SUMMARY)),
                description: None,
                note: None,
            }
        }
        Endpoint::OpsgenieDescription => {
            let description = required(inbound.body, "description")?;
            Signal::Update {
                dedup_key: alias(inbound)?,
                summary: None,
                description: Some(description),
                note: None,
            }
        }
        other => {
            return Err(Rejection::one(
                INVALID,
                format!("the {} endpoint is not an Opsgenie one", other.as_str()),
            ))
        }
    };
    Ok(Parsed {
        signals: vec![signal],
        delivery_id: None,
    })
}

/// A new alert (or the same alias again, which Opsgenie counts as a repeat of it).
fn create(body: &[u8]) -> Result<Signal, Rejection> {
    let body = json_object(body, INVALID)?;
    let mut errors = Vec::new();
    let message = field(&body, "message");
    if message.is_none() {
        errors.push("message can not be empty".to_owned());
    }
    let alias = field(&body, "alias");
    match &alias {
        None => errors.push("alias is required".to_owned()),
        Some(a) => errors.extend(key_too_long(a, "alias")),
    }
    let severity = match field(&body, "priority").as_deref() {
        Some("P1") => AlertSeverity::Critical,
        Some("P2") => AlertSeverity::Error,
        // Opsgenie's default priority.
        Some("P3") | None => AlertSeverity::Warning,
        Some("P4" | "P5") => AlertSeverity::Info,
        Some(other) => {
            errors.push(format!(
                "priority should be one of P1, P2, P3, P4, P5 (got {other:?})"
            ));
            AlertSeverity::Warning
        }
    };
    let (Some(message), Some(alias), true) = (message, alias, errors.is_empty()) else {
        return Err(Rejection {
            message: INVALID.to_owned(),
            errors,
        });
    };
    let sender = field(&body, "source");
    let mut annotations = string_map(body.get("details"));
    for name in ["description", "note"] {
        if let Some(v) = field(&body, name) {
            annotations.insert(name.to_owned(), v);
        }
    }
    Ok(Signal::Alert(AlertSignal {
        dedup_key: alias,
        key_from: KeySource::Alias,
        status: AlertStatus::Firing,
        // Opsgenie cuts messages at 130 characters; Goldseam keeps what was sent, to its own
        // limit.
        summary: truncate_chars(&message, MAX_SUMMARY),
        severity,
        // The entity is what the alert is about; `source` names the tool that sent it, and
        // Alertmanager's is its alerts page, which is a link rather than a place.
        source: field(&body, "entity").or_else(|| sender.clone().filter(|s| !is_url(s))),
        labels: tags(body.get("tags")),
        annotations,
        links: link(sender.filter(|s| is_url(s)), "Source")
            .into_iter()
            .collect(),
        starts_at: None,
        ends_at: None,
        sender_group: None,
    }))
}

/// A close or acknowledge: only the alias matters; the summary and severity are placeholders
/// that grouping does not take from a status change.
fn status(inbound: &Inbound<'_>, status: AlertStatus) -> Result<Signal, Rejection> {
    let dedup_key = alias(inbound)?;
    let mut annotations = BTreeMap::new();
    // The body is optional (Alertmanager sends `{source}`); when there is one it must be JSON.
    if !inbound.body.iter().all(u8::is_ascii_whitespace) {
        let body = json_object(inbound.body, INVALID)?;
        if let Some(note) = field(&body, "note") {
            annotations.insert("note".to_owned(), note);
        }
    }
    Ok(Signal::Alert(AlertSignal {
        dedup_key,
        key_from: KeySource::Alias,
        status,
        summary: String::new(),
        severity: AlertSeverity::Warning,
        source: None,
        labels: BTreeMap::new(),
        annotations,
        links: Vec::new(),
        starts_at: None,
        ends_at: None,
        sender_group: None,
    }))
}

/// The alias the path named.
fn alias(inbound: &Inbound<'_>) -> Result<String, Rejection> {
    match inbound.subject.map(str::trim).filter(|s| !s.is_empty()) {
        None => Err(Rejection::one(
            INVALID,
            "the alert's alias is missing from the address (/v2/alerts/{alias}/...)",
        )),
        Some(a) => match key_too_long(a, "alias") {
            Some(e) => Err(Rejection::one(INVALID, e)),
            None => Ok(a.to_owned()),
        },
    }
}

/// The one text field an update carries.
fn required(body: &[u8], name: &str) -> Result<String, Rejection> {
    let body: Map<String, Value> = json_object(body, INVALID)?;
    field(&body, name).ok_or_else(|| Rejection::one(INVALID, format!("{name} can not be empty")))
}

/// Whether Opsgenie's `source` is an address.
fn is_url(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://")
}

/// Tags as labels: `key:value` splits at the first colon, a plain tag is `tag = "true"`.
fn tags(v: Option<&Value>) -> BTreeMap<String, String> {
    let list = v
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    list.iter()
        .filter_map(Value::as_str)
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| match t.split_once(':') {
            Some((k, v)) if !k.trim().is_empty() => (k.trim().to_owned(), v.trim().to_owned()),
            _ => (t.to_owned(), "true".to_owned()),
        })
        .collect()
}
