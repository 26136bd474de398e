//! Where writes go. PostgreSQL writers share a pool. SQLite has exactly one writer connection,
//! held behind a mutex rather than in a pool: a pool pings every connection it takes back, and
//! with one writer that round trip would sit inside every write (bench/RESULTS.md).

use crate::{Dialect, StoreError};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, AnyPool, Connection, Executor};
use std::ops::{Deref, DerefMut};
use tokio::sync::{Mutex, MutexGuard};

/// The write side of the store.
pub(crate) enum Writer {
    /// PostgreSQL: the shared pool.
    Pool(AnyPool),
    /// SQLite: the one writer connection.
    Single {
        conn: Mutex<AnyConnection>,
        url: String,
        synchronous: &'static str,
    },
}

/// A connection to write through, for as long as it is held.
pub(crate) enum WriteConn<'a> {
    Pooled(PoolConnection<Any>),
    Held {
        guard: MutexGuard<'a, AnyConnection>,
        writer: &'a Writer,
    },
}

impl Deref for WriteConn<'_> {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        match self {
            WriteConn::Pooled(c) => c,
            WriteConn::Held { guard, .. } => guard,
        }
    }
}

impl DerefMut for WriteConn<'_> {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        match self {
            WriteConn::Pooled(c) => c,
            WriteConn::Held { guard, .. } => guard,
        }
    }
}

impl WriteConn<'_> {
    /// Replaces a connection that may be stuck mid-transaction (a failed rollback).
    pub async fn discard(&mut self) {
        match self {
            WriteConn::Pooled(c) => c.close_on_drop(),
            WriteConn::Held {
                guard,
                writer: Writer::Single {
                    url, synchronous, ..
                },
            } => match connect_sqlite(url, synchronous).await {
                Ok(fresh) => **guard = fresh,
                Err(e) => {
                    tracing::error!(error = %e, "could not reopen the SQLite writer connection")
                }
            },
            WriteConn::Held { .. } => {}
        }
    }
}

impl Writer {
    pub async fn open(
        dialect: Dialect,
        url: &str,
        synchronous: &'static str,
        pool: Option<AnyPool>,
    ) -> Result<Writer, StoreError> {
        match (dialect, pool) {
            (Dialect::Postgres, Some(pool)) => Ok(Writer::Pool(pool)),
            _ => Ok(Writer::Single {
                conn: Mutex::new(connect_sqlite(url, synchronous).await?),
                url: url.to_string(),
                synchronous,
            }),
        }
    }

    /// A connection to write through; on SQLite, waits for the writer to be free.
    pub async fn acquire(&self) -> Result<WriteConn<'_>, StoreError> {
        match self {
            Writer::Pool(pool) => Ok(WriteConn::Pooled(pool.acquire().await?)),
            Writer::Single { conn, .. } => Ok(WriteConn::Held {
                guard: conn.lock().await,
                writer: self,
            }),
        }
    }

    pub async fn close(&self) {
        match self {
            Writer::Pool(pool) => pool.close().await,
            Writer::Single { conn, .. } => {
                // Waits for the write in progress; the connection closes when the store drops.
                drop(conn.lock().await);
            }
        }
    }
}

/// Opens a SQLite connection with Goldseam's pragmas: WAL lets readers run beside the writer;
/// busy_timeout covers the moment a reader checkpoints; foreign keys are off by default.
pub(crate) async fn connect_sqlite(
    url: &str,
    synchronous: &str,
) -> Result<AnyConnection, StoreError> {
    let mut conn = AnyConnection::connect(url).await?;
    sqlite_pragmas(&mut conn, synchronous).await?;
    Ok(conn)
}

pub(crate) async fn sqlite_pragmas(
    conn: &mut AnyConnection,
    synchronous: &str,
) -> Result<(), sqlx::Error> {
    conn.execute("PRAGMA journal_mode = WAL").await?;
    conn.execute(format!("PRAGMA synchronous = {synchronous}").as_str())
        .await?;
    conn.execute("PRAGMA busy_timeout = 10000").await?;
    conn.execute("PRAGMA foreign_keys = ON").await?;
    Ok(())
}
