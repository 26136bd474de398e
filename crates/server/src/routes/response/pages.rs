//! Pages on an incident, and acknowledging them: from the room, the CLI, or a signed link in
//! an email (which works without signing in).

use crate::auth::Auth;
use crate::error::{AllFields, ApiError, Problem, Refusals};
use crate::routes::params;
use crate::routes::params::Path;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use goldseam_core::text::Title;
use goldseam_core::{Actor, EscalationPolicyId, IncidentId, TeamId, UserId};
use goldseam_store::response::{Acknowledged, LinkError, Page};
use jiff::Timestamp;
use serde::Serialize;
use utoipa::ToSchema;

/// A page: someone, or an escalation policy's levels, being woken for the incident.
#[derive(Debug, Serialize, ToSchema)]
pub struct PageDto {
    /// Id.
    pub id: i64,
    /// Why, in words.
    pub reason: String,
    /// The person paged directly, if any.
    #[schema(value_type = Option<i64>)]
    pub user_id: Option<UserId>,
    /// The escalation policy followed, if any.
    pub policy_id: Option<i64>,
    /// Started.
    #[schema(value_type = String, format = DateTime)]
    pub started_at: Timestamp,
    /// Acknowledged; null while it still notifies and escalates.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub acknowledged_at: Option<Timestamp>,
    /// Who acknowledged it.
    #[schema(value_type = Option<i64>)]
    pub acknowledged_by: Option<UserId>,
    /// `high` or `low`: which of people's notification rules it follows.
    pub urgency: &'static str,
}

impl From<Page> for PageDto {
    fn from(p: Page) -> Self {
        PageDto {
            id: p.id.get(),
            reason: p.reason,
            user_id: p.user_id,
            policy_id: p.policy_id.map(EscalationPolicyId::get),
            urgency: p.urgency.as_str(),
            started_at: p.started_at,
            acknowledged_at: p.acknowledged_at,
            acknowledged_by: p.acknowledged_by,
        }
    }
}

/// The result of acknowledging.
#[derive(Debug, Serialize, ToSchema)]
pub struct AckDto {
    /// The pages this call acknowledged.
    pub acknowledged: Vec<i64>,
    /// Pages someone had acknowledged before.
    pub already: Vec<PageDto>,
    /// Deliveries and escalations that will now not happen.
    pub cancelled: u64,
}

async fn incident_id(state: &AppState, auth: &Auth, r: &str) -> Result<IncidentId, ApiError> {
    let r = params::incident_ref(r)?;
    Ok(state.store.incident(&auth.actor(), r).await?.id)
}

async fn ack(state: &AppState, actor: &Actor, pages: Vec<Page>) -> Result<AckDto, ApiError> {
    let mut out = AckDto {
        acknowledged: Vec::new(),
        already: Vec::new(),
        cancelled: 0,
    };
    for p in pages {
        match state.store.acknowledge_page(actor, p.id).await? {
            Acknowledged::Now { cancelled } => {
                out.acknowledged.push(p.id.get());
                out.cancelled += cancelled;
            }
            Acknowledged::Already(p) => out.already.push(p.into()),
        }
    }
    Ok(out)
}

