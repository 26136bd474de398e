//! The one place errors become HTTP answers: RFC 9457 problem+json with a clear `detail` and,
//! for validation, the offending fields.
//!
//! Policy: domain refusals are the caller's to fix (4xx, explained); an invisible incident is a
//! 404 exactly like a missing one; database and internal failures are logged in full and answered
//! with a 5xx that says nothing about internals. axum's own extractor rejections are mapped in
//! `rejections`, so nothing reaches a client as plain text. Every 401 carries `WWW-Authenticate`,
//! every 429 and 503 `Retry-After`; the OpenAPI document (openapi/problems.rs) relies on that.

mod fields;
mod rejections;

pub use fields::{each, require, AllFields, Fields, Refusals};
pub use rejections::too_large;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use goldseam_core::DomainError;
use goldseam_store::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

/// The media type of every error (RFC 9457).
pub const PROBLEM_JSON: &str = "application/problem+json";

/// One invalid field.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldError {
    /// The field's path in the request, such as `title` or `tags[2]`.
    pub field: String,
    /// What was wrong and what is accepted.
    pub message: String,
}

/// An RFC 9457 problem document.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short summary of the kind of problem.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// What went wrong this time, for a person.
    pub detail: String,
    /// For validation problems: each offending field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// For unknown values: the accepted ones.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub valid: Vec<String>,
    #[serde(skip)]
    retry_after: Option<u64>,
}

/// An error a handler returns. Boxed: errors are rare and results should stay small.
#[derive(Debug)]
pub struct ApiError(pub Box<Problem>);

impl ApiError {
    /// A problem with a status, a kind and a detail.
    pub fn new(status: StatusCode, kind: &str, detail: impl Into<String>) -> ApiError {
        ApiError(Box::new(Problem {
            kind: format!("urn:goldseam:problem:{kind}"),
            title: status.canonical_reason().unwrap_or("Error").to_string(),
            status: status.as_u16(),
            detail: detail.into(),
            errors: Vec::new(),
            valid: Vec::new(),
            retry_after: None,
        }))
    }

    /// 422 for one invalid field.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> ApiError {
        let (field, message) = (field.into(), message.into());
        let mut e = ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
            format!("{field}: {message}"),
        );
        e.0.errors.push(FieldError { field, message });
        e
    }

    /// 400 for a request that is not even well-formed.
    pub fn bad_request(detail: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "malformed", detail)
    }

    /// 401: no or bad credentials.
    pub fn unauthorized(detail: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", detail)
    }

    /// 403: known, but not allowed.
    pub fn forbidden(detail: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, "forbidden", detail)
    }

    /// 404.
    pub fn not_found(what: impl std::fmt::Display) -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not-found",
            format!("{what} not found"),
        )
    }

    /// 429 with Retry-After.
    pub fn too_many(detail: impl Into<String>, retry_after_secs: u64) -> ApiError {
        let mut e = ApiError::new(StatusCode::TOO_MANY_REQUESTS, "rate-limited", detail);
        e.0.retry_after = Some(retry_after_secs.max(1));
        e
    }

    /// 503 with Retry-After: a dependency (the database) cannot answer now.
    pub fn unavailable(detail: impl Into<String>, retry_after_secs: u64) -> ApiError {
        let mut e = ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", detail);
        e.0.retry_after = Some(retry_after_secs.max(1));
        e
    }

    /// 500 that says nothing about internals; the cause must be logged where it is known.
    pub fn internal() -> ApiError {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "an internal error occurred; it has been logged",
        )
    }
}

impl From<DomainError> for ApiError {
    fn from(e: DomainError) -> ApiError {
        let detail = e.to_string();
        match e {
            DomainError::Invalid { field, message } => ApiError::invalid(field, message),
            DomainError::UnknownSeverity { valid, .. } => {
                with_valid(ApiError::invalid("severity", detail), valid)
            }
            DomainError::UnknownType { valid, .. } => {
                with_valid(ApiError::invalid("type", detail), valid)
            }
            DomainError::UnknownRole { valid, .. } => {
                with_valid(ApiError::invalid("role", detail), valid)
            }
            DomainError::IllegalTransition { allowed, .. } => with_valid(
                ApiError::new(StatusCode::CONFLICT, "illegal-transition", detail),
                allowed,
            ),
            DomainError::NoChange(_) => ApiError::new(StatusCode::CONFLICT, "no-change", detail),
            DomainError::Conflict(_) => ApiError::new(StatusCode::CONFLICT, "conflict", detail),
            DomainError::Forbidden(_) => ApiError::forbidden(detail),
        }
    }
}

fn with_valid(mut e: ApiError, valid: Vec<String>) -> ApiError {
    e.0.valid = valid;
    e
}

/// How long a 503 for an unreachable database asks clients to wait: a short pause, since the
/// request already waited for a connection before giving up.
const DATABASE_RETRY_AFTER_SECS: u64 = 5;

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::Domain(d) => d.into(),
            StoreError::NotFound(what) => ApiError::not_found(what),
            // What conflicts with what is stored: the caller's to resolve, as `detail` says.
            e @ (StoreError::EmailTaken { .. }
            | StoreError::NameTaken { .. }
            | StoreError::IdempotencyKeyReused
            | StoreError::TokenAlreadyCreated { .. }
            | StoreError::OverrideOverlaps { .. }
            | StoreError::JobNotDead { .. }
            | StoreError::HandoverLoop { .. }
            | StoreError::PolicyHandedOverTo { .. }
            | StoreError::TeamOwnsServices { .. }
            | StoreError::ContactMethodTaken { .. }
            | StoreError::ContactMethodInUse { .. }
            | StoreError::TooManyContactMethods { .. }) => {
                ApiError::new(StatusCode::CONFLICT, "conflict", e.to_string())
            }
            StoreError::Busy {
                what,
                retry_after_secs,
            } => ApiError::unavailable(
                format!("too many {what} are in progress; try again in {retry_after_secs} s"),
                retry_after_secs,
            ),
            StoreError::Database(e) => {
                tracing::error!(error = %e, "database error");
                let unavailable = matches!(
                    e,
                    sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) | sqlx::Error::PoolClosed
                );
                if unavailable {
                    ApiError::unavailable(
                        "the database is unavailable; try again shortly",
                        DATABASE_RETRY_AFTER_SECS,
                    )
                } else {
                    ApiError::internal()
                }
            }
            StoreError::Corrupt(detail) | StoreError::Config(detail) => {
                tracing::error!(%detail, "unreadable stored data");
                ApiError::internal()
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.0.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&*self.0).unwrap_or_default();
        let mut res = (status, body).into_response();
        let headers = res.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if let Some(secs) = self.0.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"goldseam\""),
            );
        }
        res
    }
}
