//! SQLite's write path. SQLite has one writer connection, and its driver hands every call to a
//! worker thread: those round trips, not the SQL, are what a write costs (bench/RESULTS.md). So
//! a write here is two calls: `BEGIN IMMEDIATE` with the read of the state and the counters,
//! then one script with every write and `COMMIT`. The single writer makes the counters read at
//! the start safe to advance at the end.
//!
//! The transaction is driven by hand, so it runs on a task of its own (a client that hangs up
//! cannot cancel it halfway) and any error rolls back before the connection is returned.

use super::persist::{event_records, event_statements, index_statements};
use super::state::{self, COLUMNS};
use super::write::{apply_provisionally, not_found};
use super::Change;
use crate::connections::Conn;
use crate::idempotency::{self, IdempotencyKey};
use crate::plan::{Arg, Plan, Stmt};
use crate::{Dialect, Store, StoreError};
use goldseam_core::{Actor, EventPayload, EventRecord, IncidentRef, IncidentState};
use sqlx::{AnyConnection, Row};

/// What a write produced, or the resource an earlier request with its idempotency key created.
type Written = Result<(IncidentState, Vec<EventRecord>), String>;

impl Store {
    pub(super) async fn single_writer_declare(
        &self,
        actor: &Actor,
        payloads: Vec<EventPayload>,
        idem: Option<&IdempotencyKey>,
        responds: bool,
    ) -> Result<Written, StoreError> {
        let (store, actor, idem) = (self.clone(), actor.clone(), idem.cloned());
        run_to_completion(async move {
            let mut conn = store.writer().await?;
            if let Some(resource) = earlier(&mut conn, idem.as_ref()).await? {
                return Ok(Err(resource));
            }
            let written = store
                .declare_in(&mut conn, &actor, &payloads, idem.as_ref(), responds)
                .await;
            settle(&mut conn, written).await.map(Ok)
        })
        .await
    }

    pub(super) async fn single_writer_change(
        &self,
        actor: &Actor,
        r: IncidentRef,
        changes: &[Change],
        idem: Option<&IdempotencyKey>,
        skip_unchanged: bool,
    ) -> Result<Written, StoreError> {
        let (store, actor, changes, idem) =
            (self.clone(), actor.clone(), changes.to_vec(), idem.cloned());
        run_to_completion(async move {
            let mut conn = store.writer().await?;
            if let Some(resource) = earlier(&mut conn, idem.as_ref()).await? {
                return Ok(Err(resource));
            }
            let written = store
                .change_in(
                    &mut conn,
                    &actor,
                    r,
                    &changes,
                    idem.as_ref(),
                    skip_unchanged,
                )
                .await;
            settle(&mut conn, written).await.map(Ok)
        })
        .await
    }

    async fn declare_in(
        &self,
        conn: &mut AnyConnection,
        actor: &Actor,
        payloads: &[EventPayload],
        idem: Option<&IdempotencyKey>,
        responds: bool,
    ) -> Result<(IncidentState, Vec<EventRecord>), StoreError> {
        // fetch_all, not fetch_one: the driver counts BEGIN's empty result as the first answer.
        let counters: Vec<(i64, i64)> = sqlx::query_as(
            "BEGIN IMMEDIATE; SELECT (SELECT value FROM counters WHERE name = 'incident'), (SELECT value FROM counters WHERE name = 'event')",
        )
        .fetch_all(&mut *conn)
        .await?;
        let (incidents, events) = *counters
            .first()
            .ok_or(StoreError::Corrupt("the counters are missing".into()))?;
        let number = incidents + 1;
        let now = self.now();
        let mut incident = IncidentState::new(number, now);
        apply_provisionally(&mut incident, payloads, actor, now);
        let mut plan = Plan::new(Dialect::Sqlite);
        plan.push(state::save(&incident, true)?);
        plan.extend(self.idempotency_record(idem, &incident, payloads.len()));
        index_statements(&mut plan, None, &incident, payloads, actor);
        let records = event_records(&incident, payloads, actor, events);
        event_statements(&mut plan, &records, actor.recorded_user());
        plan.push(Stmt::new(
            "UPDATE counters SET value = $1 WHERE name = 'incident'",
            vec![Arg::I64(number)],
        ));
        if responds {
            // The response (pages, roles) runs as a job written with the declaration.
            plan.extend(crate::jobs::enqueue_statements(
                Dialect::Sqlite,
                &[crate::response::respond_job(number)],
                now,
            ));
        }
        self.commit(conn, plan, &records).await?;
        Ok((incident, records))
    }

