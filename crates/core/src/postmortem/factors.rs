//! The taxonomy contributing factors are counted by. A factor in a postmortem is a typed block
//! (a category and a sentence), so "how often was a change a factor this quarter" is a query,
//! not a reading exercise. Admins may rename, add and retire categories; keys stay stable.

use crate::error::DomainError;
use serde::{Deserialize, Serialize};

/// One category of contributing factor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactorCategory {
    /// Stable key, such as `change`.
    pub key: String,
    /// The name people read.
    pub name: String,
    /// When to pick it.
    pub description: String,
}

fn category(key: &str, name: &str, description: &str) -> FactorCategory {
    FactorCategory {
        key: key.into(),
        name: name.into(),
        description: description.into(),
    }
}

/// The categories a new installation starts with.
pub fn default_factor_categories() -> Vec<FactorCategory> {
    vec![
        category(
            "change",
            "Change",
            "A deploy, migration, flag flip or other change set it off.",
        ),
        category(
            "capacity",
            "Capacity",
            "Load outgrew what was provisioned: CPU, memory, connections, quotas.",
        ),
        category(
            "dependency",
            "Dependency",
            "A service, vendor or library we rely on failed or behaved unexpectedly.",
        ),
        category(
            "detection",
            "Detection",
            "We learned of it late: no alert, a noisy alert, or a customer told us.",
        ),
        category(
            "process",
            "Process",
            "A runbook, handover, review or escalation did not work as intended.",
        ),
        category(
            "configuration",
            "Configuration",
            "A setting was wrong, missing or inconsistent between places.",
        ),
        category(
            "security",
            "Security",
            "An attacker, a leaked secret or a missing control was involved.",
        ),
        category(
            "other",
            "Other",
            "None of the above; say what in the sentence.",
        ),
    ]
}

/// Every problem with a taxonomy an admin sends, each named by its path.
pub fn validate_categories(categories: &[FactorCategory]) -> Vec<DomainError> {
    let mut errors = Vec::new();
    if categories.is_empty() {
        errors.push(DomainError::invalid(
            "categories",
            "keep at least one category",
        ));
    }
    for (i, c) in categories.iter().enumerate() {
        let ok_key = !c.key.is_empty()
            && c.key.len() <= 40
            && c.key
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-');
        if !ok_key {
            errors.push(DomainError::invalid(
                format!("categories[{i}].key"),
                "1 to 40 lowercase letters, digits or dashes, such as capacity",
            ));
        } else if categories[..i].iter().any(|o| o.key == c.key) {
            errors.push(DomainError::invalid(
                format!("categories[{i}].key"),
                format!("{:?} is already the key of an earlier category", c.key),
            ));
        }
        if c.name.trim().is_empty() || c.name.chars().count() > 60 {
            errors.push(DomainError::invalid(
                format!("categories[{i}].name"),
                "1 to 60 characters",
            ));
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_taxonomy_is_the_promised_one_and_valid() {
        let keys: Vec<String> = default_factor_categories()
            .into_iter()
            .map(|c| c.key)
            .collect();
        assert_eq!(
            keys,
            [
                "change",
                "capacity",
                "dependency",
                "detection",
                "process",
                "configuration",
                "security",
                "other"
            ]
        );
        assert!(validate_categories(&default_factor_categories()).is_empty());
    }

    #[test]
    fn duplicate_and_malformed_keys_are_refused_by_path() {
        let mut c = default_factor_categories();
        c[2].key = "change".into();
        c[3].key = "Detection".into();
        c[4].name = String::new();
        let fields = super::super::invalid_fields(validate_categories(&c));
        assert_eq!(
            fields,
            [
                "categories[2].key",
                "categories[3].key",
                "categories[4].name"
            ]
        );
        assert_eq!(validate_categories(&[]).len(), 1);
    }
}
