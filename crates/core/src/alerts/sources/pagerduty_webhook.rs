//! PagerDuty v3 webhooks from an existing PagerDuty account, mirroring its incidents here while
//! a team moves over: `{event: {id, event_type, resource_type, occurred_at, agent, client,
//! data}}`.
//!
//! An incident's status changes (triggered, acknowledged, resolved, reopened, unacknowledged)
//! are alerts keyed by the incident's id; what happens to it besides (notes, priority,
//! escalation, responders, status updates) becomes a note on that alert's group. Other
//! resources (services) and event types PagerDuty adds later are read as nothing, so a broad
//! subscription does no harm. The event id repeats when PagerDuty retries a delivery, so it is
//! the delivery id.

use super::{field, json_object, key_too_long, link, text, timestamp};
use crate::alerts::inbound::{Parsed, Rejection};
use crate::alerts::signal::{
    truncate_chars, AlertSeverity, AlertSignal, AlertStatus, KeySource, Signal, MAX_SUMMARY,
};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The sentence for a request that cannot be read.
const INVALID: &str = "This is not a PagerDuty v3 webhook";

/// Reads a PagerDuty v3 webhook.
pub(super) fn parse(body: &[u8]) -> Result<Parsed, Rejection> {
    let body = json_object(body, INVALID)?;
    let Some(event) = body.get("event").and_then(Value::as_object) else {
        return Err(Rejection::one(
            INVALID,
            "'event' is missing or not an object",
        ));
    };
    let delivery_id = field(event, "id");
    let mut parsed = Parsed {
        signals: Vec::new(),
        delivery_id,
    };
    let event_type = field(event, "event_type").unwrap_or_default();
    let Some(what) = event_type.strip_prefix("incident.") else {
        // service.created and the like: nothing to alert on.
        return Ok(parsed);
    };
    let empty = Map::new();
    let data = event
        .get("data")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let agent = name(event.get("agent")).unwrap_or_else(|| "PagerDuty".to_owned());
    let signal = match what {
        "triggered" | "reopened" | "unacknowledged" => alert(data, AlertStatus::Firing)?,
        "acknowledged" => alert(data, AlertStatus::Acknowledged)?,
        "resolved" => alert(data, AlertStatus::Resolved)?,
        "annotated" => note(data, field(data, "content"))?,
        "priority_updated" => {
            let sentence = match name(data.get("priority")) {
                Some(p) => format!("{agent} changed the priority in PagerDuty to {p}"),
                None => format!("{agent} removed the priority in PagerDuty"),
            };
            note(data, Some(sentence))?
        }
        "escalated" => note(
            data,
            Some(format!(
                "Escalated in PagerDuty; now assigned to {}",
                assignees(data)
            )),
        )?,
        "reassigned" => note(
            data,
            Some(format!(
                "{agent} reassigned it in PagerDuty to {}",
                assignees(data)
            )),
        )?,
        "delegated" => {
            let policy = name(data.get("escalation_policy"))
                .unwrap_or_else(|| "another escalation policy".to_owned());
            note(
                data,
                Some(format!(
                    "{agent} delegated it in PagerDuty to escalation policy {policy}"
                )),
            )?
        }
        "responder.added" => {
            let who = responder(data);
            let sentence = match field(data, "message") {
                Some(m) => format!("{agent} asked {who} to help in PagerDuty: {m}"),
                None => format!("{agent} asked {who} to help in PagerDuty"),
            };
            note(data, Some(sentence))?
        }
        "responder.replied" => {
            let who = responder(data);
            let sentence = match field(data, "state").as_deref() {
                Some("joined" | "accepted") => {
                    format!("{who} accepted the request to help in PagerDuty")
                }
                Some("declined") => format!("{who} declined the request to help in PagerDuty"),
                Some(other) => format!("{who} answered the request to help in PagerDuty: {other}"),
                None => format!("{who} answered the request to help in PagerDuty"),
            };
            note(data, Some(sentence))?
        }
        "status_update_published" => {
            let sentence = match field(data, "message") {
                Some(m) => format!("Status update published in PagerDuty: {m}"),
                None => "A status update was published in PagerDuty".to_owned(),
            };
            note(data, Some(sentence))?
        }
        // Event types PagerDuty adds later (workflows, custom fields...) change nothing here.
        _ => return Ok(parsed),
    };
    parsed.signals.push(signal);
    Ok(parsed)
}

