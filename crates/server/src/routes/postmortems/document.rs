//! The postmortem of an incident: opening it, reading it, moving it through its review, and its
//! exports (Markdown; HTML for the read and print views), published versions and their diff.

use super::{blocks_of, current_blocks, dto, render_context, PostmortemDto, ZoneQuery};
use crate::auth::Auth;
use crate::error::{ApiError, Problem};
use crate::json::ApiJson;
use crate::routes::params::{self, Path};
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use goldseam_core::postmortem::document::{render_html, render_markdown, Block, RenderContext};
use goldseam_core::postmortem::ReviewAction;
use goldseam_core::{DomainError, UserId};
use goldseam_store::StoreError;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The postmortem of an incident.
#[utoipa::path(get, operation_id = "show_postmortem", path = "/api/v1/incidents/{ref}/postmortem", tag = "postmortems",
    params(("ref" = String, Path, description = "INC-42 or 42")),
    responses((status = 200, body = PostmortemDto), (status = 404, body = Problem, description = "No such incident, or it has no postmortem yet")))]
pub async fn show(
    State(state): State<AppState>,
    auth: Auth,
    Path(r): Path<String>,
) -> Result<Json<PostmortemDto>, ApiError> {
    let r = params::incident_ref(&r)?;
    let pm = state
        .store
        .postmortem(&auth.actor(), r)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("the postmortem of {}", r.reference())))?;
    Ok(Json(dto(&state, &auth, pm).await?))
}

/// Opens the postmortem, seeded from the incident and its type's template (201), or answers
/// the one already open (200).
#[utoipa::path(post, operation_id = "open_postmortem", path = "/api/v1/incidents/{ref}/postmortem", tag = "postmortems",
    params(("ref" = String, Path, description = "INC-42 or 42")),
    responses((status = 201, body = PostmortemDto), (status = 200, body = PostmortemDto, description = "It was open already"),
        (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn open(
    State(state): State<AppState>,
    auth: Auth,
    Path(r): Path<String>,
) -> Result<Response, ApiError> {
    let r = params::incident_ref(&r)?;
    let (pm, opened) = state.store.open_postmortem(&auth.actor(), r, false).await?;
    let status = if opened {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(dto(&state, &auth, pm).await?)).into_response())
}

/// A move in the review.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewActionDto {
    /// Ask the named reviewers (draft or changes requested -> in review).
    RequestReview,
    /// A reviewer approves it.
    Approve,
    /// A reviewer asks for changes.
    RequestChanges,
    /// Freeze and publish it (approved, no open comment threads).
    Publish,
    /// Change a published postmortem: its next version starts as a draft.
    Amend,
}

impl From<ReviewActionDto> for ReviewAction {
    fn from(a: ReviewActionDto) -> Self {
        match a {
            ReviewActionDto::RequestReview => ReviewAction::RequestReview,
            ReviewActionDto::Approve => ReviewAction::Approve,
            ReviewActionDto::RequestChanges => ReviewAction::RequestChanges,
            ReviewActionDto::Publish => ReviewAction::Publish,
            ReviewActionDto::Amend => ReviewAction::Amend,
        }
    }
}

/// What to do, and with `request_review`, who reviews.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewRequest {
    /// The move.
    pub action: ReviewActionDto,
    /// The reviewers' user ids (with `request_review`; at least one).
    #[serde(default)]
    pub reviewers: Vec<i64>,
}

/// Moves the postmortem in its review; each move is an event on the incident's timeline.
#[utoipa::path(post, operation_id = "review_postmortem", path = "/api/v1/incidents/{ref}/postmortem/review", tag = "postmortems",
    params(("ref" = String, Path, description = "INC-42 or 42")), request_body = ReviewRequest,
    responses((status = 200, body = PostmortemDto), (status = 403, body = Problem, description = "Only named reviewers approve or ask for changes"),
        (status = 404, body = Problem),
        (status = 409, body = Problem, description = "Not a move from its state, or comment threads are still open (listed)"),
        (status = 422, body = Problem)))]
