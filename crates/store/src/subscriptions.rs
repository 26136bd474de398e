//! Subscriptions: who follows an incident (and, later, a severity or tag). Subscribing twice or
//! unsubscribing when not subscribed is not an error: the answer is the state either way.

use crate::time::to_db;
use crate::{Store, StoreError};
use goldseam_core::SubscriptionTarget;

impl Store {
    /// Subscribes the user; true if they were not subscribed before.
    pub async fn subscribe(
        &self,
        user_id: i64,
        target: &SubscriptionTarget,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO subscriptions (user_id, target_kind, target_key, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (user_id, target_kind, target_key) DO NOTHING",
        )
        .bind(user_id)
        .bind(target.kind())
        .bind(target.key())
        .bind(to_db(self.now()))
        .execute(&mut *self.writer().await?)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Unsubscribes the user; true if they were subscribed.
    pub async fn unsubscribe(
        &self,
        user_id: i64,
        target: &SubscriptionTarget,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "DELETE FROM subscriptions WHERE user_id = $1 AND target_kind = $2 AND target_key = $3",
        )
        .bind(user_id)
        .bind(target.kind())
        .bind(target.key())
        .execute(&mut *self.writer().await?)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Whether the user follows the target.
    pub async fn is_subscribed(
        &self,
        user_id: i64,
        target: &SubscriptionTarget,
    ) -> Result<bool, StoreError> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM subscriptions WHERE user_id = $1 AND target_kind = $2 AND target_key = $3",
        )
        .bind(user_id)
        .bind(target.kind())
        .bind(target.key())
        .fetch_one(&mut *self.reader().await?)
        .await?;
        Ok(n > 0)
    }

    /// The ids of everyone following the target, ascending. Callers still check that each may
    /// see the incident: a subscription outlives someone's access to a private incident.
    pub async fn subscribers(&self, target: &SubscriptionTarget) -> Result<Vec<i64>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT user_id FROM subscriptions WHERE target_kind = $1 AND target_key = $2 ORDER BY user_id",
        )
        .bind(target.kind())
        .bind(target.key())
        .fetch_all(&mut *self.reader().await?)
        .await?)
    }
}
