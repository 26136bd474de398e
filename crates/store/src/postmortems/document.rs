//! The postmortem's Yjs document on disk: an append-only log of updates plus one snapshot the
//! log is compacted into. An update is acknowledged only after its row commits. Appends and
//! compactions of one document take its lock (`Backend::document_lock`), and a compaction
//! builds its snapshot from the rows it read in that transaction and deletes exactly those, so
//! an edit another instance persisted meanwhile is never lost.

use crate::row::Columns;
use crate::time::to_db;
use crate::{Store, StoreError};
use goldseam_core::postmortem::document::{DocumentError, MAX_DOCUMENT_BYTES};
use goldseam_core::{Actor, DomainError, IncidentId};
use sqlx::{AnyConnection, Connection};

/// The NOTIFY channel telling other instances a document has new updates ("incident:seq").
pub(crate) const CHANNEL: &str = "goldseam_postmortems";
/// How many updates the log may hold before it is compacted into the snapshot (y-indexeddb's
/// trim size).
pub const COMPACT_AFTER: i64 = 500;

/// A document as stored: the snapshot (when there is one) and the updates after it, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoredDocument {
    /// Snapshot first, then the log.
    pub updates: Vec<Vec<u8>>,
    /// The sequence number of the last update included.
    pub last_seq: i64,
}

/// Document `incident` has updates up to `seq` (heard from this instance or, through
/// PostgreSQL, another one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentNotice {
    pub incident: IncidentId,
    pub seq: i64,
}

fn too_large(e: DocumentError) -> StoreError {
    StoreError::Domain(DomainError::invalid("update", e.to_string()))
}

async fn snapshot(
    conn: &mut AnyConnection,
    r: IncidentId,
) -> Result<Option<(i64, Vec<u8>)>, StoreError> {
    let row =
        sqlx::query("SELECT upto_seq, bytes FROM postmortem_snapshots WHERE incident_id = $1")
            .bind(r.get())
            .fetch_optional(&mut *conn)
            .await?;
    row.map(|row| Ok((row.col("upto_seq")?, row.col("bytes")?)))
        .transpose()
}

/// The document's updates after `after_seq`: the snapshot too when it covers more than that
/// (a compaction deleted rows the caller has not read; applying updates twice is harmless).
pub(crate) async fn read_since(
    conn: &mut AnyConnection,
    r: IncidentId,
    after_seq: i64,
) -> Result<StoredDocument, StoreError> {
    let mut doc = StoredDocument {
        updates: Vec::new(),
        last_seq: after_seq,
    };
    let mut from = after_seq;
    if let Some((upto, bytes)) = snapshot(conn, r).await? {
        if upto > after_seq {
            doc.updates.push(bytes);
            doc.last_seq = upto;
            from = upto;
        }
    }
    let rows = sqlx::query("SELECT seq, bytes FROM postmortem_updates WHERE incident_id = $1 AND seq > $2 ORDER BY seq")
        .bind(r.get())
        .bind(from)
        .fetch_all(&mut *conn)
        .await?;
    for row in rows {
        doc.last_seq = row.col("seq")?;
        doc.updates.push(row.col("bytes")?);
    }
    Ok(doc)
}

/// The last sequence number taken and the document's size in bytes, inside the lock.
async fn extent(conn: &mut AnyConnection, r: IncidentId) -> Result<(i64, i64), StoreError> {
    let row = sqlx::query(
        "SELECT COALESCE((SELECT MAX(seq) FROM postmortem_updates WHERE incident_id = $1), (SELECT upto_seq FROM postmortem_snapshots WHERE incident_id = $1), 0) AS last_seq, COALESCE((SELECT SUM(LENGTH(bytes)) FROM postmortem_updates WHERE incident_id = $1), 0) + COALESCE((SELECT LENGTH(bytes) FROM postmortem_snapshots WHERE incident_id = $1), 0) AS size",
    )
    .bind(r.get())
    .fetch_one(&mut *conn)
    .await?;
    Ok((row.col("last_seq")?, row.col::<i64>("size")?))
}

impl Store {
    /// The whole stored document of `r`. Callers check who may read it (the server does, when a
    /// socket opens and on every read).
    pub async fn postmortem_document(&self, r: IncidentId) -> Result<StoredDocument, StoreError> {
        read_since(&mut *self.reader().await?, r, 0).await
    }

    /// Whether the document of `r` has no content at all (not even its seed).
    pub(crate) async fn document_is_empty(&self, r: IncidentId) -> Result<bool, StoreError> {
        let (last, _) = extent(&mut *self.reader().await?, r).await?;
        Ok(last == 0)
    }

    /// Updates after `after_seq`, for an instance catching up on a notice.
    pub async fn postmortem_updates_since(
        &self,
        r: IncidentId,
        after_seq: i64,
    ) -> Result<StoredDocument, StoreError> {
        read_since(&mut *self.reader().await?, r, after_seq).await
    }