pub async fn review(
    State(state): State<AppState>,
    auth: Auth,
    Path(r): Path<String>,
    body: ApiJson<ReviewRequest>,
) -> Result<Json<PostmortemDto>, ApiError> {
    let r = params::incident_ref(&r)?;
    let reviewers: Vec<UserId> = body
        .value
        .reviewers
        .iter()
        .map(|id| UserId::from_db(*id))
        .collect();
    let action = ReviewAction::from(body.value.action);
    let actor = auth.actor();
    match state
        .store
        .move_postmortem(&actor, r, action, &reviewers)
        .await
    {
        Ok(pm) => Ok(Json(dto(&state, &auth, pm).await?)),
        Err(StoreError::Domain(DomainError::Conflict(detail)))
            if action == ReviewAction::Publish =>
        {
            // Name the open threads, so the reader knows what to resolve.
            let open: Vec<String> = state
                .store
                .postmortem_threads(&actor, r)
                .await?
                .into_iter()
                .filter(|t| t.resolved_at.is_none())
                .map(|t| format!("“{}”", t.quote))
                .collect();
            let detail = if open.is_empty() {
                detail
            } else {
                format!("{detail}: {}", open.join(", "))
            };
            Err(ApiError::new(StatusCode::CONFLICT, "conflict", detail))
        }
        Err(e) => Err(e.into()),
    }
}

fn text(content_type: &'static str, body: String) -> Response {
    let mut res = body.into_response();
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    res
}

/// The postmortem as Markdown (CommonMark with GitHub tables and task lists), times of quoted
/// events in the reader's zone.
#[utoipa::path(get, operation_id = "export_postmortem_markdown", path = "/api/v1/incidents/{ref}/postmortem/export.md", tag = "postmortems",
    params(("ref" = String, Path, description = "INC-42 or 42"), ZoneQuery),
    responses((status = 200, content_type = "text/markdown", body = String), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn export_markdown(
    State(state): State<AppState>,
    auth: Auth,
    Path(r): Path<String>,
    Query(q): Query<ZoneQuery>,
) -> Result<Response, ApiError> {
    export(
        &state,
        &auth,
        &r,
        q.zone.as_deref(),
        "text/markdown; charset=utf-8",
        render_markdown,
    )
    .await
}

/// The postmortem as sanitized HTML (a fragment: no scripts, styles or event handlers; links
/// only http, https and mailto), for the read and print views.
#[utoipa::path(get, operation_id = "export_postmortem_html", path = "/api/v1/incidents/{ref}/postmortem/export.html", tag = "postmortems",
    params(("ref" = String, Path, description = "INC-42 or 42"), ZoneQuery),
    responses((status = 200, content_type = "text/html", body = String), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn export_html(
    State(state): State<AppState>,
    auth: Auth,
    Path(r): Path<String>,
    Query(q): Query<ZoneQuery>,
) -> Result<Response, ApiError> {
    export(
        &state,
        &auth,
        &r,
        q.zone.as_deref(),
        "text/html; charset=utf-8",
        render_html,
    )
    .await
}

/// The current document of `r`, rendered in the reader's zone, if they may read it.
async fn export(
    state: &AppState,
    auth: &Auth,
    r: &str,
    zone: Option<&str>,
    content_type: &'static str,
    render: fn(&[Block], &RenderContext) -> String,
) -> Result<Response, ApiError> {
    let r = params::incident_ref(r)?;
    existing(state, auth, r).await?;
    let ctx = render_context(state, auth, r, zone).await?;
    Ok(text(
        content_type,
        render(&current_blocks(state, r).await?, &ctx),
    ))
}

async fn existing(
    state: &AppState,
    auth: &Auth,
    r: goldseam_core::IncidentId,
) -> Result<goldseam_store::postmortems::Postmortem, ApiError> {
    state
        .store
        .postmortem(&auth.actor(), r)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("the postmortem of {}", r.reference())))
}

/// A published version.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionDto {
    /// Its number, from 1.
    pub version: i64,
    /// When it was published.
    pub published_at: Timestamp,
    /// Who published it.
    pub published_by: Option<String>,
}

