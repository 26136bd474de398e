//! Where queries go. On PostgreSQL, a pool. On SQLite, connections held behind mutexes: one
//! writer, and a few readers taken round-robin. A pool pings every connection it takes back,
//! and SQLite's driver makes each call a round trip to a worker thread, so that ping would
//! double the cost of every read and sit inside every write (bench/RESULTS.md).

use crate::StoreError;
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, AnyPool, Connection, Executor};
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use tokio::sync::{Mutex, MutexGuard};

/// A set of connections.
pub(crate) enum Connections {
    /// PostgreSQL: the shared pool.
    Pool(AnyPool),
    /// SQLite: connections held for the process's lifetime.
    Held {
        conns: Vec<Mutex<AnyConnection>>,
        next: AtomicUsize,
        closed: AtomicBool,
        url: String,
        synchronous: &'static str,
    },
}

/// A connection, for as long as it is held.
pub(crate) enum Conn<'a> {
    Pooled(PoolConnection<Any>),
    Held {
        guard: MutexGuard<'a, AnyConnection>,
        from: &'a Connections,
    },
}

impl Deref for Conn<'_> {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        match self {
            Conn::Pooled(c) => c,
            Conn::Held { guard, .. } => guard,
        }
    }
}

impl DerefMut for Conn<'_> {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        match self {
            Conn::Pooled(c) => c,
            Conn::Held { guard, .. } => guard,
        }
    }
}

impl Conn<'_> {
    /// Replaces a connection that may be stuck mid-transaction (a failed rollback).
    pub async fn discard(&mut self) {
        match self {
            Conn::Pooled(c) => c.close_on_drop(),
            Conn::Held {
                guard,
                from: Connections::Held {
                    url, synchronous, ..
                },
            } => match connect_sqlite(url, synchronous).await {
                Ok(fresh) => **guard = fresh,
                Err(e) => tracing::error!(error = %e, "could not reopen a SQLite connection"),
            },
            Conn::Held { .. } => {}
        }
    }
}

impl Connections {
    /// `n` SQLite connections with Goldseam's pragmas.
    pub async fn sqlite(
        url: &str,
        synchronous: &'static str,
        n: usize,
    ) -> Result<Connections, StoreError> {
        let mut conns = Vec::with_capacity(n);
        for _ in 0..n.max(1) {
            conns.push(Mutex::new(connect_sqlite(url, synchronous).await?));
        }
        Ok(Connections::Held {
            conns,
            next: AtomicUsize::new(0),
            closed: AtomicBool::new(false),
            url: url.to_string(),
            synchronous,
        })
    }

    /// A connection: the first free one, or else the next in turn once it is free.
    pub async fn acquire(&self) -> Result<Conn<'_>, StoreError> {
        match self {
            Connections::Pool(pool) => Ok(Conn::Pooled(pool.acquire().await?)),
            Connections::Held {
                conns,
                next,
                closed,
                ..
            } => {
                if closed.load(Ordering::Acquire) {
                    return Err(sqlx::Error::PoolClosed.into());
                }
                let start = next.fetch_add(1, Ordering::Relaxed) % conns.len();
                for i in 0..conns.len() {
                    if let Ok(guard) = conns[(start + i) % conns.len()].try_lock() {
                        return Ok(Conn::Held { guard, from: self });
                    }
                }
                Ok(Conn::Held {
                    guard: conns[start].lock().await,
                    from: self,
                })
            }
        }
    }

    /// Refuses new work and waits for the work in progress.
    pub async fn close(&self) {
        match self {
            Connections::Pool(pool) => pool.close().await,
            Connections::Held { conns, closed, .. } => {
                closed.store(true, Ordering::Release);
                for c in conns {
                    drop(c.lock().await);
                }
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
    conn.execute("PRAGMA journal_mode = WAL").await?;
    conn.execute(format!("PRAGMA synchronous = {synchronous}").as_str())
        .await?;
    conn.execute("PRAGMA busy_timeout = 10000").await?;
    conn.execute("PRAGMA foreign_keys = ON").await?;
    Ok(conn)
}
