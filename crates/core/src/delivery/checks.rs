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

/// The iTIP methods (RFC 5546 1.4) a calendar part may carry.
const ITIP_METHODS: &[&str] = &[
    "PUBLISH",
    "REQUEST",
    "REPLY",
    "ADD",
    "CANCEL",
    "REFRESH",
    "COUNTER",
    "DECLINECOUNTER",
];

/// Checks an email's calendar part: a known method, a calendar no bigger than 1 MB, and the
/// calendar's own `METHOD` equal to the MIME parameter, since RFC 6047 2.4 requires it and
/// clients given two different answers ignore the invitation.
pub(super) fn check_calendar(field: &str, method: &str, ics: &str) -> Result<(), DomainError> {
    if !ITIP_METHODS.contains(&method) {
        return Err(invalid(
            &format!("{field}.method"),
            format!(
                "{method:?} is not an iTIP method; use one of {}",
                ITIP_METHODS.join(", ")
            ),
        ));
    }
    if ics.len() > 1_000_000 {
        return Err(invalid(&format!("{field}.ics"), "must be at most 1 MB"));
    }
    let inner = crate::ical::write::unfold(ics)
        .into_iter()
        .find_map(|l| l.strip_prefix("METHOD:").map(str::to_string));
    if inner.as_deref() != Some(method) {
        return Err(invalid(
            &format!("{field}.ics"),
            format!("its METHOD is {inner:?}, not {method:?} as the part says"),
        ));
    }
    Ok(())
}
