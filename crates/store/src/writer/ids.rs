//! Taking a batch's event ids and incident numbers. Ids follow commit order and INC numbers have
//! no gaps: where several writers run (PostgreSQL), the counters' row is locked from here to
//! COMMIT; where the single writer owns the database (SQLite), it knows the counters from its
//! last commit and writes their new values with the batch.

use crate::backend::{Backend, Counters};
use crate::plan::{Arg, Plan, Stmt};
use crate::row::Columns;
use crate::StoreError;
use sqlx::AnyConnection;
use std::collections::HashMap;

/// Takes `events` ids and `declared` numbers for a batch whose statements go into `plan`;
/// returns the last ones taken before.
pub(super) async fn take(
    backend: &dyn Backend,
    conn: &mut AnyConnection,
    plan: &mut Plan,
    events: i64,
    declared: i64,
) -> Result<Counters, StoreError> {
    match backend.known_counters(conn).await? {
        Some(known) => {
            // The single writer knows them: their new values go out with the plan.
            plan.push(save_counters(Counters {
                event: known.event + events,
                incident: known.incident + declared,
            }));
            Ok(known)
        }
        None => take_ids(conn, backend.for_update(), events, declared).await,
    }
}

/// Takes `events` event ids and `incidents` incident numbers from the counters under their
/// row lock; returns the last ones taken before. Ids follow commit order: the counters' row is locked (or the single
/// writer held) from here to COMMIT, so no later transaction can take ids and commit first;
/// and a rolled-back batch gives its numbers back, so INC numbers have no gaps.
async fn take_ids(
    conn: &mut AnyConnection,
    for_update: &str,
    events: i64,
    incidents: i64,
) -> Result<Counters, StoreError> {
    // Both rows locked in name order, so two batches never wait on each other in a circle.
    let sql = format!(
        "UPDATE counters SET value = value + CASE name WHEN 'event' THEN $1 ELSE $2 END \
         WHERE name IN (SELECT name FROM counters WHERE name IN ('event', 'incident') ORDER BY name{for_update}) \
         RETURNING name, value"
    );
    let rows = sqlx::query_with(
        &sql,
        crate::plan::arguments(vec![Arg::I64(events), Arg::I64(incidents)]),
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut counters = HashMap::new();
    for row in &rows {
        counters.insert(row.col::<String>("name")?, row.col::<i64>("value")?);
    }
    let value = |name: &str| {
        counters
            .get(name)
            .copied()
            .ok_or_else(|| StoreError::Corrupt(format!("the {name} counter is missing")))
    };
    Ok(Counters {
        event: value("event")? - events,
        incident: value("incident")? - incidents,
    })
}

/// The statement setting the counters to what a batch took (where they were known already).
fn save_counters(c: Counters) -> Stmt {
    Stmt::new(
        "UPDATE counters SET value = CASE name WHEN 'event' THEN $1 ELSE $2 END WHERE name IN ('event', 'incident')",
        vec![Arg::I64(c.event), Arg::I64(c.incident)],
    )
}
