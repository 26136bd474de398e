//! The configured severities, incident types and roles. Seeded with the defaults on first start,
//! cached in memory (every command checks against it), and refreshed when an admin changes it.

use crate::backend::Backend;
use crate::row::Columns;
use crate::{Store, StoreError};
use goldseam_core::{Catalog, IncidentType, RoleKind, Severity};
use sqlx::{AnyConnection, Connection};
use std::sync::Arc;

/// Inserts the default catalog into empty tables.
pub(crate) async fn seed_defaults(
    conn: &mut AnyConnection,
    backend: &dyn Backend,
) -> Result<(), StoreError> {
    let defaults = Catalog::default();
    let mut tx = conn.begin().await?;
    // Two instances starting on a fresh database would both see empty tables.
    backend.startup_lock(&mut tx).await?;
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM severities")
        .fetch_one(&mut *tx)
        .await?;
    if count == 0 {
        for s in &defaults.severities {
            upsert_severity_in(&mut tx, s).await?;
        }
    }
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM incident_types")
        .fetch_one(&mut *tx)
        .await?;
    if count == 0 {
        for (i, t) in defaults.types.iter().enumerate() {
            upsert_type_in(&mut tx, t, i as i64).await?;
        }
    }
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM role_kinds")
        .fetch_one(&mut *tx)
        .await?;
    if count == 0 {
        for (i, r) in defaults.roles.iter().enumerate() {
            sqlx::query("INSERT INTO role_kinds (key, name, description, single_holder, position) VALUES ($1, $2, $3, $4, $5)")
                .bind(r.key.as_str())
                .bind(&r.name)
                .bind(&r.description)
                .bind(r.single_holder as i64)
                .bind(i as i64)
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

async fn upsert_severity_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    s: &Severity,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO severities (key, name, description, rank, update_every_minutes, postmortem_on) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (key) DO UPDATE SET name = excluded.name, description = excluded.description, rank = excluded.rank, update_every_minutes = excluded.update_every_minutes, postmortem_on = excluded.postmortem_on",
    )
    .bind(s.key.as_str())
    .bind(&s.name)
    .bind(&s.description)
    .bind(s.rank)
    .bind(s.update_every_minutes)
    .bind(s.postmortem_on.map(|status| status.as_str().to_string()))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn upsert_type_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    t: &IncidentType,
    position: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO incident_types (key, name, description, default_private, position) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (key) DO UPDATE SET name = excluded.name, description = excluded.description, default_private = excluded.default_private",
    )
    .bind(t.key.as_str())
    .bind(&t.name)
    .bind(&t.description)
    .bind(t.default_private as i64)
    .bind(position)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Reads the whole catalog.
pub(crate) async fn load(conn: &mut AnyConnection) -> Result<Catalog, StoreError> {
    let severities =
        sqlx::query("SELECT key, name, description, rank, update_every_minutes, postmortem_on FROM severities ORDER BY rank, key")
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|r| {
                Ok(Severity {
                    key: r.key("key")?,
                    name: r.col("name")?,
                    description: r.col("description")?,
                    rank: r.col("rank")?,
                    update_every_minutes: r.col("update_every_minutes")?,
                    postmortem_on: r
                        .col::<Option<String>>("postmortem_on")?
                        .map(|s| goldseam_core::Status::parse("postmortem_on", &s))
                        .transpose()
                        .map_err(|e| StoreError::Corrupt(e.to_string()))?,
                })
            })
            .collect::<Result<_, StoreError>>()?;
    let types = sqlx::query(
        "SELECT key, name, description, default_private FROM incident_types ORDER BY position, key",
    )
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(IncidentType {
            key: r.key("key")?,
            name: r.col("name")?,
            description: r.col("description")?,
            default_private: r.flag("default_private")?,
        })
    })
    .collect::<Result<_, StoreError>>()?;
    let roles = sqlx::query(
        "SELECT key, name, description, single_holder FROM role_kinds ORDER BY position, key",
    )
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(RoleKind {
            key: r.key("key")?,
            name: r.col("name")?,
            description: r.col("description")?,
            single_holder: r.flag("single_holder")?,
        })
    })
    .collect::<Result<_, StoreError>>()?;
    Ok(Catalog {
        severities,
        types,
        roles,
    })
}

impl Store {
    /// The catalog as cached.
    pub fn catalog(&self) -> Arc<Catalog> {
        self.inner
            .catalog
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Re-reads the catalog (after a change, or when another instance may have changed it).
    pub async fn refresh_catalog(&self) -> Result<Arc<Catalog>, StoreError> {
        let fresh = Arc::new(load(&mut *self.reader().await?).await?);
        *self
            .inner
            .catalog
            .write()
            .unwrap_or_else(|e| e.into_inner()) = fresh.clone();
        Ok(fresh)
    }

    /// Adds or changes a severity (admins only; the caller checks).
    pub async fn upsert_severity(&self, s: &Severity) -> Result<Arc<Catalog>, StoreError> {
        let mut conn = self.writer().await?;
        let mut tx = conn.begin().await?;
        upsert_severity_in(&mut tx, s).await?;
        tx.commit().await?;
        self.refresh_catalog().await
    }

    /// Adds or changes an incident type (admins only; the caller checks).
    pub async fn upsert_type(&self, t: &IncidentType) -> Result<Arc<Catalog>, StoreError> {
        let mut conn = self.writer().await?;
        let mut tx = conn.begin().await?;
        let position: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(position), 0) + 1 FROM incident_types")
                .fetch_one(&mut *tx)
                .await?;
        upsert_type_in(&mut tx, t, position).await?;
        tx.commit().await?;
        self.refresh_catalog().await
    }

    /// Adds or changes an incident role (admins only; the caller checks). Built-in roles keep
    /// their holder count, since incidents already rely on it.
    pub async fn upsert_role(&self, r: &RoleKind) -> Result<Arc<Catalog>, StoreError> {
        let builtin = goldseam_core::role::default_roles()
            .into_iter()
            .find(|d| d.key == r.key);
        let single = builtin.map(|b| b.single_holder).unwrap_or(r.single_holder);
        let mut conn = self.writer().await?;
        let mut tx = conn.begin().await?;
        let position: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(position), 0) + 1 FROM role_kinds")
                .fetch_one(&mut *tx)
                .await?;
        sqlx::query(
            "INSERT INTO role_kinds (key, name, description, single_holder, position) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (key) DO UPDATE SET name = excluded.name, description = excluded.description, single_holder = excluded.single_holder",
        )
        .bind(r.key.as_str())
        .bind(&r.name)
        .bind(&r.description)
        .bind(single as i64)
        .bind(position)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.refresh_catalog().await
    }
}
