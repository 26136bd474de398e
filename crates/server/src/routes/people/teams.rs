//! Teams: everyone reads them; admins create, edit and delete them; admins and the team's
//! leads manage its members.

use super::wire::{self, positive_id};
use crate::auth::Auth;
use crate::error::{each, require, AllFields, ApiError, Problem, Refusals};
use crate::json::ApiJson;
use crate::routes::params;
use crate::routes::params::Path;
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::Json;
use goldseam_core::people::team::ensure_can_manage_members;
use goldseam_core::people::{Description, Name, TeamRole};
use goldseam_core::policy::ensure_admin;
use goldseam_core::{DomainError, EscalationPolicyId, ScheduleId, TeamId, UserId};
use goldseam_store::people::{NewTeam, Team, TeamChange};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A team member.
#[derive(Debug, Serialize, ToSchema)]
pub struct TeamMemberDto {
    /// The user's id.
    #[schema(value_type = i64)]
    pub user_id: UserId,
    /// Their name.
    pub name: String,
    /// Their email.
    pub email: String,
    /// Their role in the team, such as `lead` (leads manage the team's members).
    pub role: Option<String>,
}

/// A team.
#[derive(Debug, Serialize, ToSchema)]
pub struct TeamDto {
    /// Id.
    pub id: i64,
    /// Name, unique ignoring case.
    pub name: String,
    /// What the team does (markdown); may be empty.
    pub description: String,
    /// Its on-call schedule's id.
    #[schema(value_type = Option<i64>)]
    pub schedule_id: Option<ScheduleId>,
    /// Its escalation policy's id.
    #[schema(value_type = Option<i64>)]
    pub escalation_policy_id: Option<EscalationPolicyId>,
    /// Members, by name.
    pub members: Vec<TeamMemberDto>,
    /// Created at.
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    /// Last changed at.
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: Timestamp,
}

impl From<Team> for TeamDto {
    fn from(t: Team) -> Self {
        TeamDto {
            id: t.id.get(),
            name: t.name,
            description: t.description,
            schedule_id: t.schedule_id,
            escalation_policy_id: t.escalation_policy_id,
            members: t
                .members
                .into_iter()
                .map(|m| TeamMemberDto {
                    user_id: m.user_id,
                    name: m.name,
                    email: m.email,
                    role: m.role.map(|r| r.as_str().to_string()),
                })
                .collect(),
            created_at: t.created_at,
            updated_at: t.updated_at,
        }
    }
}

/// A page of teams.
#[derive(Debug, Serialize, ToSchema)]
pub struct TeamList {
    /// Teams in id order.
    pub items: Vec<TeamDto>,
    /// Pass as `cursor` for the next page.
    pub next_cursor: Option<String>,
}

/// A member to add with a new team.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberInput {
    /// The user's id.
    #[schema(value_type = i64)]
    pub user_id: UserId,
    /// Their role in the team, such as `lead`.
    pub role: Option<String>,
}

/// A new team.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTeamRequest {
    /// Name, unique ignoring case; up to 100 characters.
    pub name: String,
    /// What the team does (markdown, up to 2,000 characters).
    pub description: Option<String>,
    /// Its on-call schedule's id.
    #[schema(value_type = Option<i64>)]
    pub schedule_id: Option<ScheduleId>,
    /// Its escalation policy's id.
    #[schema(value_type = Option<i64>)]
    pub escalation_policy_id: Option<EscalationPolicyId>,
    /// Its first members.
    #[serde(default)]
    pub members: Vec<MemberInput>,
}

/// Changes to a team; absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateTeamRequest {
    /// A new name.
    pub name: Option<String>,
    /// A new description.
    pub description: Option<String>,
    /// A schedule id, or `null` for none.
    #[serde(default, deserialize_with = "wire::nullable")]
    #[schema(value_type = Option<i64>)]
    pub schedule_id: Option<Option<ScheduleId>>,
    /// An escalation policy id, or `null` for none.
    #[serde(default, deserialize_with = "wire::nullable")]
    #[schema(value_type = Option<i64>)]
    pub escalation_policy_id: Option<Option<EscalationPolicyId>>,
}

