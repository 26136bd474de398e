//! Whom the matching rules' teams and stakeholders come to, and what stood in the way. A rule
//! that matched but could not act (a team that does not exist yet, a team nobody is on call
//! for) is said on the timeline as a `response_gap`, so nobody reads a silent "nobody has been
//! paged" as "security was alerted".

use crate::people::Team;
use crate::{Store, StoreError};
use goldseam_core::response::ResponseRule;
use goldseam_core::{EscalationPolicyId, EventPayload, TeamId, UserId};
use jiff::Timestamp;
use std::collections::HashMap;

/// One page a rule's team asks for: (policy, person) and the reason in words.
pub(super) struct TeamPage {
    pub target: (Option<EscalationPolicyId>, Option<UserId>),
    pub reason: String,
}

/// What the teams and stakeholders of the matching rules come to.
#[derive(Default)]
pub(super) struct Reached {
    /// Pages to start, one per target.
    pub pages: Vec<TeamPage>,
    /// Who is told (id, email), grouped by why.
    pub informed: Vec<(Vec<(UserId, String)>, String)>,
    /// What could not be done, as timeline events.
    pub gaps: Vec<EventPayload>,
}

fn gap(rule: &ResponseRule, action: &str, target: &str, problem: &str) -> EventPayload {
    EventPayload::ResponseGap {
        rule: Some(rule.name.clone()),
        action: action.into(),
        target: target.into(),
        problem: problem.into(),
    }
}

impl Store {
    /// Resolves the teams and people the `matched` rules page or inform at `now`.
    pub(super) async fn reach(
        &self,
        matched: &[&ResponseRule],
        now: Timestamp,
    ) -> Result<Reached, StoreError> {
        let mut out = Reached::default();
        let mut teams: HashMap<TeamId, Option<Team>> = HashMap::new();
        for rule in matched {
            let then = &rule.then;
            for team_id in &then.page_teams {
                let Some(team) = self.team_cached(&mut teams, *team_id).await? else {
                    out.gaps.push(gap(
                        rule,
                        "page",
                        &format!("team {team_id}"),
                        "the team no longer exists",
                    ));
                    continue;
                };
                match self.team_page_target(&team, now).await? {
                    Some(target) => {
                        if !out.pages.iter().any(|p| p.target == target) {
                            let reason = format!("team {} by rule: {}", team.name, rule.name);
                            out.pages.push(TeamPage { target, reason });
                        }
                    }
                    None => {
                        let problem = if team.schedule_id.is_some() {
                            "nobody is on call in its schedule and it has no escalation policy"
                        } else {
                            "the team has no escalation policy and no on-call schedule"
                        };
                        out.gaps.push(gap(rule, "page", &team.name, problem));
                    }
                }
            }
            for team_id in &then.inform_teams {
                let Some(team) = self.team_cached(&mut teams, *team_id).await? else {
                    out.gaps.push(gap(
                        rule,
                        "inform",
                        &format!("team {team_id}"),
                        "the team no longer exists",
                    ));
                    continue;
                };
                if team.members.is_empty() {
                    out.gaps
                        .push(gap(rule, "inform", &team.name, "the team has no members"));
                    continue;
                }
                let members = team.members.iter().map(|m| (m.user_id, m.email.clone()));
                let reason = format!("team {} by rule: {}", team.name, rule.name);
                out.informed.push((members.collect(), reason));
            }
            let mut people = Vec::new();
            for user_id in &then.inform_users {
                if let Ok(u) = self.user(*user_id).await {
                    people.push((u.id, u.email));
                }
            }
            if !people.is_empty() {
                out.informed
                    .push((people, format!("by rule: {}", rule.name)));
            }
            let awaited = &then.awaiting_teams;
            for (action, names) in [("page", &awaited.page), ("inform", &awaited.inform)] {
                for name in names {
                    out.gaps
                        .push(gap(rule, action, name, "no team of that name exists yet"));
                }
            }
        }
        Ok(out)
    }

    async fn team_cached(
        &self,
        teams: &mut HashMap<TeamId, Option<Team>>,
        id: TeamId,
    ) -> Result<Option<Team>, StoreError> {
        if let Some(t) = teams.get(&id) {
            return Ok(t.clone());
        }
        let team = match self.team(id).await {
            Ok(t) => Some(t),
            Err(StoreError::NotFound(_)) => None,
            Err(e) => return Err(e),
        };
        teams.insert(id, team.clone());
        Ok(team)
    }
}
