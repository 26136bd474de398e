//! The seam between Goldseam's storage code and the two databases it runs on. Feature modules
//! write their SQL once, in the dialect both accept (`$1` placeholders, `ON CONFLICT`,
//! `RETURNING`), and never ask which database they are on; the few operations that really
//! differ are here, behind [`Backend`], with one implementation per database:
//!
//! - opening the connections: SQLite has one writer connection and a few readers, held for
//!   the process's lifetime; PostgreSQL has one pool;
//! - starting a write batch, taking the id counters and locking what it reads for update (on
//!   SQLite the single writer connection is the lock, it keeps the counters in memory between
//!   batches, and `BEGIN IMMEDIATE` heads the batch's script; on PostgreSQL, `BEGIN`, the
//!   counters' row and `FOR UPDATE` row locks, sent as one message);
//! - running a plan of statements (one multi-statement script on SQLite, whose driver charges
//!   a thread hand-off per call; on PostgreSQL, statements on different tables joined into one
//!   with data-modifying `WITH` clauses, a round trip each: `postgres_combine.rs`);
//! - telling other instances about commits (PostgreSQL `NOTIFY`; a single SQLite process has
//!   no one to tell) and listening for them;
//! - job claims (`FOR UPDATE SKIP LOCKED` among concurrent claimers, or one claim at a time);
//! - startup work that instances starting together must not race (an advisory lock);
//! - online backups: SQLite's `VACUUM INTO` (`sqlite_backup.rs`); PostgreSQL is left to pg_dump.

mod postgres;
mod postgres_combine;
mod sqlite;
mod sqlite_backup;

use crate::backup::BackupError;
use crate::connections::Connections;
use crate::plan::Stmt;
use crate::row::Columns;
use crate::StoreError;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Executor};
use std::future::Future;
use std::path::Path;
use std::pin::Pin;

/// Which database is behind the store: for tests and diagnostics. Storage code never branches
/// on it; what differs is a [`Backend`] operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// SQLite in WAL mode: one writer connection, several readers.
    Sqlite,
    /// PostgreSQL: one pool, row locks, LISTEN/NOTIFY across instances.
    Postgres,
}

/// The last event id and the last incident number taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Counters {
    pub event: i64,
    pub incident: i64,
}

/// How a write batch reads the id counters: as rows with these two columns, so they can travel
/// in one message with the batch's other reads and be told apart from them.
pub(crate) const COUNTERS_SELECT: &str =
    "SELECT name AS counter, value AS counter_value FROM counters WHERE name IN ('event', 'incident') ORDER BY name";

/// A write batch, begun.
pub(crate) struct Begun {
    /// The statement that opens its transaction, for the head of its plan, where it is not
    /// open already.
    pub opening: Option<Stmt>,
    /// The last ids taken before it; the batch writes their new values with its plan.
    pub counters: Counters,
    /// What each of its `selects` read, in order.
    pub rows: Vec<Vec<AnyRow>>,
}

/// Runs `sql`, statements without parameters, in one call (PostgreSQL's simple query
/// protocol; one SQLite script); returns each statement's rows, in order.
async fn fetch_each(conn: &mut AnyConnection, sql: &str) -> Result<Vec<Vec<AnyRow>>, StoreError> {
    use futures::TryStreamExt;
    let mut each = vec![Vec::new()];
    let mut results = Executor::fetch_many(&mut *conn, sqlx::raw_sql(sql));
    while let Some(step) = results.try_next().await? {
        match step {
            // A statement finished: the rows that follow are the next one's.
            sqlx::Either::Left(_) => each.push(Vec::new()),
            sqlx::Either::Right(row) => each.last_mut().expect("never empty").push(row),
        }
    }
    each.pop();
    Ok(each)
}

/// The counters, from the rows [`COUNTERS_SELECT`] read.
fn counters_from(rows: &[AnyRow]) -> Result<Counters, StoreError> {
    let (mut event, mut incident) = (None, None);
    for row in rows {
        let value = row.col::<i64>("counter_value")?;
        match row.col::<String>("counter")?.as_str() {
            "event" => event = Some(value),
            _ => incident = Some(value),
        }
    }
    match (event, incident) {
        (Some(event), Some(incident)) => Ok(Counters { event, incident }),
        _ => Err(StoreError::Corrupt("the id counters are missing".into())),
    }
}

/// A boxed future, for the backend's async operations.
pub(crate) type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The connections a backend opened: where writes go, and where reads go.
pub(crate) struct Opened {
    pub backend: Box<dyn Backend>,
    pub write: Connections,
    pub read: Connections,
}

/// The database a URL names, or `None` for one Goldseam does not run on.
fn dialect_of(url: &str) -> Option<Dialect> {
    if url.starts_with("sqlite:") {
        Some(Dialect::Sqlite)
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        Some(Dialect::Postgres)
    } else {
        None
    }
}