/// A member's role in the team.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetMemberRequest {
    /// Such as `lead`; absent or `null` for none.
    pub role: Option<String>,
}

fn parse_role(field: &str, raw: Option<&str>) -> Result<Option<TeamRole>, DomainError> {
    raw.map(|r| TeamRole::parse(field, r)).transpose()
}

/// A new team's first members, each once, with their roles.
fn parse_members(members: &[MemberInput]) -> Result<Vec<(UserId, Option<TeamRole>)>, Refusals> {
    let mut seen = Vec::new();
    each(members.iter().enumerate().map(|(i, m)| {
        let listed_before = seen.contains(&m.user_id);
        seen.push(m.user_id);
        let (role, ()) = (
            parse_role(&format!("members[{i}].role"), m.role.as_deref()),
            require(
                !listed_before,
                &format!("members[{i}].user_id"),
                "is listed twice",
            ),
        )
            .all()?;
        Ok::<_, Refusals>((m.user_id, role))
    }))
}

impl TryFrom<&CreateTeamRequest> for NewTeam {
    type Error = Refusals;

    fn try_from(r: &CreateTeamRequest) -> Result<NewTeam, Refusals> {
        let (name, description, (), (), (), members) = (
            Name::parse("name", &r.name),
            Description::parse("description", r.description.as_deref().unwrap_or("")),
            positive_id("schedule_id", r.schedule_id),
            positive_id("escalation_policy_id", r.escalation_policy_id),
            require(
                r.members.len() <= 500,
                "members",
                "at most 500 members can be added at once",
            ),
            parse_members(&r.members),
        )
            .all()?;
        Ok(NewTeam {
            name,
            description,
            schedule_id: r.schedule_id,
            escalation_policy_id: r.escalation_policy_id,
            members,
        })
    }
}

impl TryFrom<&UpdateTeamRequest> for TeamChange {
    type Error = Refusals;

    fn try_from(r: &UpdateTeamRequest) -> Result<TeamChange, Refusals> {
        let (name, description, (), (), ()) = (
            r.name
                .as_deref()
                .map(|n| Name::parse("name", n))
                .transpose(),
            r.description
                .as_deref()
                .map(|d| Description::parse("description", d))
                .transpose(),
            positive_id("schedule_id", r.schedule_id.flatten()),
            positive_id("escalation_policy_id", r.escalation_policy_id.flatten()),
            require(
                r.name.is_some()
                    || r.description.is_some()
                    || r.schedule_id.is_some()
                    || r.escalation_policy_id.is_some(),
                "body",
                "nothing to change; send name, description, schedule_id or escalation_policy_id",
            ),
        )
            .all()?;
        Ok(TeamChange {
            name,
            description,
            schedule_id: r.schedule_id,
            escalation_policy_id: r.escalation_policy_id,
        })
    }
}

/// Teams, with their members; cursor-paginated.
#[utoipa::path(get, operation_id = "list_teams", path = "/api/v1/teams", tag = "teams",
    params(("cursor" = Option<String>, Query, description = "From next_cursor"), ("limit" = Option<i64>, Query, minimum = 1, maximum = 200, description = "1 to 200, default 50")),
    responses((status = 200, body = TeamList), (status = 422, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    _auth: Auth,
    RawQuery(q): RawQuery,
) -> Result<Json<TeamList>, ApiError> {
    let page = params::Page::parse(q.as_deref(), 50, 200)?;
    let teams = state
        .store
        .list_teams(TeamId::from_db(page.after), page.limit)
        .await?;
    let next_cursor = page.next(&teams, |t| t.id.get());
    Ok(Json(TeamList {
        items: teams.into_iter().map(TeamDto::from).collect(),
        next_cursor,
    }))
}

/// Create a team (admins).
#[utoipa::path(post, operation_id = "create_team", path = "/api/v1/teams", tag = "teams", request_body = CreateTeamRequest,
    responses((status = 201, body = TeamDto), (status = 403, body = Problem),
        (status = 409, body = Problem, description = "The name is taken"), (status = 422, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    auth: Auth,
    req: ApiJson<CreateTeamRequest>,
) -> Result<(StatusCode, Json<TeamDto>), ApiError> {
    ensure_admin(&auth.actor())?;
    let team = state
        .store
        .create_team(&NewTeam::try_from(&req.value)?)
        .await?;
    Ok((StatusCode::CREATED, Json(team.into())))
}

/// A team with its members.
#[utoipa::path(get, operation_id = "team", path = "/api/v1/teams/{id}", tag = "teams",
    params(("id" = i64, Path, description = "Team id")),
    responses((status = 200, body = TeamDto), (status = 404, body = Problem)))]
