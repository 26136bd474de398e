//! Declaring, listing, reading and updating incidents.

use super::params;
use crate::auth::Auth;
use crate::dto::{IncidentDto, IncidentList, People};
use crate::error::{each, require, AllFields, ApiError, Fields, Problem, Refusals};
use crate::json::ApiJson;
use crate::routes::params::Path;
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use goldseam_core::command::Declaration;
use goldseam_core::text::{Reason, Summary, Title};
use goldseam_core::{Command, IncidentId, IncidentState, ServiceId, SeverityKey, Status, Tag};
use goldseam_store::access::Access;
use goldseam_store::incidents::{Change, IncidentFilter};
use serde::Deserialize;
use std::sync::atomic::Ordering;
use utoipa::ToSchema;

/// At most this many tags in one declaration.
const MAX_TAGS: usize = 50;

/// A new incident.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeclareRequest {
    /// One line, up to 200 characters. `#hashtags` in it become tags.
    pub title: String,
    /// A configured severity key, such as `SEV1` (see `GET /api/v1/severities`).
    pub severity: String,
    /// A configured incident type key (see `GET /api/v1/incident-types`); `other` when absent.
    #[serde(rename = "type")]
    pub incident_type: Option<String>,
    /// Markdown, up to 20,000 characters.
    pub summary: Option<String>,
    /// Tags to add, with or without `#`.
    pub tags: Option<Vec<String>>,
    /// Visible to participants and admins only; the type's default when absent.
    pub private: Option<bool>,
    /// Ids of the affected services (see `GET /api/v1/services`); rules and subscriptions
    /// match on them.
    #[schema(value_type = Option<Vec<i64>>)]
    pub services: Option<Vec<ServiceId>>,
}

/// Changes to an incident; absent fields stay as they are.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateRequest {
    /// New title.
    pub title: Option<String>,
    /// New summary; `null` clears it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub summary: Option<Option<String>>,
    /// New severity key.
    pub severity: Option<String>,
    /// New incident type key.
    #[serde(rename = "type")]
    pub incident_type: Option<String>,
    /// New status: triage, active, mitigated, resolved, closed or canceled.
    pub status: Option<String>,
    /// Why the status or the visibility changes; required to cancel, and to make an incident
    /// private or public.
    pub reason: Option<String>,
    /// Make private or public (with a `reason`).
    pub private: Option<bool>,
}

/// Tells "absent" (outer None) from "null" (Some(None)).
fn present<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

impl TryFrom<&DeclareRequest> for Declaration {
    type Error = Refusals;

    fn try_from(req: &DeclareRequest) -> Result<Declaration, Refusals> {
        let tags = req.tags.as_deref().unwrap_or_default();
        let (title, summary, severity, (), tags) = (
            Title::parse("title", &req.title),
            req.summary
                .as_deref()
                .filter(|s| !s.trim().is_empty())
                .map(|s| Summary::parse("summary", s))
                .transpose(),
            SeverityKey::parse("severity", &req.severity),
            require(
                tags.len() <= MAX_TAGS,
                "tags",
                format!("has {} tags; at most {MAX_TAGS} are accepted", tags.len()),
            ),
            // Beyond the limit, tags are not parsed: the refusal above says why.
            each(
                tags.iter()
                    .take(MAX_TAGS)
                    .enumerate()
                    .map(|(i, t)| Tag::parse(&format!("tags[{i}]"), t)),
            ),
        )
            .all()?;
        Ok(Declaration {
            title,
            summary,
            severity,
            incident_type: req.incident_type.clone(),
            tags,
            private: req.private,
            services: req.services.clone().unwrap_or_default(),
        })
    }
}

