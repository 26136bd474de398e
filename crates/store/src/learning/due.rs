//! What is overdue in the learning flow, by team, for the dashboard: the steps resolved
//! incidents owe past their day, and the promised follow-ups past theirs. An incident's teams are
//! the teams owning its services; a follow-up's is its own team, else its incident's.

use super::Checklist;
use crate::follow_ups::{FollowUp, FollowUpFilter};
use crate::sql::SqlBuilder;
use crate::{Store, StoreError};
use goldseam_core::learning::StepState;
use goldseam_core::{Actor, IncidentId, IncidentState, TeamId};
use std::collections::BTreeMap;

/// One team's overdue learning (`team` is `None` for what has no team).
#[derive(Debug, Clone)]
pub struct TeamDue {
    pub team: Option<(TeamId, String)>,
    /// Each overdue step with its incident.
    pub steps: Vec<(IncidentState, StepState)>,
    pub follow_ups: Vec<FollowUp>,
}

impl Store {
    /// The teams owning the services of `incident`, by id.
    pub(crate) async fn teams_of(
        &self,
        incident: &IncidentState,
    ) -> Result<Vec<(TeamId, String)>, StoreError> {
        let mut out = BTreeMap::new();
        for id in &incident.services {
            if let Ok(service) = self.service(*id).await {
                if let Ok(team) = self.team(service.team_id).await {
                    out.insert(team.id, team.name);
                }
            }
        }
        Ok(out.into_iter().collect())
    }

    /// Everything overdue that `actor` may see, by team (by name, what has no team last).
    pub async fn learning_due(&self, actor: &Actor) -> Result<Vec<TeamDue>, StoreError> {
        let mut by_team: BTreeMap<TeamKey, TeamDue> = BTreeMap::new();
        // Steps: only resolved incidents owe them with a date (closed ones have settled them).
        let mut q = SqlBuilder::new("SELECT i.id FROM incidents i WHERE i.status = 'resolved'");
        crate::policy::push_visible(&mut q, actor);
        q.push(" ORDER BY i.id");
        let (sql, args) = q.finish();
        let ids: Vec<i64> = sqlx::query_scalar_with(&sql, args)
            .fetch_all(&mut *self.reader().await?)
            .await?;
        for id in ids {
            let incident = self
                .incident(&Actor::GOLDSEAM, IncidentId::from_db(id))
                .await?;
            let Some(Checklist { steps, .. }) = self.checklist_of(&incident).await? else {
                continue;
            };
            let late: Vec<StepState> = steps.into_iter().filter(|s| s.overdue).collect();
            if late.is_empty() {
                continue;
            }
            let teams = self.teams_of(&incident).await?;
            let targets: Vec<Option<(TeamId, String)>> = if teams.is_empty() {
                vec![None]
            } else {
                teams.into_iter().map(Some).collect()
            };
            for team in targets {
                slot(&mut by_team, team)
                    .steps
                    .extend(late.iter().map(|s| (incident.clone(), s.clone())));
            }
        }
        let filter = FollowUpFilter {
            overdue: true,
            limit: crate::follow_ups::LIST_LIMIT,
            ..FollowUpFilter::default()
        };
        for f in self.list_follow_ups(actor, &filter).await?.items {
            let team = match &f.team {
                Some((id, Some(name))) => Some((*id, name.clone())),
                _ => {
                    let incident = self.incident(&Actor::GOLDSEAM, f.incident.id).await?;
                    self.teams_of(&incident).await?.into_iter().next()
                }
            };
            slot(&mut by_team, team).follow_ups.push(f);
        }
        // Named teams by name first, then what has no team.
        let (named, unnamed): (Vec<_>, Vec<_>) =
            by_team.into_iter().partition(|(k, _)| k.is_some());
        Ok(named.into_iter().chain(unnamed).map(|(_, v)| v).collect())
    }
}

/// A team's place in a list: by name without case, then id; `None` for no team.
pub(super) type TeamKey = Option<(String, TeamId)>;

/// The key of `team` in such a list.
pub(super) fn team_key(team: &Option<(TeamId, String)>) -> TeamKey {
    team.as_ref().map(|(id, name)| (name.to_lowercase(), *id))
}

fn slot(map: &mut BTreeMap<TeamKey, TeamDue>, team: Option<(TeamId, String)>) -> &mut TeamDue {
    map.entry(team_key(&team)).or_insert_with(|| TeamDue {
        team,
        steps: Vec::new(),
        follow_ups: Vec::new(),
    })
}
