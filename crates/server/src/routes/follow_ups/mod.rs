//! Follow-ups over HTTP: one incident's (list, add), anyone's across incidents (the lists people
//! work from: mine, my teams', overdue, by incident, by service), one follow-up (read, change).
//! Every read goes through the store's visibility rule: a follow-up is seen where its incident is.

pub mod dto;

use crate::auth::Auth;
use crate::error::{ApiError, Fields, Problem};
use crate::json::ApiJson;
use crate::routes::params::{self, Path, Query};
use crate::state::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use dto::{FollowUpDto, FollowUpList, NewFollowUpRequest, UpdateFollowUpRequest};
use goldseam_core::follow_up::FollowUpStatus;
use goldseam_core::{DomainError, EventId, ServiceId, TeamId, UserId};
use goldseam_store::follow_ups::{FollowUpFilter, StatusFilter, TeamFilter, LIST_LIMIT};
use serde::Deserialize;

/// Which follow-ups to list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FollowUpQuery {
    /// `me`, or a user id: whose they are.
    pub owner: Option<String>,
    /// `mine` (the teams you are in), or a team id.
    pub team: Option<String>,
    /// `open` (the default: proposed, committed, in_progress), `all`, or one status.
    pub status: Option<String>,
    /// `true`: only committed or in-progress ones due before their owner's today.
    pub overdue: Option<bool>,
    /// An incident, `INC-42` or 42.
    pub incident: Option<String>,
    /// A service id: follow-ups of incidents that affected it.
    // Read as text and parsed here, so a number out of range is a 422 naming the field.
    #[param(value_type = Option<i64>, minimum = 1)]
    pub service: Option<String>,
    /// Where the previous page ended (its `next_cursor`).
    pub cursor: Option<String>,
    /// How many, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
}

fn filter(q: &FollowUpQuery, auth: &Auth) -> Result<FollowUpFilter, ApiError> {
    let mut f = Fields::default();
    let id = |field: &str, raw: &str| -> Result<i64, DomainError> {
        raw.parse::<i64>().ok().filter(|n| *n > 0).ok_or_else(|| {
            DomainError::invalid(
                field,
                format!(
                    "{raw:?} is not {}",
                    if field == "owner" {
                        "me or a user id"
                    } else {
                        "mine or a team id"
                    }
                ),
            )
        })
    };
    let owner = match q.owner.as_deref() {
        None => None,
        Some("me") => Some(auth.user.id),
        Some(raw) => f.check(id("owner", raw)).map(UserId::from_db),
    };
    let team = match q.team.as_deref() {
        None => None,
        Some("mine") => Some(TeamFilter::Mine),
        Some(raw) => f
            .check(id("team", raw))
            .map(|t| TeamFilter::Team(TeamId::from_db(t))),
    };
    let status = match q.status.as_deref() {
        None | Some("open") => StatusFilter::Open,
        Some("all") => StatusFilter::All,
        Some(s) => f
            .check(FollowUpStatus::parse("status", s))
            .map_or(StatusFilter::Open, StatusFilter::Only),
    };
    let incident = match q.incident.as_deref() {
        None => None,
        Some(r) => match params::incident_ref(r) {
            Ok(r) => Some(r),
            Err(_) => {
                f.push(
                    "incident",
                    format!("{r:?} is not an incident reference like INC-42"),
                );
                None
            }
        },
    };
    let limit = q.limit.unwrap_or(50);
    if !(1..=LIST_LIMIT).contains(&limit) {
        f.push("limit", format!("must be 1 to {LIST_LIMIT}"));
    }
    let service = match q.service.as_deref() {
        None => None,
        Some(raw) => match raw.parse::<i64>().ok().filter(|s| *s > 0) {
            Some(s) => Some(ServiceId::from_db(s)),
            None => {
                f.push("service", format!("{raw:?} is not a service id"));
                None
            }
        },
    };
    f.finish()?;
    Ok(FollowUpFilter {
        owner,
        team,
        status,
        overdue: q.overdue.unwrap_or(false),
        incident,
        service,
        cursor: q.cursor.clone(),
        limit,
    })
}

/// Follow-ups across incidents: yours, your teams', the overdue ones, one incident's or one
/// service's; soonest due first (undated last), only of incidents you may see.
#[utoipa::path(get, operation_id = "list_follow_ups", path = "/api/v1/follow-ups", tag = "follow-ups", params(FollowUpQuery),
    responses((status = 200, body = FollowUpList),
        (status = 400, body = Problem, description = "The query string is malformed: a parameter given twice, or not of its type"),
        (status = 422, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<FollowUpQuery>,
) -> Result<Json<FollowUpList>, ApiError> {
    let filter = filter(&q, &auth)?;
    let page = state.store.list_follow_ups(&auth.actor(), &filter).await?;
    Ok(Json(FollowUpList {
        items: page.items.into_iter().map(FollowUpDto::from).collect(),
        next_cursor: page.next_cursor,
    }))
}

/// The incident's follow-ups, every status, oldest first.
#[utoipa::path(get, operation_id = "list_incident_follow_ups", path = "/api/v1/incidents/{ref}/follow-ups", tag = "follow-ups",
    params(("ref" = String, Path, description = "INC-42 or 42")),
    responses((status = 200, body = FollowUpList), (status = 404, body = Problem)))]
