//! Response rules (admins edit, everyone reads) and the preview anyone can ask for.

use super::dto::{
    ActionsDto, AwaitingTeamsDto, ConditionsDto, Named, PreviewDto, PreviewRequest,
    ResponseRuleDto, ResponseRuleRequest,
};
use super::names::{numbers, Lookup, Wanted};
use crate::auth::Auth;
use crate::error::{each, AllFields, ApiError, Fields, Problem};
use crate::json::ApiJson;
use crate::routes::params;
use crate::routes::params::Path;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use goldseam_core::people::Urgency;
use goldseam_core::policy::ensure_admin;
use goldseam_core::response::{
    plan, AwaitedTeams, IncidentFacts, ResponseRule, RuleActions, RuleConditions,
};
use goldseam_core::{ResponseRuleId, Tag};
use goldseam_store::response::Referenced;

async fn parse(
    state: &AppState,
    id: ResponseRuleId,
    req: &ResponseRuleRequest,
) -> Result<ResponseRule, ApiError> {
    let mut f = Fields::default();
    let mut tags = Vec::new();
    for (i, t) in req.when.tags.iter().enumerate() {
        if let Some(tag) = f.check(Tag::parse(&format!("when.tags[{i}]"), t)) {
            tags.push(tag);
        }
    }
    let urgency = match &req.then.urgency {
        None => Urgency::High,
        Some(u) => f
            .check(Urgency::parse("then.urgency", u))
            .unwrap_or_default(),
    };
    let rule = ResponseRule {
        id,
        name: req.name.trim().to_string(),
        enabled: req.enabled.unwrap_or(true),
        when: RuleConditions {
            types: req.when.types.clone(),
            min_severity: req.when.min_severity.clone(),
            services: req.when.services.clone(),
            tags,
        },
        then: RuleActions {
            page_teams: req.then.page_teams.clone(),
            responders: req.then.responders.clone(),
            inform_teams: req.then.inform_teams.clone(),
            inform_users: req.then.inform_users.clone(),
            make_private: req.then.make_private,
            awaiting_teams: AwaitedTeams {
                page: req.then.awaiting_teams.page.clone(),
                inform: req.then.awaiting_teams.inform.clone(),
            },
            urgency,
        },
    };
    for e in rule.validate(&state.store.catalog()) {
        f.check::<()>(Err(e));
    }
    let mut wanted = Wanted::default();
    let lists = [
        (
            "when.services",
            Referenced::Service,
            numbers(&rule.when.services),
        ),
        (
            "then.page_teams",
            Referenced::Team,
            numbers(&rule.then.page_teams),
        ),
        (
            "then.responders",
            Referenced::User,
            numbers(&rule.then.responders),
        ),
        (
            "then.inform_teams",
            Referenced::Team,
            numbers(&rule.then.inform_teams),
        ),
        (
            "then.inform_users",
            Referenced::User,
            numbers(&rule.then.inform_users),
        ),
    ];
    for (field, kind, ids) in lists {
        for (i, id) in ids.into_iter().enumerate() {
            wanted.add(kind, id, format!("{field}[{i}]"));
        }
    }
    wanted.check_exist(state, &mut f).await?;
    f.finish()?;
    Ok(rule)
}

fn to_dto(r: ResponseRule) -> ResponseRuleDto {
    ResponseRuleDto {
        id: r.id.get(),
        name: r.name,
        enabled: r.enabled,
        when: ConditionsDto {
            types: r.when.types,
            min_severity: r.when.min_severity,
            services: r.when.services,
            tags: r.when.tags.iter().map(|t| t.as_str().to_string()).collect(),
        },
        then: ActionsDto {
            page_teams: r.then.page_teams,
            responders: r.then.responders,
            inform_teams: r.then.inform_teams,
            inform_users: r.then.inform_users,
            make_private: r.then.make_private,
            awaiting_teams: AwaitingTeamsDto {
                page: r.then.awaiting_teams.page,
                inform: r.then.awaiting_teams.inform,
            },
            urgency: Some(r.then.urgency.as_str().to_string()),
        },
    }
}

/// Every response rule, in order.
#[utoipa::path(get, operation_id = "list_response_rules", path = "/api/v1/response-rules", tag = "response", responses((status = 200, body = Vec<ResponseRuleDto>)))]
pub async fn list(
    State(state): State<AppState>,
    _auth: Auth,
) -> Result<Json<Vec<ResponseRuleDto>>, ApiError> {
    Ok(Json(
        state
            .store
            .response_rules()
            .await?
            .into_iter()
            .map(to_dto)
            .collect(),
    ))
}

