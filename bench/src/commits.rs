//! Database ceilings: how many write transactions per second the database itself takes at
//! Goldseam's durability setting, through the same sqlx driver, without Goldseam around it.
//! Two shapes each, so a gap can be told apart: the smallest transaction, and one shaped like
//! Goldseam's writes (as many statements as a comment on SQLite; a shared counter row bumped in
//! every transaction on PostgreSQL, as Goldseam's event ids are).

use crate::load::Load;
use anyhow::Result;
use sqlx::{Connection, SqliteConnection};

use std::path::Path;
use std::time::Instant;

/// Commit loops stop after this many commits even if time remains.
const MAX_COMMITS: u64 = 50_000_000;

/// Commits per second over the measured window.
#[derive(Debug, Clone, Default)]
pub struct Commits {
    /// What each transaction does.
    pub label: String,
    pub per_second: f64,
    pub commits: u64,
    pub seconds: f64,
    /// What the database reported for its settings, e.g. `journal_mode=wal synchronous=NORMAL`.
    pub settings: String,
    /// Rows each transaction inserts: for the batched ceiling, rows/s is what compares with
    /// Goldseam's writes/s.
    pub rows: u64,
}

/// Rows per transaction in the batched ceiling: what perfect group commit would reach.
pub const BATCH_ROWS: usize = 100;

/// One connection committing transactions of one [`BATCH_ROWS`]-row INSERT in a loop, at the
/// same durability as the other ceilings: what a single writer that batches perfectly gets.
/// `url` is a SQLite file (created here) or a PostgreSQL schema.
pub async fn batched(url: &str, load: Load) -> Result<Commits> {
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(url).await?;
    let sqlite = url.starts_with("sqlite:");
    let settings = if sqlite {
        sqlx::query("PRAGMA journal_mode = WAL")
            .execute(&mut conn)
            .await?;
        sqlx::query("PRAGMA synchronous = NORMAL")
            .execute(&mut conn)
            .await?;
        sqlx::query("CREATE TABLE IF NOT EXISTS ceiling_batched (id INTEGER PRIMARY KEY, body TEXT NOT NULL, at BIGINT NOT NULL)")
            .execute(&mut conn)
            .await?;
        "one connection, journal_mode=wal, synchronous=NORMAL".to_string()
    } else {
        sqlx::query("CREATE TABLE IF NOT EXISTS ceiling_batched (id BIGSERIAL PRIMARY KEY, body TEXT NOT NULL, at BIGINT NOT NULL)")
            .execute(&mut conn)
            .await?;
        let sync: String = sqlx::query_scalar("SHOW synchronous_commit")
            .fetch_one(&mut conn)
            .await?;
        format!("one connection, synchronous_commit={sync}")
    };
    let values: Vec<String> = (0..BATCH_ROWS)
        .map(|i| format!("(${}, ${})", 2 * i + 1, 2 * i + 2))
        .collect();
    let sql = format!(
        "INSERT INTO ceiling_batched (body, at) VALUES {}",
        values.join(", ")
    );
    let measure_from = Instant::now() + load.warmup;
    let end = measure_from + load.duration;
    let mut commits = 0u64;
    for n in 0..MAX_COMMITS {
        let now = Instant::now();
        if now >= end {
            break;
        }
        let mut tx = conn.begin().await?;
        let mut q = sqlx::query(&sql);
        for i in 0..BATCH_ROWS {
            q = q.bind(format!("row {n}-{i}")).bind(n as i64);
        }
        q.execute(&mut *tx).await?;
        tx.commit().await?;
        if now >= measure_from {
            commits += 1;
        }
    }
    conn.close().await?;
    let mut c = rate(
        format!("{BATCH_ROWS} rows per transaction in one INSERT (perfect group commit)"),
        commits,
        load,
        settings,
    );
    c.rows = BATCH_ROWS as u64;
    Ok(c)
}

