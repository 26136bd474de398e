//! What every REST request goes through before its endpoint: it is logged with its answer,
//! then the availability switch, the rate limit, an injected fault and the bot token are
//! checked, in that order (as Mattermost's rate limiter runs before authentication). A
//! refused request has no effect.

use super::faults::{Down, Fault};
use super::model::Call;
use super::store::{new_id, Core};
use super::wire::ApiError;
use axum::body::{to_bytes, Body};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use std::sync::Arc;
use std::time::{Instant, SystemTime};

/// The authenticated user of a request (always the bot: it is the only token).
#[derive(Debug, Clone)]
pub(crate) struct Actor(pub(crate) String);

const BODY_LIMIT: usize = 64 * 1024 * 1024;

/// The token of `Authorization: Bearer …` (or `Token …`, which Mattermost also takes).
pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get("authorization")?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let known = scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("token");
    known.then_some(token.trim())
}

/// A body as the calls log keeps it: JSON, else text, else null.
pub(crate) fn parsed(bytes: &[u8]) -> Value {
    if bytes.is_empty() {
        return Value::Null;
    }
    serde_json::from_slice(bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(bytes).into_owned()))
}

fn plain(status: u16, text: &str) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY);
    (status, text.to_string()).into_response()
}

pub(crate) async fn gate(
    State(core): State<Arc<Core>>,
    matched: MatchedPath,
    req: Request,
    next: Next,
) -> Response {
    let at = SystemTime::now();
    let route = matched.as_str();
    let endpoint = format!("{} {}", req.method(), route.trim_start_matches("/api/v4"));
    let (mut parts, body) = req.into_parts();
    let bytes = to_bytes(body, BODY_LIMIT).await.unwrap_or_default();
    let down = *core.down.borrow();
    let (verdict, fault, authenticated, bot_id, version) = {
        let mut inner = core.lock();
        let verdict = inner.bucket.as_mut().map(|b| b.check(Instant::now()));
        let allowed = verdict.is_none_or(|v| v.allowed);
        let fault = if allowed {
            inner.faults.take(&endpoint)
        } else {
            None
        };
        let token = inner.options.bot_token.clone();
        let authenticated = bearer(&parts.headers) == Some(token.as_str());
        let version = inner.options.server_version.clone();
        (verdict, fault, authenticated, inner.bot_id.clone(), version)
    };
    let path = parts.uri.path().to_string();
    let query = parts.uri.query().unwrap_or_default().to_string();
    let record = |status: u16, response: Value| Call {
        endpoint: endpoint.clone(),
        path: path.clone(),
        query: query.clone(),
        body: parsed(&bytes),
        authenticated,
        status,
        response,
        at,
    };
    // A proxy's refusal carries none of Mattermost's rate-limit headers.
    let proxied = matches!(fault, Some(Fault::Throttled(_)));
    if fault == Some(Fault::Hang) {
        core.update(|i| i.calls.push(record(0, Value::Null)));
        std::future::pending::<()>().await;
    }
    let mut res = if down != Down::Up {
        plain(503, "Service Unavailable")
    } else if verdict.is_some_and(|v| !v.allowed) {
        plain(429, "limit exceeded\n")
    } else if let Some(Fault::Error { status, id }) = &fault {
        let message = format!("injected failure ({id})");
        ApiError::new(*status, id, &message).into_response()
    } else if let Some(Fault::Throttled(after)) = fault {
        let mut res = plain(429, "Too Many Requests");
        let secs = after.as_secs() + u64::from(after.subsec_nanos() > 0);
        if let Ok(v) = HeaderValue::from_str(&secs.max(1).to_string()) {
            res.headers_mut().insert("retry-after", v);
        }
        res
    } else if let Some(Fault::Status(status)) = fault {
        let reason = StatusCode::from_u16(status).ok();
        plain(
            status,
            reason.and_then(|s| s.canonical_reason()).unwrap_or("Error"),
        )
    } else if route.starts_with("/api/v4") && !authenticated {
        ApiError::unauthorized().into_response()
    } else {
        if let Some(Fault::Delay(d)) = fault {
            tokio::time::sleep(d).await;
        }
        parts.extensions.insert(Actor(bot_id));
        next.run(Request::from_parts(parts, Body::from(bytes.clone())))
            .await
    };
    let (mut head, body) = res.into_parts();
    let out = to_bytes(body, BODY_LIMIT).await.unwrap_or_default();
    let request_id = new_id();
    let mut response = parsed(&out);
    // Mattermost's error bodies carry the request's id, as `X-Request-Id` does.
    let is_error = response.get("status_code").is_some() && response.get("request_id").is_some();
    let out = if is_error {
        response["request_id"] = Value::String(request_id.clone());
        response.to_string().into_bytes().into()
    } else {
        out
    };
    let h = &mut head.headers;
    let mut put = |k: &'static str, v: String| {
        if let Ok(v) = HeaderValue::from_str(&v) {
            h.insert(k, v);
        }
    };
    put("x-request-id", request_id);
    put("x-version-id", version);
    if let Some(v) = verdict.filter(|_| !proxied) {
        put("x-ratelimit-limit", v.limit.to_string());
        put("x-ratelimit-remaining", v.remaining.to_string());
        put("x-ratelimit-reset", v.reset.to_string());
        if !v.allowed {
            put("retry-after", v.retry_after.to_string());
        }
    }
    let call = record(head.status.as_u16(), response);
    core.update(|i| i.calls.push(call));
    res = Response::from_parts(head, Body::from(out));
    res
}
