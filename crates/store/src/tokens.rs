//! API tokens: shown once at creation, stored as a SHA-256 hash, revocable, with last-used time.

use crate::idempotency::{self, IdempotencyKey};
use crate::row::Columns;
use crate::secrets::{hash_token, new_token, Secret};
use crate::time::to_db;
use crate::users::User;
use crate::{Store, StoreError};
use goldseam_core::{TokenId, UserId, UserRole};
use jiff::Timestamp;
use sqlx::any::AnyRow;
use sqlx::Connection;

/// Tokens start with this so secret scanners and people recognize them.
pub const TOKEN_PREFIX: &str = "gs_";

/// `last_used_at` is written at most this often per token, so reads stay reads.
const LAST_USED_RESOLUTION_MICROS: i64 = 60_000_000;

/// A token's metadata; the secret itself is never stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiToken {
    /// Numeric id, for revoking.
    pub id: TokenId,
    /// Whose token it is.
    pub user_id: UserId,
    /// What it is for, as its owner named it.
    pub label: String,
    /// The first characters of the token, to tell tokens apart.
    pub prefix: String,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it was last used, to the minute.
    pub last_used_at: Option<Timestamp>,
    /// When it was revoked.
    pub revoked_at: Option<Timestamp>,
}

const COLUMNS: &str = "id, user_id, label, prefix, created_at, last_used_at, revoked_at";

fn from_row(r: &AnyRow) -> Result<ApiToken, StoreError> {
    Ok(ApiToken {
        id: r.id("id")?,
        user_id: r.id("user_id")?,
        label: r.col("label")?,
        prefix: r.col("prefix")?,
        created_at: r.time("created_at")?,
        last_used_at: r.opt_time("last_used_at")?,
        revoked_at: r.opt_time("revoked_at")?,
    })
}

impl Store {
    /// Creates a token for a user; returns its metadata and the secret, which is not kept.
    pub async fn create_token(
        &self,
        user_id: UserId,
        label: &str,
    ) -> Result<(ApiToken, Secret), StoreError> {
        self.create_token_once(user_id, label, None).await
    }

    /// Creates a token unless a request with this idempotency key already did. The first
    /// token's secret cannot be shown again, so a repeat is a conflict that says so.
    pub async fn create_token_once(
        &self,
        user_id: UserId,
        label: &str,
        idem: Option<&IdempotencyKey>,
    ) -> Result<(ApiToken, Secret), StoreError> {
        let mut conn = self.writer().await?;
        let mut tx = conn.begin().await?;
        if let Some(k) = idem {
            if let Some(resource) = idempotency::lookup(&mut tx, k).await? {
                tx.rollback().await?;
                let token = TokenId::from_db(resource.parse().map_err(|_| {
                    StoreError::Corrupt(format!("idempotency resource {resource:?}"))
                })?);
                return Err(StoreError::TokenAlreadyCreated { token });
            }
        }
        let secret = new_token(TOKEN_PREFIX);
        let prefix: String = secret
            .expose()
            .chars()
            .take(TOKEN_PREFIX.len() + 6)
            .collect();
        let row = sqlx::query(&format!(
            "INSERT INTO api_tokens (user_id, label, token_hash, prefix, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING {COLUMNS}"
        ))
        .bind(user_id.get())
        .bind(label)
        .bind(hash_token(secret.expose()))
        .bind(prefix)
        .bind(to_db(self.now()))
        .fetch_one(&mut *tx)
        .await?;
        let token = from_row(&row)?;
        if let Some(k) = idem {
            idempotency::record(&mut tx, k, &token.id.to_string(), to_db(self.now())).await?;
        }
        tx.commit().await?;
        Ok((token, secret))
    }

    /// A user's tokens, newest first.
    pub async fn list_tokens(&self, user_id: UserId) -> Result<Vec<ApiToken>, StoreError> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY id DESC"
        ))
        .bind(user_id.get())
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(from_row)
        .collect()
    }

    /// Revokes one of a user's tokens (admins may pass `None` to revoke anyone's).
    pub async fn revoke_token(
        &self,
        owner: Option<UserId>,
        token_id: TokenId,
    ) -> Result<ApiToken, StoreError> {
        let row = sqlx::query(&format!(
            "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $3) WHERE id = $1 AND ($2 IS NULL OR user_id = $2) RETURNING {COLUMNS}"
        ))
        .bind(token_id.get())
        .bind(owner.map(UserId::get))
        .bind(to_db(self.now()))
        .fetch_optional(&mut *self.writer().await?)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("token {token_id}")))?;
        from_row(&row)
    }

    /// The active user behind a bearer token, or `None` for an unknown, revoked or deactivated one.
    pub async fn authenticate_token(&self, token: &str) -> Result<Option<User>, StoreError> {
        let row = sqlx::query(
            "SELECT t.id AS token_id, t.last_used_at, u.id, u.email, u.name, u.role, u.created_at
             FROM api_tokens t JOIN users u ON u.id = t.user_id
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.active = 1",
        )
        .bind(hash_token(token))
        .fetch_optional(&mut *self.reader().await?)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let token_id: TokenId = row.id("token_id")?;
        let last_used: Option<i64> = row.col("last_used_at")?;
        let now = to_db(self.now());
        if last_used.is_none_or(|t| now - t >= LAST_USED_RESOLUTION_MICROS) {
            sqlx::query("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1")
                .bind(token_id.get())
                .bind(now)
                .execute(&mut *self.writer().await?)
                .await?;
        }
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
