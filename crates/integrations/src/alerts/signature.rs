//! Signatures alert senders put on their requests, checked against the integration's signing
//! secret before a request is stored.
//!
//! - PagerDuty v3 webhooks: `X-PagerDuty-Signature: v1=<hex>[,v1=<hex>...]`, HMAC-SHA256 of the
//!   raw body. While a subscription's secret is being rotated PagerDuty sends one signature per
//!   secret, so any one matching is enough. There is no timestamp: a replay carries the same
//!   event id and is dropped as a repeated delivery.
//! - Grafana alerting (12.0+, when the contact point has an HMAC secret): a header (by default
//!   `X-Grafana-Alerting-Signature`) with the lowercase hex HMAC-SHA256 of the body, or of
//!   `"{timestamp}:{body}"` when the contact point also names a timestamp header (Unix seconds).
//!
//! Every comparison is constant-time (`Mac::verify_slice`), so a forger learns nothing from
//! how long a refusal takes.

use hmac::{Hmac, Mac};
use jiff::Timestamp;
use sha2::Sha256;
use std::time::Duration;

/// Why a request's signature was refused; the message is shown to the sender's admin (in the
/// answer and on the integration's page), so it says what to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// The request carries no signature (or this integration has no secret to check it with).
    #[error(
        "the request is not signed: set this integration's signing secret on the sender \
         so it signs every request"
    )]
    Missing,
    /// The signature header is there but not in the sender's format.
    #[error("the signature header is not in the expected form: {0}")]
    Malformed(String),
    /// No signature matches: the sender signs with another secret, or the body was changed on
    /// the way.
    #[error(
        "the signature does not match: the sender's signing secret is not this \
         integration's, or something changed the body on the way"
    )]
    Mismatch,
    /// The signed timestamp is too far from now: a replayed request, or a sender's clock that
    /// is wrong.
    #[error(
        "the signature's timestamp is {age_secs} s away from this server's time, more \
         than the {window_secs} s allowed: check the sender's clock"
    )]
    Stale {
        /// How far the timestamp is from now, in seconds.
        age_secs: u64,
        /// The window allowed, in seconds.
        window_secs: u64,
    },
}

fn mac(secret: &str) -> Hmac<Sha256> {
    Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length")
}

/// Checks PagerDuty's `X-PagerDuty-Signature` header on `body` (the raw bytes, as received)
/// against the subscription's `secret`.
pub fn verify_pagerduty_v3(
    secret: &str,
    header: Option<&str>,
    body: &[u8],
) -> Result<(), SignatureError> {
    // Anyone can compute an HMAC with an empty key: an empty secret verifies nothing.
    let header = header.map(str::trim).filter(|h| !h.is_empty());
    let (Some(header), false) = (header, secret.is_empty()) else {
        return Err(SignatureError::Missing);
    };
    let mut signatures = Vec::new();
    for part in header.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        // Later versions may add other schemes beside v1; only v1 is known.
        let Some(hex_sig) = part.strip_prefix("v1=") else {
            continue;
        };
        match hex::decode(hex_sig) {
            Ok(sig) => signatures.push(sig),
            Err(_) => {
                return Err(SignatureError::Malformed(format!(
                    "{part:?} is not v1= followed by hex digits"
                )))
            }
        }
    }
    if signatures.is_empty() {
        return Err(SignatureError::Malformed(
            "expected v1=<hex>, comma-separated".to_owned(),
        ));
    }
    let mut expected = mac(secret);
    expected.update(body);
    // Every signature is checked (no early exit) so the time taken does not say which matched.
    let matched = signatures.iter().fold(false, |any, sig| {
        expected.clone().verify_slice(sig).is_ok() | any
    });
    if matched {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

/// Checks Grafana's HMAC signature on `body`: `signature` is the signature header's value,
/// `timestamp` the timestamp header's when the contact point names one, `window` how far
/// from `now` that timestamp may be.
pub fn verify_grafana(
    secret: &str,
    signature: Option<&str>,
    timestamp: Option<&str>,
    body: &[u8],
    now: Timestamp,
    window: Duration,
) -> Result<(), SignatureError> {
    let signature = signature.map(str::trim).filter(|s| !s.is_empty());
    let (Some(signature), false) = (signature, secret.is_empty()) else {
        return Err(SignatureError::Missing);
    };
    let Ok(given) = hex::decode(signature) else {
        return Err(SignatureError::Malformed(
            "expected the HMAC-SHA256 as hex digits".to_owned(),
        ));
    };
    let mut expected = mac(secret);
    if let Some(ts) = timestamp.map(str::trim) {
        let Ok(secs) = ts.parse::<i64>() else {
            return Err(SignatureError::Malformed(format!(
                "the timestamp header {ts:?} is not a Unix time in seconds"
            )));
        };
        // The signature is checked first: a forged request must not learn whether its
        // timestamp would have passed.
        expected.update(ts.as_bytes());
        expected.update(b":");
        expected.update(body);
        expected
            .verify_slice(&given)
            .map_err(|_| SignatureError::Mismatch)?;
        let age = now.as_second().abs_diff(secs);
        if age > window.as_secs() {
            return Err(SignatureError::Stale {
                age_secs: age,
                window_secs: window.as_secs(),
            });
        }
        return Ok(());
    }
    expected.update(body);
    expected
        .verify_slice(&given)
        .map_err(|_| SignatureError::Mismatch)
}

#[cfg(test)]
#[path = "signature_tests.rs"]
mod tests;
