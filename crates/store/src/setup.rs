//! What an install has so far, for the first-run checklist: people, teams that can be paged,
//! the incident-manager setting, and the team names the response rules still wait for.

use crate::row::Columns;
use crate::{Store, StoreError};
use std::collections::BTreeSet;

/// Counts and names the checklist ticks its items by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupState {
    /// Active users.
    pub people: i64,
    /// Teams.
    pub teams: i64,
    /// Teams with an on-call schedule.
    pub teams_on_call: i64,
    /// Teams with an escalation policy.
    pub teams_with_policy: i64,
    /// Whether the incident manager on call is set.
    pub incident_manager: bool,
    /// Team names enabled rules page or inform that do not exist yet, sorted.
    pub awaited_teams: Vec<String>,
}

impl Store {
    /// The install as the first-run checklist sees it.
    pub async fn setup_state(&self) -> Result<SetupState, StoreError> {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM users WHERE active = 1) AS people, \
             (SELECT COUNT(*) FROM teams) AS teams, \
             (SELECT COUNT(*) FROM teams WHERE schedule_id IS NOT NULL) AS on_call, \
             (SELECT COUNT(*) FROM teams WHERE escalation_policy_id IS NOT NULL) AS with_policy",
        )
        .fetch_one(&mut *self.reader().await?)
        .await?;
        let config = self.response_config().await?;
        let awaited: BTreeSet<String> = config
            .rules
            .iter()
            .filter(|r| r.enabled)
            .flat_map(|r| r.then.awaiting_teams.names().map(str::to_string))
            .collect();
        Ok(SetupState {
            people: row.col("people")?,
            teams: row.col("teams")?,
            teams_on_call: row.col("on_call")?,
            teams_with_policy: row.col("with_policy")?,
            incident_manager: config.manager.is_some(),
            awaited_teams: awaited.into_iter().collect(),
        })
    }
}
