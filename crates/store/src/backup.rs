//! Online backups of the SQLite database: a consistent copy taken while the server keeps
//! writing. PostgreSQL is backed up with its own tools (pg_dump), which already do this well.
//!
//! `VACUUM INTO` copies the database as one read transaction, so the copy is exactly the
//! database as of one commit, and in WAL mode the server's writer is never blocked by it. The
//! copy is a plain single file (not WAL), ready to be put in place of the database.
//!
//! This works on the file without opening a [`Store`](crate::Store): opening one applies
//! migrations, and a backup taken with a newer binary before an upgrade must not migrate the
//! database under the older server that is still running.

use crate::db::Dialect;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use std::io::ErrorKind;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;
use thiserror::Error;

/// Why a backup was not made. When one fails, no file is left behind.
#[derive(Debug, Error)]
pub enum BackupError {
    /// The database is PostgreSQL, which pg_dump backs up consistently while Goldseam runs.
    #[error("the database is PostgreSQL, which `goldseam backup` does not copy; use pg_dump")]
    Postgres,
    /// The URL names no database Goldseam knows.
    #[error("unsupported database URL {0}")]
    UnsupportedUrl(String),
    /// The SQLite file does not exist, so there is nothing to back up.
    #[error("there is no database at {}", .0.display())]
    NoDatabase(PathBuf),
    /// Something is already at the destination.
    #[error("{} already exists", .0.display())]
    DestinationExists(PathBuf),
    /// SQLite takes the destination as text.
    #[error("the backup path {} is not valid UTF-8", .0.display())]
    PathNotUtf8(PathBuf),
    /// The destination could not be created or written.
    #[error("writing {}: {source}", path.display())]
    Io {
        /// The file being written.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The database could not be read.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// The copy did not pass SQLite's integrity check; the disk or the database is damaged.
    #[error("the copy failed SQLite's integrity check: {0}")]
    CopyDamaged(String),
}

/// Writes a consistent copy of the SQLite database at `url` to the new file `dest` (which
/// must not exist), readable by its owner only, checked with `PRAGMA quick_check` and synced
/// to disk. Returns its size in bytes. A PostgreSQL URL is refused with
/// [`BackupError::Postgres`] before anything is touched.
pub async fn sqlite_snapshot(url: &str, dest: &Path) -> Result<u64, BackupError> {
    match Dialect::of_url(url) {
        Some(Dialect::Sqlite) => {}
        Some(Dialect::Postgres) => return Err(BackupError::Postgres),
        None => return Err(BackupError::UnsupportedUrl(crate::secrets::redact_url(url))),
    }
    let source = SqliteConnectOptions::from_str(url)?
        // A missing file is a mistake (a wrong data_dir), not a database to create.
        .create_if_missing(false)
        .busy_timeout(Duration::from_secs(10))
        .disable_statement_logging();
    let db_path = source.get_filename().to_path_buf();
    if !db_path.is_file() {
        return Err(BackupError::NoDatabase(db_path));
    }
    let dest_text = dest
        .to_str()
        .ok_or_else(|| BackupError::PathNotUtf8(dest.to_path_buf()))?
        .to_string();
    // Created here, empty (which VACUUM INTO accepts), so the copy of password hashes and
    // secrets is never readable by others, not even for a moment, and so two backups racing
    // for one name cannot both write it.
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(dest)
        .map_err(|source| match source.kind() {
            ErrorKind::AlreadyExists => BackupError::DestinationExists(dest.to_path_buf()),
            _ => BackupError::Io {
                path: dest.to_path_buf(),
                source,
            },
        })?;
    let copied = copy_and_check(source, dest, &dest_text).await;
    if copied.is_err() {
        let _ = std::fs::remove_file(dest);
    }
    copied
}

async fn copy_and_check(
    source: SqliteConnectOptions,
    dest: &Path,
    dest_text: &str,
) -> Result<u64, BackupError> {
    let mut conn = source.connect().await?;
    let vacuumed = sqlx::query("VACUUM INTO ?")
        .bind(dest_text)
        .execute(&mut conn)
        .await;
    let closed = conn.close().await;
    vacuumed?;
    closed?;

    let mut copy = SqliteConnectOptions::new()
        .filename(dest)
        .read_only(true)
        .disable_statement_logging()
        .connect()
        .await?;
    let verdict: Vec<String> = sqlx::query_scalar("PRAGMA quick_check")
        .fetch_all(&mut copy)
        .await?;
    copy.close().await?;
    if verdict != ["ok"] {
        return Err(BackupError::CopyDamaged(verdict.join("; ")));
    }

    let io = |source| BackupError::Io {
        path: dest.to_path_buf(),
        source,
    };
    // VACUUM INTO syncs like the source's connection would; make the copy durable regardless,
    // since the caller is about to rely on it.
    let file = std::fs::File::open(dest).map_err(io)?;
    file.sync_all().map_err(io)?;
    Ok(file.metadata().map_err(io)?.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn postgres_is_refused_before_anything_is_touched() {
        let dir = std::env::temp_dir().join(format!("goldseam-backup-{}", std::process::id()));
        let dest = dir.join("never.db");
        let err = sqlite_snapshot("postgres://u:secret@127.0.0.1:1/db", &dest)
            .await
            .unwrap_err();
        assert!(matches!(err, BackupError::Postgres), "{err}");
        assert!(!dest.exists());
        let err = sqlite_snapshot("mysql://u:secret@h/db", &dest)
            .await
            .unwrap_err();
        assert!(!err.to_string().contains("secret"), "{err}");
    }
}