    /// Appends one update (already decoded and checked by the caller) by `actor`, who must be
    /// allowed to edit. Returns its sequence number once it is durable. Refused while the
    /// postmortem is published (amend it first) or when the document would pass its size limit.
    pub async fn append_postmortem_update(
        &self,
        actor: &Actor,
        r: IncidentId,
        bytes: &[u8],
    ) -> Result<i64, StoreError> {
        // Checked on every update, not once per connection: a role or a private incident's
        // participants can change while a socket is open.
        goldseam_core::policy::ensure_can_write(actor)?;
        self.incident(actor, r).await?;
        let seq = {
            let mut conn = self.writer().await?;
            let mut tx = conn.begin().await?;
            self.backend().document_lock(&mut tx, r.get()).await?;
            let state: Option<String> =
                sqlx::query_scalar("SELECT state FROM postmortems WHERE incident_id = $1")
                    .bind(r.get())
                    .fetch_optional(&mut *tx)
                    .await?;
            match state.as_deref() {
                None => {
                    return Err(StoreError::NotFound(format!(
                        "the postmortem of {}",
                        r.reference()
                    )))
                }
                Some("published") => {
                    return Err(DomainError::Conflict(
                        "the postmortem is published: amend it to change it".into(),
                    )
                    .into())
                }
                Some(_) => {}
            }
            let (last, size) = extent(&mut tx, r).await?;
            let total = size as usize + bytes.len();
            if total > MAX_DOCUMENT_BYTES {
                return Err(too_large(DocumentError::TooLarge {
                    what: "the document",
                    size: total,
                    limit: MAX_DOCUMENT_BYTES,
                }));
            }
            let seq = last + 1;
            sqlx::query("INSERT INTO postmortem_updates (incident_id, seq, bytes, user_id, at) VALUES ($1, $2, $3, $4, $5)")
                .bind(r.get())
                .bind(seq)
                .bind(bytes.to_vec())
                .bind(actor.recorded_user().map(|u| u.get()))
                .bind(to_db(self.now()))
                .execute(&mut *tx)
                .await?;
            self.announce_document(&mut tx, r, seq).await?;
            tx.commit().await?;
            seq
        };
        self.document_appended(r, seq);
        if seq % COMPACT_AFTER == 0 {
            self.compact_postmortem(r).await?;
        }
        Ok(seq)
    }

    /// Merges the snapshot and every logged update into a new snapshot and deletes exactly the
    /// rows merged, under the document's lock. Returns how many updates it merged.
    pub async fn compact_postmortem(&self, r: IncidentId) -> Result<usize, StoreError> {
        let mut conn = self.writer().await?;
        let mut tx = conn.begin().await?;
        self.backend().document_lock(&mut tx, r.get()).await?;
        let doc = read_since(&mut tx, r, 0).await?;
        let merged_rows = sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM postmortem_updates WHERE incident_id = $1 AND seq <= $2",
        )
        .bind(r.get())
        .bind(doc.last_seq)
        .fetch_one(&mut *tx)
        .await? as usize;
        if merged_rows == 0 {
            return Ok(0);
        }
        let merged = goldseam_core::postmortem::document::merge_updates(&doc.updates)
            .map_err(|e| StoreError::Corrupt(format!("postmortem {}: {e}", r.reference())))?;
        sqlx::query("INSERT INTO postmortem_snapshots (incident_id, upto_seq, bytes) VALUES ($1, $2, $3) ON CONFLICT (incident_id) DO UPDATE SET upto_seq = excluded.upto_seq, bytes = excluded.bytes")
            .bind(r.get())
            .bind(doc.last_seq)
            .bind(merged)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM postmortem_updates WHERE incident_id = $1 AND seq <= $2")
            .bind(r.get())
            .bind(doc.last_seq)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(merged_rows)
    }

    /// Writes the seed as the document's first update, once: a document that has any content
    /// is left alone, so seeding again changes nothing.
    pub(crate) async fn write_seed(&self, r: IncidentId, seed: &[u8]) -> Result<bool, StoreError> {
        let mut conn = self.writer().await?;
        let mut tx = conn.begin().await?;
        self.backend().document_lock(&mut tx, r.get()).await?;
        let (last, _) = extent(&mut tx, r).await?;
        if last > 0 {
            return Ok(false);
        }
        sqlx::query("INSERT INTO postmortem_updates (incident_id, seq, bytes, user_id, at) VALUES ($1, 1, $2, NULL, $3)")
            .bind(r.get())
            .bind(seed.to_vec())
            .bind(to_db(self.now()))
            .execute(&mut *tx)
            .await?;
        self.announce_document(&mut tx, r, 1).await?;
        tx.commit().await?;
        self.document_appended(r, 1);
        Ok(true)
    }

    async fn announce_document(
        &self,
        conn: &mut AnyConnection,
        r: IncidentId,
        seq: i64,
    ) -> Result<(), StoreError> {
        if let Some(stmt) = self
            .backend()
            .announce(CHANNEL, format!("{}:{seq}", r.get()))
        {
            self.backend().run(conn, vec![stmt]).await?;
        }
        Ok(())
    }

    /// Tells this instance's listeners (the sync hub) about a committed update.
    fn document_appended(&self, r: IncidentId, seq: i64) {
        let _ = self
            .inner
            .document_notices
            .send(DocumentNotice { incident: r, seq });
    }

    /// Notices of committed document updates, from this instance and (on PostgreSQL) others.
    pub fn document_notices(&self) -> tokio::sync::broadcast::Receiver<DocumentNotice> {
        self.inner.document_notices.subscribe()
    }

    /// A notice heard on the NOTIFY channel.
    pub(crate) fn document_announced(&self, payload: &str) {
        let parsed = payload
            .split_once(':')
            .and_then(|(r, seq)| Some((r.parse::<i64>().ok()?, seq.parse::<i64>().ok()?)));
        if let Some((r, seq)) = parsed {
            self.document_appended(IncidentId::from_db(r), seq);
        }
    }
}
