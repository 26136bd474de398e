//! What the matching rules add up to for one incident: who is paged and informed, how urgently,
//! and whether it goes private.

use super::rules::{IncidentFacts, ResponseRule, RuleActions};
use crate::people::Urgency;
use crate::{Catalog, ResponseRuleId, TeamId, UserId};
use std::collections::BTreeSet;

/// The union of what every matching rule does, with the rules that matched (for the preview
/// and the timeline).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResponsePlan {
    /// Ids of the rules that matched, in rule order.
    pub matched: Vec<ResponseRuleId>,
    /// Teams to page.
    pub page_teams: BTreeSet<TeamId>,
    /// People to add as responders.
    pub responders: BTreeSet<UserId>,
    /// Teams to inform.
    pub inform_teams: BTreeSet<TeamId>,
    /// People to inform.
    pub inform_users: BTreeSet<UserId>,
    /// Whether any rule makes it private.
    pub make_private: bool,
    /// How urgent the pages are: high when any matching rule that pages says high.
    pub urgency: Urgency,
    /// Names of teams matching rules would page or inform once a team of that name exists.
    pub awaiting_teams: BTreeSet<String>,
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
