//! What can go wrong calling Slack, and what each means for the delivery engine.

use crate::SendError;
use std::time::Duration;

/// Why a Web API call failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlackError {
    /// Slack answered `ok: false` with this error code, and the method does not treat that
    /// code as done (`already_pinned` and the like are `Ok`).
    #[error("Slack refused {method}: {error}")]
    Api {
        /// The Web API method.
        method: String,
        /// Slack's error code (`name_taken`, `channel_not_found`...).
        error: String,
    },
    /// The call would have had to wait longer than its patience for a rate limit.
    #[error("Slack rate-limits {method}: retry after {:.1}s", after.as_secs_f64())]
    RateLimited {
        /// The Web API method.
        method: String,
        /// How long to wait before trying again.
        after: Duration,
    },
    /// Slack could not be reached, timed out, answered 5xx or something that is not its JSON.
    #[error("{0}")]
    Unavailable(String),
}

/// Error codes (in a 200 answer) that a later try may get past.
const TRANSIENT: &[&str] = &[
    "internal_error",
    "fatal_error",
    "service_unavailable",
    "request_timeout",
];

/// Error codes that mean the token is wrong, gone or lacks a scope: only an admin can fix
/// them, by changing the server's settings or reinstalling the app.
const CREDENTIALS: &[&str] = &[
    "invalid_auth",
    "not_authed",
    "account_inactive",
    "token_revoked",
    "token_expired",
    "missing_scope",
    "not_allowed_token_type",
];

impl SlackError {
    /// Slack's error code: the `error` of an `ok: false` answer, `ratelimited` for a rate
    /// limit, none when Slack did not answer.
    pub fn code(&self) -> Option<&str> {
        match self {
            SlackError::Api { error, .. } => Some(error),
            SlackError::RateLimited { .. } => Some("ratelimited"),
            SlackError::Unavailable(_) => None,
        }
    }

    /// Whether the same call may succeed later: Slack unavailable, rate-limited, or one of
    /// its own transient errors.
    pub fn is_transient(&self) -> bool {
        match self {
            SlackError::Api { error, .. } => TRANSIENT.contains(&error.as_str()),
            SlackError::RateLimited { .. } | SlackError::Unavailable(_) => true,
        }
    }

    /// Whether the bot's credentials were refused (an admin must act).
    pub fn is_credentials(&self) -> bool {
        matches!(self, SlackError::Api { error, .. } if CREDENTIALS.contains(&error.as_str()))
    }
}

/// For the delivery engine: a rate limit waits its time without counting an attempt, a
/// transient failure retries with backoff, refused credentials go to admins, and anything
/// else (`channel_not_found`, `not_in_channel`...) means the destination is wrong.
impl From<SlackError> for SendError {
    fn from(e: SlackError) -> SendError {
        let reason = e.to_string();
        match e {
            SlackError::RateLimited { after, .. } => SendError::RetryAfter { after, reason },
            e if e.is_transient() => SendError::Retry(reason),
            e if e.is_credentials() => SendError::Configuration(reason),
            _ => SendError::Permanent(reason),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(error: &str) -> SlackError {
        SlackError::Api {
            method: "chat.postMessage".into(),
            error: error.into(),
        }
    }

    #[test]
    fn errors_map_to_what_the_engine_does_next() {
        assert!(matches!(
            SendError::from(api("fatal_error")),
            SendError::Retry(_)
        ));
        assert!(matches!(
            SendError::from(SlackError::Unavailable("down".into())),
            SendError::Retry(_)
        ));
        assert!(matches!(
            SendError::from(api("invalid_auth")),
            SendError::Configuration(_)
        ));
        assert!(matches!(
            SendError::from(api("channel_not_found")),
            SendError::Permanent(r) if r.contains("channel_not_found")
        ));
        let limited = SlackError::RateLimited {
            method: "chat.postMessage".into(),
            after: Duration::from_secs(3),
        };
        assert_eq!(limited.code(), Some("ratelimited"));
        assert!(matches!(
            SendError::from(limited),
            SendError::RetryAfter { after, .. } if after == Duration::from_secs(3)
        ));
        assert_eq!(api("name_taken").code(), Some("name_taken"));
        assert_eq!(SlackError::Unavailable("x".into()).code(), None);
    }
}
