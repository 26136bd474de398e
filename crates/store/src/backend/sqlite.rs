//! SQLite: one process owns the file. All writes go through one connection, so they never
//! collide and never need row locks; reads go through a few others beside it (WAL). The
//! driver hands every call to a worker thread, and those hand-offs, not the SQL, are what a
//! write costs (bench/RESULTS.md): a plan runs as one multi-statement script.

use super::{Backend, Begun, BoxFuture, Counters, Dialect, Opened};
use crate::connections::Connections;
use crate::plan::{Arg, Stmt};
use crate::{StoreError, StoreOptions};
use sqlx::any::AnyArguments;
use sqlx::AnyConnection;
use std::sync::Mutex;

/// The SQLite backend.
#[derive(Default)]
pub(crate) struct Sqlite {
    /// The counters as the single writer last committed them: reading them back would cost a
    /// call to the driver's thread per batch. Should anything else write the file (it must
    /// not), a stale value only makes a batch hit the events' primary key and fail, after
    /// which the counters are read again.
    counters: Mutex<Option<Counters>>,
}

pub(super) async fn open(opts: &StoreOptions) -> Result<Opened, StoreError> {
    let sync = match opts.sqlite_synchronous.to_ascii_lowercase().as_str() {
        "full" => "FULL",
        "normal" => "NORMAL",
        other => {
            return Err(StoreError::Config(format!(
                "sqlite_synchronous is {other:?}; use \"normal\" or \"full\""
            )))
        }
    };
    let write = Connections::sqlite(&opts.url, sync, 1).await?;
    let readers = opts.max_connections.clamp(1, 8) as usize;
    let read = Connections::sqlite(&opts.url, sync, readers).await?;
    Ok(Opened {
        backend: Box::new(Sqlite::default()),
        write,
        read,
    })
}

impl Backend for Sqlite {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn for_update(&self) -> &'static str {
        ""
    }

    fn skip_locked(&self) -> &'static str {
        ""
    }

    fn owns_database(&self) -> bool {
        true
    }

    fn announce(&self, _channel: &'static str, _payload: String) -> Option<Stmt> {
        None
    }

    fn begin_batch<'a>(
        &'a self,
        conn: &'a mut AnyConnection,
        selects: &'a [String],
    ) -> BoxFuture<'a, Result<Begun, StoreError>> {
        Box::pin(async move {
            let known = self
                .counters
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .take();
            // The batch holds the only writer connection, so its reads need no transaction to
            // stay true until it writes, and nothing can take ids meanwhile; the transaction
            // spans the script alone, one call to the driver's thread fewer. IMMEDIATE takes
            // the write lock at once: a reader connection checkpointing cannot make a write
            // fail with SQLITE_BUSY halfway through.
            let mut statements: Vec<&str> = Vec::new();
            if known.is_none() {
                statements.push(super::COUNTERS_SELECT);
            }
            statements.extend(selects.iter().map(String::as_str));
            let sql = statements.join(";\n");
            let mut each = if sql.is_empty() {
                Vec::new()
            } else {
                super::fetch_each(conn, &sql).await?
            }
            .into_iter();
            let counters = match known {
                Some(known) => known,
                None => super::counters_from(&each.next().unwrap_or_default())?,
            };
            let rows = each.collect();
            Ok(Begun {
                opening: Some(Stmt::new("BEGIN IMMEDIATE", Vec::new())),
                counters,
                rows,
            })
        })
    }

    fn keep_counters(&self, counters: Counters) {
        *self.counters.lock().unwrap_or_else(|e| e.into_inner()) = Some(counters);
    }

    fn run<'a>(
        &'a self,
        conn: &'a mut AnyConnection,
        stmts: Vec<Stmt>,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(async move {
            if stmts.is_empty() {
                return Ok(());
            }
            let (sql, args) = script(stmts);
            // Not cached: scripts vary with the number of statements.
            sqlx::query_with(&sql, args)
                .persistent(false)
                .execute(conn)
                .await?;
            Ok(())
        })
    }

    fn document_lock<'a>(
        &'a self,
        _conn: &'a mut AnyConnection,
        _document: i64,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        // Every write goes through the one writer connection, held for the whole transaction.
        Box::pin(async { Ok(()) })
    }

    fn by_position(&self, sql: &str, values: Vec<Arg>) -> (String, Vec<Arg>) {
        let (mut text, mut args) = (
            String::with_capacity(sql.len()),
            Vec::with_capacity(values.len()),
        );
        positional(sql, &values, &mut text, &mut args);
        (text, args)
    }

    fn alerts_lock<'a>(
        &'a self,
        _conn: &'a mut AnyConnection,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        // The one writer connection, held for the whole transaction, is the lock.
        Box::pin(async { Ok(()) })
    }

    fn startup_lock<'a>(
        &'a self,
        _conn: &'a mut AnyConnection,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        // One process owns the file; its startup runs once.
        Box::pin(async { Ok(()) })
    }

    fn listen<'a>(
        &'a self,
        _channels: &'a [&'static str],
    ) -> BoxFuture<'a, Result<Option<sqlx::postgres::PgListener>, StoreError>> {
        Box::pin(async { Ok(None) })
    }

    fn claim_sql(&self, ranked: &str, set_running: &str, columns: &str) -> String {
        // The single writer runs one claim at a time: rank, pick and update in one go.
        format!(
            "{set_running} WHERE id IN (SELECT id FROM ({ranked}) AS ranked WHERE rn <= $2 ORDER BY run_at, id LIMIT $3) \
             RETURNING {columns}"
        )
    }
}

