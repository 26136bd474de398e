//! The REST API v4 routes. Each endpoint's name in the calls log and for faults is its method
//! and route without `/api/v4`, e.g. `PUT /posts/{id}`.

mod actions;
mod channels;
mod posts;
mod users;

use super::gate::gate;
use super::store::Core;
use super::wire::ApiError;
use axum::body::Bytes;
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use axum::Router;
use serde_json::Value;
use std::sync::Arc;

pub(crate) type Shared = Arc<Core>;

/// A JSON object body, or Mattermost's 400 naming what was expected.
pub(crate) fn object(bytes: &Bytes, what: &str) -> Result<Value, ApiError> {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(v) if v.is_object() => Ok(v),
        _ => Err(ApiError::invalid_param(what)),
    }
}

/// A string field of a body ("" when absent or not a string).
pub(crate) fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_default()
}

async fn not_found() -> Response {
    let message = "Sorry, we could not find the page.";
    ApiError::new(404, "api.context.404.app_error", message).into_response()
}

pub(crate) fn router(core: Shared) -> Router {
    let v4 = |path: &str| format!("/api/v4{path}");
    Router::new()
        .route(&v4("/users/me"), get(users::me))
        .route(&v4("/users/{id}"), get(users::by_id))
        .route(&v4("/users/email/{email}"), get(users::by_email))
        .route(&v4("/users/username/{username}"), get(users::by_username))
        .route(&v4("/teams/{team_id}"), get(users::team))
        .route(&v4("/teams/name/{name}"), get(users::team_by_name))
        .route(&v4("/channels"), post(channels::create))
        .route(&v4("/channels/direct"), post(channels::direct))
        .route(
            &v4("/channels/{id}"),
            get(channels::by_id).delete(channels::archive),
        )
        .route(&v4("/channels/{id}/patch"), put(channels::patch))
        .route(
            &v4("/channels/{id}/members"),
            get(channels::members).post(channels::add_member),
        )
        .route(
            &v4("/channels/{id}/members/{user_id}"),
            delete(channels::remove_member),
        )
        .route(&v4("/channels/{id}/posts"), get(posts::for_channel))
        .route(
            &v4("/teams/{team_id}/channels/name/{name}"),
            get(channels::by_name),
        )
        .route(&v4("/posts"), post(posts::create))
        .route(&v4("/posts/ephemeral"), post(posts::ephemeral))
        .route(
            &v4("/posts/{id}"),
            get(posts::by_id).put(posts::update).delete(posts::remove),
        )
        .route(&v4("/posts/{id}/patch"), put(posts::patch))
        .route(&v4("/posts/{id}/pin"), post(posts::pin))
        .route(&v4("/posts/{id}/unpin"), post(posts::unpin))
        .route(&v4("/reactions"), post(posts::react))
        .route(
            &v4("/users/{id}/posts/{post_id}/reactions/{emoji}"),
            delete(posts::unreact),
        )
        .route(&v4("/actions/dialogs/open"), post(actions::open_dialog))
        .route("/hooks/commands/{id}", post(actions::command_response))
        .route_layer(from_fn_with_state(core.clone(), gate))
        .route(&v4("/websocket"), get(super::ws::upgrade))
        .fallback(not_found)
        .with_state(core)
}
