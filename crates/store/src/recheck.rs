//! Checking again, in bulk, what a live stream was allowed when it opened: that its token or
//! session still works for an active user, and that the user may still see the incident it
//! follows. One query per few hundred credentials, so re-checking thousands of open streams
//! every few seconds costs a handful of reads; the database being shared, a revocation on one
//! instance closes streams on all of them.

use crate::row::Columns;
use crate::secrets::hash_token;
use crate::sql::SqlBuilder;
use crate::time::to_db;
use crate::users::User;
use crate::{Store, StoreError};
use goldseam_core::policy::{can_view, Visibility};
use goldseam_core::{Actor, IncidentId, UserId, UserRole};
use std::collections::{HashMap, HashSet};

/// Values per `IN (...)` list: well under both databases' limits on bound parameters.
const CHUNK: usize = 500;

/// What a caller authenticated with, stored hashed as the database keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Credential {
    /// An API token's hash.
    Token(String),
    /// A session cookie's hash.
    Session(String),
}

impl Credential {
    /// The credential for a bearer token as sent.
    pub fn token(token: &str) -> Credential {
        Credential::Token(hash_token(token))
    }

    /// The credential for a session cookie as sent.
    pub fn session(cookie: &str) -> Credential {
        Credential::Session(hash_token(cookie))
    }
}

impl Store {
    /// Of `credentials`, those that still authenticate, each with its user as stored now (the
    /// role may have changed). Revoked tokens, ended or expired sessions and deactivated users
    /// are missing from the answer.
    pub async fn still_valid(
        &self,
        credentials: &[Credential],
    ) -> Result<HashMap<Credential, User>, StoreError> {
        let mut tokens = Vec::new();
        let mut sessions = Vec::new();
        for c in credentials {
            match c {
                Credential::Token(h) => tokens.push(h.as_str()),
                Credential::Session(h) => sessions.push(h.as_str()),
            }
        }
        let mut valid = HashMap::new();
        let now = to_db(self.now());
        for chunk in tokens.chunks(CHUNK) {
            let mut q = SqlBuilder::new(
                "SELECT t.token_hash AS credential, u.id, u.email, u.name, u.role, u.created_at
                 FROM api_tokens t JOIN users u ON u.id = t.user_id
                 WHERE t.revoked_at IS NULL AND u.active = 1 AND t.token_hash IN (",
            );
            push_list(&mut q, chunk);
            for (hash, user) in self.users_of(q).await? {
                valid.insert(Credential::Token(hash), user);
            }
        }
        for chunk in sessions.chunks(CHUNK) {
            let mut q = SqlBuilder::new(
                "SELECT s.id_hash AS credential, u.id, u.email, u.name, u.role, u.created_at
                 FROM sessions s JOIN users u ON u.id = s.user_id
                 WHERE u.active = 1 AND s.expires_at > ",
            );
            q.push_bind_i64(now).push(" AND s.id_hash IN (");
            push_list(&mut q, chunk);
            for (hash, user) in self.users_of(q).await? {
                valid.insert(Credential::Session(hash), user);
            }
        }
        Ok(valid)
    }

    /// Of these (actor, incident id) pairs, those where the actor may see the incident now,
    /// by the one rule of `goldseam_core::policy::can_view`. Deleted incidents are not visible.
    pub async fn still_visible(
        &self,
        pairs: &[(Actor, IncidentId)],
    ) -> Result<HashSet<(UserId, IncidentId)>, StoreError> {
        let mut incidents: Vec<IncidentId> = pairs.iter().map(|(_, i)| *i).collect();
        incidents.sort_unstable();
        incidents.dedup();
        let mut private = HashMap::new();
        for chunk in incidents.chunks(CHUNK) {
            let mut q = SqlBuilder::new("SELECT id, private FROM incidents WHERE id IN (");
            for (n, id) in chunk.iter().enumerate() {
                q.push(if n == 0 { "" } else { ", " }).push_bind_id(*id);
            }
            q.push(")");
            let (sql, args) = q.finish();
            for row in sqlx::query_with(&sql, args)
                .fetch_all(&mut *self.reader().await?)
                .await?
            {
                private.insert(row.id::<IncidentId>("id")?, row.flag("private")?);
            }
        }
        let private_ids: Vec<IncidentId> = private
            .iter()
            .filter(|(_, p)| **p)
            .map(|(id, _)| *id)
            .collect();
        let mut participants = HashSet::new();
        for chunk in private_ids.chunks(CHUNK) {
            let mut q = SqlBuilder::new(
                "SELECT incident_id, user_id FROM incident_participants WHERE incident_id IN (",
            );
            for (n, id) in chunk.iter().enumerate() {
                q.push(if n == 0 { "" } else { ", " }).push_bind_id(*id);
            }
            q.push(")");
            let (sql, args) = q.finish();
            for row in sqlx::query_with(&sql, args)
                .fetch_all(&mut *self.reader().await?)
                .await?
            {
                participants.insert((
                    row.id::<UserId>("user_id")?,
                    row.id::<IncidentId>("incident_id")?,
                ));
            }
        }
        Ok(pairs
            .iter()
            .filter(|(actor, incident)| {
                private.get(incident).is_some_and(|p| {
                    can_view(
                        actor,
                        Visibility {
                            private: *p,
                            actor_participates: participants.contains(&(actor.user_id, *incident)),
                        },
                    )
                })
            })
            .map(|(actor, incident)| (actor.user_id, *incident))
            .collect())
    }

    async fn users_of(&self, q: SqlBuilder) -> Result<Vec<(String, User)>, StoreError> {
        let (sql, args) = q.finish();
        let rows = sqlx::query_with(&sql, args)
            .fetch_all(&mut *self.reader().await?)
            .await?;
        rows.iter()
            .map(|row| {
                let role: String = row.col("role")?;
                Ok((
                    row.col("credential")?,
                    User {
                        id: row.id("id")?,
                        email: row.col("email")?,
                        name: row.col("name")?,
                        role: UserRole::parse(&role)
                            .ok_or_else(|| StoreError::Corrupt(format!("user role {role:?}")))?,
                        active: true,
                        created_at: row.time("created_at")?,
                    },
                ))
            })
            .collect()
    }
}

fn push_list(q: &mut SqlBuilder, values: &[&str]) {
    for (n, v) in values.iter().enumerate() {
        q.push(if n == 0 { "" } else { ", " }).push_bind_str(v);
    }
    q.push(")");
}
