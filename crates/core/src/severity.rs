//! Severities and incident types: configured lists, with defaults a non-engineer understands.

use crate::error::DomainError;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A severity's key, such as `SEV1`: uppercase letters and digits, at most 16 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SeverityKey(pub String);

/// An incident type's key, such as `security`: lowercase letters, digits, `-` and `_`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TypeKey(pub String);

/// One severity level. `rank` 0 is the most severe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Severity {
    /// The key used in the API, such as `SEV1`.
    pub key: String,
    /// A short name, such as `Critical`.
    pub name: String,
    /// One line that tells anyone when to pick it.
    pub description: String,
    /// Position in the list; 0 is the most severe.
    pub rank: i64,
}

/// One incident type, with the visibility a new incident of this type gets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct IncidentType {
    /// The key used in the API, such as `security`.
    pub key: String,
    /// A short name, such as `Security`.
    pub name: String,
    /// One line that tells anyone when to pick it.
    pub description: String,
    /// Whether incidents of this type start private unless the declarer says otherwise.
    pub default_private: bool,
}

/// Checks a severity key's shape (before looking it up in the catalog).
pub fn check_severity_key(field: &str, key: &str) -> Result<SeverityKey, DomainError> {
    let ok = !key.is_empty()
        && key.len() <= 16
        && key
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    if ok {
        Ok(SeverityKey(key.to_string()))
    } else {
        Err(DomainError::invalid(
            field,
            "must be 1 to 16 uppercase letters or digits, like SEV1",
        ))
    }
}

/// Checks an incident type or role key's shape.
pub fn check_slug(field: &str, key: &str) -> Result<String, DomainError> {
    let ok = !key.is_empty()
        && key.len() <= 40
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
    if ok {
        Ok(key.to_string())
    } else {
        Err(DomainError::invalid(
            field,
            "must be 1 to 40 lowercase letters, digits, '-' or '_'",
        ))
    }
}

/// The severities a new installation starts with.
pub fn default_severities() -> Vec<Severity> {
    let s = |rank: i64, key: &str, name: &str, description: &str| Severity {
        key: key.into(),
        name: name.into(),
        description: description.into(),
        rank,
    };
    vec![
        s(
            0,
            "SEV0",
            "Critical",
            "The whole product is down or customer data is at risk; wake everyone.",
        ),
        s(
            1,
            "SEV1",
            "Major",
            "A core feature is broken for many customers; all hands now.",
        ),
        s(
            2,
            "SEV2",
            "Significant",
            "A feature is broken or slow for some customers; fix it today.",
        ),
        s(
            3,
            "SEV3",
            "Minor",
            "Little customer impact, or a workaround exists; fix it this week.",
        ),
        s(
            4,
            "SEV4",
            "Low",
            "No customer impact yet; worth tracking and learning from.",
        ),
    ]
}

/// The incident types a new installation starts with.
pub fn default_types() -> Vec<IncidentType> {
    let t = |key: &str, name: &str, description: &str, default_private: bool| IncidentType {
        key: key.into(),
        name: name.into(),
        description: description.into(),
        default_private,
    };
    vec![
        t(
            "outage",
            "Outage",
            "Something customers use is unavailable.",
            false,
        ),
        t(
            "degradation",
            "Degradation",
            "Something works, but slowly or with errors.",
            false,
        ),
        t(
            "security",
            "Security",
            "A possible breach, leak, vulnerability or abuse.",
            true,
        ),
        t(
            "data-loss",
            "Data loss",
            "Data was lost, corrupted or exposed to the wrong people.",
            true,
        ),
        t(
            "customer-issue",
            "Customer issue",
            "A customer is seriously affected, even if nothing is down.",
            false,
        ),
        t(
            "other",
            "Other",
            "Anything else that needs a coordinated response.",
            false,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_well_formed() {
        let sev = default_severities();
        assert_eq!(
            sev.iter().map(|s| s.key.as_str()).collect::<Vec<_>>(),
            ["SEV0", "SEV1", "SEV2", "SEV3", "SEV4"]
        );
        for s in &sev {
            check_severity_key("key", &s.key).unwrap();
            assert!(!s.description.is_empty());
        }
        for t in default_types() {
            check_slug("key", &t.key).unwrap();
        }
        assert!(default_types()
            .iter()
            .any(|t| t.key == "security" && t.default_private));
    }

    #[test]
    fn key_shapes() {
        assert!(check_severity_key("s", "sev1").is_err());
        assert!(check_severity_key("s", "").is_err());
        assert!(check_slug("t", "Data Loss").is_err());
    }
}
