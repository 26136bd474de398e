//! Postmortem distribution over HTTP: the policy admins set (who reads a published postmortem),
//! the readers list of one postmortem for its incident manager and admins, and the personal
//! reading links, which need no sign-in (the signed token is the reader's credential).

mod dto;
mod reading;

pub use dto::*;

use crate::auth::Auth;
use crate::error::{ApiError, Problem, Refusals};
use crate::json::ApiJson;
use crate::routes::params::{cursor, incident_ref, limit, query_pairs, Path};
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::Json;
use goldseam_core::postmortem::distribution::{validate_policy, DistributionPolicy};
use goldseam_store::distribution::{readers::MAX_LIMIT, ReaderStatus};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The distribution routes.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(policy, put_policy))
        .routes(routes!(readers))
        .routes(routes!(reading::open))
        .routes(routes!(reading::acknowledge))
        .routes(routes!(reading::unsubscribe))
}

/// Who reads a published postmortem: its participants always, and the audiences of every rule
/// matching the incident's severity and type.
#[utoipa::path(get, operation_id = "show_distribution_policy", path = "/api/v1/postmortem-distribution", tag = "postmortems",
    responses((status = 200, body = DistributionPolicyDto)))]
pub async fn policy(
    State(state): State<AppState>,
    _auth: Auth,
) -> Result<Json<DistributionPolicyDto>, ApiError> {
    let (policy, customized) = state.store.distribution_policy().await?;
    Ok(Json(DistributionPolicyDto::of(policy, customized)))
}

/// Replace the distribution policy (admins). Every problem is refused at once, each with its
/// field path; nothing is saved unless all is well.
#[utoipa::path(put, operation_id = "put_distribution_policy", path = "/api/v1/postmortem-distribution", tag = "postmortems",
    request_body = DistributionPolicyDto,
    responses((status = 200, body = DistributionPolicyDto), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn put_policy(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson { value: body, .. }: ApiJson<DistributionPolicyDto>,
) -> Result<Json<DistributionPolicyDto>, ApiError> {
    goldseam_core::policy::ensure_admin(&auth.actor())?;
    let policy = DistributionPolicy {
        participants_required: body.participants_required,
        reminder_days: body.reminder_days,
        rules: body.rules,
    };
    validate_policy(&policy, &state.store.catalog()).map_err(Refusals::from)?;
    let saved = state
        .store
        .set_distribution_policy(&auth.actor(), &policy)
        .await?;
    Ok(Json(DistributionPolicyDto::of(saved, true)))
}

/// Who the postmortem was sent to and whether each opened and acknowledged it (the incident's
/// manager and admins). Paged by reader id: pass `next` as `after`.
#[utoipa::path(get, operation_id = "postmortem_readers", path = "/api/v1/incidents/{ref}/postmortem/readers", tag = "postmortems",
    params(("ref" = String, Path, description = "INC-42 or 42"),
        ("status" = Option<String>, Query, description = "pending, opened or acknowledged"),
        ("after" = Option<String>, Query, description = "The `next` of the previous page"),
        ("limit" = Option<String>, Query, description = "1 to 500 (default 200)")),
    responses((status = 200, body = ReadersDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn readers(
    State(state): State<AppState>,
    auth: Auth,
    Path(reference): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<ReadersDto>, ApiError> {
    let r = incident_ref(&reference)?;
    let (mut status, mut after, mut size) = (None, None, None);
    for (key, value) in query_pairs(query.as_deref()) {
        match key.as_str() {
            "status" => {
                status = Some(ReaderStatus::parse_filter(&value).ok_or_else(|| {
                    ApiError::invalid("status", "use pending, opened or acknowledged")
                })?)
            }
            "after" => after = cursor("after", Some(&value))?,
            "limit" => size = Some(value),
            other => {
                return Err(ApiError::invalid(
                    other,
                    "is not a parameter here; use status, after and limit",
                ))
            }
        }
    }
    let size = limit(size.as_deref(), 200, MAX_LIMIT)?;
    let page = state
        .store
        .postmortem_readers(&auth.actor(), r, status, after.unwrap_or(0), size)
        .await?;
    Ok(Json(ReadersDto::from(page)))
}
