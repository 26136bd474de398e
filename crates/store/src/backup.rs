//! Online backups: a consistent copy of the database taken while the server keeps writing, for
//! `goldseam backup`. SQLite only (backend/sqlite_backup.rs); PostgreSQL is backed up with its
//! own tools (pg_dump), which already do this well.
//!
//! This works on the database without opening a [`Store`](crate::Store): opening one applies
//! migrations, and a backup taken with a newer binary before an upgrade must not migrate the
//! database under the older server that is still running.

use std::path::{Path, PathBuf};
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

/// Whether [`snapshot`] can copy the database behind `url`, without touching anything:
/// [`BackupError::Postgres`] for PostgreSQL.
pub fn check(url: &str) -> Result<(), BackupError> {
    crate::backend::can_snapshot(url)
}

/// Writes a consistent copy of the database at `url` to the new file `dest` (which must not
/// exist), readable by its owner only, checked with `PRAGMA quick_check` and synced to disk.
/// Returns its size in bytes. A PostgreSQL URL is refused with [`BackupError::Postgres`]
/// before anything is touched.
pub async fn snapshot(url: &str, dest: &Path) -> Result<u64, BackupError> {
    crate::backend::snapshot(url, dest).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn postgres_is_refused_before_anything_is_touched() {
        let dir = std::env::temp_dir().join(format!("goldseam-backup-{}", std::process::id()));
        let dest = dir.join("never.db");
        let url = "postgres://u:secret@127.0.0.1:1/db";
        assert!(matches!(check(url), Err(BackupError::Postgres)));
        let err = snapshot(url, &dest).await.unwrap_err();
        assert!(matches!(err, BackupError::Postgres), "{err}");
        assert!(!dest.exists());
        let err = snapshot("mysql://u:secret@h/db", &dest).await.unwrap_err();
        assert!(matches!(err, BackupError::UnsupportedUrl(_)), "{err}");
        assert!(!err.to_string().contains("secret"), "{err}");
        assert!(check("sqlite://./goldseam-data/goldseam.db?mode=rwc").is_ok());
    }
}