    async fn change_in(
        &self,
        conn: &mut AnyConnection,
        actor: &Actor,
        r: IncidentRef,
        changes: &[Change],
        idem: Option<&IdempotencyKey>,
        skip_unchanged: bool,
    ) -> Result<(IncidentState, Vec<EventRecord>), StoreError> {
        let sql = format!("BEGIN IMMEDIATE; SELECT {COLUMNS}, (SELECT value FROM counters WHERE name = 'event') FROM incidents i WHERE i.id = $1");
        let rows = sqlx::query(&sql).bind(r.0).fetch_all(&mut *conn).await?;
        let row = rows.first().ok_or_else(|| not_found(r))?;
        let before = state::from_row(row)?;
        // The event counter follows the incident's columns (state::COLUMNS).
        let events: i64 = row.try_get(23)?;
        if !self.visible_in(conn, actor, &before).await? {
            return Err(not_found(r));
        }
        let (incident, payloads) = self
            .decide_all(conn, &before, changes, actor, skip_unchanged)
            .await?;
        if payloads.is_empty() {
            sqlx::query("COMMIT").execute(&mut *conn).await?;
            return Ok((incident, Vec::new()));
        }
        let mut plan = Plan::new(Dialect::Sqlite);
        plan.push(state::save(&incident, false)?);
        plan.extend(self.idempotency_record(idem, &incident, payloads.len()));
        index_statements(&mut plan, Some(&before), &incident, &payloads, actor);
        let records = event_records(&incident, &payloads, actor, events);
        event_statements(&mut plan, &records, actor.recorded_user());
        self.commit(conn, plan, &records).await?;
        Ok((incident, records))
    }

    /// Advances the event counter and commits, in the same script as the writes.
    async fn commit(
        &self,
        conn: &mut AnyConnection,
        mut plan: Plan,
        records: &[EventRecord],
    ) -> Result<(), StoreError> {
        let last_id = records.last().map(|r| r.id).unwrap_or(0);
        let notify = self.subscriber_jobs(conn, records).await?;
        let notifies = !notify.is_empty();
        plan.extend(notify);
        plan.push(Stmt::new(
            "UPDATE counters SET value = $1 WHERE name = 'event'",
            vec![Arg::I64(last_id)],
        ));
        plan.push(Stmt::new("COMMIT", Vec::new()));
        plan.flush(conn).await?;
        self.inner.bus.committed(last_id);
        if notifies {
            self.jobs_committed();
        }
        Ok(())
    }
}

/// The resource an earlier request with this key created, looked up before the transaction
/// (the single writer is held, so nothing can record it in between).
async fn earlier(
    conn: &mut AnyConnection,
    idem: Option<&IdempotencyKey>,
) -> Result<Option<String>, StoreError> {
    match idem {
        Some(k) => idempotency::lookup(conn, k).await,
        None => Ok(None),
    }
}

/// After a failed write, rolls back whatever the transaction did; a connection that cannot
/// roll back is closed rather than handed to the next writer mid-transaction.
async fn settle<T>(conn: &mut Conn<'_>, written: Result<T, StoreError>) -> Result<T, StoreError> {
    if written.is_err() {
        if let Err(e) = sqlx::query("ROLLBACK").execute(&mut **conn).await {
            if !e.to_string().contains("no transaction is active") {
                tracing::error!(error = %e, "could not roll back a failed write; replacing the connection");
                conn.discard().await;
            }
        }
    }
    written
}

/// Runs a write on a task of its own, so that dropping the request cannot stop it between
/// BEGIN and COMMIT.
async fn run_to_completion<T: Send + 'static>(
    write: impl std::future::Future<Output = Result<T, StoreError>> + Send + 'static,
) -> Result<T, StoreError> {
    tokio::spawn(write)
        .await
        .map_err(|e| StoreError::Corrupt(format!("a write task failed: {e}")))?
}
