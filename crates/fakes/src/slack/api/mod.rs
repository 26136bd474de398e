//! The Web API, `POST /api/<method>`: every call is read (JSON, form or query), checked in
//! Slack's order (the down switch, the token, an injected fault, the rate limit), answered by
//! its method, and logged with its answer.

mod chat;
mod conversations;
mod marks;
pub(crate) mod params;
mod people;
pub(crate) mod views;

use super::faults::{Down, Fault};
use super::model::{Call, TokenKind};
use super::state::{Inner, State};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State as AxState};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use std::time::{Instant, SystemTime};

/// What a method answers: its fields besides `ok`, or Slack's error name.
pub(crate) type Answer = Result<Value, String>;

fn token_kind(inner: &Inner, headers: &HeaderMap, params: &Value) -> TokenKind {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    // Slack also still takes `token` as an argument in a POST body.
    let token = bearer.or(params["token"].as_str());
    match token {
        None | Some("") => TokenKind::Missing,
        Some(t) if t == inner.opts.bot_token => TokenKind::Bot,
        Some(t) if t == inner.opts.app_token => TokenKind::App,
        Some(_) => TokenKind::Invalid,
    }
}

fn auth_error(method: &str, kind: TokenKind) -> Option<&'static str> {
    let wanted = if method == "apps.connections.open" {
        TokenKind::App
    } else {
        TokenKind::Bot
    };
    match kind {
        k if k == wanted => None,
        TokenKind::Missing => Some("not_authed"),
        TokenKind::Invalid => Some("invalid_auth"),
        _ => Some("not_allowed_token_type"),
    }
}

fn dispatch(inner: &mut Inner, method: &str, p: &Value) -> Answer {
    match method {
        "auth.test" => people::auth_test(inner),
        "users.info" => people::users_info(inner, p),
        "users.lookupByEmail" => people::lookup_by_email(inner, p),
        "apps.connections.open" => people::connections_open(inner),
        "conversations.create" => conversations::create(inner, p),
        "conversations.invite" => conversations::invite(inner, p),
        "conversations.join" => conversations::join(inner, p),
        "conversations.setTopic" => conversations::set_topic(inner, p),
        "conversations.archive" => conversations::archive(inner, p),
        "conversations.info" => conversations::info(inner, p),
        "conversations.members" => conversations::members(inner, p),
        "chat.postMessage" => chat::post_message(inner, p),
        "chat.update" => chat::update(inner, p),
        "chat.delete" => chat::delete(inner, p),
        "chat.postEphemeral" => chat::post_ephemeral(inner, p),
        "chat.getPermalink" => chat::get_permalink(inner, p),
        "chat.unfurl" => chat::unfurl(inner, p),
        "pins.add" => marks::pins_add(inner, p),
        "pins.remove" => marks::pins_remove(inner, p),
        "reactions.add" => marks::reactions_add(inner, p),
        "reactions.remove" => marks::reactions_remove(inner, p),
        "views.open" => views::open(inner, p),
        "views.push" => views::push(inner, p),
        "views.update" => views::update(inner, p),
        "views.publish" => views::publish(inner, p),
        _ => Err("unknown_method".into()),
    }
}

fn slack_error(e: &str) -> Value {
    json!({"ok": false, "error": e})
}

/// The handler for `/api/{method}`.
pub(crate) async fn web_api(
    AxState(st): AxState<State>,
    Path(method): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let at = SystemTime::now();
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let parsed = params::parse(ct, query.as_deref().unwrap_or_default(), &body);
    let (token, fault) = {
        let mut inner = st.lock();
        if inner.down == Down::Unavailable {
            return (StatusCode::SERVICE_UNAVAILABLE, "Service Unavailable").into_response();
        }
        let p = parsed.as_ref().unwrap_or(&Value::Null);
        let token = token_kind(&inner, &headers, p);
        let fault = match auth_error(&method, token) {
            None => inner.faults.take(&method),
            Some(_) => None,
        };
        (token, fault)
    };
    let log = |status: u16, answer: &Value, params: &Value| {
        st.lock().calls.push(Call {
            method: method.clone(),
            token,
            params: params.clone(),
            status,
            answer: answer.clone(),
            at,
        });
        st.bump();
    };
    let params = match parsed {
        Ok(p) => p,
        Err(e) => {
            let answer = slack_error(e);
            log(200, &answer, &Value::Null);
            return Json(answer).into_response();
        }
    };
    match fault {
        Some(Fault::Error(e)) => {
            let answer = slack_error(&e);
            log(200, &answer, &params);
            return Json(answer).into_response();
        }
        Some(Fault::Status(code)) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let answer = json!(status.canonical_reason().unwrap_or("error"));
            log(code, &answer, &params);
            return (status, format!("<html>{code}</html>")).into_response();
        }
        Some(Fault::Hang) => {
            log(0, &Value::Null, &params);
            std::future::pending::<()>().await;
        }
        Some(Fault::Delay(d)) => tokio::time::sleep(d).await,
        None => {}
    }
    let (status, answer, retry_after) = {
        let mut inner = st.lock();
        let limits = inner.opts.rate_limits.clone();
        let channel = params["channel"].as_str();
        match auth_error(&method, token) {
            Some(e) => (200, slack_error(e), None),
            None => match inner
                .limiter
                .check(&limits, &method, channel, Instant::now())
            {
                Err(secs) => (429, slack_error("ratelimited"), Some(secs)),
                Ok(()) => match dispatch(&mut inner, &method, &params) {
                    Ok(mut fields) => {
                        fields["ok"] = json!(true);
                        (200, fields, None)
                    }
                    Err(e) => (200, slack_error(&e), None),
                },
            },
        }
    };
    log(status, &answer, &params);
    let mut res = Json(answer).into_response();
    *res.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    if let Some(secs) = retry_after {
        res.headers_mut().insert(header::RETRY_AFTER, secs.into());
    }
    res
}