/// The incident's pages, oldest first.
#[utoipa::path(get, operation_id = "list_pages", path = "/api/v1/incidents/{ref}/pages", tag = "response",
    params(("ref" = String, Path, description = "INC-42 or 42")),
    responses((status = 200, body = Vec<PageDto>), (status = 404, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    auth: Auth,
    Path(r): Path<String>,
) -> Result<Json<Vec<PageDto>>, ApiError> {
    let id = incident_id(&state, &auth, &r).await?;
    Ok(Json(
        state
            .store
            .pages_of(id)
            .await?
            .into_iter()
            .map(PageDto::from)
            .collect(),
    ))
}

/// Acknowledge one page: its waiting notifications and escalations stop.
#[utoipa::path(post, operation_id = "acknowledge_page", path = "/api/v1/incidents/{ref}/pages/{page_id}/acknowledge", tag = "response",
    params(("ref" = String, Path, description = "INC-42 or 42"), ("page_id" = i64, Path, description = "The page")),
    responses((status = 200, body = AckDto), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn acknowledge(
    State(state): State<AppState>,
    auth: Auth,
    Path((r, page_id)): Path<(String, String)>,
) -> Result<Json<AckDto>, ApiError> {
    goldseam_core::policy::ensure_can_write(&auth.actor())?;
    let id = incident_id(&state, &auth, &r).await?;
    let page = state.store.page(params::id("page_id", &page_id)?).await?;
    if page.incident_id != id {
        return Err(ApiError::not_found(format!(
            "page {} of {}",
            page.id,
            id.reference()
        )));
    }
    Ok(Json(ack(&state, &auth.actor(), vec![page]).await?))
}

/// Acknowledge every open page of the incident (what `goldseam ack INC-42` does).
#[utoipa::path(post, operation_id = "acknowledge_incident", path = "/api/v1/incidents/{ref}/acknowledge", tag = "response",
    params(("ref" = String, Path, description = "INC-42 or 42")),
    responses((status = 200, body = AckDto), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn acknowledge_all(
    State(state): State<AppState>,
    auth: Auth,
    Path(r): Path<String>,
) -> Result<Json<AckDto>, ApiError> {
    goldseam_core::policy::ensure_can_write(&auth.actor())?;
    let id = incident_id(&state, &auth, &r).await?;
    let open = state.store.open_pages(id).await?;
    Ok(Json(ack(&state, &auth.actor(), open).await?))
}

/// What an acknowledgement link is for, shown before acknowledging (mail scanners follow
/// links, so only the POST acknowledges).
#[derive(Debug, Serialize, ToSchema)]
pub struct AckLinkDto {
    /// `INC-42`.
    pub reference: String,
    /// The incident's title.
    pub title: String,
    /// Its severity.
    pub severity: String,
    /// Why this person was paged.
    pub reason: String,
    /// Set once anyone acknowledged the page.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub acknowledged_at: Option<Timestamp>,
    /// Who did.
    pub acknowledged_by: Option<String>,
}

async fn from_link(state: &AppState, token: &str) -> Result<(Page, Actor), ApiError> {
    let link = match state.store.check_ack_token(token).await? {
        Ok(link) => link,
        Err(LinkError::Invalid) => return Err(ApiError::not_found("acknowledgement link")),
        Err(LinkError::Expired) => {
            return Err(ApiError::new(StatusCode::GONE, "expired", "this acknowledgement link has expired; acknowledge in the incident's room or with `goldseam ack`"))
        }
    };
    let page = state.store.page(link.page_id).await?;
    let user = state.store.user(link.user_id).await?;
    if !user.active {
        return Err(ApiError::not_found("acknowledgement link"));
    }
    Ok((
        page,
        Actor {
            user_id: user.id,
            role: user.role,
        },
    ))
}

async fn link_dto(state: &AppState, page: Page) -> Result<AckLinkDto, ApiError> {
    let incident = state
        .store
        .incident(&Actor::GOLDSEAM, page.incident_id)
        .await?;
    let by = match page.acknowledged_by {
        Some(id) => state.store.user(id).await.ok().map(|u| u.name),
        None => None,
    };
    Ok(AckLinkDto {
        reference: incident.id.reference(),
        title: incident.title,
        severity: incident.severity.to_string(),
        reason: page.reason,
        acknowledged_at: page.acknowledged_at,
        acknowledged_by: by,
    })
}

/// What a signed acknowledgement link (from a page email) is for; no sign-in needed.
#[utoipa::path(get, operation_id = "ack_link", path = "/api/v1/ack/{token}", tag = "response", security(()),
    params(("token" = String, Path, description = "From the email")),
    responses((status = 200, body = AckLinkDto), (status = 404, body = Problem), (status = 410, body = Problem, description = "Expired")))]
pub async fn link(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Json<AckLinkDto>, ApiError> {
    let (page, _) = from_link(&state, &token).await?;
    Ok(Json(link_dto(&state, page).await?))
}

/// Acknowledge the page a signed link names, as the person it was sent to.
#[utoipa::path(post, operation_id = "ack_by_link", path = "/api/v1/ack/{token}", tag = "response", security(()),
    params(("token" = String, Path, description = "From the email")),
    responses((status = 200, body = AckLinkDto), (status = 404, body = Problem), (status = 410, body = Problem, description = "Expired")))]
