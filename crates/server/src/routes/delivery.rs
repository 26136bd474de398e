//! The dead-letter list (admins): deliveries that failed for good, with the reason, and a retry
//! that puts one back in the queue with a fresh set of attempts.

use super::params;
use crate::auth::Auth;
use crate::error::{ApiError, Problem};
use crate::routes::params::Path;
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::Json;
use goldseam_core::JobId;
use goldseam_store::jobs::Job;
use jiff::Timestamp;
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// This feature's schemas and tags; its paths come with its routes.
#[derive(OpenApi)]
#[openapi(components(schemas(DeliveryJobDto, DeadLetterList)))]
pub struct Doc;

/// This feature's routes, each registered with its part of the OpenAPI document.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(Doc::openapi())
        .routes(routes!(dead_letters))
        .routes(routes!(retry_dead_letter))
}

/// A delivery job.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryJobDto {
    /// Its id.
    pub id: i64,
    /// email, sms, voice, slack, mattermost, webhook or verify.
    pub kind: String,
    /// Where it goes, such as `sms:+15551234567` or `slack:C024BE91L`.
    pub destination: String,
    /// The key the provider sees, unique per delivery.
    pub idempotency_key: String,
    /// What was to be sent.
    #[schema(value_type = Object)]
    pub payload: serde_json::Value,
    /// The incident it is about, if any.
    #[schema(value_type = Option<i64>)]
    pub incident_id: Option<goldseam_core::IncidentId>,
    /// queued, running, done or dead.
    pub state: String,
    /// Attempts so far (claims, including those whose worker crashed).
    pub attempts: u32,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// When it is (or was last) due.
    #[schema(value_type = String, format = DateTime)]
    pub run_at: Timestamp,
    /// When it was enqueued.
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    /// When it became done or dead.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub finished_at: Option<Timestamp>,
}

impl From<Job> for DeliveryJobDto {
    fn from(j: Job) -> Self {
        // Admins see what failed, not other people's verification codes or acknowledgement links.
        let payload = goldseam_store::jobs::redacted_payload(&j.kind, &j.payload);
        DeliveryJobDto {
            id: j.id.get(),
            kind: j.kind,
            destination: j.destination,
            idempotency_key: j.idempotency_key,
            payload,
            incident_id: j.incident_id,
            state: j.state.as_str().into(),
            attempts: j.attempts,
            last_error: j.last_error,
            run_at: j.run_at,
            created_at: j.created_at,
            finished_at: j.finished_at,
        }
    }
}

/// A page of dead letters, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeadLetterList {
    /// Dead jobs, newest first.
    pub items: Vec<DeliveryJobDto>,
    /// Pass as `cursor` for the next page; absent on the last.
    pub next_cursor: Option<String>,
}

/// Deliveries that failed for good, newest first, each with why (admins).
#[utoipa::path(get, operation_id = "list_dead_letters", path = "/api/v1/admin/dead-letters", tag = "delivery",
    params(("cursor" = Option<String>, Query, description = "From next_cursor"), ("limit" = Option<i64>, Query, minimum = 1, maximum = 200, description = "1 to 200, default 50")),
    responses((status = 200, body = DeadLetterList), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn dead_letters(
    State(state): State<AppState>,
    auth: Auth,
    RawQuery(q): RawQuery,
) -> Result<Json<DeadLetterList>, ApiError> {
    goldseam_core::policy::ensure_admin(&auth.actor())?;
    let page = params::Page::parse(q.as_deref(), 50, 200)?;
    let cursor = (page.after > 0).then_some(JobId::from_db(page.after));
    let dead = state.store.dead_letters(cursor, page.limit as u32).await?;
    Ok(Json(DeadLetterList {
        items: dead.items.into_iter().map(DeliveryJobDto::from).collect(),
        next_cursor: dead.next_cursor.map(|c| c.to_string()),
    }))
}

/// Put a dead delivery back in the queue, due now, with its attempts reset (admins). Only dead
/// jobs can be retried.
#[utoipa::path(post, operation_id = "retry_dead_letter", path = "/api/v1/admin/dead-letters/{id}/retry", tag = "delivery",
    params(("id" = i64, Path, description = "Job id")),
    responses((status = 200, body = DeliveryJobDto), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "The job is not dead")))]
pub async fn retry_dead_letter(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Json<DeliveryJobDto>, ApiError> {
    goldseam_core::policy::ensure_admin(&auth.actor())?;
    let id = params::id("id", &id)?;
    let job = state.store.retry_dead(id, state.store.now()).await?;
    tracing::info!(job = %id, by = %auth.user.id, "dead letter retried");
    Ok(Json(job.into()))
}
