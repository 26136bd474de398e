//! What can go wrong calling Mattermost, read from its error body (`{id, message,
//! detailed_error, request_id, status_code}`), and what each means for the chat engine.

use crate::chat::api::ChatError;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde_json::Value;
use std::time::Duration;

/// Why a REST call failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MattermostError {
    /// Mattermost refused the call with its error body (or a bare 4xx from something in front
    /// of it, `id` then `http_STATUS`).
    #[error("Mattermost refused {endpoint} ({status} {id}): {message}")]
    Api {
        /// What was called, `POST /posts`.
        endpoint: String,
        /// The HTTP status.
        status: u16,
        /// Mattermost's error id (`store.sql_channel.save_channel.exists.app_error`).
        id: String,
        /// Its message for people.
        message: String,
    },
    /// The call would have had to wait longer than its patience for the rate limit.
    #[error("Mattermost rate-limits {endpoint}: retry after {:.1}s", after.as_secs_f64())]
    RateLimited {
        /// What was called.
        endpoint: String,
        /// How long to wait.
        after: Duration,
    },
    /// Mattermost could not be reached, timed out, or answered 5xx.
    #[error("{0}")]
    Unavailable(String),
}

/// A channel name in use (archived channels keep theirs).
const NAME_TAKEN: &str = "store.sql_channel.save_channel.exists.app_error";

impl MattermostError {
    /// Mattermost's error id, when it answered with one.
    pub fn id(&self) -> Option<&str> {
        match self {
            MattermostError::Api { id, .. } => Some(id),
            _ => None,
        }
    }

    /// The HTTP status Mattermost answered, when it answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            MattermostError::Api { status, .. } => Some(*status),
            _ => None,
        }
    }
}

impl From<MattermostError> for ChatError {
    fn from(e: MattermostError) -> ChatError {
        match &e {
            MattermostError::RateLimited { after, .. } => ChatError::Limited(*after),
            MattermostError::Unavailable(_) => ChatError::Unavailable(e.to_string()),
            MattermostError::Api { id, .. } if id == NAME_TAKEN => ChatError::NameTaken,
            // The token is wrong or revoked: only an admin can fix the settings.
            MattermostError::Api { status: 401, .. } => ChatError::Credentials(e.to_string()),
            MattermostError::Api { .. } => ChatError::Refused(e.to_string()),
        }
    }
}

/// What an answer that is not a 2xx means. 429 is handled before this (it waits).
pub(crate) fn refused(endpoint: &str, status: StatusCode, text: &str) -> MattermostError {
    if status.is_server_error() || status == StatusCode::REQUEST_TIMEOUT {
        let said: String = text.chars().take(200).collect();
        return MattermostError::Unavailable(format!(
            "Mattermost answered {status} to {endpoint}: {said}"
        ));
    }
    let body: Value = serde_json::from_str(text).unwrap_or_default();
    let (id, message) = match body["id"].as_str() {
        Some(id) if !id.is_empty() => (
            id.to_string(),
            body["message"].as_str().unwrap_or_default().to_string(),
        ),
        _ => (
            format!("http_{}", status.as_u16()),
            text.chars().take(200).collect(),
        ),
    };
    MattermostError::Api {
        endpoint: endpoint.to_string(),
        status: status.as_u16(),
        id,
        message,
    }
}

/// The wait a 429 asks for: `Retry-After`, else `X-Ratelimit-Reset`, else a second.
pub(crate) fn limited_for(headers: &HeaderMap) -> Duration {
    let secs = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
    };
    let s = secs("retry-after").or_else(|| secs("x-ratelimit-reset"));
    Duration::from_secs(s.unwrap_or(1).clamp(1, 3600))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_read_from_mattermosts_body_and_sorted_for_the_engine() {
        let body = r#"{"id":"store.sql_channel.save_channel.exists.app_error","message":"A channel with that name already exists on the same team.","detailed_error":"","request_id":"x","status_code":400}"#;
        let e = refused("POST /channels", StatusCode::BAD_REQUEST, body);
        assert_eq!(e.id(), Some(NAME_TAKEN));
        assert_eq!(ChatError::from(e), ChatError::NameTaken);
        let e = refused(
            "GET /users/me",
            StatusCode::UNAUTHORIZED,
            r#"{"id":"api.context.session_expired.app_error","message":"Invalid or expired session, please login again.","status_code":401}"#,
        );
        assert!(
            matches!(ChatError::from(e), ChatError::Credentials(m) if m.contains("expired session"))
        );
        let e = refused("POST /posts", StatusCode::FORBIDDEN, "<h1>no</h1>");
        assert_eq!(e.id(), Some("http_403"));
        assert!(matches!(ChatError::from(e), ChatError::Refused(_)));
        let e = refused("POST /posts", StatusCode::BAD_GATEWAY, "Bad Gateway");
        assert!(ChatError::from(e).is_transient());
        let mut h = HeaderMap::new();
        assert_eq!(limited_for(&h), Duration::from_secs(1));
        h.insert("x-ratelimit-reset", "4".parse().unwrap());
        assert_eq!(limited_for(&h), Duration::from_secs(4));
        h.insert("retry-after", "2".parse().unwrap());
        assert_eq!(limited_for(&h), Duration::from_secs(2));
    }
}
