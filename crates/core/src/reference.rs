//! Incident references: `INC-42`, or the bare id `42`. Anything else is refused before it
//! reaches a query.

use crate::error::DomainError;

/// The prefix of every incident reference.
pub const PREFIX: &str = "INC-";

/// A parsed incident reference: the incident's number (which is also its id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct IncidentRef(pub i64);

impl IncidentRef {
    /// Parses `INC-42`, `inc-42` or `42`. Refuses zero, signs, leading zeros and numbers that do
    /// not fit in 63 bits.
    pub fn parse(raw: &str) -> Result<IncidentRef, DomainError> {
        // `get` rather than slicing: the fourth byte may fall inside a multi-byte character.
        let digits = match raw.get(..PREFIX.len()) {
            Some(head) if raw.len() > PREFIX.len() && head.eq_ignore_ascii_case(PREFIX) => {
                &raw[PREFIX.len()..]
            }
            _ => raw,
        };
        let well_formed = !digits.is_empty()
            && digits.len() <= 18
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0');
        match digits.parse::<i64>() {
            Ok(n) if well_formed && n > 0 => Ok(IncidentRef(n)),
            _ => Err(DomainError::invalid(
                "ref",
                format!(
                    "{:?} is not an incident reference; use INC-42 or 42",
                    truncate(raw, 40)
                ),
            )),
        }
    }

    /// The reference as shown to people, `INC-42`.
    pub fn display(number: i64) -> String {
        format!("{PREFIX}{number}")
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(max).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_references_and_ids() {
        assert_eq!(IncidentRef::parse("INC-42"), Ok(IncidentRef(42)));
        assert_eq!(IncidentRef::parse("inc-7"), Ok(IncidentRef(7)));
        assert_eq!(IncidentRef::parse("42"), Ok(IncidentRef(42)));
        assert_eq!(IncidentRef::display(42), "INC-42");
    }

    #[test]
    fn refuses_odd_references() {
        let long = "9".repeat(200);
        for bad in [
            "INC-0",
            "INC--1",
            "-1",
            "0",
            "../",
            "INC-",
            "",
            "INC-1a",
            "INC-01",
            "+5",
            " 5",
            long.as_str(),
            "INC-9223372036854775808",
            // A multi-byte character across the fourth byte once panicked the parser.
            "abcß",
            "INCß",
            "INC-ß",
            "ÿ42",
            "日本語",
            "INC-４２",
        ] {
            assert!(IncidentRef::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }
}
