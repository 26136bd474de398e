//! What Mattermost POSTs to Goldseam: the `/inc` slash command (checked against the command's
//! token), button clicks and declare-dialog submissions (checked against the signed context
//! or state Goldseam gave them). Each is stored in the chat inbox before it is answered; the
//! engine answers the person afterwards (the command's response URL, or an ephemeral post).
//! A forged request is refused with 401 and changes nothing; a genuine but expired button or
//! dialog gets a clear answer for the person, and changes nothing either.

use crate::chat::declare::declaration_from;
use crate::chat::hub::{receive, MattermostInbound};
use crate::error::{ApiError, Problem};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use goldseam_core::chat::inbound::Inbound;
use goldseam_core::chat::Platform;
use goldseam_integrations::chat::api::{declare_fields, Parsed};
use goldseam_integrations::chat::mattermost::http_in::{self, Checked, HttpInError};
use serde_json::{json, Value};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The Mattermost routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(commands))
        .routes(routes!(actions))
        .routes(routes!(dialogs))
}

fn refused(e: HttpInError) -> ApiError {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST);
    ApiError::new(status, "mattermost_request_refused", e.to_string())
}

fn live(state: &AppState) -> Result<MattermostInbound, ApiError> {
    state
        .chat
        .mattermost()
        .ok_or_else(|| ApiError::not_found("Mattermost (it is not set up on this server)"))
}

/// Stores what arrived; an empty JSON answer acknowledges it.
async fn keep(
    state: &AppState,
    mm: &MattermostInbound,
    parsed: &Parsed,
) -> Result<Json<Value>, ApiError> {
    receive(&state.store, Platform::Mattermost, mm.wake.as_ref(), parsed).await?;
    Ok(Json(json!({})))
}

/// Mattermost's slash command (`/inc`); the answer follows through the command's response URL.
#[utoipa::path(post, operation_id = "mattermost_commands", path = "/api/v1/integrations/mattermost/commands", tag = "integrations", security(("mattermost_command_token" = [])),
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "A slash command's form fields, `token` among them"),
    responses((status = 200, description = "Stored"),
        (status = 400, body = Problem, description = "The command's token is right, but the body is not a slash command"),
        (status = 401, body = Problem, description = "No token, or not the command's"),
        (status = 404, body = Problem, description = "Mattermost, or its command token, is not set up on this server"),
        (status = 413, body = Problem, description = "The body is over 1 MiB")))]
async fn commands(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let body = body?;
    let authorization = headers.get("authorization").and_then(|v| v.to_str().ok());
    let has_field = form_urlencoded::parse(&body).any(|(k, v)| k == "token" && !v.is_empty());
    if authorization.is_none() && !has_field {
        return Err(refused(HttpInError::BadToken));
    }
    let mm = live(&state)?;
    let Some(token) = mm.command_token.as_ref() else {
        return Err(ApiError::not_found(
            "Mattermost commands (no command token is configured)",
        ));
    };
    let parsed = http_in::command(authorization, &body, token).map_err(refused)?;
    keep(&state, &mm, &parsed).await
}

/// A button in one of Goldseam's Mattermost posts (its `integration.context` is signed).
#[utoipa::path(post, operation_id = "mattermost_actions", path = "/api/v1/integrations/mattermost/actions", tag = "integrations", security(()),
    request_body(content = Object, content_type = "application/json", description = "Mattermost's action request: user_id, channel_id, post_id, trigger_id and the signed context"),
    responses((status = 200, description = "Stored (`{}`), or `ephemeral_text` telling the person the button has expired"),
        (status = 400, body = Problem, description = "Not an action request"),
        (status = 401, body = Problem, description = "The context was not signed by this server"),
        (status = 404, body = Problem, description = "Mattermost is not set up on this server"),
        (status = 413, body = Problem, description = "The body is over 1 MiB")))]
async fn actions(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let body = body?;
    let mm = live(&state)?;
    match http_in::action(&body, &mm.signer, state.store.now()).map_err(refused)? {
        Checked::Received(parsed) => keep(&state, &mm, &parsed).await,
        Checked::Expired(text) => Ok(Json(json!({ "ephemeral_text": text }))),
        Checked::Cancelled => Ok(Json(json!({}))),
    }
}

/// The declare dialog, submitted (its `state` is signed for the person it was opened for).
#[utoipa::path(post, operation_id = "mattermost_dialogs", path = "/api/v1/integrations/mattermost/dialogs", tag = "integrations", security(()),
    request_body(content = Object, content_type = "application/json", description = "Mattermost's dialog submission: callback_id, state, user_id, channel_id, submission"),
    responses((status = 200, description = "Stored (`{}`); mistakes come back as `errors` by field, an expired form as `error`"),
        (status = 400, body = Problem, description = "Not a dialog submission"),
        (status = 401, body = Problem, description = "The state was not signed by this server for this person"),
        (status = 404, body = Problem, description = "Mattermost is not set up on this server"),
        (status = 413, body = Problem, description = "The body is over 1 MiB")))]
async fn dialogs(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let body = body?;
    let mm = live(&state)?;
    let parsed = match http_in::dialog(&body, &mm.signer, state.store.now()).map_err(refused)? {
        Checked::Received(parsed) => parsed,
        Checked::Expired(text) => return Ok(Json(json!({ "error": text }))),
        Checked::Cancelled => return Ok(Json(json!({}))),
    };
    // Mistakes go back into the dialog, by field, and nothing is stored.
    if let Inbound::FormSubmitted {
        callback_id,
        values,
        ..
    } = &parsed.inbound
    {
        if callback_id == declare_fields::CALLBACK {
            if let Err((field, why)) = declaration_from(values) {
                return Ok(Json(json!({ "errors": { field: why } })));
            }
        }
    }
    keep(&state, &mm, &parsed).await
}
