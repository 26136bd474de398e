//! Users: who they are, their role, and their password hash.

use crate::idempotency::{self, IdempotencyKey};
use crate::row::Columns;
use crate::time::to_db;
use crate::{Store, StoreError};
use goldseam_core::text::{Email, PersonName};
use goldseam_core::{UserId, UserRole};
use jiff::Timestamp;
use sqlx::any::AnyRow;
use sqlx::Connection;

/// A user as stored (without the password hash).
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    /// Numeric id.
    pub id: UserId,
    /// Lowercased email.
    pub email: String,
    /// Display name.
    pub name: String,
    /// What they may do.
    pub role: UserRole,
    /// Deactivated users cannot log in and their tokens stop working.
    pub active: bool,
    /// When the account was created.
    pub created_at: Timestamp,
}

/// A new user.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Their email, unique.
    pub email: Email,
    /// Their display name.
    pub name: PersonName,
    /// Their role.
    pub role: UserRole,
    /// A password for the web login; `None` for token-only accounts.
    pub password: Option<crate::secrets::Secret>,
}

const COLUMNS: &str = "id, email, name, role, active, created_at";

fn from_row(r: &AnyRow) -> Result<User, StoreError> {
    let role: String = r.col("role")?;
    Ok(User {
        id: r.id("id")?,
        email: r.col("email")?,
        name: r.col("name")?,
        role: UserRole::parse(&role)
            .ok_or_else(|| StoreError::Corrupt(format!("user role {role:?}")))?,
        active: r.flag("active")?,
        created_at: r.time("created_at")?,
    })
}

impl Store {
    /// Creates a user; an email already in use is a conflict.
    pub async fn create_user(&self, new: &NewUser) -> Result<User, StoreError> {
        self.create_user_once(new, None).await.map(|(user, _)| user)
    }

    /// Creates a user unless a request with this idempotency key already did; then returns that
    /// user and `true`.
    pub async fn create_user_once(
        &self,
        new: &NewUser,
        idem: Option<&IdempotencyKey>,
    ) -> Result<(User, bool), StoreError> {
        let hash = match &new.password {
            Some(p) => Some(self.inner.passwords.hash(p.expose()).await?),
            None => None,
        };
        let mut conn = self.writer().await?;
        let mut tx = conn.begin().await?;
        if let Some(k) = idem {
            if let Some(resource) = idempotency::lookup(&mut tx, k).await? {
                tx.rollback().await?;
                let id = UserId::from_db(resource.parse().map_err(|_| {
                    StoreError::Corrupt(format!("idempotency resource {resource:?}"))
                })?);
                return Ok((self.user(id).await?, true));
            }
        }
        let result = sqlx::query(&format!(
            "INSERT INTO users (email, name, role, password_hash, active, created_at) VALUES ($1, $2, $3, $4, 1, $5) RETURNING {COLUMNS}"
        ))
        .bind(new.email.as_str())
        .bind(new.name.as_str())
        .bind(new.role.as_str())
        .bind(hash)
        .bind(to_db(self.now()))
        .fetch_one(&mut *tx)
        .await
        .map_err(StoreError::from);
        let user = match result {
            Ok(row) => from_row(&row)?,
            Err(e) if e.is_unique_violation() => {
                return Err(StoreError::EmailTaken {
                    email: new.email.as_str().to_string(),
                })
            }
            Err(e) => return Err(e),
        };
        if let Some(k) = idem {
            idempotency::record(&mut tx, k, &user.id.to_string(), to_db(self.now())).await?;
        }
        tx.commit().await?;
        Ok((user, false))
    }

    /// How many users exist (zero on a first start).
    pub async fn count_users(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(&mut *self.reader().await?)
            .await?)
    }

    /// A user by id.
    pub async fn user(&self, id: UserId) -> Result<User, StoreError> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM users WHERE id = $1"))
            .bind(id.get())
            .fetch_optional(&mut *self.reader().await?)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("user {id}")))?;
        from_row(&row)
    }

    /// A user by email.
    pub async fn user_by_email(&self, email: &Email) -> Result<User, StoreError> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM users WHERE email = $1"))
            .bind(email.as_str())
            .fetch_optional(&mut *self.reader().await?)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("user {}", email.as_str())))?;
        from_row(&row)
    }

    /// Several users by id, for showing names next to ids. Unknown ids are skipped.
    pub async fn users_by_ids(&self, ids: &[UserId]) -> Result<Vec<User>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT {COLUMNS} FROM users WHERE id IN ({})",
            placeholders.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for id in ids {
            q = q.bind(id.get());
        }
        q.fetch_all(&mut *self.reader().await?)
            .await?
            .iter()
            .map(from_row)
            .collect()
    }

    /// Users in id order, `limit` after the cursor.
    pub async fn list_users(&self, after: UserId, limit: i64) -> Result<Vec<User>, StoreError> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM users WHERE id > $1 ORDER BY id LIMIT $2"
        ))
        .bind(after.get())
        .bind(limit)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(from_row)
        .collect()
    }

    /// Changes a user's role or active flag.
    pub async fn update_user(
        &self,
        id: UserId,
        role: Option<UserRole>,
        active: Option<bool>,
    ) -> Result<User, StoreError> {
        let row = sqlx::query(&format!(
            "UPDATE users SET role = COALESCE($2, role), active = COALESCE($3, active) WHERE id = $1 RETURNING {COLUMNS}"
        ))
        .bind(id.get())
        .bind(role.map(|r| r.as_str()))
        .bind(active.map(|a| a as i64))
        .fetch_optional(&mut *self.writer().await?)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("user {id}")))?;
        if active == Some(false) {
            self.end_sessions(id).await?;
        }
        from_row(&row)
    }

    /// Sets a user's password.
    pub async fn set_password(
        &self,
        id: UserId,
        password: &crate::secrets::Secret,
    ) -> Result<(), StoreError> {
        let hash = self.inner.passwords.hash(password.expose()).await?;
        let done = sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
            .bind(id.get())
            .bind(hash)
            .execute(&mut *self.writer().await?)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("user {id}")));
        }
        Ok(())
    }

    /// Checks an email and password; `None` when either is wrong or the user is deactivated.
    /// The hash is verified even for unknown emails so timing does not reveal which emails exist.
    pub async fn check_password(
        &self,
        email: &str,
        password: &str,
    ) -> Result<Option<User>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS}, password_hash FROM users WHERE email = $1"
        ))
        .bind(email.trim().to_lowercase())
        .fetch_optional(&mut *self.reader().await?)
        .await?;
        let gate = &self.inner.passwords;
        let Some(row) = row else {
            gate.verify(password, DUMMY_HASH).await?;
            return Ok(None);
        };
        let hash: Option<String> = row.col("password_hash")?;
        let user = from_row(&row)?;
        let ok = match hash {
            Some(h) => gate.verify(password, &h).await?,
            None => false,
        };
        Ok((ok && user.active).then_some(user))
    }
}

/// An argon2 hash of a random string, verified against when the email is unknown.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$1cm9wFnQ8ZbZ8Yd1QAm2rFg3vNgyN2zlwVSW3qSxEmE";
