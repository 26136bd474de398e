//! axum's extractor rejections as problems. axum answers them in plain text by itself; mapped
//! here they keep the promise that every error is problem+json, and say what to fix.

use super::ApiError;
use axum::extract::path::ErrorKind;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> ApiError {
        let PathRejection::FailedToDeserializePathParams(failed) = rejection else {
            // The route has no parameters but the handler asked for some: our bug, not the
            // caller's.
            return internal(&rejection.body_text());
        };
        if failed.status().is_server_error() {
            return internal(&failed.body_text());
        }
        match failed.into_kind() {
            ErrorKind::InvalidUtf8InPathParam { key } => {
                let mut e = ApiError::bad_request(format!(
                    "the path segment `{key}` is not valid UTF-8 once percent-decoded; \
                     percent-encode the UTF-8 bytes of the text"
                ));
                e.0.errors.push(super::FieldError {
                    field: key,
                    message: "is not valid UTF-8 once percent-decoded".to_string(),
                });
                e
            }
            kind => ApiError::bad_request(format!("the path is not understood: {kind}")),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> ApiError {
        ApiError::bad_request(format!(
            "the query string is not understood: {}",
            std::error::Error::source(&rejection)
                .map_or_else(|| rejection.body_text(), |e| e.to_string())
        ))
    }
}

impl From<BytesRejection> for ApiError {
    fn from(rejection: BytesRejection) -> ApiError {
        if let Some(limit) = crate::body_deadline::deadline_passed(&rejection) {
            ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                "body-timeout",
                format!(
                    "the request body did not arrive within {} s; send it whole, faster",
                    limit.as_secs()
                ),
            )
        } else if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            ApiError::bad_request(format!("could not read the request body: {rejection}"))
        }
    }
}

/// 413: the body is over `max_body_bytes`.
pub fn too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too-large",
        "the request body is larger than this server accepts",
    )
}

fn internal(detail: &str) -> ApiError {
    tracing::error!(%detail, "a route and its handler disagree on path parameters");
    ApiError::internal()
}
