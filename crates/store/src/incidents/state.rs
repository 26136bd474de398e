//! Reading and writing the `incidents` projection row.

use crate::plan::{Arg, Stmt};
use crate::row::Columns;
use crate::time::to_db;
use crate::StoreError;
use goldseam_core::incident::{LastUpdate, RoleHolder};
use goldseam_core::{IncidentState, Status};
use sqlx::any::AnyRow;
use sqlx::AnyConnection;

pub(crate) const COLUMNS: &str = "i.id, i.title, i.summary, i.severity, i.type, i.status, i.private, i.tags, i.roles, i.pinned, \
     i.declared_by, i.declared_at, i.acknowledged_at, i.mitigated_at, i.resolved_at, i.closed_at, i.canceled_at, \
     i.cancel_reason, i.reopened_count, i.last_update, i.updated_at, i.last_seq, i.services";

pub(crate) fn from_row(r: &AnyRow) -> Result<IncidentState, StoreError> {
    let status: String = r.col("status")?;
    Ok(IncidentState {
        id: r.col("id")?,
        title: r.col("title")?,
        summary: r.col("summary")?,
        severity: r.col("severity")?,
        incident_type: r.col("type")?,
        status: Status::parse("status", &status).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        private: r.flag("private")?,
        tags: r.json("tags")?,
        roles: r.json::<Vec<RoleHolder>>("roles")?,
        pinned: r.json("pinned")?,
        declared_by: r.col("declared_by")?,
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
    })
}

/// Loads an incident for changing it; `lock` is `" FOR UPDATE"` on PostgreSQL.
pub(crate) async fn load(
    tx: &mut AnyConnection,
    id: i64,
    lock: &str,
) -> Result<Option<IncidentState>, StoreError> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM incidents i WHERE i.id = $1{lock}"
    ))
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// The statement writing the whole projection row, inserting it on declaration.
pub(crate) fn save(s: &IncidentState, insert: bool) -> Result<Stmt, StoreError> {
    let sql = if insert {
        "INSERT INTO incidents (title, summary, severity, type, status, private, tags, roles, pinned, declared_by, declared_at, \
         acknowledged_at, mitigated_at, resolved_at, closed_at, canceled_at, cancel_reason, reopened_count, last_update, updated_at, last_seq, id, services) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)"
    } else {
        "UPDATE incidents SET title = $1, summary = $2, severity = $3, type = $4, status = $5, private = $6, tags = $7, roles = $8, \
         pinned = $9, declared_by = $10, declared_at = $11, acknowledged_at = $12, mitigated_at = $13, resolved_at = $14, \
         closed_at = $15, canceled_at = $16, cancel_reason = $17, reopened_count = $18, last_update = $19, updated_at = $20, \
         last_seq = $21, services = $23 WHERE id = $22"
    };
    let opt = |t: Option<jiff::Timestamp>| Arg::OptI64(t.map(to_db));
    Ok(Stmt::new(
        sql,
        vec![
            Arg::Str(s.title.clone()),
            Arg::OptStr(s.summary.clone()),
            Arg::Str(s.severity.clone()),
            Arg::Str(s.incident_type.clone()),
            Arg::Str(s.status.as_str().into()),
            Arg::I64(s.private as i64),
            Arg::Str(serde_json::to_string(&s.tags)?),
            Arg::Str(serde_json::to_string(&s.roles)?),
            Arg::Str(serde_json::to_string(&s.pinned)?),
            Arg::OptI64(s.declared_by),
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
            Arg::I64(s.id),
            Arg::Str(serde_json::to_string(&s.services)?),
        ],
    ))
}
