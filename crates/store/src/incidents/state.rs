//! Reading and writing the `incidents` projection row.

use crate::plan::{Arg, Stmt};
use crate::row::Columns;
use crate::time::to_db;
use crate::StoreError;
use goldseam_core::incident::{LastUpdate, RoleHolder};
use goldseam_core::{IncidentId, IncidentState, Status};
use sqlx::any::AnyRow;
use sqlx::AnyConnection;

pub(crate) const COLUMNS: &str = "i.id, i.title, i.summary, i.severity, i.type, i.status, i.private, i.tags, i.roles, i.pinned, \
     i.declared_by, i.declared_at, i.acknowledged_at, i.mitigated_at, i.resolved_at, i.closed_at, i.canceled_at, \
     i.cancel_reason, i.reopened_count, i.last_update, i.updated_at, i.last_seq, i.services, i.postmortem";

pub(crate) fn from_row(r: &AnyRow) -> Result<IncidentState, StoreError> {
    let status: String = r.col("status")?;
    Ok(IncidentState {
        id: r.id("id")?,
        title: r.col("title")?,
        summary: r.col("summary")?,
        severity: r.key("severity")?,
        incident_type: r.key("type")?,
        status: Status::parse("status", &status).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        private: r.flag("private")?,
        tags: r.json("tags")?,
        roles: r.json::<Vec<RoleHolder>>("roles")?,
        pinned: r.json("pinned")?,
        declared_by: r.opt_id("declared_by")?,
        declared_at: r.time("declared_at")?,
        acknowledged_at: r.opt_time("acknowledged_at")?,
        mitigated_at: r.opt_time("mitigated_at")?,
        resolved_at: r.opt_time("resolved_at")?,
        closed_at: r.opt_time("closed_at")?,
        canceled_at: r.opt_time("canceled_at")?,
        cancel_reason: r.col("cancel_reason")?,
        reopened_count: r.col("reopened_count")?,
        last_update: r.opt_json::<LastUpdate>("last_update")?,
        updated_at: r.time("updated_at")?,
        last_seq: r.col("last_seq")?,
        services: r.json("services")?,
        postmortem: r.opt_json("postmortem")?,
    })
}

/// Loads an incident for changing it; `lock` is `" FOR UPDATE"` on PostgreSQL.
pub(crate) async fn load(
    tx: &mut AnyConnection,
    id: IncidentId,
    lock: &str,
) -> Result<Option<IncidentState>, StoreError> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM incidents i WHERE i.id = $1{lock}"
    ))
    .bind(id.get())
    .fetch_optional(&mut *tx)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// The statement writing the whole projection row: inserted on declaration, replaced after a
/// change. One statement shape for both, so a batch's rows go out as one multi-row upsert.
pub(crate) fn save(s: &IncidentState) -> Result<Stmt, StoreError> {
    let sql = "INSERT INTO incidents (title, summary, severity, type, status, private, tags, roles, pinned, declared_by, declared_at, \
         acknowledged_at, mitigated_at, resolved_at, closed_at, canceled_at, cancel_reason, reopened_count, last_update, updated_at, last_seq, id, services, postmortem) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24) \
         ON CONFLICT (id) DO UPDATE SET title = excluded.title, summary = excluded.summary, severity = excluded.severity, \
         type = excluded.type, status = excluded.status, private = excluded.private, tags = excluded.tags, roles = excluded.roles, \
         pinned = excluded.pinned, declared_by = excluded.declared_by, declared_at = excluded.declared_at, \
         acknowledged_at = excluded.acknowledged_at, mitigated_at = excluded.mitigated_at, resolved_at = excluded.resolved_at, \
         closed_at = excluded.closed_at, canceled_at = excluded.canceled_at, cancel_reason = excluded.cancel_reason, \
         reopened_count = excluded.reopened_count, last_update = excluded.last_update, updated_at = excluded.updated_at, \
         last_seq = excluded.last_seq, services = excluded.services, postmortem = excluded.postmortem";
    let opt = |t: Option<jiff::Timestamp>| Arg::OptI64(t.map(to_db));
    Ok(Stmt::new(
        sql,
        vec![
            Arg::Str(s.title.clone()),
            Arg::OptStr(s.summary.clone()),
            Arg::Str(s.severity.to_string()),
            Arg::Str(s.incident_type.to_string()),
            Arg::Str(s.status.as_str().into()),
            Arg::I64(s.private as i64),
            Arg::Str(serde_json::to_string(&s.tags)?),
            Arg::Str(serde_json::to_string(&s.roles)?),
            Arg::Str(serde_json::to_string(&s.pinned)?),
            Arg::opt_id(s.declared_by),
            Arg::I64(to_db(s.declared_at)),
            opt(s.acknowledged_at),
            opt(s.mitigated_at),
            opt(s.resolved_at),
            opt(s.closed_at),
            opt(s.canceled_at),
            Arg::OptStr(s.cancel_reason.clone()),
            Arg::I64(s.reopened_count),
            Arg::OptStr(
                s.last_update
                    .as_ref()
                    .map(serde_json::to_string)
                    .transpose()?,
            ),
            Arg::I64(to_db(s.updated_at)),
            Arg::I64(s.last_seq),
            Arg::id(s.id),
            Arg::Str(serde_json::to_string(&s.services)?),
            Arg::OptStr(
                s.postmortem
                    .as_ref()
                    .map(serde_json::to_string)
                    .transpose()?,
            ),
        ],
    ))
}
