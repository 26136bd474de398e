//! The distribution policy, kept as one JSON document in the settings table: admins replace it
//! whole, and a server that never saved one uses core's default.

use crate::{Store, StoreError};
use goldseam_core::postmortem::distribution::{
    default_policy, validate_policy, AudienceKind, DistributionPolicy,
};
use goldseam_core::{Actor, DomainError, TeamId};

const KEY: &str = "postmortem_distribution";

impl Store {
    /// The policy, and whether an admin saved it (false: the default).
    pub async fn distribution_policy(&self) -> Result<(DistributionPolicy, bool), StoreError> {
        Ok(match self.json_setting(KEY).await? {
            Some(policy) => (policy, true),
            None => (default_policy(&self.catalog()), false),
        })
    }

    /// Replaces the policy (admins only); every problem is refused before anything is written,
    /// and the stored policy is the normalized one.
    pub async fn set_distribution_policy(
        &self,
        actor: &Actor,
        policy: &DistributionPolicy,
    ) -> Result<DistributionPolicy, StoreError> {
        goldseam_core::policy::ensure_admin(actor)?;
        let policy = validate_policy(policy, &self.catalog())
            .map_err(|errors| errors.into_iter().next().expect("refusals name a problem"))?;
        for (i, rule) in policy.rules.iter().enumerate() {
            for (j, audience) in rule.audiences.iter().enumerate() {
                if let (AudienceKind::Team, Some(id)) = (audience.kind, audience.team_id) {
                    if let Err(StoreError::NotFound(_)) = self.team(TeamId::from_db(id)).await {
                        return Err(DomainError::invalid(
                            format!("rules[{i}].audiences[{j}].team_id"),
                            format!("no team has id {id}"),
                        )
                        .into());
                    }
                }
            }
        }
        self.put_json_setting(KEY, &policy).await?;
        Ok(policy)
    }
}