/// The incident in `data` as an alert with `status`.
fn alert(data: &Map<String, Value>, status: AlertStatus) -> Result<Signal, Rejection> {
    let dedup_key = incident_id("data.id", field(data, "id"))?;
    let priority = name(data.get("priority"));
    let urgency = field(data, "urgency");
    // The priority says how bad when the account uses priorities; urgency only says how loud.
    let severity = priority
        .as_deref()
        .and_then(AlertSeverity::parse_loose)
        .or(match urgency.as_deref() {
            Some("high") => Some(AlertSeverity::Error),
            Some("low") => Some(AlertSeverity::Warning),
            _ => None,
        })
        .unwrap_or(AlertSeverity::Error);
    let service = name(data.get("service"));
    let mut labels = BTreeMap::new();
    labels.extend(service.clone().map(|s| ("service".to_owned(), s)));
    labels.extend(text(data.get("number")).map(|n| ("number".to_owned(), n)));
    let mut annotations = BTreeMap::new();
    annotations.extend(priority.map(|p| ("priority".to_owned(), p)));
    annotations.extend(urgency.map(|u| ("urgency".to_owned(), u)));
    if data.get("assignees").and_then(Value::as_array).is_some() {
        annotations.insert("assignees".to_owned(), assignees(data));
    }
    let summary = field(data, "title").unwrap_or_else(|| format!("PagerDuty incident {dedup_key}"));
    Ok(Signal::Alert(AlertSignal {
        dedup_key,
        key_from: KeySource::PagerdutyIncident,
        status,
        summary: truncate_chars(&summary, MAX_SUMMARY),
        severity,
        source: service,
        labels,
        annotations,
        links: link(field(data, "html_url"), "PagerDuty")
            .into_iter()
            .collect(),
        starts_at: timestamp(data.get("created_at")),
        ends_at: None,
        sender_group: None,
    }))
}

/// A note on the incident `data` is about: the incident itself, or the one a note, responder
/// or status update names.
fn note(data: &Map<String, Value>, note: Option<String>) -> Result<Signal, Rejection> {
    let id = match data.get("incident").and_then(Value::as_object) {
        Some(incident) => incident_id("data.incident.id", field(incident, "id"))?,
        None => incident_id("data.id", field(data, "id"))?,
    };
    Ok(Signal::Update {
        dedup_key: id,
        summary: None,
        description: None,
        note: Some(note.unwrap_or_else(|| "A note was added in PagerDuty".to_owned())),
    })
}

/// The incident's id, or a refusal naming where it should have been.
fn incident_id(path: &str, id: Option<String>) -> Result<String, Rejection> {
    let id = id.ok_or_else(|| Rejection::one(INVALID, format!("'event.{path}' is missing")))?;
    match key_too_long(&id, &format!("event.{path}")) {
        Some(e) => Err(Rejection::one(INVALID, e)),
        None => Ok(id),
    }
}

/// A PagerDuty reference's name (its `summary`).
fn name(v: Option<&Value>) -> Option<String> {
    text(v?.as_object()?.get("summary"))
}

/// Who the incident is assigned to, by name.
fn assignees(data: &Map<String, Value>) -> String {
    let names: Vec<String> = data
        .get("assignees")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter_map(|a| name(Some(a)))
        .collect();
    if names.is_empty() {
        "nobody".to_owned()
    } else {
        names.join(", ")
    }
}

/// The responder a request names: a user, or an escalation policy.
fn responder(data: &Map<String, Value>) -> String {
    name(data.get("user"))
        .or_else(|| name(data.get("escalation_policy")).map(|p| format!("escalation policy {p}")))
        .unwrap_or_else(|| "a responder".to_owned())
}