/// Opens the database behind `url`.
pub(crate) async fn open(opts: &crate::StoreOptions) -> Result<Opened, StoreError> {
    match dialect_of(&opts.url) {
        Some(Dialect::Sqlite) => sqlite::open(opts).await,
        Some(Dialect::Postgres) => postgres::open(opts).await,
        None => Err(StoreError::Config(format!(
            "unsupported database URL {}; use sqlite://PATH or postgres://USER@HOST/DB",
            crate::secrets::redact_url(&opts.url)
        ))),
    }
}

/// Whether `goldseam backup` can copy the database behind `url`: SQLite only, since
/// PostgreSQL's own pg_dump does it consistently while Goldseam runs.
pub(crate) fn can_snapshot(url: &str) -> Result<(), BackupError> {
    match dialect_of(url) {
        Some(Dialect::Sqlite) => Ok(()),
        Some(Dialect::Postgres) => Err(BackupError::Postgres),
        None => Err(BackupError::UnsupportedUrl(crate::secrets::redact_url(url))),
    }
}

/// Writes a consistent copy of the database behind `url` to the new file `dest` (see
/// [`crate::backup::snapshot`]).
pub(crate) async fn snapshot(url: &str, dest: &Path) -> Result<u64, BackupError> {
    can_snapshot(url)?;
    sqlite_backup::snapshot(url, dest).await
}

/// What differs between the databases, and only that.
pub(crate) trait Backend: Send + Sync {
    /// Which database this is.
    fn dialect(&self) -> Dialect;

    /// Appended to a `SELECT` whose rows the transaction will change: `FOR UPDATE` where
    /// several writers run at once, nothing where the single writer already excludes them.
    fn for_update(&self) -> &'static str;

    /// Like [`Backend::for_update`], skipping rows another transaction holds (job claims).
    fn skip_locked(&self) -> &'static str;

    /// Whether this process is the database's only user, so an in-memory copy of shared
    /// settings that every change here clears is exact.
    fn owns_database(&self) -> bool;

    /// A statement telling other instances, when the transaction commits, that something
    /// happened on `channel`; `None` where there are no other instances.
    fn announce(&self, channel: &'static str, payload: String) -> Option<Stmt>;

    /// Starts a write batch on `conn`: takes the id counters (locked until COMMIT where
    /// several writers run; as this, the only writer, last left them otherwise) and runs
    /// `selects`, statements without parameters reading what the batch needs (with
    /// [`Backend::for_update`] locks on what it changes), in as few calls as the database
    /// allows. The transaction is either open when this returns, or opened by
    /// [`Begun::opening`] at the head of the plan (where the connection alone keeps every
    /// other writer out meanwhile).
    fn begin_batch<'a>(
        &'a self,
        conn: &'a mut AnyConnection,
        selects: &'a [String],
    ) -> BoxFuture<'a, Result<Begun, StoreError>>;

    /// Remembers the counters a batch committed, or the ones it took and left unchanged, where
    /// this process is the only writer: reading them back would cost a call per batch. A
    /// batch that fails before this makes the next one read them again.
    fn keep_counters(&self, counters: Counters);

    /// Runs `stmts` in order inside the open transaction.
    fn run<'a>(
        &'a self,
        conn: &'a mut AnyConnection,
        stmts: Vec<Stmt>,
    ) -> BoxFuture<'a, Result<(), StoreError>>;

    /// Inside an open transaction, keeps every other writer of postmortem document `document`
    /// (on any instance) out until it commits: appends and compactions of one document run one
    /// at a time, so a compaction never deletes an update it did not merge.
    fn document_lock<'a>(
        &'a self,
        conn: &'a mut AnyConnection,
        document: i64,
    ) -> BoxFuture<'a, Result<(), StoreError>>;

    /// `sql` (placeholders `$1..$n`) and its values as this database binds them fastest: SQLite
    /// looks each named placeholder up by name (a cost that grows with the square of their
    /// number in a multi-row statement), so there they become anonymous `?` in order.
    fn by_position(
        &self,
        sql: &str,
        values: Vec<crate::plan::Arg>,
    ) -> (String, Vec<crate::plan::Arg>);

    /// Inside an open transaction, keeps every other alert processor (on any instance) out
    /// until it commits: alerts are grouped in arrival order, one batch at a time.
    fn alerts_lock<'a>(
        &'a self,
        conn: &'a mut AnyConnection,
    ) -> BoxFuture<'a, Result<(), StoreError>>;

    /// Inside an open transaction, keeps other instances starting at the same moment out of
    /// startup work (migrations, seeding) until it commits.
    fn startup_lock<'a>(
        &'a self,
        conn: &'a mut AnyConnection,
    ) -> BoxFuture<'a, Result<(), StoreError>>;

    /// A connection listening to `channels`, for announcements from other instances; `None`
    /// where there are none.
    fn listen<'a>(
        &'a self,
        channels: &'a [&'static str],
    ) -> BoxFuture<'a, Result<Option<sqlx::postgres::PgListener>, StoreError>>;

    /// The job claim: leases due jobs, oldest first, at most `$2` per destination among the
    /// oldest `$6` due, `$3` in all (see `jobs::claim` for the parameters and `RANKED`).
    fn claim_sql(&self, ranked: &str, set_running: &str, columns: &str) -> String;
}
