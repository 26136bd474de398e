//! Inline comment threads on the postmortem: listing, starting one on a selection, replying,
//! resolving and reopening. The document anchors each with a `comment` mark holding its id.

use crate::auth::Auth;
use crate::error::{ApiError, Problem};
use crate::json::ApiJson;
use crate::routes::params::{self, Path};
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use goldseam_core::text::Body;
use goldseam_store::postmortems::Thread;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Who wrote a comment.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuthorDto {
    /// Their user id.
    pub id: Option<i64>,
    /// Their name.
    pub name: Option<String>,
}

/// A comment in a thread.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReplyDto {
    /// Who wrote it.
    pub author: AuthorDto,
    /// What they wrote (Markdown).
    pub body: String,
    /// When.
    pub at: Timestamp,
}

/// A comment thread anchored on a stretch of the document.
#[derive(Debug, Serialize, ToSchema)]
pub struct ThreadDto {
    /// Its id, as the document's `comment` mark holds it (a string).
    pub id: String,
    /// The text it was started on.
    pub quote: String,
    /// Whether it is resolved.
    pub resolved: bool,
    /// Who resolved it.
    pub resolved_by: Option<String>,
    /// When it was started.
    pub created_at: Timestamp,
    /// The first comment and the replies, oldest first.
    pub replies: Vec<ReplyDto>,
}

fn thread_dto(t: Thread) -> ThreadDto {
    ThreadDto {
        id: t.id.to_string(),
        quote: t.quote,
        resolved: t.resolved_at.is_some(),
        resolved_by: t.resolved_by,
        created_at: t.created_at,
        replies: t
            .replies
            .into_iter()
            .map(|r| ReplyDto {
                author: AuthorDto {
                    id: r.author_id.map(|u| u.get()),
                    name: r.author,
                },
                body: r.body,
                at: r.at,
            })
            .collect(),
    }
}

/// The comment threads, oldest first.
#[utoipa::path(get, operation_id = "list_postmortem_threads", path = "/api/v1/incidents/{ref}/postmortem/threads", tag = "postmortems",
    params(("ref" = String, Path, description = "INC-42 or 42")),
    responses((status = 200, body = Vec<ThreadDto>), (status = 404, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    auth: Auth,
    Path(r): Path<String>,
) -> Result<Json<Vec<ThreadDto>>, ApiError> {
    let r = params::incident_ref(&r)?;
    let threads = state.store.postmortem_threads(&auth.actor(), r).await?;
    Ok(Json(threads.into_iter().map(thread_dto).collect()))
}

/// A new thread: the selected text and the first comment.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewThread {
    /// The text the thread is about, 1 to 500 characters.
    pub quote: String,
    /// The first comment.
    pub body: String,
}

/// A reply, or a first comment.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewReply {
    /// The comment (Markdown).
    pub body: String,
}

/// Resolve or reopen.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolveRequest {
    /// True to resolve, false to reopen.
    #[serde(default = "yes")]
    pub resolved: bool,
}

fn yes() -> bool {
    true
}

async fn answer(
    state: &AppState,
    auth: &Auth,
    r: goldseam_core::IncidentId,
    id: i64,
    status: StatusCode,
) -> Result<Response, ApiError> {
    let thread = state
        .store
        .postmortem_threads(&auth.actor(), r)
        .await?
        .into_iter()
        .find(|t| t.id == id)
        .ok_or_else(|| ApiError::not_found(format!("comment thread {id}")))?;
    Ok((status, Json(thread_dto(thread))).into_response())
}

/// Starts a thread on a selection; the answer's `id` goes into the document's `comment` mark.
#[utoipa::path(post, operation_id = "start_postmortem_thread", path = "/api/v1/incidents/{ref}/postmortem/threads", tag = "postmortems",
    params(("ref" = String, Path, description = "INC-42 or 42")), request_body = NewThread,
    responses((status = 201, body = ThreadDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn start(
    State(state): State<AppState>,
    auth: Auth,
    Path(r): Path<String>,
    body: ApiJson<NewThread>,
) -> Result<Response, ApiError> {
    let r = params::incident_ref(&r)?;
    let comment = Body::parse("body", &body.value.body)?;
    let id = state
        .store
        .start_postmortem_thread(&auth.actor(), r, &body.value.quote, &comment)
        .await?;
    answer(&state, &auth, r, id, StatusCode::CREATED).await
}

/// Replies in a thread (reopening it if it was resolved).
#[utoipa::path(post, operation_id = "reply_postmortem_thread", path = "/api/v1/incidents/{ref}/postmortem/threads/{id}/replies", tag = "postmortems",
    params(("ref" = String, Path, description = "INC-42 or 42"), ("id" = i64, Path, description = "Thread id")), request_body = NewReply,
    responses((status = 200, body = ThreadDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn reply(
    State(state): State<AppState>,
    auth: Auth,
    Path((r, id)): Path<(String, String)>,
    body: ApiJson<NewReply>,
) -> Result<Response, ApiError> {
    let r = params::incident_ref(&r)?;
    let id = params::number("id", &id)?;
    let comment = Body::parse("body", &body.value.body)?;
    state
        .store
        .reply_postmortem_thread(&auth.actor(), r, id, &comment)
        .await?;
    answer(&state, &auth, r, id, StatusCode::OK).await
}

/// Resolves a thread, or reopens it with `{"resolved": false}`.
#[utoipa::path(post, operation_id = "resolve_postmortem_thread", path = "/api/v1/incidents/{ref}/postmortem/threads/{id}/resolve", tag = "postmortems",
    params(("ref" = String, Path, description = "INC-42 or 42"), ("id" = i64, Path, description = "Thread id")), request_body = ResolveRequest,
    responses((status = 200, body = ThreadDto), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "It is already resolved (or open)")))]
pub async fn resolve(
    State(state): State<AppState>,
    auth: Auth,
    Path((r, id)): Path<(String, String)>,
    body: ApiJson<ResolveRequest>,
) -> Result<Response, ApiError> {
    let r = params::incident_ref(&r)?;
    let id = params::number("id", &id)?;
    state
        .store
        .resolve_postmortem_thread(&auth.actor(), r, id, body.value.resolved)
        .await?;
    answer(&state, &auth, r, id, StatusCode::OK).await
}
