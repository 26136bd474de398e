//! What Twilio sends us: replies to page texts ("1" acknowledges), key presses during page
//! calls, and delivery statuses. Every request must carry Twilio's signature for this account
//! (X-Twilio-Signature); anything else is refused and changes nothing.

use crate::error::{ApiError, Problem};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{OriginalUri, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use goldseam_core::{Actor, PageId, UserId};
use goldseam_store::response::{page_and_user_of_key, Acknowledged};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Twilio's routes. They are callbacks Twilio makes with its own signature, not for clients.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(inbound_sms))
        .routes(routes!(gather))
        .routes(routes!(status))
}

#[derive(Debug)]
struct Delivery {
    delivery: String,
}

fn twiml(body: &str) -> Response {
    (
        [(header::CONTENT_TYPE, "text/xml; charset=utf-8")],
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>{body}</Response>"),
    )
        .into_response()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Refuses what Twilio did not sign: Twilio signs the full URL it called, which is this
/// server's public address followed by the path and query (the original one: /api/v1 is
/// nested, and a nested router sees its path without it).
fn check(
    state: &AppState,
    uri: &Uri,
    headers: &HeaderMap,
    params: &[(String, String)],
) -> Result<(), ApiError> {
    let unsigned = || {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "the request is not signed by Twilio for this account",
        )
    };
    // An unsigned request is refused the same way whether or not Twilio is configured: the
    // signature is what the operation requires, so its absence is the first thing said.
    let Some(signature) = headers
        .get("x-twilio-signature")
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty())
    else {
        return Err(unsigned());
    };
    let Some(twilio) = &state.config.delivery.channels.twilio else {
        return Err(ApiError::not_found("Twilio integration (not configured)"));
    };
    let url = format!(
        "{}{}",
        state.config.public_url.trim_end_matches('/'),
        uri.path_and_query().map_or("", |p| p.as_str())
    );
    if twilio.signed(&url, params, signature) {
        Ok(())
    } else {
        Err(unsigned())
    }
}

/// The form fields Twilio posts (application/x-www-form-urlencoded).
/// The delivery a callback is about, from the query Goldseam put in the callback URL. Read
/// once the signature is checked: an unsigned request learns nothing from its parameters.
fn delivery(uri: &Uri) -> Result<Delivery, ApiError> {
    form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
        .find(|(k, _)| k == "delivery")
        .map(|(_, v)| Delivery {
            delivery: v.into_owned(),
        })
        .ok_or_else(|| ApiError::invalid("delivery", "is missing from the callback URL"))
}

fn form(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body).into_owned().collect()
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> &'a str {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

async fn acknowledge_as(
    state: &AppState,
    user_id: UserId,
    page_ids: &[PageId],
) -> Result<Vec<String>, ApiError> {
    let user = state.store.user(user_id).await?;
    let actor = Actor {
        user_id: user.id,
        role: user.role,
    };
    let mut references = Vec::new();
    for id in page_ids {
        let page = state.store.page(*id).await?;
        if let Acknowledged::Now { .. } = state.store.acknowledge_page(&actor, page.id).await? {
            references.push(page.incident_id.reference());
        }
    }
    references.dedup();
    Ok(references)
}

/// A text to our number: "1" (or "ack") acknowledges every open page that notified the sender.
#[utoipa::path(post, path = "/api/v1/integrations/twilio/sms", tag = "integrations", security(("twilio_signature" = [])),
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "Twilio's incoming message webhook (Body, From ...)"),
    responses((status = 200, content_type = "text/xml", body = String, description = "TwiML answering the sender"),
        (status = 403, body = Problem, description = "Missing or wrong X-Twilio-Signature"),
        (status = 404, body = Problem, description = "Twilio is not configured on this server")))]
async fn inbound_sms(
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    // Taken as a Result so a body over the limit is refused as problem+json, not axum's text.
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let params = form(&body?);
    check(&state, &uri, &headers, &params)?;
    let body = param(&params, "Body").trim().to_lowercase();
    if !matches!(body.as_str(), "1" | "ack" | "ok" | "yes") {
        return Ok(twiml(
            "<Message>Reply 1 to acknowledge your Goldseam pages.</Message>",
        ));
    }
    let Some(user_id) = state.store.user_by_phone(param(&params, "From")).await? else {
        return Ok(twiml(
            "<Message>This number is not a verified contact method in Goldseam.</Message>",
        ));
    };
    let open = state.store.open_pages_notifying(user_id).await?;
    let ids: Vec<PageId> = open.iter().map(|p| p.id).collect();
    let acknowledged = acknowledge_as(&state, user_id, &ids).await?;
    Ok(twiml(&if acknowledged.is_empty() {
        "<Message>Nothing to acknowledge: your pages were already acknowledged.</Message>"
            .to_string()
    } else {
        format!(
            "<Message>Acknowledged {}. Notifications stop.</Message>",
            escape(&acknowledged.join(", "))
        )
    }))
}

/// A key press during a page call: 1 acknowledges that page.
#[utoipa::path(post, path = "/api/v1/integrations/twilio/gather", tag = "integrations", security(("twilio_signature" = [])),
    params(("delivery" = String, Query, description = "The page delivery the call was made for")),
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "Twilio's gather callback (Digits ...)"),
    responses((status = 200, content_type = "text/xml", body = String, description = "TwiML said to the person"),
        (status = 403, body = Problem, description = "Missing or wrong X-Twilio-Signature"),
        (status = 404, body = Problem, description = "Twilio is not configured on this server")))]
async fn gather(
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let params = form(&body?);
    check(&state, &uri, &headers, &params)?;
    let q = delivery(&uri)?;
    if param(&params, "Digits") != "1" {
        return Ok(twiml("<Say>Not acknowledged. Goodbye.</Say>"));
    }
    let Some((page_id, user_id)) = page_and_user_of_key(&q.delivery) else {
        return Ok(twiml("<Say>This call is not a page. Goodbye.</Say>"));
    };
    acknowledge_as(&state, user_id, &[page_id]).await?;
    Ok(twiml("<Say>Acknowledged. Thank you.</Say>"))
}

/// A delivery status. Failures are retried by the engine's own outcome; this only confirms
/// Twilio reached us, so the status is logged.
#[utoipa::path(post, path = "/api/v1/integrations/twilio/status", tag = "integrations", security(("twilio_signature" = [])),
    params(("delivery" = String, Query, description = "The delivery the status is about")),
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "Twilio's status callback (MessageStatus or CallStatus ...)"),
    responses((status = 204, description = "Recorded"),
        (status = 403, body = Problem, description = "Missing or wrong X-Twilio-Signature"),
        (status = 404, body = Problem, description = "Twilio is not configured on this server")))]
async fn status(
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<StatusCode, ApiError> {
    let params = form(&body?);
    check(&state, &uri, &headers, &params)?;
    let q = delivery(&uri)?;
    let status = param(&params, "MessageStatus");
    let status = if status.is_empty() {
        param(&params, "CallStatus")
    } else {
        status
    };
    if matches!(status, "failed" | "undelivered" | "busy" | "no-answer") {
        tracing::warn!(delivery = %q.delivery, status, "Twilio reports the delivery did not reach the person");
    }
    Ok(StatusCode::NO_CONTENT)
}
