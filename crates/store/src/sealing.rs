//! Secrets Goldseam must read back (calendar passwords, secret calendar addresses), sealed at
//! rest with the installation's secret key: ChaCha20-Poly1305 with a random 96-bit nonce per
//! value, stored as `v1:` + hex(nonce ‖ ciphertext ‖ tag). A database dump alone reveals none of
//! them; the key lives outside the database (`secret_key_file`, docs/configuration.md).

use crate::secrets::Secret;
use crate::StoreError;
use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, CHACHA20_POLY1305, NONCE_LEN};
use ring::rand::{SecureRandom, SystemRandom};

/// The installation's 32-byte secret key. `Debug` never shows it.
#[derive(Clone)]
pub struct SecretKey([u8; 32]);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey([redacted])")
    }
}

impl SecretKey {
    /// Wraps 32 bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> SecretKey {
        SecretKey(bytes)
    }

    /// A fresh random key.
    pub fn generate() -> SecretKey {
        let mut bytes = [0u8; 32];
        SystemRandom::new()
            .fill(&mut bytes)
            .expect("the system's random source works");
        SecretKey(bytes)
    }

    /// Reads the hex form (64 hex digits, as `goldseam` writes it), ignoring surrounding space.
    pub fn from_hex(s: &str) -> Result<SecretKey, String> {
        let bytes = hex::decode(s.trim()).map_err(|_| "is not hexadecimal".to_string())?;
        let bytes: [u8; 32] = bytes
            .try_into()
            .map_err(|_| "must be 32 bytes (64 hexadecimal digits)".to_string())?;
        Ok(SecretKey(bytes))
    }

    /// The hex form.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// A key for one purpose (`label`), derived from this one (HMAC-SHA256), so a secret
    /// Goldseam signs with elsewhere (Mattermost's buttons) needs no setting of its own and
    /// reveals nothing of this key.
    pub fn derive(&self, label: &str) -> [u8; 32] {
        use hmac::{Hmac, Mac};
        let mut m =
            Hmac::<sha2::Sha256>::new_from_slice(&self.0).expect("HMAC takes keys of any length");
        m.update(b"goldseam derived key\0");
        m.update(label.as_bytes());
        m.finalize().into_bytes().into()
    }

    fn aead(&self) -> LessSafeKey {
        LessSafeKey::new(
            UnboundKey::new(&CHACHA20_POLY1305, &self.0).expect("the key is 32 bytes long"),
        )
    }

    /// Seals `plain`; `context` (such as `calendar:42`) is bound to it, so a sealed value
    /// copied to another row does not open there.
    pub fn seal(&self, context: &str, plain: &str) -> String {
        let mut nonce = [0u8; NONCE_LEN];
        SystemRandom::new()
            .fill(&mut nonce)
            .expect("the system's random source works");
        let mut buf = plain.as_bytes().to_vec();
        self.aead()
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(context.as_bytes()),
                &mut buf,
            )
            .expect("sealing a value this small cannot fail");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&buf);
        format!("v1:{}", hex::encode(out))
    }

    /// Opens what [`SecretKey::seal`] made under the same `context`.
    pub fn open(&self, context: &str, sealed: &str) -> Result<Secret, StoreError> {
        let wrong = || {
            StoreError::Corrupt(format!(
                "a sealed secret ({context}) does not open with this installation's secret key; \
                 was the key file replaced? Connect the calendar again"
            ))
        };
        let bytes = sealed
            .strip_prefix("v1:")
            .and_then(|h| hex::decode(h).ok())
            .filter(|b| b.len() > NONCE_LEN)
            .ok_or_else(wrong)?;
        let (nonce, body) = bytes.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| wrong())?;
        let mut body = body.to_vec();
        let plain = self
            .aead()
            .open_in_place(nonce, Aad::from(context.as_bytes()), &mut body)
            .map_err(|_| wrong())?;
        String::from_utf8(plain.to_vec())
            .map(Secret::new)
            .map_err(|_| wrong())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_only_with_their_key_and_context() {
        let key = SecretKey::generate();
        let sealed = key.seal("calendar:1", "app-password");
        assert!(!sealed.contains("app-password"));
        assert_eq!(
            key.open("calendar:1", &sealed).unwrap().expose(),
            "app-password"
        );
        assert!(key.open("calendar:2", &sealed).is_err());
        assert!(SecretKey::generate().open("calendar:1", &sealed).is_err());
        // A fresh nonce each time: the same secret never seals to the same text.
        assert_ne!(sealed, key.seal("calendar:1", "app-password"));
    }

    #[test]
    fn keys_read_back_their_hex_form_and_refuse_other_lengths() {
        let key = SecretKey::generate();
        assert_eq!(
            SecretKey::from_hex(&key.to_hex()).unwrap().to_hex(),
            key.to_hex()
        );
        assert!(SecretKey::from_hex("abcd")
            .unwrap_err()
            .contains("32 bytes"));
        assert!(format!("{key:?}").contains("redacted"));
    }

    #[test]
    fn derived_keys_differ_by_purpose_and_stay_the_same_for_one() {
        let key = SecretKey::generate();
        assert_eq!(
            key.derive("chat-actions:mattermost"),
            key.derive("chat-actions:mattermost")
        );
        assert_ne!(
            key.derive("chat-actions:mattermost"),
            key.derive("chat-actions:slack")
        );
        assert_ne!(key.derive("a"), SecretKey::generate().derive("a"));
    }
}
