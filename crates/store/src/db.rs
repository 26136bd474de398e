//! Connecting to SQLite or PostgreSQL, and the [`Store`] handle every feature module hangs off.

use crate::backend::{Backend, Dialect};
use crate::bus::Bus;
use crate::connections::{Conn, Connections};
use crate::time::{Clock, SystemClock};
use crate::StoreError;
use goldseam_core::Catalog;
use std::sync::{Arc, RwLock};
use std::time::Duration;

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
    /// The key calendar passwords are sealed with at rest. `new` makes a random one, readable
    /// only by this process: `goldseam serve` passes the installation's key file instead.
    pub secret_key: crate::sealing::SecretKey,
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
            secret_key: crate::sealing::SecretKey::generate(),
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
    /// What differs between the databases.
    pub backend: Box<dyn Backend>,
    pub bus: Bus,
    pub clock: Arc<dyn Clock>,
    pub catalog: RwLock<Arc<Catalog>>,
    /// Response rules and the incident-manager setting, in memory on SQLite.
    pub response_cache: crate::response::cache::ResponseCache,
    /// Bumped on every enqueue, so this process's idle job workers wake (jobs::wake).
    pub jobs_enqueued: tokio::sync::watch::Sender<u64>,
    /// Where every password and verification-code hash runs.
    pub passwords: crate::passwords::PasswordGate,
    /// The group commit queue of the incident write path.
    pub writer: crate::writer::Writer,
    /// Committed postmortem document updates, for this instance's sync hub.
    pub document_notices: tokio::sync::broadcast::Sender<crate::postmortems::DocumentNotice>,
    /// Seals and opens calendar credentials and integration keys.
    pub secret_key: crate::sealing::SecretKey,
    /// The group commit queue of the alert inbox.
    pub inbox: crate::alerts::inbox::InboxWriter,
    /// Integrations by key, in memory.
    pub integration_cache: crate::alerts::cache::IntegrationCache,
    /// Woken when requests were stored, so the alert processor runs at once.
    pub alerts_waiting: tokio::sync::Notify,
}

impl Store {
    /// Opens the database, applies migrations, seeds the default catalog and starts the event
    /// bus (with PostgreSQL, its LISTEN connection too).
    pub async fn open(opts: StoreOptions) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let opened = crate::backend::open(&opts).await?;
        let (backend, write, read) = (opened.backend, opened.write, opened.read);
        {
            let mut conn = write.acquire().await?;
            crate::migrate::run(&mut conn, &*backend).await?;
            crate::catalog::seed_defaults(&mut conn, &*backend).await?;
            let now = crate::time::to_db(opts.clock.now());
            crate::response::rules::seed_starter_rules(&mut conn, &*backend, now).await?;
        }
        let (catalog, start) = {
            let mut conn = read.acquire().await?;
            (
                crate::catalog::load(&mut conn).await?,
                crate::events::max_event_id(&mut conn).await?,
            )
        };
        let store = Store {
            inner: Arc::new_cyclic(|inner| Inner {
                writer: crate::writer::Writer::start(inner.clone()),
                inbox: crate::alerts::inbox::InboxWriter::start(inner.clone()),
                integration_cache: Default::default(),
                alerts_waiting: tokio::sync::Notify::new(),
                write,
                read,
                backend,
                bus: Bus::new(start, opts.bus_poll, opts.bus_capacity),
                clock: opts.clock,
                catalog: RwLock::new(Arc::new(catalog)),
                response_cache: Default::default(),
                jobs_enqueued: tokio::sync::watch::Sender::new(0),
                passwords: crate::passwords::PasswordGate::new(opts.password_limits),
                document_notices: tokio::sync::broadcast::Sender::new(1024),
                secret_key: opts.secret_key,
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

    /// Which database this is (for tests and diagnostics; storage code asks the backend).
    pub fn dialect(&self) -> Dialect {
        self.inner.backend.dialect()
    }

    /// What differs between the databases.
    pub(crate) fn backend(&self) -> &dyn Backend {
        &*self.inner.backend
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

    /// Appended to a read whose rows the transaction changes (see [`Backend::for_update`]).
    pub(crate) fn for_update(&self) -> &'static str {
        self.inner.backend.for_update()
    }
}
