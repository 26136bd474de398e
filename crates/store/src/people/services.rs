//! The service catalog: what runs, what it is for, and which team owns it.

use super::teams::unique_as;
use crate::row::Columns;
use crate::time::to_db;
use crate::{Named, Store, StoreError};
use goldseam_core::people::{Description, Name};
use goldseam_core::{DomainError, ServiceId, Tag, TeamId};
use jiff::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Connection};

/// A service in the catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// Its id.
    pub id: ServiceId,
    /// Its name, unique ignoring case.
    pub name: String,
    /// What it does; may be empty.
    pub description: String,
    /// The owning team.
    pub team_id: TeamId,
    /// The owning team's name.
    pub team_name: String,
    /// Its tags, sorted.
    pub tags: Vec<Tag>,
    /// Created at.
    pub created_at: Timestamp,
    /// Last changed at.
    pub updated_at: Timestamp,
}

/// A service to add.
#[derive(Debug, Clone)]
pub struct NewService {
    /// Its name.
    pub name: Name,
    /// What it does.
    pub description: Description,
    /// The owning team; must exist.
    pub team_id: TeamId,
    /// Its tags (duplicates are dropped).
    pub tags: Vec<Tag>,
}

/// Changes to a service; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ServiceChange {
    /// A new name.
    pub name: Option<Name>,
    /// A new description.
    pub description: Option<Description>,
    /// A new owning team; must exist.
    pub team_id: Option<TeamId>,
    /// New tags, replacing the old ones.
    pub tags: Option<Vec<Tag>>,
}

const COLUMNS: &str =
    "s.id, s.name, s.description, s.team_id, t.name AS team_name, s.tags, s.created_at, s.updated_at";
const FROM: &str = "FROM services s JOIN teams t ON t.id = s.team_id";

fn from_row(r: &AnyRow) -> Result<Service, StoreError> {
    let tags: String = r.col("tags")?;
    Ok(Service {
        id: r.id("id")?,
        name: r.col("name")?,
        description: r.col("description")?,
        team_id: r.id("team_id")?,
        team_name: r.col("team_name")?,
        tags: serde_json::from_str(&tags)?,
        created_at: r.time("created_at")?,
        updated_at: r.time("updated_at")?,
    })
}

fn tags_json(tags: &[Tag]) -> Result<String, StoreError> {
    let mut tags = tags.to_vec();
    tags.sort();
    tags.dedup();
    Ok(serde_json::to_string(&tags)?)
}

fn name_taken(name: &str) -> StoreError {
    StoreError::NameTaken {
        what: Named::Service,
        name: name.to_string(),
    }
}

async fn service_in(conn: &mut AnyConnection, id: ServiceId) -> Result<Service, StoreError> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} {FROM} WHERE s.id = $1"))
        .bind(id.get())
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("service {id}")))?;
    from_row(&row)
}

async fn ensure_team(conn: &mut AnyConnection, team_id: TeamId) -> Result<(), StoreError> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM teams WHERE id = $1")
        .bind(team_id.get())
        .fetch_optional(&mut *conn)
        .await?;
    match found {
        Some(_) => Ok(()),
        None => Err(DomainError::invalid(
            "team_id",
            format!("no team has id {team_id}; see GET /api/v1/teams"),
        )
        .into()),
    }
}

async fn ensure_name_free(
    conn: &mut AnyConnection,
    name: &Name,
    except: Option<ServiceId>,
) -> Result<(), StoreError> {
    let taken: Option<i64> =
        sqlx::query_scalar("SELECT id FROM services WHERE name_key = $1 AND id <> $2")
            .bind(name.key())
            .bind(except.map_or(0, ServiceId::get))
            .fetch_optional(&mut *conn)
            .await?;
    match taken {
        Some(_) => Err(name_taken(name.as_str())),
        None => Ok(()),
    }
}

impl Store {
    /// Adds a service; an unknown team is refused under `team_id`, a name taken is a conflict.
    pub async fn create_service(&self, new: &NewService) -> Result<Service, StoreError> {
        let now = self.now();
        let mut conn = self.writer().await?;
        let mut tx = conn.begin().await?;
        ensure_team(&mut tx, new.team_id).await?;
        ensure_name_free(&mut tx, &new.name, None).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO services (name, name_key, description, team_id, tags, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
        )
        .bind(new.name.as_str())
        .bind(new.name.key())
        .bind(new.description.as_str())
        .bind(new.team_id.get())
        .bind(tags_json(&new.tags)?)
        .bind(to_db(now))
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| unique_as(e, || name_taken(new.name.as_str())))?;
        let service = service_in(&mut tx, ServiceId::from_db(id)).await?;
        tx.commit().await?;
        Ok(service)
    }

    /// A service.
    pub async fn service(&self, id: ServiceId) -> Result<Service, StoreError> {
        service_in(&mut *self.reader().await?, id).await
    }

    /// Services by id after `after`, at most `limit`; only those owned by `team_id` if given.
    pub async fn list_services(
        &self,
        team_id: Option<TeamId>,
        after: ServiceId,
        limit: i64,
    ) -> Result<Vec<Service>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} {FROM} WHERE s.id > $1 AND ($2 = 0 OR s.team_id = $2) ORDER BY s.id LIMIT $3"
        ))
        .bind(after.get())
        .bind(team_id.map_or(0, TeamId::get))
        .bind(limit)
        .fetch_all(&mut *self.reader().await?)
        .await?;
        rows.iter().map(from_row).collect()
    }

    /// Changes a service.
    pub async fn update_service(
        &self,
        id: ServiceId,
        change: &ServiceChange,
    ) -> Result<Service, StoreError> {
        let now = self.now();
        let mut conn = self.writer().await?;
        let mut tx = conn.begin().await?;
        let current = service_in(&mut tx, id).await?;
        if let Some(team_id) = change.team_id {
            ensure_team(&mut tx, team_id).await?;
        }
        if let Some(name) = &change.name {
            ensure_name_free(&mut tx, name, Some(id)).await?;
        }
        let name = change
            .name
            .as_ref()
            .map_or(current.name, |n| n.as_str().to_string());
        let tags = match &change.tags {
            Some(t) => tags_json(t)?,
            None => tags_json(&current.tags)?,
        };
        sqlx::query(
            "UPDATE services SET name = $1, name_key = $2, description = $3, team_id = $4, tags = $5, updated_at = $6 WHERE id = $7",
        )
        .bind(&name)
        .bind(name.to_lowercase())
        .bind(
            change
                .description
                .as_ref()
                .map_or(current.description, |d| d.as_str().to_string()),
        )
        .bind((change.team_id.unwrap_or(current.team_id)).get())
        .bind(tags)
        .bind(to_db(now))
        .bind(id.get())
        .execute(&mut *tx)
        .await
        .map_err(|e| unique_as(e, || name_taken(&name)))?;
        let service = service_in(&mut tx, id).await?;
        tx.commit().await?;
        Ok(service)
    }

    /// Removes a service from the catalog.
    pub async fn delete_service(&self, id: ServiceId) -> Result<(), StoreError> {
        let mut conn = self.writer().await?;
        let mut tx = conn.begin().await?;
        let done = sqlx::query("DELETE FROM services WHERE id = $1")
            .bind(id.get())
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("service {id}")));
        }
        crate::subscriptions::forget_followers_of(
            &mut tx,
            &goldseam_core::SubscriptionTarget::Service(id),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
