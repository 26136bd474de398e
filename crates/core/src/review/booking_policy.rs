//! The review policy: per severity and type, when the review meeting may be (a preparation gap
//! after the postmortem is ready for review, then a deadline, in business days), how long it
//! lasts, and whether Goldseam books it by itself. The first matching rule applies; an
//! incident no rule matches gets the last-resort defaults (1 and 5 business days, 30 minutes).

use crate::error::DomainError;
use crate::Catalog;
use serde::{Deserialize, Serialize};

/// The most rules a policy holds.
pub const MAX_REVIEW_RULES: usize = 20;
/// The longest window, in business days.
pub const MAX_BUSINESS_DAYS: u32 = 30;
/// Durations allowed: 15 minutes to 4 hours, on the 15-minute grid.
pub const DURATIONS: std::ops::RangeInclusive<u32> = 15..=240;

/// One rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewRule {
    /// Its name, shown with the proposal.
    pub name: String,
    /// The severities it matches; empty matches every severity.
    #[serde(default)]
    pub severities: Vec<String>,
    /// The incident types it matches; empty matches every type.
    #[serde(default)]
    pub types: Vec<String>,
    /// Business days after the postmortem is ready for review before the meeting may be, so
    /// attendees can read it first.
    pub prep_business_days: u32,
    /// Business days after it is ready by which the meeting must be.
    pub deadline_business_days: u32,
    /// Minutes, a multiple of 15.
    pub duration_minutes: u32,
    /// Book the best slot by itself when the postmortem goes to review (no click).
    #[serde(default)]
    pub auto_book: bool,
}

impl ReviewRule {
    /// Whether it applies to an incident of this severity and type.
    pub fn matches(&self, severity: &str, type_key: &str) -> bool {
        crate::rule_scope::matches(&self.severities, &self.types, severity, type_key)
    }

    /// What applies when no rule matches.
    pub fn fallback() -> ReviewRule {
        ReviewRule {
            name: "Default".into(),
            severities: Vec::new(),
            types: Vec::new(),
            prep_business_days: 1,
            deadline_business_days: 5,
            duration_minutes: 30,
            auto_book: false,
        }
    }
}

/// The whole policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewPolicy {
    /// The rules, the first matching one applying.
    pub rules: Vec<ReviewRule>,
    /// Whether people's on-call shifts count as busy when picking the slot.
    #[serde(default)]
    pub on_call_is_busy: bool,
}

impl ReviewPolicy {
    /// The rule an incident of this severity and type follows.
    pub fn rule_for(&self, severity: &str, type_key: &str) -> ReviewRule {
        self.rules
            .iter()
            .find(|r| r.matches(severity, type_key))
            .cloned()
            .unwrap_or_else(ReviewRule::fallback)
    }
}

/// The policy a server starts with: the two gravest severities get an hour, the rest half an
/// hour; one business day to read, five to meet; nothing booked without a click.
pub fn default_review_policy(catalog: &Catalog) -> ReviewPolicy {
    let gravest: Vec<String> = catalog
        .severities
        .iter()
        .take(2)
        .map(|s| s.key.to_string())
        .collect();
    ReviewPolicy {
        rules: vec![
            ReviewRule {
                name: "Major incidents".into(),
                severities: gravest,
                duration_minutes: 60,
                ..ReviewRule::fallback()
            },
            ReviewRule {
                name: "Every other incident".into(),
                ..ReviewRule::fallback()
            },
        ],
        on_call_is_busy: false,
    }
}

/// Every problem with a policy, each named by its path, and the policy with names trimmed.
pub fn validate_review_policy(
    policy: &ReviewPolicy,
    catalog: &Catalog,
) -> Result<ReviewPolicy, Vec<DomainError>> {
    let mut errors = Vec::new();
    let mut out = policy.clone();
    if policy.rules.len() > MAX_REVIEW_RULES {
        errors.push(DomainError::invalid(
            "rules",
            format!("at most {MAX_REVIEW_RULES} rules"),
        ));
    }
    for (i, (rule, fixed)) in policy.rules.iter().zip(out.rules.iter_mut()).enumerate() {
        let at = |field: &str| format!("rules[{i}].{field}");
        fixed.name = crate::rule_scope::check(
            i,
            &rule.name,
            "",
            &rule.severities,
            &rule.types,
            catalog,
            &mut errors,
        );
        if rule.prep_business_days > MAX_BUSINESS_DAYS {
            errors.push(DomainError::invalid(
                at("prep_business_days"),
                format!("0 to {MAX_BUSINESS_DAYS}"),
            ));
        }
        if rule.deadline_business_days == 0 || rule.deadline_business_days > MAX_BUSINESS_DAYS {
            errors.push(DomainError::invalid(
                at("deadline_business_days"),
                format!("1 to {MAX_BUSINESS_DAYS}"),
            ));
        } else if rule.deadline_business_days <= rule.prep_business_days {
            errors.push(DomainError::invalid(
                at("deadline_business_days"),
                "must be later than prep_business_days, or no day is left for the meeting",
            ));
        }
        if !DURATIONS.contains(&rule.duration_minutes) || rule.duration_minutes % 15 != 0 {
            errors.push(DomainError::invalid(
                at("duration_minutes"),
                "15 to 240 minutes, a multiple of 15",
            ));
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_policy_gives_the_gravest_an_hour_and_is_valid() {
        let catalog = Catalog::default();
        let p = default_review_policy(&catalog);
        let gravest = catalog.severities[0].key.to_string();
        let mildest = catalog.severities.last().unwrap().key.to_string();
        assert_eq!(p.rule_for(&gravest, "default").duration_minutes, 60);
        assert_eq!(p.rule_for(&mildest, "default").duration_minutes, 30);
        assert_eq!(validate_review_policy(&p, &catalog).unwrap(), p);
    }

    #[test]
    fn bad_rules_are_named_by_path() {
        let catalog = Catalog::default();
        let mut rule = ReviewRule::fallback();
        rule.duration_minutes = 50;
        rule.prep_business_days = 5;
        rule.severities = vec!["SEV9".into()];
        let errors = validate_review_policy(
            &ReviewPolicy {
                rules: vec![rule],
                on_call_is_busy: false,
            },
            &catalog,
        )
        .unwrap_err();
        let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert!(
            text.iter().any(|t| t.starts_with("rules[0].severities[0]")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.starts_with("rules[0].deadline_business_days")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.starts_with("rules[0].duration_minutes")),
            "{text:?}"
        );
    }
}
