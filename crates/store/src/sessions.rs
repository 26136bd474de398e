//! Web sessions: a random id in an HttpOnly cookie (stored hashed) and a CSRF token that
//! cookie-authenticated writes must echo in a header.

use crate::row::Columns;
use crate::secrets::{hash_token, new_token, Secret};
use crate::time::to_db;
use crate::users::User;
use crate::{Store, StoreError};
use goldseam_core::{UserId, UserRole};
use jiff::{SignedDuration, Timestamp};

/// A live session, as the server sees it.
#[derive(Debug, Clone)]
pub struct Session {
    /// The signed-in user.
    pub user: User,
    /// What writes must send in `X-CSRF-Token`.
    pub csrf_token: String,
    /// When it ends.
    pub expires_at: Timestamp,
}

impl Store {
    /// Starts a session; returns the cookie value (shown once) and the session.
    pub async fn create_session(
        &self,
        user: &User,
        lifetime: SignedDuration,
    ) -> Result<(Secret, Session), StoreError> {
        let id = new_token("");
        let csrf = new_token("").expose()[..32].to_string();
        let now = self.now();
        let expires_at = now
            .checked_add(lifetime)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        sqlx::query("INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(hash_token(id.expose()))
            .bind(user.id.get())
            .bind(&csrf)
            .bind(to_db(now))
            .bind(to_db(expires_at))
            .execute(&mut *self.writer().await?)
            .await?;
        Ok((
            id,
            Session {
                user: user.clone(),
                csrf_token: csrf,
                expires_at,
            },
        ))
    }

    /// The session behind a cookie value, if it exists, has not expired and its user is active.
    pub async fn session(&self, cookie: &str) -> Result<Option<Session>, StoreError> {
        let row = sqlx::query(
            "SELECT s.csrf_token, s.expires_at, u.id, u.email, u.name, u.role, u.created_at
             FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.id_hash = $1 AND s.expires_at > $2 AND u.active = 1",
        )
        .bind(hash_token(cookie))
        .bind(to_db(self.now()))
        .fetch_optional(&mut *self.reader().await?)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let role: String = row.col("role")?;
        Ok(Some(Session {
            csrf_token: row.col("csrf_token")?,
            expires_at: row.time("expires_at")?,
            user: User {
                id: row.id("id")?,
                email: row.col("email")?,
                name: row.col("name")?,
                role: UserRole::parse(&role)
                    .ok_or_else(|| StoreError::Corrupt(format!("user role {role:?}")))?,
                active: true,
                created_at: row.time("created_at")?,
            },
        }))
    }

    /// Ends a session (logout). Unknown cookies are ignored.
    pub async fn delete_session(&self, cookie: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(hash_token(cookie))
            .execute(&mut *self.writer().await?)
            .await?;
        Ok(())
    }

    /// Ends every session of a user (password reset, deactivation).
    pub async fn end_sessions(&self, user_id: UserId) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id.get())
            .execute(&mut *self.writer().await?)
            .await?;
        Ok(())
    }
}
