//! Severities and incident types: configured lists, with defaults a non-engineer understands.

use crate::key::{key_type, slug_char, SLUG_HINT};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

key_type!(
    /// A severity's key, such as `SEV1`: 1 to 16 uppercase letters and digits.
    SeverityKey,
    field = "severity",
    max = 16,
    allowed = |c: char| c.is_ascii_uppercase() || c.is_ascii_digit(),
    hint = "must be 1 to 16 uppercase letters or digits, like SEV1"
);

key_type!(
    /// An incident type's key, such as `security`: 1 to 40 lowercase letters, digits, `-` and `_`.
    TypeKey,
    field = "type",
    max = 40,
    allowed = slug_char,
    hint = SLUG_HINT
);

/// One severity level. `rank` 0 is the most severe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Severity {
    /// The key used in the API, such as `SEV1`.
    #[schema(value_type = String)]
    pub key: SeverityKey,
    /// A short name, such as `Critical`.
    pub name: String,
    /// One line that tells anyone when to pick it.
    pub description: String,
    /// Position in the list; 0 is the most severe.
    pub rank: i64,
    /// How often, in minutes, stakeholders expect a status update while an incident of this
    /// severity is open; none means no expectation. The dashboard flags incidents past it.
    #[serde(default)]
    pub update_every_minutes: Option<i64>,
    /// The status at which an incident of this severity opens its postmortem by itself; none:
    /// only by hand.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub postmortem_on: Option<crate::Status>,
}

/// The longest update cadence a severity may ask for: a week.
pub const MAX_UPDATE_EVERY_MINUTES: i64 = 7 * 24 * 60;

/// One incident type, with the visibility a new incident of this type gets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct IncidentType {
    /// The key used in the API, such as `security`.
    #[schema(value_type = String)]
    pub key: TypeKey,
    /// A short name, such as `Security`.
    pub name: String,
    /// One line that tells anyone when to pick it.
    pub description: String,
    /// Whether incidents of this type start private unless the declarer says otherwise.
    pub default_private: bool,
}

/// The severities a new installation starts with.
pub fn default_severities() -> Vec<Severity> {
    // The update cadences are what status pages and incident.io's defaults lead people to
    // expect: a quarter of an hour when everything is down, then slower as it matters less.
    let cadence = [Some(15), Some(30), Some(60), Some(240), None];
    let s = |rank: i64, key: &'static str, name: &str, description: &str| Severity {
        key: SeverityKey::known(key),
        name: name.into(),
        description: description.into(),
        rank,
        update_every_minutes: cadence.get(rank as usize).copied().flatten(),
        // Learning from the serious ones is the point; minor ones may ask for one by hand.
        postmortem_on: (rank <= 2).then_some(crate::Status::Resolved),
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
    let t =
        |key: &'static str, name: &str, description: &str, default_private: bool| IncidentType {
            key: TypeKey::known(key),
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
    use crate::error::DomainError;

    #[test]
    fn defaults_are_well_formed() {
        let sev = default_severities();
        assert_eq!(
            sev.iter().map(|s| s.key.as_str()).collect::<Vec<_>>(),
            ["SEV0", "SEV1", "SEV2", "SEV3", "SEV4"]
        );
        for s in &sev {
            SeverityKey::parse("key", s.key.as_str()).unwrap();
            assert!(!s.description.is_empty());
        }
        for t in default_types() {
            TypeKey::parse("key", t.key.as_str()).unwrap();
        }
        assert!(default_types()
            .iter()
            .any(|t| t.key == "security" && t.default_private));
    }

    #[test]
    fn key_shapes() {
        assert!(SeverityKey::parse("s", "sev1").is_err());
        assert!(SeverityKey::parse("s", "").is_err());
        assert!(TypeKey::parse("t", "Data Loss").is_err());
    }

    #[test]
    fn severity_keys_are_uppercase_letters_and_digits() {
        for good in ["SEV1", "P0", "A", "SEV1234567890123"] {
            assert_eq!(SeverityKey::parse("key", good).unwrap().as_str(), good);
        }
        for bad in [
            "sev1",
            "SEV-1",
            "SEV 1",
            "",
            "SEV12345678901234",
            "SÉV1",
            "SEV1\n",
        ] {
            assert_eq!(
                SeverityKey::parse("key", bad),
                Err(DomainError::invalid(
                    "key",
                    "must be 1 to 16 uppercase letters or digits, like SEV1"
                )),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn type_keys_are_lowercase_slugs() {
        for good in [
            "security",
            "data-loss",
            "customer_issue",
            "p1",
            &"a".repeat(40),
        ] {
            assert_eq!(TypeKey::parse("type", good).unwrap().as_str(), good);
        }
        for bad in ["Security", "data loss", "", "ünicode", &"a".repeat(41)] {
            assert!(TypeKey::parse("type", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn parsing_by_trait_names_the_default_field() {
        assert_eq!("SEV2".parse::<SeverityKey>().unwrap(), "SEV2");
        assert_eq!(TypeKey::try_from("outage").unwrap().to_string(), "outage");
        let Err(DomainError::Invalid { field, .. }) = SeverityKey::try_from("sev2") else {
            panic!("a lowercase severity key was accepted");
        };
        assert_eq!(field, "severity");
        let Err(DomainError::Invalid { field, .. }) = "Outage".parse::<TypeKey>() else {
            panic!("an uppercase type key was accepted");
        };
        assert_eq!(field, "type");
    }

    #[test]
    fn keys_are_strings_in_json_and_checked_when_read() {
        let key = SeverityKey::parse("key", "SEV1").unwrap();
        assert_eq!(serde_json::to_string(&key).unwrap(), "\"SEV1\"");
        assert_eq!(
            serde_json::from_str::<SeverityKey>("\"SEV1\"").unwrap(),
            key
        );
        assert!(serde_json::from_str::<SeverityKey>("\"sev1\"").is_err());
        assert!(serde_json::from_str::<TypeKey>("\"Not A Key\"").is_err());
        assert!(serde_json::from_str::<TypeKey>("7").is_err());
    }
}
