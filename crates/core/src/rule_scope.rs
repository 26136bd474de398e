//! Which incidents a policy rule applies to: a name, and the severities and types it matches
//! (an empty list matches every one). Shared by the distribution and learning policies, whose rules
//! match incidents the same way and are checked the same way.

use crate::error::DomainError;
use crate::Catalog;

/// The longest rule name.
pub const MAX_RULE_NAME: usize = 80;

/// Whether a rule with these severities and types applies to an incident of this severity and type.
pub fn matches(severities: &[String], types: &[String], severity: &str, type_key: &str) -> bool {
    (severities.is_empty() || severities.iter().any(|s| s == severity))
        && (types.is_empty() || types.iter().any(|t| t == type_key))
}

/// Checks rule `i`'s name (what it is for in `name_hint`), severities and types against the
/// catalog, adding each problem to `errors` by its path; returns the name trimmed.
pub fn check(
    i: usize,
    name: &str,
    name_hint: &str,
    severities: &[String],
    types: &[String],
    catalog: &Catalog,
    errors: &mut Vec<DomainError>,
) -> String {
    let trimmed = name.trim().to_string();
    if trimmed.is_empty() || trimmed.chars().count() > MAX_RULE_NAME {
        errors.push(DomainError::invalid(
            format!("rules[{i}].name"),
            format!("1 to {MAX_RULE_NAME} characters{name_hint}"),
        ));
    }
    for (j, key) in severities.iter().enumerate() {
        if let Err(e) = catalog.severity(key) {
            errors.push(DomainError::invalid(
                format!("rules[{i}].severities[{j}]"),
                e.to_string(),
            ));
        }
    }
    for (j, key) in types.iter().enumerate() {
        if let Err(e) = catalog.incident_type(key) {
            errors.push(DomainError::invalid(
                format!("rules[{i}].types[{j}]"),
                e.to_string(),
            ));
        }
    }
    trimmed
}
