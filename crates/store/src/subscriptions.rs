//! Subscriptions: who follows an incident, a severity, a tag, a service or a team, and by which
//! channels.
//! Subscribing twice or unsubscribing when not subscribed is not an error: the answer is the
//! state either way. Notifications go out as jobs written with the events that cause them.

use crate::row::Columns;
use crate::time::to_db;
use crate::{Store, StoreError};
use goldseam_core::{SubscriptionChannel, SubscriptionId, SubscriptionTarget, TeamId, UserId};

impl Store {
    /// Subscribes the user; true if they were not subscribed before.
    pub async fn subscribe(
        &self,
        user_id: UserId,
        target: &SubscriptionTarget,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO subscriptions (user_id, target_kind, target_key, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (user_id, target_kind, target_key) DO NOTHING",
        )
        .bind(user_id.get())
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
        user_id: UserId,
        target: &SubscriptionTarget,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "DELETE FROM subscriptions WHERE user_id = $1 AND target_kind = $2 AND target_key = $3",
        )
        .bind(user_id.get())
        .bind(target.kind())
        .bind(target.key())
        .execute(&mut *self.writer().await?)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Whether the user follows the target.
    pub async fn is_subscribed(
        &self,
        user_id: UserId,
        target: &SubscriptionTarget,
    ) -> Result<bool, StoreError> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM subscriptions WHERE user_id = $1 AND target_kind = $2 AND target_key = $3",
        )
        .bind(user_id.get())
        .bind(target.kind())
        .bind(target.key())
        .fetch_one(&mut *self.reader().await?)
        .await?;
        Ok(n > 0)
    }

    /// The ids of everyone following the target, ascending. Callers still check that each may
    /// see the incident: a subscription outlives someone's access to a private incident.
    pub async fn subscribers(
        &self,
        target: &SubscriptionTarget,
    ) -> Result<Vec<UserId>, StoreError> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT user_id FROM subscriptions WHERE target_kind = $1 AND target_key = $2 ORDER BY user_id",
        )
        .bind(target.kind())
        .bind(target.key())
        .fetch_all(&mut *self.reader().await?)
        .await?;
        Ok(ids.into_iter().map(UserId::from_db).collect())
    }
}

/// One subscription, as its owner sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    /// Id.
    pub id: SubscriptionId,
    /// `incident`, `severity`, `tag`, `service` or `team`.
    pub target_kind: String,
    /// The incident id, severity key, tag, service id or team id.
    pub target_key: String,
    /// How they hear of it.
    pub channels: Vec<SubscriptionChannel>,
}

fn channels_text(channels: &[SubscriptionChannel]) -> String {
    let mut c: Vec<&str> = channels.iter().map(|c| c.as_str()).collect();
    c.sort_unstable();
    c.dedup();
    c.join(",")
}

/// Whose subscriptions: a person's own (`subscriptions`) or a whole team's
/// (`team_subscriptions`); both tables have the same shape.
#[derive(Clone, Copy)]
enum Owner {
    User(UserId),
    Team(TeamId),
}

impl Owner {
    fn table_and_column(self) -> (&'static str, &'static str, i64) {
        match self {
            Owner::User(id) => ("subscriptions", "user_id", id.get()),
            Owner::Team(id) => ("team_subscriptions", "team_id", id.get()),
        }
    }
}

impl Store {
    async fn owned_subscribe(
        &self,
        owner: Owner,
        target: &SubscriptionTarget,
        channels: &[SubscriptionChannel],
    ) -> Result<Subscription, StoreError> {
        let (table, column, id) = owner.table_and_column();
        sqlx::query(&format!(
            "INSERT INTO {table} ({column}, target_kind, target_key, channels, created_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT ({column}, target_kind, target_key) DO UPDATE SET channels = excluded.channels"
        ))
        .bind(id)
        .bind(target.kind())
        .bind(target.key())
        .bind(channels_text(channels))
        .bind(to_db(self.now()))
        .execute(&mut *self.writer().await?)
        .await?;
        self.owned_subscriptions(owner)
            .await?
            .into_iter()
            .find(|s| s.target_kind == target.kind() && s.target_key == target.key())
            .ok_or_else(|| StoreError::Corrupt("a subscription vanished as it was written".into()))
    }

