//! Verifying a contact method: Goldseam sends a 6-digit code there and its owner types it back.
//!
//! Only a hash of the code is stored. A code lasts [`CODE_TTL`] and allows [`MAX_TRIES`] wrong
//! guesses; after that it is locked and a new one must be requested, which may happen at most
//! once per [`RESEND_AFTER`] (each request sends a message, and messages cost money and
//! attention). With 5 tries at a 1-in-a-million code, a guesser has a 1-in-200,000 chance per
//! code requested.

use crate::error::DomainError;
use jiff::{SignedDuration, Timestamp};

/// How long a code may be used.
pub const CODE_TTL: SignedDuration = SignedDuration::from_mins(15);
/// Wrong codes accepted before the code is locked.
pub const MAX_TRIES: u32 = 5;
/// The shortest wait between two codes for one method.
pub const RESEND_AFTER: SignedDuration = SignedDuration::from_secs(60);

/// A 6-digit code, kept out of `Debug` output.
#[derive(Clone, PartialEq, Eq)]
pub struct VerificationCode(String);

impl VerificationCode {
    /// The code for a random number the caller draws (any `u32`; only the last six decimal
    /// digits are used, so draw uniformly below 4,294,000,000 to avoid bias, or accept it).
    pub fn from_random(n: u32) -> VerificationCode {
        VerificationCode(format!("{:06}", n % 1_000_000))
    }

    /// Parses a code a person typed: 6 digits, spaces around them ignored.
    pub fn parse(field: &str, raw: &str) -> Result<VerificationCode, DomainError> {
        let s = raw.trim();
        if s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()) {
            Ok(VerificationCode(s.to_string()))
        } else {
            Err(DomainError::invalid(
                field,
                "is not a verification code; enter the 6 digits you received",
            ))
        }
    }

    /// The digits; call only to hash the code or hand it to the delivery that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for VerificationCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("VerificationCode([redacted])")
    }
}

/// The code outstanding for a method, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PendingCode {
    /// When it was issued.
    pub issued_at: Timestamp,
    /// Wrong codes typed so far.
    pub failed_tries: u32,
}

impl PendingCode {
    /// When the code stops working.
    pub fn expires_at(&self) -> Timestamp {
        self.issued_at
            .checked_add(CODE_TTL)
            .unwrap_or(Timestamp::MAX)
    }

    /// Whether a code typed at `now` may be checked: refused once expired or locked.
    pub fn ensure_usable(&self, now: Timestamp) -> Result<(), DomainError> {
        if self.failed_tries >= MAX_TRIES {
            return Err(DomainError::Conflict(format!(
                "this code is locked after {MAX_TRIES} wrong tries; request a new code"
            )));
        }
        if now >= self.expires_at() {
            return Err(DomainError::Conflict(
                "this code has expired (codes last 15 minutes); request a new code".into(),
            ));
        }
        Ok(())
    }

    /// The refusal for a wrong code, counting this try.
    pub fn wrong_code(&self) -> DomainError {
        let left = MAX_TRIES.saturating_sub(self.failed_tries + 1);
        let hint = if left == 0 {
            "no tries are left; request a new code".to_string()
        } else if left == 1 {
            "1 try is left".to_string()
        } else {
            format!("{left} tries are left")
        };
        DomainError::invalid("code", format!("is not the code we sent; {hint}"))
    }
}

/// How long to wait before another code may be requested, if a code was issued at
/// `last_issued` (`None` when one may be requested now).
pub fn resend_wait(last_issued: Option<Timestamp>, now: Timestamp) -> Option<SignedDuration> {
    let next = last_issued?
        .checked_add(RESEND_AFTER)
        .unwrap_or(Timestamp::MAX);
    (now < next).then(|| next.duration_since(now))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn t(secs: i64) -> Timestamp {
        Timestamp::from_second(1_700_000_000 + secs).unwrap()
    }

    #[test]
    fn codes_are_six_digits_and_redacted() {
        assert_eq!(VerificationCode::from_random(42).expose(), "000042");
        assert_eq!(VerificationCode::from_random(u32::MAX).expose(), "967295");
        assert!(!format!("{:?}", VerificationCode::from_random(123456)).contains("123456"));
        assert_eq!(
            VerificationCode::parse("code", " 012345 ")
                .unwrap()
                .expose(),
            "012345"
        );
        for bad in ["", "12345", "1234567", "12345a", "١٢٣٤٥٦"] {
            assert!(VerificationCode::parse("code", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn codes_expire_after_15_minutes() {
        let p = PendingCode {
            issued_at: t(0),
            failed_tries: 0,
        };
        assert!(p.ensure_usable(t(14 * 60 + 59)).is_ok());
        let err = p.ensure_usable(t(15 * 60)).unwrap_err();
        assert!(err.to_string().contains("expired"), "{err}");
    }

    #[test]
    fn five_wrong_tries_lock_the_code() {
        let mut p = PendingCode {
            issued_at: t(0),
            failed_tries: 0,
        };
        for left in (0..5).rev() {
            assert!(p.ensure_usable(t(1)).is_ok());
            let msg = p.wrong_code().to_string();
            if left == 0 {
                assert!(msg.contains("no tries are left"), "{msg}");
            } else {
                assert!(msg.contains(&format!("{left} tr")), "{msg}");
            }
            p.failed_tries += 1;
        }
        let err = p.ensure_usable(t(1)).unwrap_err();
        assert!(err.to_string().contains("locked"), "{err}");
    }

    #[test]
    fn codes_are_not_resent_within_a_minute() {
        assert_eq!(resend_wait(None, t(0)), None);
        assert_eq!(
            resend_wait(Some(t(0)), t(20)),
            Some(SignedDuration::from_secs(40))
        );
        assert_eq!(resend_wait(Some(t(0)), t(60)), None);
    }

    proptest! {
        #[test]
        fn every_drawn_code_parses_back(n in any::<u32>()) {
            let c = VerificationCode::from_random(n);
            prop_assert_eq!(VerificationCode::parse("code", c.expose()).unwrap(), c);
        }
    }
}
