//! Connecting to SQLite or PostgreSQL, and the [`Store`] handle every feature module hangs off.

use crate::bus::Bus;
use crate::connections::{Conn, Connections};
use crate::time::{Clock, SystemClock};
use crate::StoreError;
use goldseam_core::Catalog;
use sqlx::any::AnyPoolOptions;
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// Which database is behind the store, for the few statements whose syntax differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// SQLite in WAL mode: one writer connection, several readers.
    Sqlite,
    /// PostgreSQL: one pool, row locks, LISTEN/NOTIFY across instances.
    Postgres,
}

impl Dialect {
    /// The database a URL names: `sqlite:` or `postgres:`/`postgresql:`; `None` for others.
    pub fn of_url(url: &str) -> Option<Dialect> {
        if url.starts_with("sqlite:") {
            Some(Dialect::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Some(Dialect::Postgres)
        } else {
            None
        }
    }
}

/// How to open the store.
#[derive(Clone)]
pub struct StoreOptions {
    /// `sqlite://path/to/file.db` or `postgres://user@host/db`.
    pub url: String,
    /// Connections for PostgreSQL, or reader connections for SQLite.
    pub max_connections: u32,
    /// SQLite's `synchronous` pragma: `normal` (durable across a process crash, the default)
    /// or `full` (durable across power loss too, slower). Ignored on PostgreSQL.
    pub sqlite_synchronous: String,
    /// The clock events are stamped with.
    pub clock: Arc<dyn Clock>,
    /// How often the event bus looks for new events when nothing woke it (a lost NOTIFY).
    pub bus_poll: Duration,
    /// How many events a live subscriber may fall behind before it is told to resync.
    pub bus_capacity: usize,
    /// How many password hashes may run and wait at once.
    pub password_limits: crate::passwords::PasswordLimits,
}

impl std::fmt::Debug for StoreOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoreOptions")
            .field("url", &crate::secrets::redact_url(&self.url))
            .field("max_connections", &self.max_connections)
            .field("sqlite_synchronous", &self.sqlite_synchronous)
            .finish()
    }
}

impl StoreOptions {
    /// Defaults for a URL: 16 connections, `synchronous=normal`, the system clock.
    pub fn new(url: impl Into<String>) -> Self {
        StoreOptions {
            url: url.into(),
            max_connections: 16,
            sqlite_synchronous: "normal".into(),
            clock: Arc::new(SystemClock),
            bus_poll: Duration::from_secs(1),
            bus_capacity: 4096,
            password_limits: Default::default(),
        }
    }
}

/// The handle to Goldseam's storage. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    /// All writes go here. On SQLite it is one connection, so writers queue instead of
    /// failing with SQLITE_BUSY, and event ids are allocated in commit order.
    pub write: Connections,
    /// Reads go here; on PostgreSQL it is the same pool as `write`.
    pub read: Connections,
    pub dialect: Dialect,
    pub url: String,
    pub bus: Bus,
    pub clock: Arc<dyn Clock>,
    pub catalog: RwLock<Arc<Catalog>>,
    /// Response rules and the incident-manager setting, in memory on SQLite.
    pub response_cache: crate::response::cache::ResponseCache,
    /// Bumped on every enqueue, so this process's idle job workers wake (jobs::wake).
    pub jobs_enqueued: tokio::sync::watch::Sender<u64>,
    /// Where every password and verification-code hash runs.
    pub passwords: crate::passwords::PasswordGate,
}

impl Store {
    /// Opens the database, applies migrations, seeds the default catalog and starts the event
    /// bus (with PostgreSQL, its LISTEN connection too).
    pub async fn open(opts: StoreOptions) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let Some(dialect) = Dialect::of_url(&opts.url) else {
            return Err(StoreError::Config(format!(
                "unsupported database URL {}; use sqlite://PATH or postgres://USER@HOST/DB",
                crate::secrets::redact_url(&opts.url)
            )));
        };
        let (write, read) = match dialect {
            Dialect::Sqlite => {
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
                (write, read)
            }
            Dialect::Postgres => {
                let pool = AnyPoolOptions::new()
                    .max_connections(opts.max_connections.max(2))
                    .acquire_timeout(Duration::from_secs(10))
                    .connect(&opts.url)
                    .await?;
                (Connections::Pool(pool.clone()), Connections::Pool(pool))
            }
        };
        {
            let mut conn = write.acquire().await?;
            crate::migrate::run(&mut conn, dialect).await?;
            crate::catalog::seed_defaults(&mut conn, dialect).await?;
            let now = crate::time::to_db(opts.clock.now());
            crate::response::rules::seed_starter_rules(&mut conn, dialect, now).await?;
        }
        let (catalog, start) = {
            let mut conn = read.acquire().await?;
            (
                crate::catalog::load(&mut conn).await?,
                crate::events::max_event_id(&mut conn).await?,
            )
        };
        let store = Store {
            inner: Arc::new(Inner {
                write,
                read,
                dialect,
                url: opts.url,
                bus: Bus::new(start, opts.bus_poll, opts.bus_capacity),
                clock: opts.clock,
                catalog: RwLock::new(Arc::new(catalog)),
                response_cache: Default::default(),
                jobs_enqueued: tokio::sync::watch::Sender::new(0),
                passwords: crate::passwords::PasswordGate::new(opts.password_limits),
            }),
        };
        crate::bus::start(&store).await?;
        Ok(store)
    }

    /// A connection to write through (on SQLite, the one writer, once it is free).
    pub(crate) async fn writer(&self) -> Result<Conn<'_>, StoreError> {
        self.inner.write.acquire().await
    }

    /// A connection to read through.
    pub(crate) async fn reader(&self) -> Result<Conn<'_>, StoreError> {
        self.inner.read.acquire().await
    }

    /// Which database this is.
    pub fn dialect(&self) -> Dialect {
        self.inner.dialect
    }

    /// Now, by the store's clock, truncated to the microseconds the database keeps (so a state
    /// computed in memory equals the one read back).
    pub fn now(&self) -> jiff::Timestamp {
        let t = self.inner.clock.now();
        jiff::Timestamp::from_microsecond(t.as_microsecond()).unwrap_or(t)
    }

    /// Whether the database answers a trivial query (for /readyz).
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1")
            .execute(&mut *self.reader().await?)
            .await?;
        Ok(())
    }

    /// The live event bus.
    pub fn bus(&self) -> &Bus {
        &self.inner.bus
    }

    /// Closes the pools; in-flight queries finish first.
    pub async fn close(&self) {
        self.inner.bus.stop();
        self.inner.write.close().await;
        self.inner.read.close().await;
    }

    /// ` FOR UPDATE` on PostgreSQL (row lock for read-modify-write); nothing on SQLite, whose
    /// single writer connection already serializes writes.
    pub(crate) fn for_update(&self) -> &'static str {
        match self.inner.dialect {
            Dialect::Sqlite => "",
            Dialect::Postgres => " FOR UPDATE",
        }
    }
}
