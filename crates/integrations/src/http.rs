//! What an HTTP provider's answer means for the engine.

use crate::SendError;
use reqwest::StatusCode;
use std::time::Duration;

/// The delay a 429 asks for: its Retry-After in seconds, else 30 s; at most an hour.
pub(crate) fn retry_after(headers: &reqwest::header::HeaderMap) -> Duration {
    let secs = headers
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(30);
    Duration::from_secs(secs.clamp(1, 3600))
}

/// A failed request: refused connections and timeouts are transient.
pub(crate) fn transport(provider: &str, e: reqwest::Error) -> SendError {
    SendError::Retry(format!("{provider} unreachable: {e}"))
}

/// A non-2xx answer: 429 waits, 408 and 5xx retry, any other 4xx is permanent. `body` is the
/// provider's explanation, cut short.
pub(crate) fn status(
    provider: &str,
    status: StatusCode,
    headers: &reqwest::header::HeaderMap,
    body: &str,
) -> SendError {
    let said: String = body.chars().take(300).collect();
    let reason = format!("{provider} answered {status}: {said}");
    if status == StatusCode::TOO_MANY_REQUESTS {
        SendError::RetryAfter {
            after: retry_after(headers),
            reason,
        }
    } else if status.is_server_error() || status == StatusCode::REQUEST_TIMEOUT {
        SendError::Retry(reason)
    } else if status == StatusCode::UNAUTHORIZED {
        // Our credentials were refused: the server's settings are wrong, not the message.
        SendError::Configuration(reason)
    } else {
        SendError::Permanent(reason)
    }
}

/// A client that follows no redirects (a provider that redirects is misconfigured, and a
/// webhook must not be bounced somewhere else) and gives up after `timeout`.
pub(crate) fn client(timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(timeout)
        .user_agent(concat!("Goldseam/", env!("CARGO_PKG_VERSION")))
        .build()
        .unwrap_or_default()
}
