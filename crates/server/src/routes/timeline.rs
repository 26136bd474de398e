//! The timeline: reading it, comments (add, edit, delete) and status updates.

use super::change::{self, Idempotency};
use super::params;
use crate::auth::Auth;
use crate::dto::{ChangeResponse, EventDto, EventList};
use crate::error::{AllFields, ApiError, Problem};
use crate::json::ApiJson;
use crate::routes::params::Path;
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use goldseam_core::text::Body;
use goldseam_core::{Command, Status};
use goldseam_store::incidents::Change;
use serde::Deserialize;
use utoipa::ToSchema;

/// A comment.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentRequest {
    /// Markdown, up to 50,000 characters; `#hashtags` become tags.
    pub body: String,
}

/// A stakeholder-facing status update.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusUpdateRequest {
    /// What stakeholders need to know, in markdown.
    pub body: String,
    /// Move the incident to this status at the same time.
    pub status: Option<String>,
}

/// An incident's events, oldest first.
#[utoipa::path(get, operation_id = "list_timeline", path = "/api/v1/incidents/{ref}/timeline", tag = "timeline",
    params(("ref" = String, Path, description = "INC-42 or 42"),
        ("after" = Option<String>, Query, description = "Sequence number to continue after (a previous page's next_cursor)"),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 1000, description = "1 to 1000, default 500")),
    responses((status = 200, body = EventList), (status = 404, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    auth: Auth,
    Path(r): Path<String>,
    RawQuery(q): RawQuery,
) -> Result<Json<EventList>, ApiError> {
    let r = params::incident_ref(&r)?;
    let page = params::Page::parse(q.as_deref(), 500, 1000)?;
    let events = state
        .store
        .timeline(&auth.actor(), r, page.after, page.limit)
        .await?;
    let next_cursor = page.next(&events, |e| e.record.seq);
    Ok(Json(EventList {
        items: events.iter().map(EventDto::from).collect(),
        next_cursor,
    }))
}

fn body(field: &str, raw: &str) -> Result<Body, ApiError> {
    Body::parse(field, raw).map_err(ApiError::from)
}

/// Comment on an incident.
#[utoipa::path(post, path = "/api/v1/incidents/{ref}/comments", tag = "timeline", request_body = CommentRequest,
    params(("ref" = String, Path, description = "INC-42 or 42"), ("Idempotency-Key" = Option<String>, Header, description = "Makes a repeat return the same comment")),
    responses((status = 201, body = ChangeResponse), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn comment(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Path(r): Path<String>,
    req: ApiJson<CommentRequest>,
) -> Result<Response, ApiError> {
    let cmd = Change::Core(Command::Comment(body("body", &req.value.body)?));
    change::run(
        &state,
        &auth,
        &headers,
        &r,
        vec![cmd],
        Idempotency::Scope("comment", &req.raw),
        StatusCode::CREATED,
    )
    .await
}

/// Edit your comment (admins may edit any). The original stays in the timeline.
#[utoipa::path(patch, path = "/api/v1/incidents/{ref}/comments/{comment_id}", tag = "timeline", request_body = CommentRequest,
    params(("ref" = String, Path, description = "INC-42 or 42"), ("comment_id" = i64, Path, description = "The comment_added event's id")),
    responses((status = 200, body = ChangeResponse), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn edit_comment(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Path((r, id)): Path<(String, String)>,
    req: ApiJson<CommentRequest>,
) -> Result<Response, ApiError> {
    let cmd = Change::EditComment {
        comment_id: params::id("comment_id", &id)?,
        body: body("body", &req.value.body)?,
    };
    change::run(
        &state,
        &auth,
        &headers,
        &r,
        vec![cmd],
        Idempotency::None,
        StatusCode::OK,
    )
    .await
}

/// Delete your comment (admins may delete any). The original stays in the history.
#[utoipa::path(delete, path = "/api/v1/incidents/{ref}/comments/{comment_id}", tag = "timeline",
    params(("ref" = String, Path, description = "INC-42 or 42"), ("comment_id" = i64, Path, description = "The comment_added event's id")),
    responses((status = 200, body = ChangeResponse), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn delete_comment(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Path((r, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let cmd = Change::DeleteComment {
        comment_id: params::id("comment_id", &id)?,
    };
    change::run(
        &state,
        &auth,
        &headers,
        &r,
        vec![cmd],
        Idempotency::None,
        StatusCode::OK,
    )
    .await
}

/// Post a status update for stakeholders, optionally moving the status.
#[utoipa::path(post, path = "/api/v1/incidents/{ref}/status-updates", tag = "timeline", request_body = StatusUpdateRequest,
    params(("ref" = String, Path, description = "INC-42 or 42"), ("Idempotency-Key" = Option<String>, Header, description = "Makes a repeat return the same update")),
    responses((status = 201, body = ChangeResponse), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn status_update(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Path(r): Path<String>,
    req: ApiJson<StatusUpdateRequest>,
) -> Result<Response, ApiError> {
    let (body, status) = (
        Body::parse("body", &req.value.body),
        req.value
            .status
            .as_deref()
            .map(|s| Status::parse("status", s))
            .transpose(),
    )
        .all()?;
    let cmd = Change::Core(Command::StatusUpdate { body, status });
    change::run(
        &state,
        &auth,
        &headers,
        &r,
        vec![cmd],
        Idempotency::Scope("status-update", &req.raw),
        StatusCode::CREATED,
    )
    .await
}