/// Joins statements into one script with anonymous `?` placeholders, each statement's values
/// laid out in the order its `$k` appear (a value used twice is bound twice). SQLite resolves a
/// named `$k` by searching the names seen so far, at parse and again at bind, so a merged
/// statement with thousands of values cost time quadratic in them; `?` binds by position.
fn script(stmts: Vec<Stmt>) -> (String, AnyArguments<'static>) {
    let mut sql = String::new();
    let mut args = Vec::<Arg>::new();
    for s in stmts {
        let (text, values) = s.into_parts();
        positional(&text, &values, &mut sql, &mut args);
        sql.push_str(";\n");
    }
    (sql, crate::plan::arguments(args))
}

/// Appends `text` with each `$k` replaced by `?`, and the value `$k` names to `args`.
fn positional(text: &str, values: &[Arg], sql: &mut String, args: &mut Vec<Arg>) {
    let mut chars = text.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if c != '$' {
            sql.push(c);
            continue;
        }
        let mut k = 0usize;
        let mut digits = 0;
        while let Some((_, d)) = chars.peek().filter(|(_, d)| d.is_ascii_digit()) {
            k = k * 10 + (*d as usize - '0' as usize);
            digits += 1;
            chars.next();
        }
        match values.get(k.wrapping_sub(1)).filter(|_| digits > 0) {
            Some(v) => {
                sql.push('?');
                args.push(v.clone());
            }
            // Not a placeholder this statement has a value for: leave it as written.
            None => {
                sql.push('$');
                if digits > 0 {
                    sql.push_str(&k.to_string());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_bind_by_position_in_the_order_placeholders_appear() {
        let (sql, args) = script(vec![
            Stmt::new(
                "UPDATE a SET x = $2 WHERE id = $1",
                vec![Arg::I64(1), Arg::I64(2)],
            ),
            Stmt::new(
                "INSERT INTO b VALUES ($1, $2, $1)",
                vec![Arg::I64(3), Arg::Str("s".into())],
            ),
        ]);
        assert_eq!(
            sql,
            "UPDATE a SET x = ? WHERE id = ?;\nINSERT INTO b VALUES (?, ?, ?);\n"
        );
        let _ = args;
        let mut flat = Vec::new();
        positional(
            "($10, $2)",
            &(1..=10).map(Arg::I64).collect::<Vec<_>>(),
            &mut String::new(),
            &mut flat,
        );
        assert!(matches!(flat.as_slice(), [Arg::I64(10), Arg::I64(2)]));
    }
}
