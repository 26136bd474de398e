//! The access audit: every read of a private incident (its page, timeline or live stream) is
//! recorded with who and when, and admins can read the record.

use crate::row::Columns;
use crate::time::to_db;
use crate::{Store, StoreError};
use goldseam_core::{Actor, IncidentId, UserId};
use jiff::Timestamp;

/// How a private incident was accessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Its details were read.
    Read,
    /// Its timeline was read.
    Timeline,
    /// Its live stream was opened.
    Stream,
}

impl Access {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Read => "read",
            Access::Timeline => "timeline",
            Access::Stream => "stream",
        }
    }
}

/// One recorded access.
#[derive(Debug, Clone, PartialEq)]
pub struct AccessRecord {
    /// Increasing id, for paging.
    pub id: i64,
    /// Who.
    pub user_id: UserId,
    /// Their name.
    pub user_name: Option<String>,
    /// How: read, timeline or stream.
    pub action: String,
    /// When.
    pub at: Timestamp,
}

impl Store {
    /// An incident the actor may see, recording the access when it is private.
    pub async fn audited_incident(
        &self,
        actor: &Actor,
        r: IncidentId,
        access: Access,
    ) -> Result<goldseam_core::IncidentState, StoreError> {
        let incident = self.incident(actor, r).await?;
        if incident.private {
            self.record_access(actor, incident.id, access).await?;
        }
        Ok(incident)
    }

    /// Records an access to an incident.
    pub async fn record_access(
        &self,
        actor: &Actor,
        incident_id: IncidentId,
        access: Access,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO access_log (incident_id, user_id, action, at) VALUES ($1, $2, $3, $4)",
        )
        .bind(incident_id.get())
        .bind(actor.user_id.get())
        .bind(access.as_str())
        .bind(to_db(self.now()))
        .execute(&mut *self.writer().await?)
        .await?;
        Ok(())
    }

    /// An incident's access record, oldest first, `limit` after `after` (admins only: the caller
    /// checks).
    pub async fn access_log(
        &self,
        r: IncidentId,
        after: i64,
        limit: i64,
    ) -> Result<Vec<AccessRecord>, StoreError> {
        sqlx::query(
            "SELECT a.id, a.user_id, u.name AS user_name, a.action, a.at FROM access_log a LEFT JOIN users u ON u.id = a.user_id
             WHERE a.incident_id = $1 AND a.id > $2 ORDER BY a.id LIMIT $3",
        )
        .bind(r.get())
        .bind(after)
        .bind(limit)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(|row| {
            Ok(AccessRecord {
                id: row.col("id")?,
                user_id: row.id("user_id")?,
                user_name: row.col("user_name")?,
                action: row.col("action")?,
                at: row.time("at")?,
            })
        })
        .collect()
    }
}
