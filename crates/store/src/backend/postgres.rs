//! PostgreSQL: several instances may share the database. Writes run concurrently on a pool and
//! lock the rows they change; commits are announced with `NOTIFY` so every instance's event
//! bus and job workers hear of them; startup work takes an advisory lock.

use super::{Backend, BoxFuture, Counters, Dialect, Opened};
use crate::connections::Connections;
use crate::plan::{Arg, Stmt};
use crate::{StoreError, StoreOptions};
use sqlx::any::AnyPoolOptions;
use sqlx::AnyConnection;
use std::time::Duration;

/// The PostgreSQL backend.
pub(crate) struct Postgres {
    url: String,
}

pub(super) async fn open(opts: &StoreOptions) -> Result<Opened, StoreError> {
    let pool = AnyPoolOptions::new()
        .max_connections(opts.max_connections.max(2))
        .acquire_timeout(Duration::from_secs(10))
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

    fn known_counters<'a>(
        &'a self,
        _conn: &'a mut AnyConnection,
    ) -> BoxFuture<'a, Result<Option<Counters>, StoreError>> {
        // Other instances take ids too: the counters' row is the truth, taken under its lock.
        Box::pin(async { Ok(None) })
    }

    fn keep_counters(&self, _counters: Counters) {}

    fn begin<'a>(
        &'a self,
        conn: &'a mut AnyConnection,
    ) -> BoxFuture<'a, Result<Option<Stmt>, StoreError>> {
        Box::pin(async move {
            sqlx::query("BEGIN").execute(conn).await?;
            Ok(None)
        })
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
