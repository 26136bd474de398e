//! Outgoing webhooks: the event is POSTed as JSON and signed so the receiver can check it came
//! from this Goldseam and is fresh (docs/webhooks.md):
//!
//! ```text
//! Goldseam-Signature: t=1700000000,v1=<hex HMAC-SHA256(secret, "1700000000." + body)>
//! Goldseam-Delivery:  <idempotency key>      (also sent as Idempotency-Key)
//! ```

use crate::{http, Receipt, Secret, SendError};
use goldseam_core::delivery::WebhookCall;
use hmac::{Hmac, Mac};
use jiff::Timestamp;
use sha2::Sha256;
use std::time::Duration;

/// Webhook settings.
#[derive(Debug, Clone, Default)]
pub struct WebhookConfig {
    /// The signing secret shared with receivers; without one, calls go unsigned.
    pub secret: Option<Secret>,
    /// How long one call may take.
    pub timeout: Duration,
}

/// The webhook adapter.
#[derive(Debug, Clone)]
pub struct Webhook {
    secret: Option<Secret>,
    client: reqwest::Client,
}

impl Default for Webhook {
    fn default() -> Self {
        Webhook::new(WebhookConfig {
            timeout: Duration::from_secs(10),
            ..WebhookConfig::default()
        })
    }
}

/// The `Goldseam-Signature` value for `body` sent at `timestamp` (Unix seconds).
pub fn signature(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!(
        "t={timestamp},v1={}",
        hex::encode(mac.finalize().into_bytes())
    )
}

/// Checks a `Goldseam-Signature` header the way a receiver should: the HMAC matches (compared
/// in constant time) and the timestamp is within `tolerance_secs` of `now`.
pub fn verify(secret: &str, header: &str, body: &[u8], now: i64, tolerance_secs: i64) -> bool {
    let mut t = None;
    let mut sigs = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => t = v.parse::<i64>().ok(),
            Some(("v1", v)) => sigs.extend(hex::decode(v).ok()),
            _ => {}
        }
    }
    let Some(t) = t else { return false };
    if (now - t).abs() > tolerance_secs {
        return false;
    }
    sigs.iter().any(|sig| {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
        mac.update(t.to_string().as_bytes());
        mac.update(b".");
        mac.update(body);
        mac.verify_slice(sig).is_ok()
    })
}

impl Webhook {
    /// An adapter with these settings.
    pub fn new(config: WebhookConfig) -> Webhook {
        Webhook {
            secret: config.secret,
            client: http::client(config.timeout),
        }
    }

    /// POSTs the call's body, signed with `now`'s timestamp.
    pub async fn send(
        &self,
        call: &WebhookCall,
        key: &str,
        now: Timestamp,
    ) -> Result<Receipt, SendError> {
        let body =
            serde_json::to_vec(&call.body).map_err(|e| SendError::Permanent(e.to_string()))?;
        let mut req = self
            .client
            .post(&call.url)
            .header("content-type", "application/json")
            .header("goldseam-delivery", key)
            .header("idempotency-key", key);
        if let Some(secret) = &self.secret {
            req = req.header(
                "goldseam-signature",
                signature(secret.expose(), now.as_second(), &body),
            );
        }
        let res = req
            .body(body)
            .send()
            .await
            .map_err(|e| http::transport("the webhook receiver", e))?;
        let status = res.status();
        if status.is_success() {
            return Ok(Receipt::default());
        }
        let headers = res.headers().clone();
        let text = res.text().await.unwrap_or_default();
        // A receiver that moved (410 Gone, 404) will not come back by itself; 429 and 5xx will.
        Err(http::status(
            "the webhook receiver",
            status,
            &headers,
            &text,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_cover_the_timestamp_and_the_body() {
        let s = signature("whsec", 1_700_000_000, br#"{"a":1}"#);
        // Independently: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec
        assert_eq!(
            s,
            "t=1700000000,v1=8ad37ba156048ae0e0a5533c75cdf26fee88b07f93cb57ee4c80adb053012032"
        );
        assert!(verify("whsec", &s, br#"{"a":1}"#, 1_700_000_010, 300));
        assert!(!verify("whsec", &s, br#"{"a":2}"#, 1_700_000_010, 300));
        assert!(!verify("other", &s, br#"{"a":1}"#, 1_700_000_010, 300));
        assert!(!verify("whsec", &s, br#"{"a":1}"#, 1_700_000_400, 300));
        assert!(!verify("whsec", "v1=00", b"", 0, 300));
    }
}
