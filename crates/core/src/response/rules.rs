//! Response rules: conditions on an incident, and what to do when they match.

use super::awaiting::AwaitedTeams;
use crate::people::Urgency;
use crate::{Catalog, DomainError, Tag, UserId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// When a rule applies. Each non-empty list must match (any of its entries); empty lists match
/// everything, so a rule with no conditions applies to every incident.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RuleConditions {
    /// Any of these incident types.
    pub types: Vec<String>,
    /// This severity or a more severe one (lower rank).
    pub min_severity: Option<String>,
    /// Any of these services (by id).
    pub services: Vec<i64>,
    /// Any of these tags.
    pub tags: Vec<Tag>,
}

/// What a matching rule does.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RuleActions {
    /// Teams whose on-call people are paged (through the team's escalation policy).
    pub page_teams: Vec<i64>,
    /// People added as responders (and paged).
    pub responders: Vec<UserId>,
    /// Teams informed as stakeholders: their members are notified, not paged.
    pub inform_teams: Vec<i64>,
    /// People informed as stakeholders.
    pub inform_users: Vec<UserId>,
    /// Make the incident private.
    pub make_private: bool,
    /// Teams named before they exist: each becomes a team id once a team of that name exists.
    #[serde(skip_serializing_if = "AwaitedTeams::is_empty")]
    pub awaiting_teams: AwaitedTeams,
    /// How urgent the pages this rule causes are: high (the default) wakes people by every
    /// notification rule; low uses the rules people keep for low urgency, and waits for their
    /// working hours.
    pub urgency: Urgency,
}

/// An admin-edited rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseRule {
    /// Stored id (0 before it is saved).
    pub id: i64,
    /// A name people recognise ("Security pages security on call").
    pub name: String,
    /// Disabled rules are kept but never match.
    pub enabled: bool,
    /// When it applies.
    pub when: RuleConditions,
    /// What it does.
    pub then: RuleActions,
}

/// What is known about an incident when the rules run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentFacts {
    /// Its type key.
    pub incident_type: String,
    /// Its severity key.
    pub severity: String,
    /// The services it affects.
    pub services: Vec<i64>,
    /// Its tags.
    pub tags: Vec<Tag>,
}

/// The union of what every matching rule does, with the rules that matched (for the preview
/// and the timeline).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResponsePlan {
    /// Ids of the rules that matched, in rule order.
    pub matched: Vec<i64>,
    /// Teams to page.
    pub page_teams: BTreeSet<i64>,
    /// People to add as responders.
    pub responders: BTreeSet<UserId>,
    /// Teams to inform.
    pub inform_teams: BTreeSet<i64>,
    /// People to inform.
    pub inform_users: BTreeSet<UserId>,
    /// Whether any rule makes it private.
    pub make_private: bool,
    /// How urgent the pages are: high when any matching rule that pages says high.
    pub urgency: Urgency,
    /// Names of teams matching rules would page or inform once a team of that name exists.
    pub awaiting_teams: BTreeSet<String>,
}

impl ResponseRule {
    /// Whether the rule applies to the incident. An unknown severity in the rule (deleted
    /// from the catalog since) never matches rather than matching everything.
    pub fn matches(&self, facts: &IncidentFacts, catalog: &Catalog) -> bool {
        let w = &self.when;
        if !self.enabled {
            return false;
        }
        if !w.types.is_empty() && !w.types.contains(&facts.incident_type) {
            return false;
        }
        if let Some(min) = &w.min_severity {
            let (Ok(min), Ok(actual)) = (catalog.severity(min), catalog.severity(&facts.severity))
            else {
                return false;
            };
            if actual.rank > min.rank {
                return false;
            }
        }
        if !w.services.is_empty() && !w.services.iter().any(|s| facts.services.contains(s)) {
            return false;
        }
        if !w.tags.is_empty() && !w.tags.iter().any(|t| facts.tags.contains(t)) {
            return false;
        }
        true
    }

