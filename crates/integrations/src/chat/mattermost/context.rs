//! Signed, expiring contexts. Mattermost does not sign what a button or a dialog sends back:
//! a click POSTs the action's `integration.context` (which the server keeps from clients) to
//! Goldseam, and a dialog sends its `state` back. Goldseam therefore signs both with a
//! server secret (HMAC-SHA256) and an expiry, and acts only on what it signed and what is
//! still fresh: a forged click or submission changes nothing.
//!
//! A button's context is `{action, value, expires, mac}`; a dialog's state is
//! `expires.mac.metadata`, bound to the person it was opened for. Each mac covers a label
//! for what it signs, so a button's signature does not open a dialog nor the reverse.

use hmac::{Hmac, Mac};
use jiff::{SignedDuration, Timestamp};
use serde_json::{json, Value};
use sha2::Sha256;

/// How long a button works after its message was last rendered (an announcement is rendered
/// again at every edit).
pub const BUTTON_LIFETIME: SignedDuration = SignedDuration::from_hours(24 * 30);
/// How long a declare dialog may stay open.
pub const DIALOG_LIFETIME: SignedDuration = SignedDuration::from_hours(1);

/// Why a context was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ContextError {
    /// Not signed by this server (or changed since): nothing is done.
    #[error("this was not signed by this Goldseam server")]
    Forged,
    /// Signed here, but too old.
    #[error("this has expired")]
    Expired,
}

/// What a genuine button says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedAction {
    /// The action id (`goldseam_resolve`).
    pub action: String,
    /// What it acts on (`INC-42`).
    pub value: String,
}

/// Signs and checks contexts with one secret.
#[derive(Clone)]
pub struct ContextSigner {
    key: Vec<u8>,
}

impl std::fmt::Debug for ContextSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ContextSigner([redacted])")
    }
}

impl ContextSigner {
    /// A signer with `key` (the configured secret, or one derived from the installation's).
    pub fn new(key: &[u8]) -> ContextSigner {
        ContextSigner { key: key.to_vec() }
    }

    fn mac(&self, parts: &[&str]) -> Hmac<Sha256> {
        let mut m =
            Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes keys of any length");
        for p in parts {
            // Lengths first, so no two different part lists read the same.
            m.update(&(p.len() as u64).to_be_bytes());
            m.update(p.as_bytes());
        }
        m
    }

    fn check(
        &self,
        parts: &[&str],
        mac_hex: &str,
        expires: i64,
        now: Timestamp,
    ) -> Result<(), ContextError> {
        let sent = hex::decode(mac_hex).map_err(|_| ContextError::Forged)?;
        // verify_slice compares in constant time.
        self.mac(parts)
            .verify_slice(&sent)
            .map_err(|_| ContextError::Forged)?;
        if now.as_second() > expires {
            return Err(ContextError::Expired);
        }
        Ok(())
    }

    /// A button's `integration.context`, valid for [`BUTTON_LIFETIME`] from `now`.
    pub fn sign_action(&self, action: &str, value: &str, now: Timestamp) -> Value {
        let expires = (now + BUTTON_LIFETIME).as_second();
        self.sign_action_until(action, value, expires)
    }

    /// A button's context valid until `expires` (Unix seconds).
    pub fn sign_action_until(&self, action: &str, value: &str, expires: i64) -> Value {
        let e = expires.to_string();
        let mac = self
            .mac(&["action", action, value, &e])
            .finalize()
            .into_bytes();
        json!({"action": action, "value": value, "expires": expires, "mac": hex::encode(mac)})
    }

    /// What a button's context says, if this server signed it and it has not expired.
    pub fn verify_action(
        &self,
        context: &Value,
        now: Timestamp,
    ) -> Result<SignedAction, ContextError> {
        let (Some(action), Some(value), Some(expires), Some(mac)) = (
            context["action"].as_str(),
            context["value"].as_str(),
            context["expires"].as_i64(),
            context["mac"].as_str(),
        ) else {
            return Err(ContextError::Forged);
        };
        self.check(
            &["action", action, value, &expires.to_string()],
            mac,
            expires,
            now,
        )?;
        Ok(SignedAction {
            action: action.to_string(),
            value: value.to_string(),
        })
    }

