//! The one endpoint: the workflow's manual trigger. In order: an outage answers first (the
//! service is down before anything is looked at), then the signature, then an injected
//! fault, then the size and the cards.

use super::{schema, Call, Core, Fault, PostedCard};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Teams' cap on a posted message, about 28 KB.
pub(crate) const MESSAGE_CAP: usize = 28 * 1024;

pub(crate) fn router(core: Arc<Core>) -> Router {
    Router::new()
        .route("/workflows/{id}/triggers/manual/paths/invoke", post(invoke))
        .with_state(core)
}

/// What the fake answers one request with.
struct Answer {
    status: u16,
    /// Logic Apps' error code (none for `202`).
    code: &'static str,
    message: String,
    /// For a `429`.
    retry_after: u64,
    /// The cards accepted.
    cards: Vec<Value>,
    /// How long to wait before answering.
    delay: Option<Duration>,
}

impl Answer {
    fn refuse(status: u16, code: &'static str, message: impl Into<String>) -> Answer {
        Answer {
            status,
            code,
            message: message.into(),
            retry_after: 0,
            cards: Vec::new(),
            delay: None,
        }
    }
}

async fn invoke(
    State(core): State<Arc<Core>>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    let parsed: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let answer = decide(&core, &id, query.as_deref(), &body, &parsed);
    if let Some(d) = answer.delay {
        tokio::time::sleep(d).await;
    }
    let at = Instant::now();
    let accepted = answer.status == 202;
    core.update(|s| {
        s.calls.push(Call {
            at,
            status: answer.status,
            reason: (!accepted).then(|| answer.message.clone()),
            body: parsed,
        });
        s.cards
            .extend(answer.cards.into_iter().map(|card| PostedCard { at, card }));
    });
    if accepted {
        return StatusCode::ACCEPTED.into_response();
    }
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = json!({"error": {"code": answer.code, "message": answer.message}});
    let mut r = (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response();
    if answer.status == 429 {
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(answer.retry_after));
    }
    r
}

fn decide(core: &Core, id: &str, query: Option<&str>, body: &[u8], parsed: &Value) -> Answer {
    if let Some(status) = core.read(|s| s.outage) {
        return Answer::refuse(status, "ServiceUnavailable", "The service is unavailable.");
    }
    if id != core.options.workflow_id {
        return Answer::refuse(404, "WorkflowNotFound", "The workflow could not be found.");
    }
    let sig = form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .find(|(k, _)| k == "sig")
        .map(|(_, v)| v.into_owned());
    match sig {
        None => {
            return Answer::refuse(
                401,
                "DirectApiAuthorizationRequired",
                "The request must be authenticated only by Shared Access scheme.",
            )
        }
        Some(sig) if sig != core.options.sig => {
            return Answer::refuse(
                401,
                "DirectApiInvalidAuthorizationSignature",
                "The provided authorization signature is not valid.",
            )
        }
        Some(_) => {}
    }
    let mut delay = None;
    match core.update(|s| (!s.faults.is_empty()).then(|| s.faults.remove(0))) {
        Some(Fault::RateLimited(secs)) => {
            return Answer {
                retry_after: secs,
                ..Answer::refuse(
                    429,
                    "WorkflowTriggeredRequestsThrottled",
                    "Rate limit is exceeded. Try again later.",
                )
            }
        }
        Some(Fault::Status(status)) => {
            return Answer::refuse(status, "ServiceUnavailable", "The service is unavailable.")
        }
        Some(Fault::Delay(d)) => delay = Some(d),
        None => {}
    }
    let outcome = if body.len() > MESSAGE_CAP {
        Answer::refuse(
            413,
            "MessageTooLarge",
            format!(
                "The message is {} bytes; Teams posts at most about {MESSAGE_CAP}.",
                body.len()
            ),
        )
    } else if parsed.is_null() {
        Answer::refuse(400, "InvalidRequestContent", "The body is not JSON.")
    } else {
        match schema::check_message(parsed, core.max_version) {
            Ok(cards) => Answer {
                cards,
                ..Answer::refuse(202, "", "")
            },
            Err(why) => Answer::refuse(400, "InvalidAdaptiveCard", why),
        }
    };
    Answer { delay, ..outcome }
}