    /// Checks names and keys against the catalog; every problem at once, with field paths.
    /// Whether teams and people exist is the store's check.
    pub fn validate(&self, catalog: &Catalog) -> Vec<DomainError> {
        let mut errors = Vec::new();
        if self.name.trim().is_empty() || self.name.chars().count() > 100 {
            errors.push(DomainError::invalid("name", "must be 1 to 100 characters"));
        }
        for (i, t) in self.when.types.iter().enumerate() {
            if catalog.incident_type(t).is_err() {
                let valid: Vec<&str> = catalog.types.iter().map(|t| t.key.as_str()).collect();
                errors.push(DomainError::invalid(
                    format!("when.types[{i}]"),
                    format!(
                        "unknown incident type {t:?}; valid types are {}",
                        valid.join(", ")
                    ),
                ));
            }
        }
        if let Some(s) = &self.when.min_severity {
            if catalog.severity(s).is_err() {
                let valid: Vec<&str> = catalog.severities.iter().map(|s| s.key.as_str()).collect();
                errors.push(DomainError::invalid(
                    "when.min_severity",
                    format!(
                        "unknown severity {s:?}; valid severities are {}",
                        valid.join(", ")
                    ),
                ));
            }
        }
        let t = &self.then;
        errors.extend(t.awaiting_teams.validate("then.awaiting_teams"));
        let does_nothing = !t.pages()
            && t.inform_teams.is_empty()
            && t.inform_users.is_empty()
            && t.awaiting_teams.inform.is_empty()
            && !t.make_private;
        if does_nothing {
            errors.push(DomainError::invalid(
                "then",
                "does nothing; page a team, add responders, inform someone or make the incident private",
            ));
        }
        errors
    }
}

impl RuleActions {
    /// Whether the rule pages anyone (or will, once an awaited team exists).
    pub fn pages(&self) -> bool {
        !self.page_teams.is_empty()
            || !self.responders.is_empty()
            || !self.awaiting_teams.page.is_empty()
    }
}

