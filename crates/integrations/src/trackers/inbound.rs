//! Inbound tracker webhooks, checked in the order that spends least on a forger: size, then
//! signature, then headers and JSON. Nothing in a body is read before its signature verifies.
//!
//! - GitHub: `X-Hub-Signature-256: sha256=<hex>`, `X-GitHub-Event`, `X-GitHub-Delivery`
//!   (docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries).
//! - Jira Cloud: admin webhooks registered with a secret carry `X-Hub-Signature: sha256=<hex>`
//!   over the raw body (developer.atlassian.com/cloud/jira/platform/webhooks/#secure-admin-webhooks;
//!   the same header and form for Data Center in
//!   confluence.atlassian.com/adminjiraserver/managing-webhooks-938846912.html), and
//!   `X-Atlassian-Webhook-Identifier`, the same on every retry of one delivery. Webhooks that an
//!   OAuth or Connect app registers are signed with a JWT instead and are refused here.

use super::signature;
use super::TrackerEvent;
use crate::Secret;
use reqwest::header::HeaderMap;
use serde_json::Value;

/// The largest body accepted: tracker events are a few KiB; a MiB is generous.
pub const MAX_WEBHOOK_BODY: usize = 1 << 20;

/// A verified delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inbound {
    /// An issue was closed or reopened.
    Event(TrackerEvent),
    /// A genuine delivery Goldseam has no use for (a ping, another event or action): answer
    /// 2xx so the sender does not retry it, and drop it.
    Ignored {
        /// The sender's id for it.
        delivery_id: String,
        /// What it was, for the log.
        what: String,
    },
}

/// Why a delivery was refused; [`WebhookRefusal::status`] is the HTTP status to answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookRefusal {
    /// The body is over [`MAX_WEBHOOK_BODY`].
    #[error("the body is {size} bytes; at most {limit} are accepted")]
    TooLarge {
        /// Its size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// No webhook secret is configured, so nothing can be verified.
    #[error("no webhook secret is configured on this server, so deliveries cannot be verified")]
    NoSecret,
    /// The signature header is absent.
    #[error("the {0} header is missing; register the webhook with a secret")]
    MissingSignature(&'static str),
    /// The signature does not match the body and the configured secret.
    #[error("the {0} header is not this webhook's secret's signature of the body")]
    BadSignature(&'static str),
    /// A header the sender always sends is absent.
    #[error("the {0} header is missing")]
    MissingHeader(&'static str),
    /// The body is not the JSON the event promises.
    #[error("the body is not the expected JSON: {0}")]
    Malformed(String),
}

impl WebhookRefusal {
    /// The HTTP status to answer: 413, 401 or 400.
    pub fn status(&self) -> u16 {
        match self {
            WebhookRefusal::TooLarge { .. } => 413,
            WebhookRefusal::NoSecret
            | WebhookRefusal::MissingSignature(_)
            | WebhookRefusal::BadSignature(_) => 401,
            WebhookRefusal::MissingHeader(_) | WebhookRefusal::Malformed(_) => 400,
        }
    }
}

fn header<'a>(headers: &'a HeaderMap, name: &'static str) -> Result<&'a str, WebhookRefusal> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .ok_or(WebhookRefusal::MissingHeader(name))
}

/// Size and signature: everything that must hold before the body is looked at.
fn authentic(
    secret: &Secret,
    headers: &HeaderMap,
    body: &[u8],
    signature_header: &'static str,
) -> Result<(), WebhookRefusal> {
    if body.len() > MAX_WEBHOOK_BODY {
        return Err(WebhookRefusal::TooLarge {
            size: body.len(),
            limit: MAX_WEBHOOK_BODY,
        });
    }
    if secret.expose().is_empty() {
        return Err(WebhookRefusal::NoSecret);
    }
    let given = header(headers, signature_header)
        .map_err(|_| WebhookRefusal::MissingSignature(signature_header))?;
    if !signature::verify(secret.expose(), given, body) {
        return Err(WebhookRefusal::BadSignature(signature_header));
    }
    Ok(())
}

fn json(body: &[u8]) -> Result<Value, WebhookRefusal> {
    serde_json::from_slice(body).map_err(|e| WebhookRefusal::Malformed(e.to_string()))
}

/// Verifies a GitHub webhook delivery and reads an issue's closing or reopening from it.
pub fn verify_github(
    secret: &Secret,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Inbound, WebhookRefusal> {
    authentic(secret, headers, body, "x-hub-signature-256")?;
    let delivery_id = header(headers, "x-github-delivery")?.to_string();
    let event = header(headers, "x-github-event")?;
    if event != "issues" {
        return Ok(Inbound::Ignored {
            delivery_id,
            what: format!("a GitHub {event} event"),
        });
    }
    let v = json(body)?;
    let action = v["action"]
        .as_str()
        .ok_or_else(|| WebhookRefusal::Malformed("no action".into()))?;
    let closed = match action {
        "closed" => true,
        "reopened" => false,
        other => {
            return Ok(Inbound::Ignored {
                delivery_id,
                what: format!("a GitHub issue {other} event"),
            })
        }
    };
    let repo = v["repository"]["full_name"].as_str();
    let number = v["issue"]["number"].as_u64();
    let (Some(repo), Some(number)) = (repo, number) else {
        return Err(WebhookRefusal::Malformed(
            "no repository.full_name or issue.number".into(),
        ));
    };
    Ok(Inbound::Event(TrackerEvent {
        delivery_id,
        key: format!("{repo}#{number}"),
        closed,
    }))
}

/// Verifies a Jira Cloud webhook delivery and reads an issue's status from it. `closed` is the
/// issue's state after the update (status category `done` or not), so applying it twice is
/// harmless; updates whose changelog shows no status change are ignored.
pub fn verify_jira(
    secret: &Secret,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Inbound, WebhookRefusal> {
    authentic(secret, headers, body, "x-hub-signature")?;
    let delivery_id = header(headers, "x-atlassian-webhook-identifier")?.to_string();
    let v = json(body)?;
    let event = v["webhookEvent"]
        .as_str()
        .ok_or_else(|| WebhookRefusal::Malformed("no webhookEvent".into()))?;
    if event != "jira:issue_updated" {
        return Ok(Inbound::Ignored {
            delivery_id,
            what: format!("a Jira {event} event"),
        });
    }
    if let Some(items) = v["changelog"]["items"].as_array() {
        if !items.iter().any(|i| i["field"] == "status") {
            return Ok(Inbound::Ignored {
                delivery_id,
                what: "a Jira update that left the status alone".into(),
            });
        }
    }
    let key = v["issue"]["key"].as_str();
    let category = v["issue"]["fields"]["status"]["statusCategory"]["key"].as_str();
    let (Some(key), Some(category)) = (key, category) else {
        return Err(WebhookRefusal::Malformed(
            "no issue.key or issue.fields.status.statusCategory.key".into(),
        ));
    };
    Ok(Inbound::Event(TrackerEvent {
        delivery_id,
        key: key.to_string(),
        closed: category == "done",
    }))
}
