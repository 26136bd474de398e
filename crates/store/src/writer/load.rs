//! What a batch reads before it decides, one query each for all its requests: what earlier
//! requests with the same idempotency keys created, the incidents it changes (locked for
//! update), and who takes part in the private ones among them.

use crate::idempotency::IdempotencyKey;
use crate::incidents::state;
use crate::row::Columns;
use crate::sql::SqlBuilder;
use crate::StoreError;
use goldseam_core::{IncidentId, IncidentState, UserId};
use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use std::collections::{HashMap, HashSet};

/// (user, scope, key) of an idempotency key.
pub(super) type KeyId = (UserId, String, String);

pub(super) fn key_id(k: &IdempotencyKey) -> KeyId {
    (k.user_id, k.scope.clone(), k.key.clone())
}

/// Stored keys among `keys`: their request fingerprint and the resource they created.
pub(super) async fn idempotency(
    conn: &mut AnyConnection,
    keys: &[&IdempotencyKey],
) -> Result<HashMap<KeyId, (String, String)>, StoreError> {
    let mut found = HashMap::new();
    if keys.is_empty() {
        return Ok(found);
    }
    let mut q = SqlBuilder::new(
        "SELECT user_id, scope, key, request_hash, resource FROM idempotency_keys WHERE ",
    );
    for (i, k) in keys.iter().enumerate() {
        q.push(if i == 0 { "(" } else { " OR (" })
            .push("user_id = ")
            .push_bind_id(k.user_id)
            .push(" AND scope = ")
            .push_bind_str(&k.scope)
            .push(" AND key = ")
            .push_bind_str(&k.key)
            .push(")");
    }
    let (sql, args) = q.finish();
    for row in sqlx::query_with(&sql, args).fetch_all(&mut *conn).await? {
        found.insert(
            (row.id("user_id")?, row.col("scope")?, row.col("key")?),
            (row.col("request_hash")?, row.col("resource")?),
        );
    }
    Ok(found)
}

/// The statement reading the incidents with these ids, locked for update where writers run
/// concurrently (in id order, so two batches changing the same incidents never wait on each
/// other in a circle); `None` for none. The ids are written into it, integers as Rust prints
/// them, so it has no parameters and can travel with the batch's other first reads.
pub(super) fn incidents_select(ids: &[IncidentId], for_update: &str) -> Option<String> {
    if ids.is_empty() {
        return None;
    }
    let list: Vec<String> = ids.iter().map(|id| id.get().to_string()).collect();
    Some(format!(
        "SELECT {} FROM incidents i WHERE i.id IN ({}) ORDER BY i.id{for_update}",
        state::COLUMNS,
        list.join(", ")
    ))
}

/// The incidents [`incidents_select`] read.
pub(super) fn incidents_from(
    rows: &[AnyRow],
) -> Result<HashMap<IncidentId, IncidentState>, StoreError> {
    let mut found = HashMap::with_capacity(rows.len());
    for row in rows {
        let s = state::from_row(row)?;
        found.insert(s.id, s);
    }
    Ok(found)
}

/// Which of `users` take part in which of the private `incidents`.
pub(super) async fn participants(
    conn: &mut AnyConnection,
    incidents: &[IncidentId],
    users: &[UserId],
) -> Result<HashSet<(IncidentId, UserId)>, StoreError> {
    let mut found = HashSet::new();
    if incidents.is_empty() || users.is_empty() {
        return Ok(found);
    }
    let mut q = SqlBuilder::new(
        "SELECT incident_id, user_id FROM incident_participants WHERE incident_id IN (",
    );
    for (n, id) in incidents.iter().enumerate() {
        q.push(if n == 0 { "" } else { ", " }).push_bind_id(*id);
    }
    q.push(") AND user_id IN (");
    for (n, id) in users.iter().enumerate() {
        q.push(if n == 0 { "" } else { ", " }).push_bind_id(*id);
    }
    q.push(")");
    let (sql, args) = q.finish();
    for row in sqlx::query_with(&sql, args).fetch_all(&mut *conn).await? {
        found.insert((row.id("incident_id")?, row.id("user_id")?));
    }
    Ok(found)
}

/// Whether anyone subscribes to anything (personal or team subscriptions): when nobody does,
/// no event needs a `notify_subscribers` job. Read with the batch's first reads, whatever it
/// holds: asking costs nothing there, and asking later would cost a call.
pub(super) const ANYONE_SUBSCRIBES: &str = "SELECT CASE WHEN EXISTS (SELECT 1 FROM subscriptions) \
     OR EXISTS (SELECT 1 FROM team_subscriptions) THEN 1 ELSE 0 END AS anyone_subscribes";

/// What [`ANYONE_SUBSCRIBES`] read.
pub(super) fn anyone_subscribes_from(rows: &[AnyRow]) -> Result<bool, StoreError> {
    let row = rows
        .first()
        .ok_or_else(|| StoreError::Corrupt("no answer to whether anyone subscribes".into()))?;
    Ok(row.col::<i64>("anyone_subscribes")? != 0)
}