    /// A dialog's `state`: `metadata` for `user`, valid for [`DIALOG_LIFETIME`].
    pub fn sign_state(&self, user: &str, metadata: &str, now: Timestamp) -> String {
        let expires = (now + DIALOG_LIFETIME).as_second();
        let e = expires.to_string();
        let mac = self
            .mac(&["dialog", user, metadata, &e])
            .finalize()
            .into_bytes();
        format!("{expires}.{}.{metadata}", hex::encode(mac))
    }

    /// The metadata of a dialog's `state`, if this server signed it for `user` and it has
    /// not expired.
    pub fn verify_state(
        &self,
        user: &str,
        state: &str,
        now: Timestamp,
    ) -> Result<String, ContextError> {
        let mut parts = state.splitn(3, '.');
        let (Some(expires), Some(mac), Some(metadata)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(ContextError::Forged);
        };
        let e: i64 = expires.parse().map_err(|_| ContextError::Forged)?;
        self.check(&["dialog", user, metadata, expires], mac, e, now)?;
        Ok(metadata.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Timestamp {
        "2026-12-04T10:00:00Z".parse().unwrap()
    }

    #[test]
    fn a_signed_button_is_read_back_until_it_expires() {
        let s = ContextSigner::new(b"server secret");
        let ctx = s.sign_action("goldseam_resolve", "INC-42", now());
        let read = s
            .verify_action(&ctx, now() + SignedDuration::from_hours(24))
            .unwrap();
        assert_eq!(
            (read.action.as_str(), read.value.as_str()),
            ("goldseam_resolve", "INC-42")
        );
        let late = now() + BUTTON_LIFETIME + SignedDuration::from_secs(1);
        assert_eq!(s.verify_action(&ctx, late), Err(ContextError::Expired));
    }

    #[test]
    fn a_changed_or_foreign_context_is_forged() {
        let s = ContextSigner::new(b"server secret");
        let ctx = s.sign_action("goldseam_resolve", "INC-42", now());
        let mut other = ctx.clone();
        other["value"] = json!("INC-43");
        assert_eq!(s.verify_action(&other, now()), Err(ContextError::Forged));
        let mut later = ctx.clone();
        later["expires"] = json!(ctx["expires"].as_i64().unwrap() + 3600);
        assert_eq!(s.verify_action(&later, now()), Err(ContextError::Forged));
        let stranger = ContextSigner::new(b"another secret");
        assert_eq!(
            stranger.verify_action(&ctx, now()),
            Err(ContextError::Forged)
        );
        assert_eq!(
            s.verify_action(&json!({"action": "goldseam_resolve"}), now()),
            Err(ContextError::Forged)
        );
        assert_eq!(
            s.verify_action(&Value::Null, now()),
            Err(ContextError::Forged)
        );
        // An expired forgery is a forgery: the signature is checked first.
        let old = stranger.sign_action_until("goldseam_resolve", "INC-42", 0);
        assert_eq!(s.verify_action(&old, now()), Err(ContextError::Forged));
    }

    #[test]
    fn a_dialog_state_is_bound_to_its_person_and_its_hour() {
        let s = ContextSigner::new(b"server secret");
        let state = s.sign_state("user1", "chan.nel", now());
        assert_eq!(s.verify_state("user1", &state, now()).unwrap(), "chan.nel");
        assert_eq!(
            s.verify_state("user2", &state, now()),
            Err(ContextError::Forged)
        );
        let late = now() + DIALOG_LIFETIME + SignedDuration::from_secs(1);
        assert_eq!(
            s.verify_state("user1", &state, late),
            Err(ContextError::Expired)
        );
        assert_eq!(
            s.verify_state("user1", "garbage", now()),
            Err(ContextError::Forged)
        );
        // A button's signature does not open a dialog.
        let ctx = s.sign_action("user1", "chan.nel", now());
        let borrowed = format!(
            "{}.{}.chan.nel",
            ctx["expires"],
            ctx["mac"].as_str().unwrap()
        );
        assert_eq!(
            s.verify_state("user1", &borrowed, now()),
            Err(ContextError::Forged)
        );
    }
}