/// Runs every rule against the incident. The pages are low urgency only when every matching
/// rule that pages says low: one team's low-urgency rule must not quieten another's page.
pub fn plan(rules: &[ResponseRule], facts: &IncidentFacts, catalog: &Catalog) -> ResponsePlan {
    let mut plan = ResponsePlan::default();
    let mut paging = Vec::new();
    for rule in rules.iter().filter(|r| r.matches(facts, catalog)) {
        let then = &rule.then;
        plan.matched.push(rule.id);
        plan.page_teams.extend(&then.page_teams);
        plan.responders.extend(&then.responders);
        plan.inform_teams.extend(&then.inform_teams);
        plan.inform_users.extend(&then.inform_users);
        plan.make_private |= then.make_private;
        plan.awaiting_teams
            .extend(then.awaiting_teams.names().map(str::to_string));
        if then.pages() {
            paging.push(then.urgency);
        }
    }
    if !paging.is_empty() && paging.iter().all(|u| *u == Urgency::Low) {
        plan.urgency = Urgency::Low;
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(t: &str) -> Tag {
        Tag::parse("tag", t).unwrap()
    }

    fn facts(t: &str, sev: &str, services: Vec<i64>, tags: Vec<&str>) -> IncidentFacts {
        IncidentFacts {
            incident_type: t.into(),
            severity: sev.into(),
            services,
            tags: tags.into_iter().map(tag).collect(),
        }
    }

    fn security_rule() -> ResponseRule {
        ResponseRule {
            id: 1,
            name: "Security".into(),
            enabled: true,
            when: RuleConditions {
                types: vec!["security".into()],
                ..Default::default()
            },
            then: RuleActions {
                page_teams: vec![10],
                inform_teams: vec![20, 30],
                make_private: true,
                ..Default::default()
            },
        }
    }

    #[test]
    fn a_security_incident_pages_security_informs_legal_and_pr_and_goes_private() {
        let catalog = Catalog::default();
        let p = plan(
            &[security_rule()],
            &facts("security", "SEV3", vec![], vec![]),
            &catalog,
        );
        assert_eq!(p.matched, vec![1]);
        assert_eq!(p.page_teams.into_iter().collect::<Vec<_>>(), vec![10]);
        assert_eq!(p.inform_teams.into_iter().collect::<Vec<_>>(), vec![20, 30]);
        assert!(p.make_private);
        assert_eq!(
            plan(
                &[security_rule()],
                &facts("outage", "SEV0", vec![], vec![]),
                &catalog
            ),
            ResponsePlan::default()
        );
    }

    #[test]
    fn every_condition_must_hold_and_severity_means_at_or_above() {
        let catalog = Catalog::default();
        let rule = ResponseRule {
            id: 2,
            name: "Payments, serious".into(),
            enabled: true,
            when: RuleConditions {
                min_severity: Some("SEV2".into()),
                services: vec![5],
                tags: vec![tag("payments"), tag("checkout")],
                ..Default::default()
            },
            then: RuleActions {
                responders: vec![7],
                ..Default::default()
            },
        };
        assert!(rule.matches(
            &facts("outage", "SEV1", vec![5, 6], vec!["checkout"]),
            &catalog
        ));
        assert!(rule.matches(
            &facts("outage", "SEV2", vec![5], vec!["payments"]),
            &catalog
        ));
        assert!(
            !rule.matches(
                &facts("outage", "SEV3", vec![5], vec!["payments"]),
                &catalog
            ),
            "less severe"
        );
        assert!(
            !rule.matches(
                &facts("outage", "SEV1", vec![6], vec!["payments"]),
                &catalog
            ),
            "other service"
        );
        assert!(
            !rule.matches(&facts("outage", "SEV1", vec![5], vec!["search"]), &catalog),
            "other tag"
        );
        let off = ResponseRule {
            enabled: false,
            ..rule.clone()
        };
        assert!(!off.matches(
            &facts("outage", "SEV1", vec![5], vec!["payments"]),
            &catalog
        ));
        let gone = ResponseRule {
            when: RuleConditions {
                min_severity: Some("SEV9".into()),
                ..Default::default()
            },
            ..rule
        };
        assert!(
            !gone.matches(&facts("outage", "SEV0", vec![], vec![]), &catalog),
            "a deleted severity matches nothing"
        );
    }

    #[test]
    fn matching_rules_add_up() {
        let catalog = Catalog::default();
        let everyone = ResponseRule {
            id: 3,
            name: "Always inform the exec channel".into(),
            enabled: true,
            when: RuleConditions::default(),
            then: RuleActions {
                inform_users: vec![99],
                page_teams: vec![10],
                ..Default::default()
            },
        };
        let p = plan(
            &[security_rule(), everyone],
            &facts("security", "SEV1", vec![], vec![]),
            &catalog,
        );
        assert_eq!(p.matched, vec![1, 3]);
        assert_eq!(p.page_teams.len(), 1, "team 10 once");
        assert_eq!(p.inform_users.into_iter().collect::<Vec<_>>(), vec![99]);
    }

    #[test]
    fn pages_are_low_urgency_only_when_every_matching_rule_that_pages_says_low() {
        let catalog = Catalog::default();
        let low = |id, then: RuleActions| ResponseRule {
            id,
            name: format!("rule {id}"),
            enabled: true,
            when: RuleConditions::default(),
            then: RuleActions {
                urgency: Urgency::Low,
                ..then
            },
        };
        let pages_low = low(
            1,
            RuleActions {
                page_teams: vec![10],
                ..Default::default()
            },
        );
        let informs_low = low(
            2,
            RuleActions {
                inform_users: vec![5],
                ..Default::default()
            },
        );
        let pages_high = ResponseRule {
            id: 3,
            then: RuleActions {
                responders: vec![7],
                ..Default::default()
            },
            ..pages_low.clone()
        };
        let f = facts("outage", "SEV3", vec![], vec![]);
        let urgency = |rules: &[ResponseRule]| plan(rules, &f, &catalog).urgency;
        assert_eq!(urgency(std::slice::from_ref(&pages_low)), Urgency::Low);
        assert_eq!(
            urgency(&[pages_low.clone(), informs_low.clone()]),
            Urgency::Low
        );
        assert_eq!(urgency(&[pages_low, pages_high]), Urgency::High);
        assert_eq!(urgency(&[informs_low]), Urgency::High, "nothing pages");
        assert_eq!(urgency(&[]), Urgency::High);
    }

    #[test]
    fn validation_names_unknown_keys_and_empty_rules() {
        let catalog = Catalog::default();
        let bad = ResponseRule {
            id: 0,
            name: " ".into(),
            enabled: true,
            when: RuleConditions {
                types: vec!["security".into(), "nope".into()],
                min_severity: Some("SEV9".into()),
                ..Default::default()
            },
            then: RuleActions::default(),
        };
        let fields: Vec<String> = bad
            .validate(&catalog)
            .into_iter()
            .map(|e| match e {
                DomainError::Invalid { field, .. } => field,
                other => panic!("{other}"),
            })
            .collect();
        assert_eq!(
            fields,
            ["name", "when.types[1]", "when.min_severity", "then"]
        );
        assert!(security_rule().validate(&catalog).is_empty());
    }
}
