//! The `sha256=<hex HMAC-SHA256(secret, raw body)>` signature GitHub sends in
//! `X-Hub-Signature-256` and Jira Cloud in `X-Hub-Signature` (the WebSub form). It covers the
//! body only: no timestamp, so there is no replay window to check; a replayed delivery carries
//! the same delivery id and is dropped by the inbox's deduplication.

use hmac::{Hmac, Mac};
use sha2::Sha256;

fn mac(secret: &str, body: &[u8]) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(body);
    mac
}

/// The header value a sender with `secret` puts on `body`.
pub fn sign(secret: &str, body: &[u8]) -> String {
    format!(
        "sha256={}",
        hex::encode(mac(secret, body).finalize().into_bytes())
    )
}

/// Whether `header` is `secret`'s signature of `body`, compared in constant time. An empty
/// secret verifies nothing: anyone can compute an HMAC with an empty key.
pub fn verify(secret: &str, header: &str, body: &[u8]) -> bool {
    if secret.is_empty() {
        return false;
    }
    let Some(given) = header
        .trim()
        .strip_prefix("sha256=")
        .and_then(|h| hex::decode(h).ok())
    else {
        return false;
    };
    mac(secret, body).verify_slice(&given).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// GitHub's published vector ("Validating webhook deliveries", section "Testing the webhook
    /// payload validation"), as in shared/fixtures/github/webhook-signature.json (copied here
    /// because a checkout does not always sit beside that folder).
    #[test]
    fn githubs_vector_verifies_and_anything_changed_does_not() {
        let secret = "It's a Secret to Everybody";
        let body = b"Hello, World!";
        let valid = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        assert_eq!(sign(secret, body), valid);
        assert!(verify(secret, valid, body));
        assert!(
            !verify("It's a secret to everybody", valid, body),
            "another secret"
        );
        assert!(!verify(secret, valid, b"Hello, World?"), "another body");
        assert!(
            !verify(secret, &valid.replace("sha256=", "sha1="), body),
            "another scheme"
        );
        assert!(!verify(secret, "sha256=zz", body), "not hex");
        assert!(!verify("", &sign("", body), body), "an empty secret");
    }
}
