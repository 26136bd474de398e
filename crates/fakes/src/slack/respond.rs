//! `response_url`s: where the app answers a slash command or a click later. Each works 5
//! times within 30 minutes (`response_url_ttl`), then answers 404 `used_url` /
//! `expired_url`. A post is recorded and applied: `delete_original` and `replace_original`
//! act on the message the click came from, `response_type: in_channel` posts as the app,
//! anything else is shown to the user alone.

use super::events;
use super::faults::Down;
use super::reply::show;
use super::state::State;
use axum::body::Bytes;
use axum::extract::{Path, State as AxState};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

/// How many times a response URL may be used.
const USES: usize = 5;

/// `POST /response/{id}`.
pub(crate) async fn response_url(
    AxState(st): AxState<State>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let Ok(reply) = serde_json::from_slice::<Value>(&body) else {
        return (StatusCode::BAD_REQUEST, "invalid_payload").into_response();
    };
    let answer = {
        let mut inner = st.lock();
        if inner.down != Down::Up {
            return (StatusCode::SERVICE_UNAVAILABLE, "Service Unavailable").into_response();
        }
        let ttl = inner.opts.response_url_ttl;
        let Some(r) = inner.response_urls.get_mut(&id) else {
            return (StatusCode::NOT_FOUND, "no_such_url").into_response();
        };
        if r.issued.elapsed() > ttl {
            return (StatusCode::NOT_FOUND, "expired_url").into_response();
        }
        if r.posts.len() >= USES {
            return (StatusCode::NOT_FOUND, "used_url").into_response();
        }
        r.posts.push(reply.clone());
        let (user, channel, original) = (r.user.clone(), r.channel.clone(), r.message_ts.clone());
        let original = original.and_then(|ts| inner.ws.message(&channel, &ts).cloned());
        match original {
            Some(old) if reply["delete_original"] == true => {
                if let Some(m) = inner.ws.message_mut(&channel, &old.ts) {
                    m.deleted = true;
                }
                events::message_deleted(&mut inner, &old);
            }
            Some(old) if reply["replace_original"] == true => {
                let edited = inner.ws.new_ts();
                let bot = inner.opts.bot_user_id.clone();
                let m = inner
                    .ws
                    .message_mut(&channel, &old.ts)
                    .expect("found above");
                m.text = reply["text"].as_str().unwrap_or_default().into();
                m.blocks = reply.get("blocks").cloned().unwrap_or(Value::Null);
                m.edited = Some((bot, edited));
                let new = m.clone();
                events::message_changed(&mut inner, &old, &new);
            }
            _ => show(&mut inner, &user, &channel, &reply, "response_url"),
        }
        json!({"ok": true})
    };
    st.bump();
    Json(answer).into_response()
}
