//! Escalation policies: admins edit, everyone reads.

use super::dto::{LevelDto, PolicyDto, PolicyRequest, TargetDto};
use super::names::{Lookup, Wanted};
use crate::auth::Auth;
use crate::error::{ApiError, Fields, Problem};
use crate::json::ApiJson;
use crate::routes::params;
use crate::routes::params::Path;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use goldseam_core::policy::ensure_admin;
use goldseam_core::response::{EscalationLevel, EscalationPolicy, Target};
use goldseam_core::{EscalationPolicyId, ScheduleId, TeamId, UserId};
use goldseam_store::response::Referenced;
use jiff::SignedDuration;

fn target_kind(t: &Target) -> (&'static str, Referenced, i64) {
    match *t {
        Target::User(id) => ("user", Referenced::User, id.get()),
        Target::Schedule(id) => ("schedule", Referenced::Schedule, id.get()),
        Target::Team(id) => ("team", Referenced::Team, id.get()),
        Target::Policy(id) => ("policy", Referenced::Policy, id.get()),
    }
}

/// The request as a policy, or every problem with it (shape, unknown kinds, missing targets).
async fn parse(
    state: &AppState,
    id: EscalationPolicyId,
    req: &PolicyRequest,
) -> Result<EscalationPolicy, ApiError> {
    let mut f = Fields::default();
    let mut levels = Vec::new();
    let mut wanted = Wanted::default();
    for (i, l) in req.levels.iter().enumerate() {
        let mut targets = Vec::new();
        for (j, t) in l.targets.iter().enumerate() {
            let target = match t.kind.as_str() {
                "user" => Target::User(UserId::from_db(t.id)),
                "schedule" => Target::Schedule(ScheduleId::from_db(t.id)),
                "team" => Target::Team(TeamId::from_db(t.id)),
                "policy" => Target::Policy(EscalationPolicyId::from_db(t.id)),
                other => {
                    f.push(
                        format!("levels[{i}].targets[{j}].type"),
                        format!(
                            "unknown target type {other:?}; use user, schedule, team or policy"
                        ),
                    );
                    continue;
                }
            };
            let (_, kind, tid) = target_kind(&target);
            wanted.add(kind, tid, format!("levels[{i}].targets[{j}].id"));
            targets.push(target);
        }
        levels.push(EscalationLevel {
            delay: SignedDuration::from_mins(l.delay_minutes.clamp(-1, 100_000)),
            targets,
        });
    }
    let policy = EscalationPolicy {
        id,
        name: req.name.trim().to_string(),
        levels,
        repeat: req.repeat.unwrap_or(0),
        repeat_after: SignedDuration::from_mins(
            req.repeat_after_minutes.unwrap_or(30).clamp(-1, 100_000),
        ),
    };
    for e in policy.validate() {
        f.check::<()>(Err(e));
    }
    wanted.check_exist(state, &mut f).await?;
    f.finish()?;
    Ok(policy)
}

async fn to_dto(state: &AppState, p: EscalationPolicy) -> Result<PolicyDto, ApiError> {
    let lookup = Lookup::of(
        state,
        p.levels.iter().flat_map(|l| l.targets.iter()).map(|t| {
            let (_, kind, id) = target_kind(t);
            (kind, id)
        }),
    )
    .await?;
    Ok(PolicyDto {
        id: p.id.get(),
        name: p.name,
        levels: p
            .levels
            .iter()
            .map(|l| LevelDto {
                delay_minutes: l.delay.as_mins(),
                targets: l
                    .targets
                    .iter()
                    .map(|t| {
                        let (label, kind, id) = target_kind(t);
                        TargetDto {
                            kind: label,
                            id,
                            name: lookup.name(kind, id),
                        }
                    })
                    .collect(),
            })
            .collect(),
        repeat: p.repeat,
        repeat_after_minutes: p.repeat_after.as_mins(),
    })
}

/// Every escalation policy.
#[utoipa::path(get, operation_id = "list_escalation_policies", path = "/api/v1/escalation-policies", tag = "response",
    responses((status = 200, body = Vec<PolicyDto>)))]
pub async fn list(
    State(state): State<AppState>,
    _auth: Auth,
) -> Result<Json<Vec<PolicyDto>>, ApiError> {
    let mut out = Vec::new();
    for p in state.store.escalation_policies().await? {
        out.push(to_dto(&state, p).await?);
    }
    Ok(Json(out))
}

/// One escalation policy.
#[utoipa::path(get, operation_id = "show_escalation_policy", path = "/api/v1/escalation-policies/{id}", tag = "response",
    params(("id" = i64, Path, description = "Policy id")),
    responses((status = 200, body = PolicyDto), (status = 404, body = Problem)))]
pub async fn show(
    State(state): State<AppState>,
    _auth: Auth,
    Path(id): Path<String>,
) -> Result<Json<PolicyDto>, ApiError> {
    let p = state
        .store
        .escalation_policy(params::id("id", &id)?)
        .await?;
    Ok(Json(to_dto(&state, p).await?))
}

/// Add an escalation policy (admins).
#[utoipa::path(post, operation_id = "create_escalation_policy", path = "/api/v1/escalation-policies", tag = "response", request_body = PolicyRequest,
    responses((status = 201, body = PolicyDto), (status = 403, body = Problem), (status = 409, body = Problem, description = "Name taken, or a hand-over loop"), (status = 422, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    auth: Auth,
    req: ApiJson<PolicyRequest>,
) -> Result<(StatusCode, Json<PolicyDto>), ApiError> {
    ensure_admin(&auth.actor())?;
    let policy = parse(&state, EscalationPolicyId::UNSAVED, &req.value).await?;
    let saved = state.store.save_escalation_policy(&policy).await?;
    Ok((StatusCode::CREATED, Json(to_dto(&state, saved).await?)))
}

/// Replace an escalation policy (admins).
#[utoipa::path(put, operation_id = "update_escalation_policy", path = "/api/v1/escalation-policies/{id}", tag = "response", request_body = PolicyRequest,
    params(("id" = i64, Path, description = "Policy id")),
    responses((status = 200, body = PolicyDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn update(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    req: ApiJson<PolicyRequest>,
) -> Result<Json<PolicyDto>, ApiError> {
    ensure_admin(&auth.actor())?;
    let id = params::id("id", &id)?;
    state.store.escalation_policy(id).await?;
    let policy = parse(&state, id, &req.value).await?;
    let saved = state.store.save_escalation_policy(&policy).await?;
    Ok(Json(to_dto(&state, saved).await?))
}

/// Delete an escalation policy (admins); refused while another policy hands over to it.
#[utoipa::path(delete, operation_id = "delete_escalation_policy", path = "/api/v1/escalation-policies/{id}", tag = "response",
    params(("id" = i64, Path, description = "Policy id")),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn delete(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    ensure_admin(&auth.actor())?;
    state
        .store
        .delete_escalation_policy(params::id("id", &id)?)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