pub async fn ack_by_link(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Json<AckLinkDto>, ApiError> {
    let (page, actor) = from_link(&state, &token).await?;
    state.store.acknowledge_page(&actor, page.id).await?;
    let page = state.store.page(page.id).await?;
    Ok(Json(link_dto(&state, page).await?))
}

/// Whom to page from the incident, and why.
#[derive(Debug, serde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PageRequest {
    /// Page this person; give exactly one of `user_id`, `team_id` and `policy_id`.
    #[schema(value_type = Option<i64>)]
    pub user_id: Option<UserId>,
    /// Page this team: its escalation policy, else whoever is on call in its schedule.
    #[schema(value_type = Option<i64>)]
    pub team_id: Option<TeamId>,
    /// Page through this escalation policy.
    #[schema(value_type = Option<i64>)]
    pub policy_id: Option<EscalationPolicyId>,
    /// `high` (default: wake them now) or `low` (their low-urgency rules, in working hours).
    pub urgency: Option<String>,
    /// Why, in one line (up to 200 characters), shown with the page and in its messages;
    /// default "paged from the incident".
    pub reason: Option<String>,
}

/// Page a person, a team or an escalation policy for the incident (members and admins who may
/// see it). A target already paged and not yet acknowledged is not paged again: the answer is
/// that page, with 200 instead of 201.
#[utoipa::path(post, operation_id = "page", path = "/api/v1/incidents/{ref}/pages", tag = "response", request_body = PageRequest,
    params(("ref" = String, Path, description = "INC-42 or 42")),
    responses((status = 201, body = PageDto), (status = 200, body = PageDto, description = "Already being paged"),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn page(
    State(state): State<AppState>,
    auth: Auth,
    Path(r): Path<String>,
    req: crate::json::ApiJson<PageRequest>,
) -> Result<(StatusCode, Json<PageDto>), ApiError> {
    use goldseam_core::people::Urgency;
    use goldseam_store::response::{PageTarget, Paged};
    let req = req.value;
    let r = params::incident_ref(&r)?;
    let targets: Vec<PageTarget> = [
        req.user_id.map(PageTarget::User),
        req.team_id.map(PageTarget::Team),
        req.policy_id.map(PageTarget::Policy),
    ]
    .into_iter()
    .flatten()
    .collect();
    let target = match targets.as_slice() {
        [one] => Ok(*one),
        _ => Err(Refusals::field(
            "user_id",
            "give exactly one of user_id, team_id and policy_id",
        )),
    };
    let urgency = match &req.urgency {
        None => Ok(Urgency::High),
        Some(u) => Urgency::parse("urgency", u),
    };
    let reason = match req.reason.as_deref().map(str::trim) {
        None | Some("") => Ok("paged from the incident".to_string()),
        // One line and short, like a title: it goes into text messages.
        Some(text) => Title::parse("reason", text).map(Title::into_string),
    };
    let (target, urgency, reason) = (target, urgency, reason).all()?;
    let paged = state
        .store
        .page_by_hand(&auth.actor(), r, target, urgency, &reason)
        .await?;
    Ok(match paged {
        Paged::Started(p) => (StatusCode::CREATED, Json(p.into())),
        Paged::AlreadyOpen(p) => (StatusCode::OK, Json(p.into())),
    })
}
