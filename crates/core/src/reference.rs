//! Incident references: `INC-42`, or the bare id `42`. Anything else is refused before it
//! reaches a query.

use crate::error::DomainError;
use crate::id::IncidentId;

/// The prefix of every incident reference.
pub const PREFIX: &str = "INC-";

/// An incident's number is its id, so a reference parses straight into an [`IncidentId`].
impl IncidentId {
    /// Parses `INC-42`, `inc-42` or `42`. Refuses zero, signs, leading zeros and numbers that do
    /// not fit in 63 bits.
    pub fn parse_reference(raw: &str) -> Result<IncidentId, DomainError> {
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
            Ok(n) if well_formed && n > 0 => Ok(IncidentId::from_db(n)),
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
    pub fn reference(self) -> String {
        format!("{PREFIX}{self}")
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
        let id = IncidentId::from_db;
        assert_eq!(IncidentId::parse_reference("INC-42"), Ok(id(42)));
        assert_eq!(IncidentId::parse_reference("inc-7"), Ok(id(7)));
        assert_eq!(IncidentId::parse_reference("42"), Ok(id(42)));
        assert_eq!(id(42).reference(), "INC-42");
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
            assert!(
                IncidentId::parse_reference(bad).is_err(),
                "{bad:?} was accepted"
            );
        }
    }
}