    async fn owned_subscriptions(&self, owner: Owner) -> Result<Vec<Subscription>, StoreError> {
        let (table, column, id) = owner.table_and_column();
        let rows = sqlx::query(&format!("SELECT id, target_kind, target_key, channels FROM {table} WHERE {column} = $1 ORDER BY id"))
            .bind(id)
            .fetch_all(&mut *self.reader().await?)
            .await?;
        rows.iter()
            .map(|r| {
                let channels: String = r.col("channels")?;
                Ok(Subscription {
                    id: r.id("id")?,
                    target_kind: r.col("target_kind")?,
                    target_key: r.col("target_key")?,
                    channels: channels
                        .split(',')
                        .filter_map(|c| SubscriptionChannel::parse("channels", c).ok())
                        .collect(),
                })
            })
            .collect()
    }

    async fn delete_owned(&self, owner: Owner, id: SubscriptionId) -> Result<(), StoreError> {
        let (table, column, owner_id) = owner.table_and_column();
        let done = sqlx::query(&format!(
            "DELETE FROM {table} WHERE id = $1 AND {column} = $2"
        ))
        .bind(id.get())
        .bind(owner_id)
        .execute(&mut *self.writer().await?)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("subscription {id}")));
        }
        Ok(())
    }

    /// Subscribes the user with these channels (replacing the channels of an existing
    /// subscription to the same target).
    pub async fn subscribe_with(
        &self,
        user_id: UserId,
        target: &SubscriptionTarget,
        channels: &[SubscriptionChannel],
    ) -> Result<Subscription, StoreError> {
        self.owned_subscribe(Owner::User(user_id), target, channels)
            .await
    }

    /// A user's subscriptions, oldest first.
    pub async fn subscriptions_of(&self, user_id: UserId) -> Result<Vec<Subscription>, StoreError> {
        self.owned_subscriptions(Owner::User(user_id)).await
    }

    /// Deletes one of the user's subscriptions.
    pub async fn delete_subscription(
        &self,
        user_id: UserId,
        id: SubscriptionId,
    ) -> Result<(), StoreError> {
        self.delete_owned(Owner::User(user_id), id).await
    }

    /// Subscribes a whole team (an admin's choice): replaces the channels if it exists.
    pub async fn team_subscribe(
        &self,
        team_id: TeamId,
        target: &SubscriptionTarget,
        channels: &[SubscriptionChannel],
    ) -> Result<Subscription, StoreError> {
        self.owned_subscribe(Owner::Team(team_id), target, channels)
            .await
    }

    /// A team's subscriptions, oldest first.
    pub async fn team_subscriptions(
        &self,
        team_id: TeamId,
    ) -> Result<Vec<Subscription>, StoreError> {
        self.owned_subscriptions(Owner::Team(team_id)).await
    }

    /// Deletes one of a team's subscriptions.
    pub async fn delete_team_subscription(
        &self,
        team_id: TeamId,
        id: SubscriptionId,
    ) -> Result<(), StoreError> {
        self.delete_owned(Owner::Team(team_id), id).await
    }
}

/// In the transaction that deletes a team or a service: the subscriptions following it (personal
/// and team ones) go with it, since nothing can match them any more and the pages that list
/// them could only say "no longer exists".
pub(crate) async fn forget_followers_of(
    conn: &mut sqlx::AnyConnection,
    followed: &SubscriptionTarget,
) -> Result<(), StoreError> {
    for table in ["subscriptions", "team_subscriptions"] {
        sqlx::query(&format!(
            "DELETE FROM {table} WHERE target_kind = $1 AND target_key = $2"
        ))
        .bind(followed.kind())
        .bind(followed.key())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