/// One SQLite connection to a fresh file, WAL and synchronous=NORMAL (Goldseam's default and,
/// like Goldseam's single writer, one connection), committing transactions of `inserts`
/// single-row INSERTs in a loop.
pub async fn sqlite(dir: &Path, load: Load, inserts: usize) -> Result<Commits> {
    let path = dir.join(format!("ceiling-{inserts}.db"));
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let mut conn = SqliteConnection::connect(&url).await?;
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode = WAL")
        .fetch_one(&mut conn)
        .await?;
    sqlx::query("PRAGMA synchronous = NORMAL")
        .execute(&mut conn)
        .await?;
    let sync: i64 = sqlx::query_scalar("PRAGMA synchronous")
        .fetch_one(&mut conn)
        .await?;
    sqlx::query(
        "CREATE TABLE ceiling (id INTEGER PRIMARY KEY, body TEXT NOT NULL, at INTEGER NOT NULL)",
    )
    .execute(&mut conn)
    .await?;
    let measure_from = Instant::now() + load.warmup;
    let end = measure_from + load.duration;
    let mut commits = 0u64;
    for n in 0..MAX_COMMITS {
        let now = Instant::now();
        if now >= end {
            break;
        }
        let mut tx = conn.begin().await?;
        for i in 0..inserts {
            sqlx::query("INSERT INTO ceiling (body, at) VALUES (?, ?)")
                .bind(format!("row {n}-{i}"))
                .bind(n as i64)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        if now >= measure_from {
            commits += 1;
        }
    }
    conn.close().await?;
    let sync = if sync == 1 {
        "NORMAL".to_string()
    } else {
        sync.to_string()
    };
    let label = if inserts == 1 {
        "1 INSERT per transaction".to_string()
    } else {
        format!("{inserts} INSERTs per transaction (with BEGIN and COMMIT, 8 round trips: as many as a Goldseam comment made before its writes were batched into one script)")
    };
    Ok(rate(
        label,
        commits,
        load,
        format!("one connection, journal_mode={mode}, synchronous={sync}"),
    ))
}

/// `load.clients` PostgreSQL connections committing single-row INSERT transactions in a loop
/// (synchronous_commit as configured: each commit waits for its WAL flush, which concurrent
/// commits share). With `hot_row`, every transaction first bumps one shared counter row, as
/// Goldseam does for event ids: the row lock is held until commit, so commits line up behind it.
pub async fn postgres(url: &str, load: Load, hot_row: bool) -> Result<Commits> {
    let mut setup = sqlx::PgConnection::connect(url).await?;
    sqlx::query("CREATE TABLE IF NOT EXISTS ceiling (id BIGSERIAL PRIMARY KEY, body TEXT NOT NULL, at BIGINT NOT NULL)").execute(&mut setup).await?;
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS ceiling_counter (name TEXT PRIMARY KEY, value BIGINT NOT NULL)",
    )
    .execute(&mut setup)
    .await?;
    sqlx::query(
        "INSERT INTO ceiling_counter (name, value) VALUES ('event', 0) ON CONFLICT DO NOTHING",
    )
    .execute(&mut setup)
    .await?;
    let sync: String = sqlx::query_scalar("SHOW synchronous_commit")
        .fetch_one(&mut setup)
        .await?;
    setup.close().await?;
    let measure_from = Instant::now() + load.warmup;
    let end = measure_from + load.duration;
    let mut tasks = Vec::new();
    for c in 0..load.clients {
        let url = url.to_string();
        tasks.push(tokio::spawn(async move {
            let mut conn = sqlx::PgConnection::connect(&url).await?;
            let mut commits = 0u64;
            for n in 0..MAX_COMMITS {
                let now = Instant::now();
                if now >= end {
                    break;
                }
                let mut tx = conn.begin().await?;
                if hot_row {
                    let _: i64 = sqlx::query_scalar("UPDATE ceiling_counter SET value = value + 1 WHERE name = 'event' RETURNING value").fetch_one(&mut *tx).await?;
                }
                sqlx::query("INSERT INTO ceiling (body, at) VALUES ($1, $2)").bind(format!("row {c}-{n}")).bind(n as i64).execute(&mut *tx).await?;
                tx.commit().await?;
                if now >= measure_from {
                    commits += 1;
                }
            }
            conn.close().await?;
            anyhow::Ok(commits)
        }));
    }
    let mut commits = 0;
    for t in tasks {
        commits += t.await??;
    }
    let label = if hot_row {
        "1 shared counter-row UPDATE + 1 INSERT per transaction (Goldseam's event-id pattern)"
            .to_string()
    } else {
        "1 INSERT per transaction".to_string()
    };
    Ok(rate(
        label,
        commits,
        load,
        format!("{} connections, synchronous_commit={sync}", load.clients),
    ))
}

fn rate(label: String, commits: u64, load: Load, settings: String) -> Commits {
    let seconds = load.duration.as_secs_f64();
    Commits {
        label,
        per_second: commits as f64 / seconds,
        commits,
        seconds,
        settings,
        rows: 1,
    }
}
