//! What every alert endpoint does before it answers: find the integration, check the
//! signature, read the body as the sender's format (a request that makes no alert is refused
//! now, so the sender hears why), store it raw in the inbox and wait for that commit. The
//! answer's shape is each sender's own (`pagerduty.rs`, `opsgenie.rs`, `webhooks.rs`).

use crate::state::AppState;
use axum::body::Bytes;
use axum::http::HeaderMap;
use goldseam_core::alerts::{Endpoint, Inbound, Parsed, Rejection, Signal, SourceKind};
use goldseam_integrations::alerts::signature::{verify_grafana, verify_pagerduty_v3};
use goldseam_store::alerts::{InboxRequest, Known, Stored};
use std::sync::Arc;
use std::time::Duration;

/// How far a Grafana signature's timestamp may be from now.
const SIGNATURE_WINDOW: Duration = Duration::from_secs(300);

/// Why a request was not stored.
pub(super) enum Refused {
    /// No integration has this key.
    UnknownKey,
    /// The key is another kind's: the sender is pointed at the wrong address.
    WrongKind(SourceKind),
    /// The signature is missing, malformed, wrong or stale.
    Signature(String),
    /// The body makes no alert.
    Invalid(Rejection),
    /// The database could not store it: the sender should retry.
    Unavailable,
}

/// A stored request: the integration, and what was read from it.
pub(super) struct Accepted {
    pub parsed: Parsed,
    pub stored: Stored,
}

/// Headers kept with a request for the record: never credentials.
fn kept_headers(headers: &HeaderMap) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    for (name, value) in headers {
        let n = name.as_str();
        let secret = ["authorization", "cookie", "proxy-authorization"].contains(&n)
            || ["key", "token", "secret", "password"]
                .iter()
                .any(|s| n.contains(s));
        if secret {
            continue;
        }
        if let Ok(v) = value.to_str() {
            out.insert(
                n.to_owned(),
                serde_json::Value::String(v.chars().take(512).collect()),
            );
        }
    }
    serde_json::Value::Object(out)
}

/// The integration behind `key`, if it is one of `kind`.
pub(super) async fn integration(
    state: &AppState,
    key: &str,
    kind: SourceKind,
) -> Result<Arc<Known>, Refused> {
    match state.store.integration_by_key(key).await {
        Ok(Some(k)) if k.integration.kind == kind => Ok(k),
        Ok(Some(k)) => {
            state.store.count_rejected(k.integration.id);
            Err(Refused::WrongKind(k.integration.kind))
        }
        Ok(None) => Err(Refused::UnknownKey),
        Err(e) => {
            tracing::error!(error = %e, "looking up an integration key failed");
            Err(Refused::Unavailable)
        }
    }
}

/// Checks, reads and stores one request to `known`.
pub(super) async fn accept(
    state: &AppState,
    known: &Known,
    endpoint: Endpoint,
    subject: Option<&str>,
    headers: &HeaderMap,
    body: &Bytes,
    assigned_key: Option<String>,
) -> Result<Accepted, Refused> {
    let i = &known.integration;
    let refuse = |r: Refused| {
        state.store.count_rejected(i.id);
        r
    };
    if let Some(secret) = &known.secret {
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let checked = match i.kind {
            SourceKind::PagerdutyWebhook => {
                verify_pagerduty_v3(secret.expose(), header("x-pagerduty-signature"), body)
            }
            _ => verify_grafana(
                secret.expose(),
                header("x-grafana-alerting-signature"),
                header("x-grafana-alerting-timestamp"),
                body,
                state.store.now(),
                SIGNATURE_WINDOW,
            ),
        };
        checked.map_err(|e| refuse(Refused::Signature(e.to_string())))?;
    }
    let Ok(text) = std::str::from_utf8(body) else {
        return Err(refuse(Refused::Invalid(Rejection::one(
            "The body is not UTF-8 text",
            "send JSON encoded as UTF-8",
        ))));
    };
    let inbound = Inbound {
        endpoint,
        subject,
        body,
        assigned_key: assigned_key.as_deref(),
    };
    let parsed = match i.kind {
        SourceKind::Webhook => i
            .mapping
            .clone()
            .unwrap_or_default()
            .apply(body)
            .map(|a| Parsed {
                signals: vec![Signal::Alert(a)],
                delivery_id: None,
            }),
        kind => goldseam_core::alerts::sources::parse(kind, &inbound),
    }
    .map_err(|r| refuse(Refused::Invalid(r)))?;
    let request = InboxRequest {
        integration_id: i.id,
        endpoint,
        subject: subject.map(str::to_owned),
        assigned_key,
        delivery_id: parsed.delivery_id.clone(),
        headers: kept_headers(headers),
        body: text.to_owned(),
    };
    match state.store.store_alert_request(request).await {
        Ok(stored) => Ok(Accepted { parsed, stored }),
        Err(e) => {
            tracing::error!(error = %e, integration = i.id, "storing an alert request failed");
            Err(Refused::Unavailable)
        }
    }
}

/// A new dedup key, for a PagerDuty event that came without one (answered to the sender, so
/// its resolve can name it).
pub(super) fn new_dedup_key() -> String {
    let bytes: [u8; 16] = rand::random();
    hex::encode(bytes)
}
