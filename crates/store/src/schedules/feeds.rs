//! Calendar feed tokens: one secret per user, put in feed URLs because calendar apps cannot
//! send an Authorization header. Only its SHA-256 is stored; rotating replaces it, which
//! breaks every subscription made with the old one (that is the point of rotating).

use crate::row::Columns;
use crate::secrets::{hash_token, new_token, Secret};
use crate::time::{from_db, to_db};
use crate::users::User;
use crate::{Store, StoreError};
use goldseam_core::{UserId, UserRole};
use jiff::Timestamp;

/// Feed tokens start with this, so they are told apart from API tokens (which they are not).
pub const FEED_TOKEN_PREFIX: &str = "gsf_";

impl Store {
    /// Creates or replaces the user's feed token and returns it; it is not kept.
    pub async fn rotate_feed_token(&self, user_id: UserId) -> Result<Secret, StoreError> {
        let secret = new_token(FEED_TOKEN_PREFIX);
        sqlx::query(
            "INSERT INTO calendar_feed_tokens (user_id, token_hash, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at",
        )
        .bind(user_id.get())
        .bind(hash_token(secret.expose()))
        .bind(to_db(self.now()))
        .execute(&mut *self.writer().await?)
        .await?;
        Ok(secret)
    }

    /// When the user's feed token was made, if they have one.
    pub async fn feed_token_created(
        &self,
        user_id: UserId,
    ) -> Result<Option<Timestamp>, StoreError> {
        let at: Option<i64> =
            sqlx::query_scalar("SELECT created_at FROM calendar_feed_tokens WHERE user_id = $1")
                .bind(user_id.get())
                .fetch_optional(&mut *self.reader().await?)
                .await?;
        at.map(from_db).transpose()
    }

    /// The active user a feed token belongs to, or `None` for an unknown one.
    pub async fn feed_token_user(&self, token: &str) -> Result<Option<User>, StoreError> {
        let row = sqlx::query(
            "SELECT u.id, u.email, u.name, u.role, u.created_at FROM calendar_feed_tokens t \
             JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 AND u.active = 1",
        )
        .bind(hash_token(token))
        .fetch_optional(&mut *self.reader().await?)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let role: String = row.col("role")?;
        Ok(Some(User {
            id: row.id("id")?,
            email: row.col("email")?,
            name: row.col("name")?,
            role: UserRole::parse(&role)
                .ok_or_else(|| StoreError::Corrupt(format!("user role {role:?}")))?,
            active: true,
            created_at: row.time("created_at")?,
        }))
    }
}
