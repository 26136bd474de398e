//! Response rules: conditions on an incident, and what to do when they match.

use super::awaiting::AwaitedTeams;
use crate::people::Urgency;
use crate::{Catalog, DomainError, ResponseRuleId, ServiceId, Tag, TeamId, UserId};
use serde::{Deserialize, Serialize};

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
    pub services: Vec<ServiceId>,
    /// Any of these tags.
    pub tags: Vec<Tag>,
}

/// What a matching rule does.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RuleActions {
    /// Teams whose on-call people are paged (through the team's escalation policy).
    pub page_teams: Vec<TeamId>,
    /// People added as responders (and paged).
    pub responders: Vec<UserId>,
    /// Teams informed as stakeholders: their members are notified, not paged.
    pub inform_teams: Vec<TeamId>,
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
    pub id: ResponseRuleId,
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
    pub services: Vec<ServiceId>,
    /// Its tags.
    pub tags: Vec<Tag>,
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

#[cfg(test)]
mod tests;