/// The published versions, oldest first.
#[utoipa::path(get, operation_id = "list_postmortem_versions", path = "/api/v1/incidents/{ref}/postmortem/versions", tag = "postmortems",
    params(("ref" = String, Path, description = "INC-42 or 42")),
    responses((status = 200, body = Vec<VersionDto>), (status = 404, body = Problem)))]
pub async fn versions(
    State(state): State<AppState>,
    auth: Auth,
    Path(r): Path<String>,
) -> Result<Json<Vec<VersionDto>>, ApiError> {
    let r = params::incident_ref(&r)?;
    let list = state.store.postmortem_versions(&auth.actor(), r).await?;
    Ok(Json(
        list.into_iter()
            .map(|v| VersionDto {
                version: v.version,
                published_at: v.published_at,
                published_by: v.published_by,
            })
            .collect(),
    ))
}

async fn version_markdown(
    state: &AppState,
    auth: &Auth,
    r: goldseam_core::IncidentId,
    n: i64,
    zone: Option<&str>,
) -> Result<String, ApiError> {
    let bytes = state
        .store
        .postmortem_version(&auth.actor(), r, n)
        .await?
        .ok_or_else(|| {
            ApiError::not_found(format!(
                "version {n} of the postmortem of {}",
                r.reference()
            ))
        })?;
    let ctx = render_context(state, auth, r, zone).await?;
    Ok(render_markdown(&blocks_of(&[bytes])?, &ctx))
}

/// A published version as Markdown.
#[utoipa::path(get, operation_id = "export_postmortem_version", path = "/api/v1/incidents/{ref}/postmortem/versions/{version}/export.md", tag = "postmortems",
    params(("ref" = String, Path, description = "INC-42 or 42"), ("version" = i64, Path, description = "Version number"), ZoneQuery),
    responses((status = 200, content_type = "text/markdown", body = String), (status = 404, body = Problem)))]
pub async fn version_export(
    State(state): State<AppState>,
    auth: Auth,
    Path((r, version)): Path<(String, String)>,
    Query(q): Query<ZoneQuery>,
) -> Result<Response, ApiError> {
    let r = params::incident_ref(&r)?;
    let n = params::number("version", &version)?;
    Ok(text(
        "text/markdown; charset=utf-8",
        version_markdown(&state, &auth, r, n, q.zone.as_deref()).await?,
    ))
}

/// One line of a diff.
#[derive(Debug, Serialize, ToSchema)]
pub struct DiffLine {
    /// `=` unchanged, `-` only in the older version, `+` only in the newer.
    pub op: String,
    /// The line of Markdown.
    pub text: String,
}

/// What changed between two versions, line by line of their Markdown.
#[utoipa::path(get, operation_id = "diff_postmortem_versions", path = "/api/v1/incidents/{ref}/postmortem/versions/{from}/diff/{to}", tag = "postmortems",
    params(("ref" = String, Path, description = "INC-42 or 42"), ("from" = i64, Path, description = "The older version"),
        ("to" = i64, Path, description = "The newer version"), ZoneQuery),
    responses((status = 200, body = Vec<DiffLine>), (status = 404, body = Problem)))]
pub async fn diff(
    State(state): State<AppState>,
    auth: Auth,
    Path((r, from, to)): Path<(String, String, String)>,
    Query(q): Query<ZoneQuery>,
) -> Result<Json<Vec<DiffLine>>, ApiError> {
    let r = params::incident_ref(&r)?;
    let (from, to) = (params::number("from", &from)?, params::number("to", &to)?);
    let old = version_markdown(&state, &auth, r, from, q.zone.as_deref()).await?;
    let new = version_markdown(&state, &auth, r, to, q.zone.as_deref()).await?;
    let lines = similar::TextDiff::from_lines(&old, &new)
        .iter_all_changes()
        .map(|change| DiffLine {
            op: match change.tag() {
                similar::ChangeTag::Equal => "=",
                similar::ChangeTag::Delete => "-",
                similar::ChangeTag::Insert => "+",
            }
            .into(),
            text: change.value().trim_end_matches('\n').to_string(),
        })
        .collect();
    Ok(Json(lines))
}