/// Add a response rule, last in order (admins).
#[utoipa::path(post, operation_id = "create_response_rule", path = "/api/v1/response-rules", tag = "response", request_body = ResponseRuleRequest,
    responses((status = 201, body = ResponseRuleDto), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    auth: Auth,
    req: ApiJson<ResponseRuleRequest>,
) -> Result<(StatusCode, Json<ResponseRuleDto>), ApiError> {
    ensure_admin(&auth.actor())?;
    let rule = parse(&state, ResponseRuleId::UNSAVED, &req.value).await?;
    Ok((
        StatusCode::CREATED,
        Json(to_dto(state.store.save_response_rule(&rule).await?)),
    ))
}

/// Replace a response rule (admins).
#[utoipa::path(put, operation_id = "update_response_rule", path = "/api/v1/response-rules/{id}", tag = "response", request_body = ResponseRuleRequest,
    params(("id" = i64, Path, description = "Rule id")),
    responses((status = 200, body = ResponseRuleDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn update(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    req: ApiJson<ResponseRuleRequest>,
) -> Result<Json<ResponseRuleDto>, ApiError> {
    ensure_admin(&auth.actor())?;
    let id = params::id("id", &id)?;
    let rule = parse(&state, id, &req.value).await?;
    Ok(Json(to_dto(state.store.save_response_rule(&rule).await?)))
}

/// Delete a response rule (admins).
#[utoipa::path(delete, operation_id = "delete_response_rule", path = "/api/v1/response-rules/{id}", tag = "response",
    params(("id" = i64, Path, description = "Rule id")),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn delete(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    ensure_admin(&auth.actor())?;
    state
        .store
        .delete_response_rule(params::id("id", &id)?)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What declaring such an incident would do: the matching rules, who is paged and informed,
/// whether it goes private, and whether the incident manager on call takes it.
#[utoipa::path(post, operation_id = "preview_response", path = "/api/v1/response-rules/preview", tag = "response", request_body = PreviewRequest,
    responses((status = 200, body = PreviewDto), (status = 422, body = Problem)))]
pub async fn preview(
    State(state): State<AppState>,
    _auth: Auth,
    req: ApiJson<PreviewRequest>,
) -> Result<Json<PreviewDto>, ApiError> {
    let catalog = state.store.catalog();
    let incident_type = req
        .value
        .incident_type
        .clone()
        .unwrap_or_else(|| "other".into());
    let (severity, (), tags) = (
        catalog.severity(&req.value.severity).cloned(),
        catalog.incident_type(&incident_type).map(|_| ()),
        each(
            req.value
                .tags
                .iter()
                .enumerate()
                .map(|(i, t)| Tag::parse(&format!("tags[{i}]"), t)),
        ),
    )
        .all()?;
    let config = state.store.response_config().await?;
    let rules = &config.rules;
    let facts = IncidentFacts {
        incident_type,
        severity: severity.key.to_string(),
        services: req.value.services.clone(),
        tags,
    };
    let p = plan(rules, &facts, &catalog);
    let imoc = config.manager.clone().filter(|s| {
        catalog
            .severity(&s.min_severity)
            .is_ok_and(|min| severity.rank <= min.rank)
    });
    let refs = p
        .page_teams
        .iter()
        .chain(&p.inform_teams)
        .map(|id| (Referenced::Team, id.get()))
        .chain(
            p.responders
                .iter()
                .chain(&p.inform_users)
                .map(|id| (Referenced::User, id.get())),
        )
        .chain(
            imoc.iter()
                .map(|s| (Referenced::Schedule, s.schedule_id.get())),
        );
    let lookup = Lookup::of(&state, refs).await?;
    let named = |kind: Referenced, ids: Vec<i64>| {
        ids.into_iter()
            .map(|id| Named {
                id,
                name: lookup.name(kind, id),
            })
            .collect::<Vec<_>>()
    };
    Ok(Json(PreviewDto {
        matched_rules: p
            .matched
            .iter()
            .map(|id| Named {
                id: id.get(),
                name: rules.iter().find(|r| r.id == *id).map(|r| r.name.clone()),
            })
            .collect(),
        page_teams: named(Referenced::Team, numbers(&p.page_teams)),
        responders: named(Referenced::User, numbers(&p.responders)),
        inform_teams: named(Referenced::Team, numbers(&p.inform_teams)),
        inform_users: named(Referenced::User, numbers(&p.inform_users)),
        private: p.make_private
            || catalog
                .incident_type(&facts.incident_type)
                .is_ok_and(|t| t.default_private),
        urgency: p.urgency.as_str(),
        awaiting_teams: p.awaiting_teams.into_iter().collect(),
        incident_manager_schedule: imoc.map(|s| Named {
            id: s.schedule_id.get(),
            name: lookup.name(Referenced::Schedule, s.schedule_id.get()),
        }),
    }))
}
