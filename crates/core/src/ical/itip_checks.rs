//! What an invitation's fields must be before they are written: an address a `mailto:` URI
//! carries as it is, and an RRULE whose UNTIL is UTC (RFC 5545 3.3.10).

use crate::DomainError;
use jiff::tz::TimeZone;
use jiff::Timestamp;

/// A refusal of `field`.
pub(super) fn invalid(field: &str, message: impl Into<String>) -> DomainError {
    DomainError::invalid(field, message)
}

/// An address usable in a `mailto:` URI without escaping; anything else is refused rather
/// than written in a way some client would misread.
pub(super) fn check_email(field: &str, email: &str) -> Result<(), DomainError> {
    let ok = match email.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty()
                && domain.contains('.')
                && !domain.contains('@')
                && email.len() <= 254
                && !email.contains(|c: char| {
                    c.is_whitespace() || c.is_control() || "<>\"(),;:[]\\".contains(c)
                })
        }
        None => false,
    };
    if ok {
        Ok(())
    } else {
        Err(invalid(field, format!("{email:?} is not an email address")))
    }
}

/// An RRULE value (without `RRULE:`) in the shape Goldseam writes, and its UNTIL if any, which
/// must be UTC.
pub(super) fn check_rrule(rrule: &str) -> Result<Option<Timestamp>, DomainError> {
    let field = "recurrence.rrule";
    let shaped = !rrule.is_empty()
        && rrule.len() <= 500
        && rrule.starts_with("FREQ=")
        && rrule
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "=;,+-".contains(c));
    if !shaped {
        return Err(invalid(
            field,
            format!("{rrule:?} is not an RRULE value like FREQ=WEEKLY;BYDAY=MO (without RRULE:)"),
        ));
    }
    let Some(until) = rrule.split(';').find_map(|p| p.strip_prefix("UNTIL=")) else {
        return Ok(None);
    };
    let parsed = until
        .strip_suffix('Z')
        .and_then(|u| jiff::civil::DateTime::strptime("%Y%m%dT%H%M%S", u).ok())
        .and_then(|dt| dt.to_zoned(TimeZone::UTC).ok())
        .map(|z| z.timestamp());
    match parsed {
        Some(t) => Ok(Some(t)),
        None => Err(invalid(
            field,
            format!("UNTIL={until} must be a UTC time like 20261231T235959Z (RFC 5545 3.3.10)"),
        )),
    }
}
