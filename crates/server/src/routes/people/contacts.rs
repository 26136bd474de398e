//! Contact methods: each person manages their own under /me; admins read anyone's.
//! Verification sends a 6-digit code through the delivery engine (a `verify` job).

use crate::auth::Auth;
use crate::error::{ApiError, Problem};
use crate::json::ApiJson;
use crate::routes::params;
use crate::routes::params::Path;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use goldseam_core::people::verification::{PendingCode, VerificationCode, MAX_TRIES};
use goldseam_core::people::{ContactAddress, ContactKind};
use goldseam_core::policy::ensure_admin;
use goldseam_store::people::{ContactMethod, Issued};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The verification code outstanding for a method.
#[derive(Debug, Serialize, ToSchema)]
pub struct PendingCodeDto {
    /// When the code stops working.
    #[schema(value_type = String, format = DateTime)]
    pub expires_at: Timestamp,
    /// Wrong codes still accepted before the code locks.
    pub tries_left: u32,
}

/// A contact method.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContactMethodDto {
    /// Id.
    pub id: i64,
    /// email, sms, voice, slack, mattermost or webhook.
    pub kind: String,
    /// The number, address, Slack or Mattermost user id or URL, normalized.
    pub address: String,
    /// Whether it may be used in notification rules.
    pub verified: bool,
    /// When it was verified.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub verified_at: Option<Timestamp>,
    /// The code sent and not yet used, if any.
    pub pending_code: Option<PendingCodeDto>,
    /// Created at.
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
}

impl From<ContactMethod> for ContactMethodDto {
    fn from(m: ContactMethod) -> Self {
        let pending_code = match (m.code_outstanding, m.code_issued_at) {
            (true, Some(issued_at)) => Some(PendingCodeDto {
                expires_at: PendingCode {
                    issued_at,
                    failed_tries: m.code_tries,
                }
                .expires_at(),
                tries_left: MAX_TRIES.saturating_sub(m.code_tries),
            }),
            _ => None,
        };
        ContactMethodDto {
            id: m.id.get(),
            kind: m.kind.as_str().to_string(),
            address: m.address.as_str().to_string(),
            verified: m.verified_at.is_some(),
            verified_at: m.verified_at,
            pending_code,
            created_at: m.created_at,
        }
    }
}

/// A new contact method.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateContactMethodRequest {
    /// email, sms, voice, slack, mattermost or webhook.
    pub kind: String,
    /// For sms and voice an E.164 number (`+15551234567`); for email an address; for slack a
    /// Slack user id (`U024BE7LH`); for mattermost a Mattermost user id (26 lowercase letters
    /// and digits, as `GET /api/v4/users/me` shows it); for webhook an https URL.
    pub address: String,
}

/// A new address for a contact method; it must be verified again.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateContactMethodRequest {
    /// The new address, in the method's kind's format.
    pub address: String,
}

/// A code is on its way.
#[derive(Debug, Serialize, ToSchema)]
pub struct CodeSentDto {
    /// The method, with its pending code.
    pub contact_method: ContactMethodDto,
    /// Where the code goes, such as `sms:+15551234567`.
    pub destination: String,
}

/// The code that was received.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmRequest {
    /// The 6 digits.
    pub code: String,
}

fn dtos(methods: Vec<ContactMethod>) -> Vec<ContactMethodDto> {
    methods.into_iter().map(ContactMethodDto::from).collect()
}

/// Your contact methods, oldest first.
#[utoipa::path(get, operation_id = "my_contact_methods", path = "/api/v1/me/contact-methods", tag = "contact methods",
    responses((status = 200, body = Vec<ContactMethodDto>)))]
pub async fn list(
    State(state): State<AppState>,
    auth: Auth,
) -> Result<Json<Vec<ContactMethodDto>>, ApiError> {
    Ok(Json(dtos(state.store.contact_methods(auth.user.id).await?)))
}

