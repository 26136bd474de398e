//! Grafana alerting's webhook contact point: Alertmanager's notification (see
//! [`super::alertmanager`]) with `version: "1"`, `orgId`, `state: alerting|ok`, `title` and
//! `message`, and on each alert `values`, `valueString`, `silenceURL`, `dashboardURL`,
//! `panelURL` and `imageURL`.
//!
//! Alerts are keyed by their fingerprint as Alertmanager's are. A contact point with a custom
//! payload template sends whatever it renders; such a body belongs to a generic webhook
//! integration, and is refused here with that advice.

use super::alertmanager::read_alerts;
use super::{field, json_object, link};
use crate::alerts::inbound::{Parsed, Rejection};
use crate::alerts::signal::AlertSignal;
use serde_json::{Map, Value};

/// The sentence for a notification that cannot be read.
const INVALID: &str = "This is not a Grafana alerting webhook notification";

/// Reads a Grafana notification.
pub(super) fn parse(body: &[u8]) -> Result<Parsed, Rejection> {
    let body = json_object(body, INVALID)?;
    match body.get("version").and_then(Value::as_str) {
        Some("1") => {}
        Some("4") => {
            return Err(Rejection::one(
                "This is an Alertmanager notification: create an Alertmanager integration for it",
                "'version' is \"4\", Alertmanager's; Grafana sends \"1\"",
            ))
        }
        other => {
            return Err(Rejection::one(
                INVALID,
                format!(
                    "'version' must be \"1\" (got {}); a contact point with a custom payload \
                     needs a generic webhook integration",
                    other.map_or("nothing".to_owned(), |v| format!("{v:?}"))
                ),
            ))
        }
    }
    let signals = read_alerts(&body, "Grafana", INVALID, grafana_fields)?;
    Ok(Parsed {
        signals,
        delivery_id: None,
    })
}

/// Grafana's own fields on an alert: its pages as links, the values it fired on as an
/// annotation.
fn grafana_fields(alert: &Map<String, Value>, signal: &mut AlertSignal) {
    for (key, text) in [
        ("dashboardURL", "Dashboard"),
        ("panelURL", "Panel"),
        ("imageURL", "Image"),
        ("silenceURL", "Silence"),
    ] {
        signal.links.extend(link(field(alert, key), text));
    }
    if let Some(values) = field(alert, "valueString") {
        signal.annotations.insert("value_string".to_owned(), values);
    }
}
