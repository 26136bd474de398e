//! Slack's request signing (v0), on every slash command, interaction and Events API request
//! sent over HTTP: `X-Slack-Signature: v0=<hex HMAC-SHA256(signing secret,
//! "v0:{X-Slack-Request-Timestamp}:{raw body}")>`. A request older (or newer) than five
//! minutes is refused so a captured request cannot be replayed later; one replayed inside the
//! window carries the same event id and is dropped as a repeat. Socket Mode needs none of this:
//! its frames arrive on a connection Goldseam opened with the app-level token.

pub use crate::alerts::signature::SignatureError;
use hmac::{Hmac, Mac};
use jiff::Timestamp;
use sha2::Sha256;

/// How far a request's timestamp may be from this server's clock.
pub const WINDOW_SECS: u64 = 300;

/// Checks a request's signature headers against the app's signing secret, at `now`.
pub fn verify(
    signing_secret: &str,
    signature: Option<&str>,
    timestamp: Option<&str>,
    body: &[u8],
    now: Timestamp,
) -> Result<(), SignatureError> {
    let signature = signature.map(str::trim).filter(|s| !s.is_empty());
    let timestamp = timestamp.map(str::trim).filter(|s| !s.is_empty());
    let (Some(signature), Some(timestamp), false) =
        (signature, timestamp, signing_secret.is_empty())
    else {
        return Err(SignatureError::Missing);
    };
    let given = signature
        .strip_prefix("v0=")
        .and_then(|h| hex::decode(h).ok())
        .ok_or_else(|| SignatureError::Malformed(format!("{signature:.80} is not v0=<hex>")))?;
    let Ok(secs) = timestamp.parse::<i64>() else {
        return Err(SignatureError::Malformed(format!(
            "the timestamp {timestamp:.40} is not a Unix time in seconds"
        )));
    };
    let mut mac =
        Hmac::<Sha256>::new_from_slice(signing_secret.as_bytes()).expect("HMAC takes any key");
    mac.update(b"v0:");
    mac.update(timestamp.as_bytes());
    mac.update(b":");
    mac.update(body);
    // The signature first: a forger must not learn whether a timestamp would have passed.
    mac.verify_slice(&given)
        .map_err(|_| SignatureError::Mismatch)?;
    let age = now.as_second().abs_diff(secs);
    if age > WINDOW_SECS {
        return Err(SignatureError::Stale {
            age_secs: age,
            window_secs: WINDOW_SECS,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Slack's published example (api.slack.com "Verifying requests from Slack"), as in
    /// shared/fixtures/slack/request-signature.json, copied here because a checkout does not
    /// always sit beside that folder.
    const SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";
    const TIMESTAMP: &str = "1531420618";
    const BODY: &str = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    const VALID: &str = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    fn at(secs: i64) -> Timestamp {
        Timestamp::from_second(secs).unwrap()
    }

    #[test]
    fn slacks_vector_verifies_inside_the_window() {
        let sent = TIMESTAMP.parse::<i64>().unwrap();
        for now in [sent, sent + 300, sent - 300] {
            assert_eq!(
                verify(
                    SECRET,
                    Some(VALID),
                    Some(TIMESTAMP),
                    BODY.as_bytes(),
                    at(now)
                ),
                Ok(())
            );
        }
    }

    #[test]
    fn a_stale_forged_or_unsigned_request_is_refused() {
        let sent = TIMESTAMP.parse::<i64>().unwrap();
        assert_eq!(
            verify(
                SECRET,
                Some(VALID),
                Some(TIMESTAMP),
                BODY.as_bytes(),
                at(sent + 301)
            ),
            Err(SignatureError::Stale {
                age_secs: 301,
                window_secs: 300
            })
        );
        let changed = BODY.replace("roadrunner", "coyote");
        assert_eq!(
            verify(
                SECRET,
                Some(VALID),
                Some(TIMESTAMP),
                changed.as_bytes(),
                at(sent)
            ),
            Err(SignatureError::Mismatch)
        );
        // Moving the timestamp into the window breaks the signature, which covers it.
        let moved = (sent + 1000).to_string();
        assert_eq!(
            verify(
                SECRET,
                Some(VALID),
                Some(&moved),
                BODY.as_bytes(),
                at(sent + 1000)
            ),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify(SECRET, None, Some(TIMESTAMP), BODY.as_bytes(), at(sent)),
            Err(SignatureError::Missing)
        );
        assert_eq!(
            verify("", Some(VALID), Some(TIMESTAMP), BODY.as_bytes(), at(sent)),
            Err(SignatureError::Missing)
        );
        assert!(matches!(
            verify(
                SECRET,
                Some("a2114d57"),
                Some(TIMESTAMP),
                BODY.as_bytes(),
                at(sent)
            ),
            Err(SignatureError::Malformed(_))
        ));
    }
}