pub async fn show(
    State(state): State<AppState>,
    _auth: Auth,
    Path(id): Path<String>,
) -> Result<Json<TeamDto>, ApiError> {
    let id = params::id("id", &id)?;
    Ok(Json(state.store.team(id).await?.into()))
}

/// Change a team's name, description, schedule or escalation policy (admins).
#[utoipa::path(patch, operation_id = "update_team", path = "/api/v1/teams/{id}", tag = "teams", request_body = UpdateTeamRequest,
    params(("id" = i64, Path, description = "Team id")),
    responses((status = 200, body = TeamDto), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "The name is taken"), (status = 422, body = Problem)))]
pub async fn update(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    req: ApiJson<UpdateTeamRequest>,
) -> Result<Json<TeamDto>, ApiError> {
    ensure_admin(&auth.actor())?;
    let id = params::id("id", &id)?;
    let change = TeamChange::try_from(&req.value)?;
    Ok(Json(state.store.update_team(id, &change).await?.into()))
}

/// Delete a team (admins). Refused while it owns services; the answer names them.
#[utoipa::path(delete, operation_id = "delete_team", path = "/api/v1/teams/{id}", tag = "teams",
    params(("id" = i64, Path, description = "Team id")),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "The team owns services")))]
pub async fn delete(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    ensure_admin(&auth.actor())?;
    let id = params::id("id", &id)?;
    state.store.delete_team(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Checks the caller may manage the team's members; a missing team is a 404.
async fn ensure_manager(state: &AppState, auth: &Auth, team_id: TeamId) -> Result<(), ApiError> {
    state.store.team(team_id).await?;
    let own = state
        .store
        .team_membership(team_id, auth.user.id)
        .await?
        .flatten();
    ensure_can_manage_members(&auth.actor(), own.as_ref())?;
    Ok(())
}

/// Add a member or change their team role (admins and the team's leads).
#[utoipa::path(put, operation_id = "set_team_member", path = "/api/v1/teams/{id}/members/{user_id}", tag = "teams", request_body = SetMemberRequest,
    params(("id" = i64, Path, description = "Team id"), ("user_id" = i64, Path, description = "User id")),
    responses((status = 200, body = TeamDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn set_member(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, user_id)): Path<(String, String)>,
    req: ApiJson<SetMemberRequest>,
) -> Result<Json<TeamDto>, ApiError> {
    let id = params::id("id", &id)?;
    let user_id = params::id("user_id", &user_id)?;
    let role = parse_role("role", req.value.role.as_deref())?;
    ensure_manager(&state, &auth, id).await?;
    let team = state
        .store
        .set_team_member(id, user_id, role.as_ref())
        .await?;
    Ok(Json(team.into()))
}

/// Remove a member (admins and the team's leads).
#[utoipa::path(delete, operation_id = "remove_team_member", path = "/api/v1/teams/{id}/members/{user_id}", tag = "teams",
    params(("id" = i64, Path, description = "Team id"), ("user_id" = i64, Path, description = "User id")),
    responses((status = 200, body = TeamDto), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn remove_member(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, user_id)): Path<(String, String)>,
) -> Result<Json<TeamDto>, ApiError> {
    let id = params::id("id", &id)?;
    let user_id = params::id("user_id", &user_id)?;
    ensure_manager(&state, &auth, id).await?;
    Ok(Json(
        state.store.remove_team_member(id, user_id).await?.into(),
    ))
}