/// Add a contact method; it starts unverified.
#[utoipa::path(post, operation_id = "add_contact_method", path = "/api/v1/me/contact-methods", tag = "contact methods",
    request_body = CreateContactMethodRequest,
    responses((status = 201, body = ContactMethodDto), (status = 409, body = Problem, description = "You already have it, or have 20 methods"),
        (status = 422, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    auth: Auth,
    req: ApiJson<CreateContactMethodRequest>,
) -> Result<(StatusCode, Json<ContactMethodDto>), ApiError> {
    let kind = ContactKind::parse("kind", &req.value.kind)?;
    let address = ContactAddress::parse("address", kind, &req.value.address)?;
    let method = state
        .store
        .add_contact_method(auth.user.id, kind, &address)
        .await?;
    Ok((StatusCode::CREATED, Json(method.into())))
}

/// Change a method's address; a new address must be verified again.
#[utoipa::path(patch, operation_id = "update_contact_method", path = "/api/v1/me/contact-methods/{id}", tag = "contact methods",
    request_body = UpdateContactMethodRequest, params(("id" = i64, Path, description = "Contact method id")),
    responses((status = 200, body = ContactMethodDto), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "Notification rules use it, or you already have that address"), (status = 422, body = Problem)))]
pub async fn update(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    req: ApiJson<UpdateContactMethodRequest>,
) -> Result<Json<ContactMethodDto>, ApiError> {
    let id = params::id("id", &id)?;
    let current = state.store.contact_method(auth.user.id, id).await?;
    let address = ContactAddress::parse("address", current.kind, &req.value.address)?;
    let method = state
        .store
        .change_contact_address(auth.user.id, id, &address)
        .await?;
    Ok(Json(method.into()))
}

/// Delete a contact method; refused while notification rules use it.
#[utoipa::path(delete, operation_id = "delete_contact_method", path = "/api/v1/me/contact-methods/{id}", tag = "contact methods",
    params(("id" = i64, Path, description = "Contact method id")),
    responses((status = 204), (status = 404, body = Problem), (status = 409, body = Problem, description = "Notification rules use it")))]
pub async fn delete(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = params::id("id", &id)?;
    state.store.delete_contact_method(auth.user.id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Send a new 6-digit code to the method (valid 15 minutes, 5 tries; one a minute at most).
#[utoipa::path(post, operation_id = "request_verification_code", path = "/api/v1/me/contact-methods/{id}/verification", tag = "contact methods",
    params(("id" = i64, Path, description = "Contact method id")),
    responses((status = 202, body = CodeSentDto), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "Already verified"),
        (status = 429, body = Problem, description = "A code was sent less than a minute ago; see Retry-After")))]
pub async fn request_code(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<CodeSentDto>), ApiError> {
    let id = params::id("id", &id)?;
    match state.store.issue_verification(auth.user.id, id).await? {
        Issued::Sent { method, job, .. } => Ok((
            StatusCode::ACCEPTED,
            Json(CodeSentDto {
                contact_method: (*method).into(),
                destination: job.destination,
            }),
        )),
        Issued::TooSoon(wait) => {
            let secs = wait.as_secs().max(1) as u64;
            Err(ApiError::too_many(
                format!("a code was sent less than a minute ago; wait {secs} seconds before asking for another"),
                secs,
            ))
        }
    }
}

/// Confirm the code you received; the method is then verified.
#[utoipa::path(post, operation_id = "confirm_verification_code", path = "/api/v1/me/contact-methods/{id}/verification/confirm", tag = "contact methods",
    request_body = ConfirmRequest, params(("id" = i64, Path, description = "Contact method id")),
    responses((status = 200, body = ContactMethodDto), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "No code, or it expired or locked: request a new one"),
        (status = 422, body = Problem, description = "Not the code sent; the answer says how many tries are left")))]
pub async fn confirm(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    req: ApiJson<ConfirmRequest>,
) -> Result<Json<ContactMethodDto>, ApiError> {
    let id = params::id("id", &id)?;
    let code = VerificationCode::parse("code", &req.value.code)?;
    let method = state
        .store
        .confirm_verification(auth.user.id, id, &code)
        .await?;
    Ok(Json(method.into()))
}

/// Anyone's contact methods (admins).
#[utoipa::path(get, operation_id = "user_contact_methods", path = "/api/v1/users/{id}/contact-methods", tag = "contact methods",
    params(("id" = i64, Path, description = "User id")),
    responses((status = 200, body = Vec<ContactMethodDto>), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn list_for_user(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Json<Vec<ContactMethodDto>>, ApiError> {
    ensure_admin(&auth.actor())?;
    let id = params::id("id", &id)?;
    state.store.user(id).await?;
    Ok(Json(dtos(state.store.contact_methods(id).await?)))
}
