//! The checks a delivery's fields pass before a worker sends it: a phone number, a bounded text,
//! a URL, each refusal naming its field.

use crate::DomainError;

pub(super) fn invalid(field: &str, message: impl Into<String>) -> DomainError {
    DomainError::Invalid {
        field: field.into(),
        message: message.into(),
    }
}

/// Checks an E.164 number: `+`, then 8 to 15 digits, the first not 0.
pub fn check_e164(field: &str, raw: &str) -> Result<(), DomainError> {
    let digits = raw.strip_prefix('+').unwrap_or("");
    let ok = (8..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0');
    if ok {
        Ok(())
    } else {
        Err(invalid(
            field,
            format!("{raw:?} is not an E.164 phone number like +15551234567"),
        ))
    }
}

pub(super) fn check_text(field: &str, s: &str, max: usize) -> Result<(), DomainError> {
    if s.trim().is_empty() || s.chars().count() > max {
        return Err(invalid(field, format!("must be 1 to {max} characters")));
    }
    Ok(())
}

pub(super) fn check_url(field: &str, s: &str) -> Result<(), DomainError> {
    let ok = (s.starts_with("https://") || s.starts_with("http://"))
        && s.len() <= 2048
        && !s.contains(char::is_whitespace);
    if ok {
        Ok(())
    } else {
        Err(invalid(
            field,
            format!("{s:?} is not an http:// or https:// URL"),
        ))
    }
}
