//! The learning policy: per severity and type, the steps an incident owes before it may close.
//! The first rule matching an incident applies (put specific rules first); an incident no rule
//! matches owes nothing.

use super::step::Step;
use crate::error::DomainError;
use crate::role::INCIDENT_MANAGER;
use crate::Catalog;
use serde::{Deserialize, Serialize};

/// The most rules a policy holds.
pub const MAX_LEARNING_RULES: usize = 20;
/// The longest a step may be given, in business days.
pub const MAX_DUE_DAYS: u32 = 60;

/// One step a rule asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepRule {
    /// The step.
    pub step: Step,
    /// The incident role whose holder owns it (`incident_manager`); without a holder, the
    /// incident manager owns it.
    pub owner_role: String,
    /// Business days (Monday to Friday, in the owner's time zone) after the incident was resolved.
    pub due_business_days: u32,
}

/// One rule: the incidents it matches and the steps they owe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LearningRule {
    /// Its name, shown on the checklist.
    pub name: String,
    /// The severities it matches; empty matches every severity.
    #[serde(default)]
    pub severities: Vec<String>,
    /// The incident types it matches; empty matches every type.
    #[serde(default)]
    pub types: Vec<String>,
    /// The steps, in the order the checklist shows them.
    pub steps: Vec<StepRule>,
}

impl LearningRule {
    /// Whether it applies to an incident of this severity and type.
    pub fn matches(&self, severity: &str, type_key: &str) -> bool {
        crate::rule_scope::matches(&self.severities, &self.types, severity, type_key)
    }
}

/// The whole policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LearningPolicy {
    /// The rules, the first matching one applying.
    pub rules: Vec<LearningRule>,
}

impl LearningPolicy {
    /// The rule an incident of this severity and type follows, if any.
    pub fn rule_for(&self, severity: &str, type_key: &str) -> Option<&LearningRule> {
        self.rules.iter().find(|r| r.matches(severity, type_key))
    }
}

/// The policy a server starts with: the severities that open a postmortem by themselves before
/// closing owe it drafted, reviewed, with follow-ups committed, published and distributed, all owned by the
/// incident manager.
pub fn default_learning_policy(catalog: &Catalog) -> LearningPolicy {
    let serious: Vec<String> = catalog
        .severities
        .iter()
        // A severity whose postmortem opens only when it closes cannot owe it before closing.
        .filter(|s| {
            s.postmortem_on
                .is_some_and(|on| on != crate::Status::Closed)
        })
        .map(|s| s.key.to_string())
        .collect();
    if serious.is_empty() {
        return LearningPolicy { rules: Vec::new() };
    }
    let step = |step, days| StepRule {
        step,
        owner_role: INCIDENT_MANAGER.into(),
        due_business_days: days,
    };
    LearningPolicy {
        rules: vec![LearningRule {
            name: "Incidents that open a postmortem".into(),
            severities: serious,
            types: Vec::new(),
            steps: vec![
                step(Step::Drafted, 3),
                step(Step::Reviewed, 5),
                step(Step::FollowUpsCommitted, 5),
                step(Step::Published, 7),
                step(Step::Distributed, 7),
            ],
        }],
    }
}

/// Every problem with a policy, each named by its path (`rules[0].steps[1].owner_role`), and the
/// policy with names trimmed.
pub fn validate_learning_policy(
    policy: &LearningPolicy,
    catalog: &Catalog,
) -> Result<LearningPolicy, Vec<DomainError>> {
    let mut errors = Vec::new();
    let mut out = policy.clone();
    if policy.rules.len() > MAX_LEARNING_RULES {
        errors.push(DomainError::invalid(
            "rules",
            format!("at most {MAX_LEARNING_RULES} rules"),
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
        if rule.steps.is_empty() {
            errors.push(DomainError::invalid(at("steps"), "name at least one step"));
        }
        for (j, s) in rule.steps.iter().enumerate() {
            let field = |name: &str| format!("rules[{i}].steps[{j}].{name}");
            if rule.steps[..j].iter().any(|o| o.step == s.step) {
                errors.push(DomainError::invalid(
                    field("step"),
                    format!(
                        "{} is already an earlier step of this rule",
                        s.step.as_str()
                    ),
                ));
            }
            if let Err(e) = catalog.role(&s.owner_role) {
                errors.push(DomainError::invalid(field("owner_role"), e.to_string()));
            }
            if !(1..=MAX_DUE_DAYS).contains(&s.due_business_days) {
                errors.push(DomainError::invalid(
                    field("due_business_days"),
                    format!("between 1 and {MAX_DUE_DAYS} business days"),
                ));
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}