/// Refuses service ids that are not in the catalog, naming each (`services[1]`).
pub(crate) async fn check_services(
    state: &AppState,
    ids: &[ServiceId],
    field: &str,
) -> Result<(), ApiError> {
    let numbers: Vec<i64> = ids.iter().map(|id| id.get()).collect();
    let known = state
        .store
        .names_of(goldseam_store::response::Referenced::Service, &numbers)
        .await?;
    let mut f = Fields::default();
    for (i, id) in ids.iter().enumerate() {
        if !known.contains_key(&id.get()) {
            f.push(
                format!("{field}[{i}]"),
                format!("there is no service {id}; see GET /api/v1/services"),
            );
        }
    }
    f.finish()
}

/// Declare an incident.
#[utoipa::path(post, path = "/api/v1/incidents", tag = "incidents", request_body = DeclareRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a repeat return the same incident")),
    responses((status = 201, body = IncidentDto), (status = 422, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn declare(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    body: ApiJson<DeclareRequest>,
) -> Result<Response, ApiError> {
    let declaration = Declaration::try_from(&body.value)?;
    check_services(&state, &declaration.services, "services").await?;
    let idem = params::idempotency_key(&headers, auth.user.id, "incident", &body.raw)?;
    let out = state
        .store
        .declare(&auth.actor(), &declaration, idem.as_ref())
        .await?;
    if !out.replayed {
        state
            .metrics
            .incidents_declared
            .fetch_add(1, Ordering::Relaxed);
    }
    let people = People::for_incidents(&state.store, &auth.user, &[&out.incident]).await?;
    let dto = people.incident(&out.incident);
    let mut res = (StatusCode::CREATED, Json(&dto)).into_response();
    if let Ok(location) = HeaderValue::from_str(&format!("/api/v1/incidents/{}", dto.reference)) {
        res.headers_mut().insert(header::LOCATION, location);
    }
    if out.replayed {
        res.headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    Ok(res)
}

/// List incidents the caller may see, newest first.
#[utoipa::path(get, operation_id = "list_incidents", path = "/api/v1/incidents", tag = "incidents",
    params(
        ("status" = Option<String>, Query, description = "Statuses, comma-separated or repeated; `open` for triage, active and mitigated"),
        ("severity" = Option<String>, Query, description = "Severity keys, comma-separated or repeated"),
        ("tag" = Option<String>, Query, description = "Only incidents with this tag"),
        ("type" = Option<String>, Query, description = "Only incidents of this type"),
        ("q" = Option<String>, Query, description = "Text in the title or summary"),
        ("cursor" = Option<String>, Query, description = "From a previous page's next_cursor"),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 200, description = "1 to 200, default 50")),
    responses((status = 200, body = IncidentList), (status = 422, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Json<IncidentList>, ApiError> {
    let mut filter = IncidentFilter::default();
    let (mut cursor, mut limit) = (None, None);
    let mut f = Fields::default();
    for (key, value) in params::query_pairs(query.as_deref()) {
        let values = || {
            value
                .split(',')
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        match key.as_str() {
            "status" => {
                for v in values() {
                    if v == "open" {
                        filter
                            .statuses
                            .extend([Status::Triage, Status::Active, Status::Mitigated]);
                    } else if let Some(s) = f.check(Status::parse("status", &v)) {
                        filter.statuses.push(s);
                    }
                }
            }
            "severity" => filter.severities.extend(values()),
            "tag" => {
                filter.tag = f
                    .check(Tag::parse("tag", &value))
                    .map(|t| t.as_str().to_string())
            }
            "type" => filter.incident_type = Some(value),
            "q" => filter.q = Some(value.chars().take(200).collect()),
            "cursor" => cursor = Some(value),
            "limit" => limit = Some(value),
            other => f.push(
                other,
                "is not a filter; use status, severity, tag, type, q, cursor or limit",
            ),
        }
    }
    f.finish()?;
    let limit = params::limit(limit.as_deref(), 50, 200)?;
    let cursor = params::cursor("cursor", cursor.as_deref())?;
    let page = state
        .store
        .list_incidents(
            &auth.actor(),
            &filter,
            cursor.map(IncidentId::from_db),
            limit,
        )
        .await?;
    let items: Vec<&IncidentState> = page.items.iter().collect();
    let people = People::for_incidents(&state.store, &auth.user, &items)
        .await?
        .with_paging(&state.store, &items)
        .await?;
    Ok(Json(IncidentList {
        items: page.items.iter().map(|i| people.incident(i)).collect(),
        next_cursor: page.next_cursor.map(|c| c.to_string()),
    }))
}

/// Read one incident by reference (`INC-42`) or id.
#[utoipa::path(get, path = "/api/v1/incidents/{ref}", tag = "incidents",
    params(("ref" = String, Path, description = "INC-42 or 42")),
    responses((status = 200, body = IncidentDto), (status = 404, body = Problem)))]
pub async fn show(
    State(state): State<AppState>,
    auth: Auth,
    Path(r): Path<String>,
) -> Result<Json<IncidentDto>, ApiError> {
    let r = params::incident_ref(&r)?;
    let incident = state
        .store
        .audited_incident(&auth.actor(), r, Access::Read)
        .await?;
    let people = People::for_incidents(&state.store, &auth.user, &[&incident])
        .await?
        .with_paging(&state.store, &[&incident])
        .await?;
    Ok(Json(people.incident(&incident)))
}

/// Change an incident's title, summary, severity, type, visibility or status.
#[utoipa::path(patch, operation_id = "update_incident", path = "/api/v1/incidents/{ref}", tag = "incidents", request_body = UpdateRequest,
    params(("ref" = String, Path, description = "INC-42 or 42")),
    responses((status = 200, body = IncidentDto), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn update(
    State(state): State<AppState>,
    auth: Auth,
    Path(r): Path<String>,
    body: ApiJson<UpdateRequest>,
) -> Result<Json<IncidentDto>, ApiError> {
    let r = params::incident_ref(&r)?;
    let changes = parse_update(&body.value)?;
    let out = state
        .store
        .change(&auth.actor(), r, &changes, None, true)
        .await?;
    let people = People::for_incidents(&state.store, &auth.user, &[&out.incident]).await?;
    Ok(Json(people.incident(&out.incident)))
}

fn parse_update(req: &UpdateRequest) -> Result<Vec<Change>, ApiError> {
    let mut f = Fields::default();
    let mut changes = Vec::new();
    if let Some(t) = &req.title {
        changes.extend(f.check(Title::parse("title", t)).map(Command::ChangeTitle));
    }
    if let Some(s) = &req.summary {
        match s.as_deref().filter(|s| !s.trim().is_empty()) {
            None => changes.push(Command::ChangeSummary(None)),
            Some(s) => changes.extend(
                f.check(Summary::parse("summary", s))
                    .map(|s| Command::ChangeSummary(Some(s))),
            ),
        }
    }
    if let Some(s) = &req.severity {
        changes.push(Command::ChangeSeverity(s.clone()));
    }
    if let Some(t) = &req.incident_type {
        changes.push(Command::ChangeType(t.clone()));
    }
    let reason = req
        .reason
        .as_deref()
        .filter(|r| !r.trim().is_empty())
        .and_then(|r| f.check(Reason::parse("reason", r)));
    if let Some(p) = req.private {
        // Core asks people for the reason.
        changes.push(Command::SetPrivate {
            private: p,
            reason: reason.clone(),
        });
    }
    if let Some(s) = &req.status {
        if let Some(to) = f.check(Status::parse("status", s)) {
            changes.push(Command::ChangeStatus { to, reason });
        }
    } else if req.reason.is_some() && req.private.is_none() {
        f.push(
            "reason",
            "goes with a status or visibility change; send status or private too",
        );
    }
    f.finish()?;
    if changes.is_empty() {
        return Err(ApiError::invalid("body", "nothing to change; send at least one of title, summary, severity, type, private, status"));
    }
    Ok(changes.into_iter().map(Change::Core).collect())
}
