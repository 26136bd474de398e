//! What the alert processor writes at the end of a batch: the integrations' counters and
//! each request's outcome.

use crate::sql::SqlBuilder;
use crate::StoreError;
use jiff::Timestamp;
use std::collections::HashMap;

/// What a batch adds to an integration's counters.
#[derive(Default)]
pub(super) struct Counts {
    pub received: i64,
    pub deduplicated: i64,
    pub grouped: i64,
    pub rejected: i64,
    pub last_received_at: i64,
}

/// Adds a batch's counts to an integration's counters.
pub(super) async fn write_counts(
    tx: &mut sqlx::AnyConnection,
    id: i64,
    c: &Counts,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE alert_integrations SET received = received + $1, deduplicated = deduplicated + $2, grouped = grouped + $3, rejected = rejected + $4, \
         last_received_at = CASE WHEN $5 > 0 AND (last_received_at IS NULL OR last_received_at < $5) THEN $5 ELSE last_received_at END WHERE id = $6",
    )
    .bind(c.received)
    .bind(c.deduplicated)
    .bind(c.grouped)
    .bind(c.rejected)
    .bind(c.last_received_at)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Marks the batch's requests processed, each with its outcome or error: one statement per
/// chunk (a `VALUES` list both databases join on), not one per request.
pub(super) async fn mark_processed(
    tx: &mut sqlx::AnyConnection,
    backend: &dyn crate::backend::Backend,
    outcomes: &HashMap<i64, Result<Vec<serde_json::Value>, String>>,
    now: Timestamp,
) -> Result<(), StoreError> {
    let all: Vec<(&i64, &Result<Vec<serde_json::Value>, String>)> = outcomes.iter().collect();
    for chunk in all.chunks(300) {
        let mut q = SqlBuilder::new("UPDATE alert_inbox SET processed_at = ");
        q.push_bind_i64(crate::time::to_db(now))
            .push(", outcome = v.column2, error = v.column3 FROM (VALUES ");
        for (n, (id, o)) in chunk.iter().enumerate() {
            let (outcome, error) = match o {
                Ok(list) => (
                    Some(serde_json::Value::from((*list).clone()).to_string()),
                    None,
                ),
                Err(e) => (None, Some(e.as_str())),
            };
            q.push(if n == 0 { "(" } else { ", (" })
                .push_bind_i64(**id)
                .push(", ")
                .push_bind_opt_str(outcome.as_deref())
                .push(", ")
                .push_bind_opt_str(error)
                .push(")");
        }
        q.push(") AS v WHERE alert_inbox.id = v.column1");
        let (sql, args) = q.finish_for(backend);
        sqlx::query_with(&sql, args).execute(&mut *tx).await?;
    }
    Ok(())
}
