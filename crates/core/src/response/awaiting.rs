//! Teams a rule names before they exist, and the rule Goldseam starts with.
//!
//! A fresh installation ships one rule: security incidents page the Security team's on call,
//! inform Legal and PR, and go private. No team exists yet on a fresh install, so the rule
//! holds team *names*; when a team of that name is created (or a team is renamed to it), the
//! store swaps the name for the team's id in the same transaction. From then on the rule
//! follows the team by id, so renaming the team later does not break it.

use super::rules::{ResponseRule, RuleActions, RuleConditions};
use crate::people::team::Name;
use crate::DomainError;
use serde::{Deserialize, Serialize};

/// The most team names one rule may wait for.
pub const MAX_AWAITED: usize = 20;

/// Team names a rule pages or informs once teams of those names exist.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AwaitedTeams {
    /// Teams to page, by name.
    pub page: Vec<String>,
    /// Teams to inform, by name.
    pub inform: Vec<String>,
}

impl AwaitedTeams {
    /// Whether it waits for nothing.
    pub fn is_empty(&self) -> bool {
        self.page.is_empty() && self.inform.is_empty()
    }

    /// Every awaited name, paged ones first.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.page.iter().chain(&self.inform).map(String::as_str)
    }

    /// Each name must be a valid team name; `field` prefixes the paths in errors.
    pub fn validate(&self, field: &str) -> Vec<DomainError> {
        let mut errors = Vec::new();
        for (list, names) in [("page", &self.page), ("inform", &self.inform)] {
            if names.len() > MAX_AWAITED {
                errors.push(DomainError::invalid(
                    format!("{field}.{list}"),
                    format!("at most {MAX_AWAITED} team names"),
                ));
            }
            for (i, n) in names.iter().enumerate() {
                if let Err(e) = Name::parse(&format!("{field}.{list}[{i}]"), n) {
                    errors.push(e);
                }
            }
        }
        errors
    }
}

impl RuleActions {
    /// Swaps every awaited name that is `name` (ignoring case) for `team_id`; whether the
    /// actions changed.
    pub fn adopt_team(&mut self, team_id: crate::TeamId, name: &str) -> bool {
        let key = name.trim().to_lowercase();
        let mut changed = false;
        let lists = [
            (&mut self.awaiting_teams.page, &mut self.page_teams),
            (&mut self.awaiting_teams.inform, &mut self.inform_teams),
        ];
        for (names, ids) in lists {
            let before = names.len();
            names.retain(|n| n.trim().to_lowercase() != key);
            if names.len() != before {
                changed = true;
                if !ids.contains(&team_id) {
                    ids.push(team_id);
                }
            }
        }
        changed
    }
}

/// The rules a new installation starts with (ids 0, not yet saved).
pub fn starter_rules() -> Vec<ResponseRule> {
    vec![ResponseRule {
        id: crate::ResponseRuleId::UNSAVED,
        name: "Security incidents page Security, inform Legal and PR".into(),
        enabled: true,
        when: RuleConditions {
            types: vec!["security".into()],
            ..Default::default()
        },
        then: RuleActions {
            make_private: true,
            awaiting_teams: AwaitedTeams {
                page: vec!["Security".into()],
                inform: vec!["Legal".into(), "PR".into()],
            },
            ..Default::default()
        },
    }]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::Urgency;
    use crate::response::{plan, IncidentFacts};
    use crate::{Catalog, TeamId};

    fn ids<'a>(teams: impl IntoIterator<Item = &'a TeamId>) -> Vec<i64> {
        teams.into_iter().map(|t| t.get()).collect()
    }

    fn facts(incident_type: &str) -> IncidentFacts {
        IncidentFacts {
            incident_type: incident_type.into(),
            severity: "SEV3".into(),
            services: vec![],
            tags: vec![],
        }
    }

    #[test]
    fn the_starter_rule_is_valid_and_makes_security_incidents_private() {
        let catalog = Catalog::default();
        let rules = starter_rules();
        assert!(rules[0].validate(&catalog).is_empty());
        let p = plan(&rules, &facts("security"), &catalog);
        assert!(p.make_private);
        assert!(p.page_teams.is_empty(), "no team exists yet");
        assert_eq!(
            p.awaiting_teams.into_iter().collect::<Vec<_>>(),
            ["Legal", "PR", "Security"]
        );
        assert!(!plan(&rules, &facts("outage"), &catalog).make_private);
    }

    #[test]
    fn a_team_of_an_awaited_name_takes_its_place_ignoring_case() {
        let mut rule = starter_rules().remove(0);
        assert!(rule.then.adopt_team(TeamId::from_db(7), "  security "));
        assert!(
            !rule.then.adopt_team(TeamId::from_db(7), "security"),
            "nothing left to adopt"
        );
        assert!(!rule.then.adopt_team(TeamId::from_db(8), "Marketing"));
        assert!(rule.then.adopt_team(TeamId::from_db(9), "pr"));
        assert_eq!(ids(&rule.then.page_teams), [7]);
        assert_eq!(ids(&rule.then.inform_teams), [9]);
        assert_eq!(rule.then.awaiting_teams.page, Vec::<String>::new());
        assert_eq!(rule.then.awaiting_teams.inform, ["Legal"]);
        let p = plan(&[rule], &facts("security"), &Catalog::default());
        assert_eq!(ids(&p.page_teams), [7]);
        assert_eq!(p.urgency, Urgency::High);
    }

    #[test]
    fn awaited_names_are_checked_like_team_names() {
        let mut rule = starter_rules().remove(0);
        rule.then.awaiting_teams.inform.push(" ".into());
        rule.then.awaiting_teams.page = vec!["x".repeat(101)];
        let fields: Vec<String> = rule
            .validate(&Catalog::default())
            .into_iter()
            .map(|e| match e {
                DomainError::Invalid { field, .. } => field,
                other => panic!("{other}"),
            })
            .collect();
        assert_eq!(
            fields,
            [
                "then.awaiting_teams.page[0]",
                "then.awaiting_teams.inform[2]"
            ]
        );
    }

    #[test]
    fn a_rule_waiting_only_for_teams_to_inform_is_not_empty() {
        let mut rule = starter_rules().remove(0);
        rule.then.make_private = false;
        rule.then.awaiting_teams.page.clear();
        assert!(rule.validate(&Catalog::default()).is_empty());
    }
}
