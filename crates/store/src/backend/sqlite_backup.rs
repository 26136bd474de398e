//! SQLite's online backup. `VACUUM INTO` copies the database in one read transaction, so the
//! copy is exactly the database as of one commit, and in WAL mode the server's writer is never
//! blocked by it. The copy is a plain single file (not WAL), ready to be put in place of the
//! database.

use crate::backup::BackupError;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use std::io::ErrorKind;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

pub(super) async fn snapshot(url: &str, dest: &Path) -> Result<u64, BackupError> {
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
