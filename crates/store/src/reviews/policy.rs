//! The review policy, one JSON document in the settings table that admins replace whole; a
//! server that never saved one uses core's default.

use crate::{Store, StoreError};
use goldseam_core::review::booking_policy::{
    default_review_policy, validate_review_policy, ReviewPolicy,
};
use goldseam_core::Actor;

const KEY: &str = "review_policy";

impl Store {
    /// The policy, and whether an admin saved it (false: the default).
    pub async fn review_policy(&self) -> Result<(ReviewPolicy, bool), StoreError> {
        Ok(match self.json_setting(KEY).await? {
            Some(policy) => (policy, true),
            None => (default_review_policy(&self.catalog()), false),
        })
    }

    /// Replaces the policy (admins only); every problem is refused before anything is written.
    pub async fn set_review_policy(
        &self,
        actor: &Actor,
        policy: &ReviewPolicy,
    ) -> Result<ReviewPolicy, StoreError> {
        goldseam_core::policy::ensure_admin(actor)?;
        let policy = validate_review_policy(policy, &self.catalog())
            .map_err(|errors| errors.into_iter().next().expect("refusals name a problem"))?;
        self.put_json_setting(KEY, &policy).await?;
        Ok(policy)
    }
}
