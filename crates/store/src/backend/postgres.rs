//! PostgreSQL: several instances may share the database. Writes run concurrently on a pool and
//! lock the rows they change; commits are announced with `NOTIFY` so every instance's event
//! bus and job workers hear of them; startup work takes an advisory lock.

use super::{Backend, Begun, BoxFuture, Counters, Dialect, Opened};
use crate::connections::Connections;
use crate::plan::{Arg, Stmt};
use crate::{StoreError, StoreOptions};
use sqlx::any::AnyPoolOptions;
use sqlx::{AnyConnection, Connection};
use std::time::Duration;

/// A pooled connection idle longer than this is pinged before it is handed out.
const PING_IF_IDLE_FOR: Duration = Duration::from_secs(1);

/// The PostgreSQL backend.
pub(crate) struct Postgres {
    url: String,
}

pub(super) async fn open(opts: &StoreOptions) -> Result<Opened, StoreError> {
    let pool = AnyPoolOptions::new()
        .max_connections(opts.max_connections.max(2))
        .acquire_timeout(Duration::from_secs(10))
        // The pool's own test pings every connection it hands out: a round trip before every
        // query, the most expensive step of a write batch under load (bench/RESULTS.md). A
        // connection back from use moments ago was alive then (the pool pings each one it
        // takes back, too); only one idle for a while, which may have died with a restarted
        // server, is pinged first.
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for > PING_IF_IDLE_FOR {
                    conn.ping().await?;
                }
                Ok(true)
            })
        })
        .connect(&opts.url)
        .await?;
    Ok(Opened {
        backend: Box::new(Postgres {
            url: opts.url.clone(),
        }),
        write: Connections::Pool(pool.clone()),
        read: Connections::Pool(pool),
    })
}

impl Backend for Postgres {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn for_update(&self) -> &'static str {
        " FOR UPDATE"
    }

    fn skip_locked(&self) -> &'static str {
        " FOR UPDATE SKIP LOCKED"
    }

    fn owns_database(&self) -> bool {
        // Another instance's change would not reach this one's copies.
        false
    }

    fn announce(&self, channel: &'static str, payload: String) -> Option<Stmt> {
        // Sent at COMMIT, and only if it commits.
        Some(Stmt::new(
            "SELECT pg_notify($1, $2)",
            vec![Arg::Str(channel.into()), Arg::Str(payload)],
        ))
    }

    fn begin_batch<'a>(
        &'a self,
        conn: &'a mut AnyConnection,
        selects: &'a [String],
    ) -> BoxFuture<'a, Result<Begun, StoreError>> {
        Box::pin(async move {
            // One round trip: statements without parameters travel together in one simple
            // query. The counters' row stays locked until COMMIT, so ids follow commit order
            // and a rolled-back batch gives its numbers back; it is locked before the rows the
            // batch changes, in every batch, so two never wait on each other in a circle.
            let mut sql = format!("BEGIN; {} FOR UPDATE", super::COUNTERS_SELECT);
            for select in selects {
                sql.push_str("; ");
                sql.push_str(select);
            }
            let mut each = super::fetch_each(conn, &sql).await?.into_iter();
            let _begin = each.next();
            let counters = super::counters_from(&each.next().unwrap_or_default())?;
            Ok(Begun {
                opening: None,
                counters,
                rows: each.collect(),
            })
        })
    }

    fn keep_counters(&self, _counters: Counters) {
        // Other instances take ids too: the counters' row is the truth.
    }

    fn run<'a>(
        &'a self,
        conn: &'a mut AnyConnection,
        stmts: Vec<Stmt>,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(async move {
            for s in super::postgres_combine::combine(stmts) {
                let (sql, args) = s.into_parts();
                sqlx::query_with(&sql, crate::plan::arguments(args))
                    .execute(&mut *conn)
                    .await?;
            }
            Ok(())
        })
    }

    fn document_lock<'a>(
        &'a self,
        conn: &'a mut AnyConnection,
        document: i64,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(async move {
            // The two-key form: class 2 is "postmortem documents", apart from the startup lock.
            sqlx::query("SELECT pg_advisory_xact_lock(2, CAST($1 AS INTEGER))")
                .bind(document)
                .execute(conn)
                .await?;
            Ok(())
        })
    }

    fn by_position(
        &self,
        sql: &str,
        values: Vec<crate::plan::Arg>,
    ) -> (String, Vec<crate::plan::Arg>) {
        // Numbered placeholders are PostgreSQL's own.
        (sql.to_owned(), values)
    }

    fn alerts_lock<'a>(
        &'a self,
        conn: &'a mut AnyConnection,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(async move {
            // Class 3 is "the alert processor", apart from documents (2) and startup.
            sqlx::query("SELECT pg_advisory_xact_lock(3, 0)")
                .execute(conn)
                .await?;
            Ok(())
        })
    }

    fn startup_lock<'a>(
        &'a self,
        conn: &'a mut AnyConnection,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(async move {
            // Transaction-scoped; any constant shared by all instances works ("gold" in ASCII).
            sqlx::query("SELECT pg_advisory_xact_lock(1735355492)")
                .execute(conn)
                .await?;
            Ok(())
        })
    }

    fn listen<'a>(
        &'a self,
        channels: &'a [&'static str],
    ) -> BoxFuture<'a, Result<Option<sqlx::postgres::PgListener>, StoreError>> {
        Box::pin(async move {
            let mut listener = sqlx::postgres::PgListener::connect(&self.url).await?;
            listener.listen_all(channels.iter().copied()).await?;
            Ok(Some(listener))
        })
    }

    fn claim_sql(&self, ranked: &str, set_running: &str, columns: &str) -> String {
        // Concurrent claimers rank the same rows, so the pick locks and skips rows another
        // claimer holds; its due condition is checked again on the row it locked, so a job
        // claimed and committed meanwhile is left alone. The pick must look the ranked ids
        // up by primary key, never scan the due jobs again: the ids come as an array (with
        // `id IN (...)` a generic plan joins against every due job), and the due condition
        // is a CASE, which no index serves (as a plain OR, a plan made with statistics that
        // lag a storm scans every queued job for it).
        format!(
            "WITH ranked AS ({ranked}), picked AS (\
               SELECT id FROM jobs WHERE id = ANY(ARRAY(SELECT id FROM ranked WHERE rn <= $2)) \
               AND CASE state WHEN 'queued' THEN run_at <= $1 WHEN 'running' THEN lease_until <= $1 ELSE false END \
               ORDER BY run_at, id LIMIT $3 FOR UPDATE SKIP LOCKED) \
             {set_running} WHERE id IN (SELECT id FROM picked) RETURNING {columns}"
        )
    }
}