pub async fn incident_list(
    State(state): State<AppState>,
    auth: Auth,
    Path(r): Path<String>,
) -> Result<Json<FollowUpList>, ApiError> {
    let r = params::incident_ref(&r)?;
    let actor = auth.actor();
    state.store.incident(&actor, r).await?;
    let items = state.store.incident_follow_ups(&actor, r).await?;
    Ok(Json(FollowUpList {
        items: items.into_iter().map(FollowUpDto::from).collect(),
        next_cursor: None,
    }))
}

/// Adds a follow-up to the incident; it goes on the timeline as `follow_up_added`.
#[utoipa::path(post, operation_id = "add_follow_up", path = "/api/v1/incidents/{ref}/follow-ups", tag = "follow-ups",
    params(("ref" = String, Path, description = "INC-42 or 42"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a repeat return the same follow-up")),
    request_body = NewFollowUpRequest,
    responses((status = 201, body = FollowUpDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn add(
    State(state): State<AppState>,
    auth: Auth,
    Path(r): Path<String>,
    headers: HeaderMap,
    body: ApiJson<NewFollowUpRequest>,
) -> Result<Response, ApiError> {
    let r = params::incident_ref(&r)?;
    let new = body.value.parse()?;
    let idem =
        params::idempotency_key(&headers, auth.user.id, &format!("follow-up:{r}"), &body.raw)?;
    let added = state
        .store
        .add_follow_up(&auth.actor(), r, new, idem.as_ref())
        .await?;
    let location = format!("/api/v1/follow-ups/{}", added.id);
    let mut res = (StatusCode::CREATED, Json(FollowUpDto::from(added))).into_response();
    if let Ok(location) = HeaderValue::from_str(&location) {
        res.headers_mut().insert(header::LOCATION, location);
    }
    Ok(res)
}

/// One follow-up.
#[utoipa::path(get, operation_id = "show_follow_up", path = "/api/v1/follow-ups/{id}", tag = "follow-ups",
    params(("id" = i64, Path, description = "The follow-up's id")),
    responses((status = 200, body = FollowUpDto), (status = 404, body = Problem)))]
pub async fn show(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Json<FollowUpDto>, ApiError> {
    let id = EventId::from_db(params::number("id", &id)?);
    Ok(Json(state.store.follow_up(&auth.actor(), id).await?.into()))
}

/// Changes a follow-up: its fields, its owner, its status (done, or won't do with a reason).
#[utoipa::path(patch, operation_id = "update_follow_up", path = "/api/v1/follow-ups/{id}", tag = "follow-ups",
    params(("id" = i64, Path, description = "The follow-up's id")), request_body = UpdateFollowUpRequest,
    responses((status = 200, body = FollowUpDto), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "Nothing would change"), (status = 422, body = Problem)))]
pub async fn update(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    body: ApiJson<UpdateFollowUpRequest>,
) -> Result<Json<FollowUpDto>, ApiError> {
    let id = EventId::from_db(params::number("id", &id)?);
    let patch = body.value.parse()?;
    let changed = state
        .store
        .update_follow_up(&auth.actor(), id, patch)
        .await?;
    Ok(Json(changed.into()))
}

/// Which tracker to file a follow-up in.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FileRequest {
    /// `github` or `jira`, as set up on this server.
    pub tracker: String,
}

/// Files the follow-up as an issue in a tracker. The issue is filed by the delivery engine
/// (retried, once per follow-up); the follow-up's `tracker` says which issue it became, and a
/// `follow_up_filed` event goes on the timeline. When the issue is closed there, the follow-up
/// is marked done.
#[utoipa::path(post, operation_id = "file_follow_up", path = "/api/v1/follow-ups/{id}/file", tag = "follow-ups",
    params(("id" = i64, Path, description = "The follow-up's id")), request_body = FileRequest,
    responses((status = 202, body = FollowUpDto, description = "Filing is queued"), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "It is filed already, or its incident is private"), (status = 422, body = Problem)))]
pub async fn file(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    body: ApiJson<FileRequest>,
) -> Result<Response, ApiError> {
    let id = EventId::from_db(params::number("id", &id)?);
    let set_up = state.config.delivery.channels.trackers.configured();
    let tracker = body.value.tracker.as_str();
    if !set_up.contains(&tracker) {
        let mut e = ApiError::invalid(
            "tracker",
            if set_up.is_empty() {
                "no issue tracker is set up on this server (docs/follow-ups.md)".to_string()
            } else {
                format!("{tracker:?} is not a tracker set up on this server")
            },
        );
        e.0.valid = set_up.iter().map(|t| t.to_string()).collect();
        return Err(e);
    }
    let f = state
        .store
        .request_filing(&auth.actor(), id, tracker)
        .await?;
    Ok((StatusCode::ACCEPTED, Json(FollowUpDto::from(f))).into_response())
}

/// The issue trackers set up on this server.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct TrackersDto {
    /// `github`, `jira`: what `POST /api/v1/follow-ups/{id}/file` takes here.
    pub trackers: Vec<String>,
}

/// The issue trackers follow-ups can be filed in on this server.
#[utoipa::path(get, operation_id = "list_trackers", path = "/api/v1/trackers", tag = "follow-ups",
    responses((status = 200, body = TrackersDto)))]
pub async fn trackers(State(state): State<AppState>, _auth: Auth) -> Json<TrackersDto> {
    let set_up = state.config.delivery.channels.trackers.configured();
    Json(TrackersDto {
        trackers: set_up.into_iter().map(String::from).collect(),
    })
}
