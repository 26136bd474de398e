//! What a tracker's error answer means for the job. Trackers differ from delivery providers in
//! one way that matters: 403 and 404 are about our settings (a token without access, a repository
//! or project that does not exist or that the token cannot see), so they go to admins, not to
//! the follow-up.

use crate::{http, SendError};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How long a rate-limited answer asks to wait: `Retry-After`, else until GitHub's
/// `x-ratelimit-reset` (Unix seconds), else a minute; between 1 s and an hour.
fn wait(headers: &HeaderMap) -> Duration {
    if headers.contains_key(reqwest::header::RETRY_AFTER) {
        return http::retry_after(headers);
    }
    let reset = headers
        .get("x-ratelimit-reset")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let secs = reset.map(|r| r.saturating_sub(now)).unwrap_or(60);
    Duration::from_secs(secs.clamp(1, 3600))
}

/// GitHub signals its rate limits with 403 as well as 429; only the headers tell them apart
/// from a token without access.
fn rate_limited(status: StatusCode, headers: &HeaderMap) -> bool {
    status == StatusCode::TOO_MANY_REQUESTS
        || (status == StatusCode::FORBIDDEN
            && (headers.contains_key(reqwest::header::RETRY_AFTER)
                || headers
                    .get("x-ratelimit-remaining")
                    .is_some_and(|v| v.as_bytes() == b"0")))
}

/// Sorts a non-2xx answer. `said` is the tracker's own explanation, already extracted.
pub(super) fn classify(
    tracker: &str,
    status: StatusCode,
    headers: &HeaderMap,
    said: &str,
) -> SendError {
    let said: String = said.chars().take(300).collect();
    let reason = format!("{tracker} answered {status}: {said}");
    if rate_limited(status, headers) {
        return SendError::RetryAfter {
            after: wait(headers),
            reason,
        };
    }
    match status.as_u16() {
        // A renamed or transferred repository answers 301; the client follows no redirects,
        // so the settings must name the new place.
        300..=399 | 401 | 403 | 404 | 410 => SendError::Configuration(reason),
        408 | 500..=599 => SendError::Retry(reason),
        _ => SendError::Permanent(reason),
    }
}

/// A request that got no answer: refused, reset, or over its time.
pub(super) fn transport(tracker: &str, e: reqwest::Error) -> SendError {
    let what = if e.is_timeout() {
        "did not answer in time"
    } else {
        "unreachable"
    };
    SendError::Retry(format!("{tracker} {what}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn a_403_is_a_rate_limit_only_when_the_headers_say_so() {
        let none = HeaderMap::new();
        let c =
            |s: u16, h: &HeaderMap| classify("GitHub", StatusCode::from_u16(s).unwrap(), h, "x");
        assert!(matches!(c(403, &none), SendError::Configuration(_)));
        assert!(matches!(c(401, &none), SendError::Configuration(_)));
        assert!(matches!(c(404, &none), SendError::Configuration(_)));
        assert!(matches!(c(422, &none), SendError::Permanent(_)));
        assert!(matches!(c(502, &none), SendError::Retry(_)));
        let after = headers(&[("retry-after", "42")]);
        assert!(
            matches!(c(403, &after), SendError::RetryAfter { after, .. } if after.as_secs() == 42)
        );
        let reset = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs()
            + 120;
        let spent = headers(&[("x-ratelimit-remaining", "0")]);
        let mut spent_reset = spent.clone();
        spent_reset.insert("x-ratelimit-reset", reset.to_string().parse().unwrap());
        match c(403, &spent_reset) {
            SendError::RetryAfter { after, .. } => assert!((115..=120).contains(&after.as_secs())),
            other => panic!("{other:?}"),
        }
        assert!(matches!(c(429, &none), SendError::RetryAfter { .. }));
    }
}
