//! Integrations, for admins: create one (its key and the snippet to paste come back), change,
//! delete, send a test alert through the whole path, read its recent requests, and try a
//! generic webhook's mapping on a sample.

use super::dto::*;
use crate::auth::Auth;
use crate::error::{ApiError, Problem};
use crate::json::ApiJson;
use crate::routes::params::Path;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use goldseam_core::alerts::{AlertPolicy, SourceKind};
use goldseam_core::{ServiceId, TeamId};
use goldseam_store::alerts::{InboxRequest, Integration, IntegrationInput};
use goldseam_store::secrets::Secret;

fn dto(state: &AppState, i: &Integration) -> Result<IntegrationDto, ApiError> {
    let key = state.store.integration_key(i)?;
    Ok(IntegrationDto::of(
        i,
        key.0.expose(),
        &state.config.public_url,
    ))
}

fn input(body: IntegrationRequest) -> IntegrationInput {
    IntegrationInput {
        name: body.name,
        service_id: body.service_id.map(ServiceId::from_db),
        team_id: body.team_id.map(TeamId::from_db),
        policy: body.policy.unwrap_or_default(),
        mapping: body.mapping,
        signing_secret: body.signing_secret.map(Secret::new),
    }
}

/// Every integration (admins).
#[utoipa::path(get, operation_id = "list_integrations", path = "/api/v1/integrations", tag = "alerts",
    responses((status = 200, body = Vec<IntegrationDto>), (status = 403, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    auth: Auth,
) -> Result<Json<Vec<IntegrationDto>>, ApiError> {
    goldseam_core::policy::ensure_admin(&auth.actor())?;
    let all = state.store.integrations().await?;
    Ok(Json(
        all.iter()
            .map(|i| dto(&state, i))
            .collect::<Result<_, _>>()?,
    ))
}

/// Create an integration (admins): its key and the configuration to paste into the sender
/// come back.
#[utoipa::path(post, operation_id = "create_integration", path = "/api/v1/integrations", tag = "alerts",
    request_body = IntegrationRequest,
    responses((status = 201, body = IntegrationDto), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson { value: body, .. }: ApiJson<IntegrationRequest>,
) -> Result<(StatusCode, Json<IntegrationDto>), ApiError> {
    goldseam_core::policy::ensure_admin(&auth.actor())?;
    let Some(kind) = body.kind else {
        let kinds: Vec<&str> = SourceKind::ALL.iter().map(|k| k.as_str()).collect();
        return Err(ApiError::invalid(
            "kind",
            format!("is required: one of {}", kinds.join(", ")),
        ));
    };
    let (i, _) = state.store.create_integration(kind, &input(body)).await?;
    Ok((StatusCode::CREATED, Json(dto(&state, &i)?)))
}

/// One integration (admins).
#[utoipa::path(get, operation_id = "show_integration", path = "/api/v1/integrations/{id}", tag = "alerts",
    params(("id" = i64, Path, description = "the integration's id")),
    responses((status = 200, body = IntegrationDto), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn show(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<Json<IntegrationDto>, ApiError> {
    goldseam_core::policy::ensure_admin(&auth.actor())?;
    Ok(Json(dto(&state, &state.store.integration(id).await?)?))
}

/// Change an integration's settings (admins); its key stays.
#[utoipa::path(put, operation_id = "update_integration", path = "/api/v1/integrations/{id}", tag = "alerts",
    params(("id" = i64, Path, description = "the integration's id")), request_body = IntegrationRequest,
    responses((status = 200, body = IntegrationDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn update(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    ApiJson { value: body, .. }: ApiJson<IntegrationRequest>,
) -> Result<Json<IntegrationDto>, ApiError> {
    goldseam_core::policy::ensure_admin(&auth.actor())?;
    let before = state.store.integration(id).await?;
    if body.kind.is_some_and(|k| k != before.kind) {
        return Err(ApiError::invalid(
            "kind",
            "cannot change: create another integration for another sender",
        ));
    }
    let i = state.store.update_integration(id, &input(body)).await?;
    Ok(Json(dto(&state, &i)?))
}

/// Delete an integration (admins): its key stops working; its alerts stay for the record.
#[utoipa::path(delete, operation_id = "delete_integration", path = "/api/v1/integrations/{id}", tag = "alerts",
    params(("id" = i64, Path, description = "the integration's id")),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn delete(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    goldseam_core::policy::ensure_admin(&auth.actor())?;
    state.store.delete_integration(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Send a test alert (admins): a request as the sender would send it goes the whole way
/// (read, stored, grouped, and what its routes do: open an incident, page), so the path is
/// proven end to end.
#[utoipa::path(post, operation_id = "test_integration", path = "/api/v1/integrations/{id}/test", tag = "alerts",
    params(("id" = i64, Path, description = "the integration's id")),
    responses((status = 202, body = TestAlertAnswer), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 422, body = TestAlertAnswer, description = "the integration refuses the test request (its mapping, say): `status` says why")))]
pub async fn test(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<(StatusCode, Json<TestAlertAnswer>), ApiError> {
    goldseam_core::policy::ensure_admin(&auth.actor())?;
    let i = state.store.integration(id).await?;
    let key = state.store.integration_key(&i)?;
    let now = state.store.now();
    let tag = format!("{}", now.as_microsecond());
    let (endpoint, subject, body) =
        goldseam_core::alerts::snippet::test_request(i.kind, key.0.expose(), &tag, now);
    let inbound = goldseam_core::alerts::Inbound {
        endpoint,
        subject: subject.as_deref(),
        body: body.as_bytes(),
        assigned_key: None,
    };
    let read = match i.kind {
        SourceKind::Webhook => i
            .mapping
            .clone()
            .unwrap_or_default()
            .apply(body.as_bytes())
            .map(|a| a.dedup_key),
        kind => goldseam_core::alerts::sources::parse(kind, &inbound).map(|p| {
            p.signals
                .first()
                .and_then(|s| s.dedup_key())
                .unwrap_or_default()
                .to_owned()
        }),
    };
    let dedup_key = match read {
        Ok(k) => k,
        Err(r) => {
            let answer = TestAlertAnswer {
                dedup_key: String::new(),
                status: format!("refused: {}: {}", r.message, r.errors.join("; ")),
            };
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, Json(answer)));
        }
    };
    state
        .store
        .store_alert_request(InboxRequest {
            integration_id: i.id,
            endpoint,
            subject,
            assigned_key: None,
            delivery_id: None,
            headers: serde_json::json!({ "x-goldseam-test": auth.user.email.as_str() }),
            body,
        })
        .await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(TestAlertAnswer {
            dedup_key,
            status: "accepted".into(),
        }),
    ))
}

/// An integration's recent requests, newest first, with what became of each (admins).
#[utoipa::path(get, operation_id = "integration_requests", path = "/api/v1/integrations/{id}/requests", tag = "alerts",
    params(("id" = i64, Path, description = "the integration's id")),
    responses((status = 200, body = Vec<InboxItemDto>), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn requests(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<Json<Vec<InboxItemDto>>, ApiError> {
    goldseam_core::policy::ensure_admin(&auth.actor())?;
    state.store.integration(id).await?;
    let items = state.store.inbox_items(id, 50).await?;
    Ok(Json(items.into_iter().map(InboxItemDto::from).collect()))
}

/// Try a generic webhook mapping on a sample payload (admins): the alert it makes, or each
/// field's error, and the route and group key it would take.
#[utoipa::path(post, operation_id = "preview_mapping", path = "/api/v1/integrations/preview", tag = "alerts",
    request_body = MappingPreviewRequest,
    responses((status = 200, body = MappingPreviewAnswer), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn preview(
    State(_state): State<AppState>,
    auth: Auth,
    ApiJson { value: body, .. }: ApiJson<MappingPreviewRequest>,
) -> Result<Json<MappingPreviewAnswer>, ApiError> {
    goldseam_core::policy::ensure_admin(&auth.actor())?;
    let sample = body.sample.to_string();
    let preview = goldseam_core::alerts::template::preview(&body.mapping, sample.as_bytes());
    let policy: AlertPolicy = body.policy.unwrap_or_default();
    // A policy the integration could not be saved with previews nothing either.
    if let Some((field, why)) = policy.problems().into_iter().next() {
        return Err(ApiError::invalid(format!("policy.{field}"), why));
    }
    let (route, group_key) = match body.mapping.apply(sample.as_bytes()) {
        Ok(alert) => {
            let route = policy.route_for(&alert);
            (Some(route.name.clone()), Some(route.group_key(&alert)))
        }
        Err(_) => (None, None),
    };
    Ok(Json(MappingPreviewAnswer {
        preview,
        route,
        group_key,
    }))
}
