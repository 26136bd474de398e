//! Slack's request URLs, for a workspace whose app uses HTTP rather than Socket Mode (the
//! manifest's `--http`). Each request is checked (v0 signature, five-minute window), stored in
//! the chat inbox, and only then answered 200; Slack retries what is not answered in three
//! seconds with the same event id, which the inbox drops. Unsigned requests are refused
//! first, the same whether or not Slack is set up.

use crate::chat::hub::receive;
use crate::error::{ApiError, Problem};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use goldseam_core::chat::Platform;
use goldseam_integrations::chat::slack::http_in::{
    http_request, HttpInError, HttpInbound, HttpKind,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The Slack routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(events))
        .routes(routes!(commands))
        .routes(routes!(interactions))
}

/// Slack's Events API (messages, reactions, pins, joins in channels the app is in).
#[utoipa::path(post, path = "/api/v1/integrations/slack/events", tag = "integrations", security(("slack_signature" = [])),
    request_body(content = Object, content_type = "application/json", description = "An Events API callback or url_verification (X-Slack-Request-Timestamp header)"),
    responses((status = 200, description = "Stored (or the url_verification challenge)"),
        (status = 400, body = Problem, description = "Signed, but not an Events API body"),
        (status = 401, body = Problem, description = "Unsigned, forged, or signed more than five minutes away"),
        (status = 404, body = Problem, description = "Slack is not set up on this server"),
        (status = 413, body = Problem, description = "The body is over 1 MiB")))]
async fn events(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    handle(&state, HttpKind::Events, &headers, body).await
}

/// Slack's slash commands (`/inc`); the answer follows through the command's response URL.
#[utoipa::path(post, path = "/api/v1/integrations/slack/commands", tag = "integrations", security(("slack_signature" = [])),
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "A slash command's form fields"),
    responses((status = 200, description = "Stored"),
        (status = 400, body = Problem, description = "Signed, but not a slash command"),
        (status = 401, body = Problem, description = "Unsigned, forged, or signed more than five minutes away"),
        (status = 404, body = Problem, description = "Slack is not set up on this server"),
        (status = 413, body = Problem, description = "The body is over 1 MiB")))]
async fn commands(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    handle(&state, HttpKind::Commands, &headers, body).await
}

/// Slack's interactivity: buttons and the declare form.
#[utoipa::path(post, path = "/api/v1/integrations/slack/interactions", tag = "integrations", security(("slack_signature" = [])),
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "`payload`: the interaction as JSON"),
    responses((status = 200, description = "Stored; a declare form with mistakes gets them back (response_action errors)"),
        (status = 400, body = Problem, description = "Signed, but not an interaction"),
        (status = 401, body = Problem, description = "Unsigned, forged, or signed more than five minutes away"),
        (status = 404, body = Problem, description = "Slack is not set up on this server"),
        (status = 413, body = Problem, description = "The body is over 1 MiB")))]
async fn interactions(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    handle(&state, HttpKind::Interactions, &headers, body).await
}

async fn handle(
    state: &AppState,
    kind: HttpKind,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let refused = |e: HttpInError| {
        let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST);
        ApiError::new(status, "slack_request_refused", e.to_string())
    };
    if headers
        .get("x-slack-signature")
        .is_none_or(|v| v.is_empty())
    {
        return Err(refused(HttpInError::Unsigned));
    }
    let Some(slack) = state.chat.slack() else {
        return Err(ApiError::not_found(
            "Slack (it is not set up on this server)",
        ));
    };
    let Some(secret) = slack.signing_secret.as_ref() else {
        return Err(ApiError::not_found(
            "Slack request URLs (no signing secret is configured)",
        ));
    };
    let body = body?;
    let now = state.store.now();
    match http_request(kind, headers, &body, secret, now, &slack.bot_user).map_err(refused)? {
        HttpInbound::Challenge(challenge) => Ok(challenge.into_response()),
        HttpInbound::Received(parsed) => {
            match receive(&state.store, Platform::Slack, slack.wake.as_ref(), &parsed).await? {
                Some(answer) => Ok(Json(answer).into_response()),
                None => Ok(StatusCode::OK.into_response()),
            }
        }
    }
}
