//! Mattermost's JSON shapes for what the fake holds, and its error body. Fields the docs list
//! are all present, with the empty values a real server gives for what the fake does not model.

use super::model::{Channel, Post, Reaction, User};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

/// An API error: Mattermost's `AppError` (`{id, message, detailed_error, request_id,
/// status_code}`). The gate fills in `request_id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError {
    pub(crate) status: u16,
    pub(crate) id: String,
    pub(crate) message: String,
}

impl ApiError {
    pub(crate) fn new(status: u16, id: &str, message: &str) -> Self {
        ApiError {
            status,
            id: id.into(),
            message: message.into(),
        }
    }

    /// 400 for a missing or invalid body field, as `c.SetInvalidParam` answers.
    pub(crate) fn invalid_param(name: &str) -> Self {
        let message = format!("Invalid or missing {name} in request body.");
        ApiError::new(400, "api.context.invalid_body_param.app_error", &message)
    }

    /// 403: the session lacks the permission.
    pub(crate) fn forbidden() -> Self {
        let message = "You do not have the appropriate permissions.";
        ApiError::new(403, "api.context.permissions.app_error", message)
    }

    pub(crate) fn unauthorized() -> Self {
        let message = "Invalid or expired session, please login again.";
        ApiError::new(401, "api.context.session_expired.app_error", message)
    }

    pub(crate) fn no_user() -> Self {
        ApiError::new(
            404,
            "app.user.missing_account.const",
            "Unable to find the user.",
        )
    }

    pub(crate) fn no_channel() -> Self {
        let message = "Unable to find the existing channel.";
        ApiError::new(404, "app.channel.get.existing.app_error", message)
    }

    pub(crate) fn no_post() -> Self {
        ApiError::new(404, "app.post.get.app_error", "Unable to get the post.")
    }

    pub(crate) fn body(&self) -> Value {
        json!({
            "id": self.id,
            "message": self.message,
            "detailed_error": "",
            "request_id": "",
            "status_code": self.status,
        })
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.status, self.id, self.message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::BAD_REQUEST);
        (status, Json(self.body())).into_response()
    }
}

/// What a handler returns.
pub(crate) type ApiResult = Result<Response, ApiError>;

/// 200 with a JSON body.
pub(crate) fn ok(body: Value) -> ApiResult {
    Ok(Json(body).into_response())
}

/// 201 with a JSON body.
pub(crate) fn created(body: Value) -> ApiResult {
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// `{"status":"OK"}`, the answer of deletes, pins and dialogs.
pub(crate) fn status_ok() -> ApiResult {
    ok(json!({"status": "OK"}))
}

pub(crate) fn user_json(u: &User) -> Value {
    json!({
        "id": u.id, "create_at": u.create_at, "update_at": u.create_at,
        "delete_at": u.delete_at, "username": u.username, "auth_data": "", "auth_service": "",
        "email": u.email, "email_verified": true, "nickname": "", "first_name": u.first_name,
        "last_name": u.last_name, "position": "", "roles": "system_user", "locale": "en",
        "timezone": {"automaticTimezone": "", "manualTimezone": "", "useAutomaticTimezone": "true"},
        "is_bot": u.is_bot,
    })
}

pub(crate) fn channel_json(c: &Channel) -> Value {
    json!({
        "id": c.id, "create_at": c.create_at, "update_at": c.update_at,
        "delete_at": c.delete_at, "team_id": c.team_id, "type": c.channel_type.as_str(),
        "display_name": c.display_name, "name": c.name, "header": c.header,
        "purpose": c.purpose, "last_post_at": c.last_post_at,
        "total_msg_count": c.total_msg_count, "extra_update_at": 0,
        "creator_id": c.creator_id, "scheme_id": null, "group_constrained": null,
        "shared": null, "policy_id": null,
    })
}

pub(crate) fn member_json(channel_id: &str, user_id: &str, at: i64) -> Value {
    json!({
        "channel_id": channel_id, "user_id": user_id, "roles": "channel_user",
        "last_viewed_at": 0, "msg_count": 0, "mention_count": 0,
        "notify_props": {"desktop": "default", "email": "default", "mark_unread": "all",
                         "push": "default", "ignore_channel_mentions": "default"},
        "last_update_at": at, "scheme_guest": false, "scheme_user": true, "scheme_admin": false,
    })
}

/// A post as the server sends it to clients: the `integration` (URL and context) of every
/// attachment action is removed, as Mattermost strips it before a post leaves the server.
pub(crate) fn post_json(p: &Post, reply_count: usize, has_reactions: bool) -> Value {
    let mut props = Value::Object(p.props.clone());
    if let Some(attachments) = props.get_mut("attachments").and_then(Value::as_array_mut) {
        let actions = attachments
            .iter_mut()
            .filter_map(|a| a.get_mut("actions").and_then(Value::as_array_mut));
        for action in actions.flatten() {
            if let Some(a) = action.as_object_mut() {
                a.remove("integration");
            }
        }
    }
    let mut v = json!({
        "id": p.id, "create_at": p.create_at, "update_at": p.update_at, "edit_at": p.edit_at,
        "delete_at": p.delete_at, "is_pinned": p.is_pinned, "user_id": p.user_id,
        "channel_id": p.channel_id, "root_id": p.root_id, "original_id": "",
        "message": p.message, "type": p.post_type, "props": props, "hashtags": "",
        "pending_post_id": p.pending_post_id, "reply_count": reply_count, "metadata": {},
    });
    if has_reactions {
        v["has_reactions"] = json!(true);
    }
    v
}

pub(crate) fn reaction_json(r: &Reaction) -> Value {
    json!({
        "user_id": r.user_id, "post_id": r.post_id, "emoji_name": r.emoji_name,
        "create_at": r.create_at, "update_at": r.create_at, "delete_at": 0,
    })
}
