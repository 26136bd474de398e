//! Published versions, each frozen as the whole document merged at publishing (the document is
//! read-only while published, so nothing changes between the event and the freeze).

use super::document::read_since;
use crate::row::Columns;
use crate::time::to_db;
use crate::{Store, StoreError};
use goldseam_core::{Actor, IncidentId, UserId};
use jiff::Timestamp;

/// A published version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionSummary {
    pub version: i64,
    pub published_at: Timestamp,
    pub published_by: Option<String>,
}

impl Store {
    /// Freezes the document of `r` as `version` (again, if a crash left it half done).
    pub(crate) async fn freeze_version(
        &self,
        r: IncidentId,
        version: i64,
        by: Option<UserId>,
    ) -> Result<(), StoreError> {
        let doc = read_since(&mut *self.reader().await?, r, 0).await?;
        let merged = goldseam_core::postmortem::document::merge_updates(&doc.updates)
            .map_err(|e| StoreError::Corrupt(format!("postmortem {}: {e}", r.reference())))?;
        sqlx::query("INSERT INTO postmortem_versions (incident_id, version, bytes, published_at, published_by) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (incident_id, version) DO UPDATE SET bytes = excluded.bytes")
            .bind(r.get())
            .bind(version)
            .bind(merged)
            .bind(to_db(self.now()))
            .bind(by.map(|u| u.get()))
            .execute(&mut *self.writer().await?)
            .await?;
        Ok(())
    }

    /// The published versions of the postmortem of `r`, oldest first.
    pub async fn postmortem_versions(
        &self,
        actor: &Actor,
        r: IncidentId,
    ) -> Result<Vec<VersionSummary>, StoreError> {
        self.existing_postmortem(actor, r).await?;
        sqlx::query("SELECT v.version, v.published_at, u.name FROM postmortem_versions v LEFT JOIN users u ON u.id = v.published_by WHERE v.incident_id = $1 ORDER BY v.version")
            .bind(r.get())
            .fetch_all(&mut *self.reader().await?)
            .await?
            .iter()
            .map(|row| {
                Ok(VersionSummary { version: row.col("version")?, published_at: row.time("published_at")?, published_by: row.col("name")? })
            })
            .collect()
    }

    /// Version `version` of the postmortem of `r`, as one Yjs update, if it was published.
    pub async fn postmortem_version(
        &self,
        actor: &Actor,
        r: IncidentId,
        version: i64,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        self.existing_postmortem(actor, r).await?;
        let bytes: Option<Vec<u8>> = sqlx::query_scalar(
            "SELECT bytes FROM postmortem_versions WHERE incident_id = $1 AND version = $2",
        )
        .bind(r.get())
        .bind(version)
        .fetch_optional(&mut *self.reader().await?)
        .await?;
        Ok(bytes)
    }
}
