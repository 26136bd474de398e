//! `goldseam backup PATH`: a consistent copy of the SQLite database, taken while the server
//! runs. The store writes the copy to a temporary name beside PATH; only a complete, checked,
//! synced copy is then given PATH's name, so a crash or a full disk never leaves a half file
//! where a backup is expected. PostgreSQL is refused with the pg_dump command to use instead.

use crate::cli::BackupArgs;
use crate::config::{redact_database_url, sqlite_path, Config};
use crate::out::outln;
use anyhow::{bail, Context, Result};
use goldseam_store::backup::{self, BackupError};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::time::Instant;

pub async fn run(config: Config, args: BackupArgs) -> Result<()> {
    let started = Instant::now();
    let url = config.database_url();
    // Before anything else: with PostgreSQL, nothing below applies.
    if let Err(BackupError::Postgres) = backup::check(url.expose()) {
        bail!(use_pg_dump(url.expose()));
    }
    let dest = args.path;
    if dest.is_dir() {
        bail!(
            "{} is a directory; give the backup file's path, such as {}",
            dest.display(),
            dest.join("goldseam-YYYY-MM-DD.db").display()
        );
    }
    let (dir, name) = split(&dest)?;
    if !dir.is_dir() {
        bail!("the directory {} does not exist", dir.display());
    }
    let exists = std::fs::symlink_metadata(&dest).is_ok();
    if exists && !args.force {
        bail!(
            "{} already exists; choose another name, or pass --force to replace it",
            dest.display()
        );
    }
    if exists {
        refuse_live_database(&config, &dest)?;
    }

    let partial = dir.join(format!(".{name}.partial-{}", std::process::id()));
    let bytes = match backup::snapshot(url.expose(), &partial).await {
        Ok(bytes) => bytes,
        Err(BackupError::Postgres) => bail!(use_pg_dump(url.expose())),
        Err(BackupError::NoDatabase(path)) => bail!(
            "there is no database at {} to back up; check data_dir or database_url \
             (`goldseam config print` shows them, and --config names the server's file)",
            path.display()
        ),
        Err(e) => return Err(e).with_context(|| format!("backing up {}", config.database_label())),
    };
    if let Err(e) = publish(&partial, &dest, args.force) {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    // The new name is only durable once the directory is synced too.
    std::fs::File::open(&dir)
        .and_then(|d| d.sync_all())
        .with_context(|| format!("syncing the directory {}", dir.display()))?;
    outln!(
        "backed up {} to {}: {} in {:.1} s",
        config.database_label(),
        dest.display(),
        size(bytes),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn use_pg_dump(url: &str) -> String {
    let shown = redact_database_url(url);
    let password = if shown == url {
        ""
    } else {
        "with the password for ***, or one in ~/.pgpass; "
    };
    format!(
        "the database is PostgreSQL ({shown}); `goldseam backup` copies SQLite only. Back \
         PostgreSQL up with pg_dump, which takes a consistent snapshot while Goldseam runs:\n  \
         pg_dump --format=custom --file goldseam.dump '{shown}'\n\
         ({password}docs/install.md shows how to restore)"
    )
}

/// The directory the backup goes in (`.` for a bare name) and the file's name.
fn split(dest: &Path) -> Result<(PathBuf, String)> {
    let name = dest
        .file_name()
        .and_then(|n| n.to_str())
        .with_context(|| format!("{} does not end in a file name (in UTF-8)", dest.display()))?
        .to_string();
    let dir = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((dir, name))
}

/// Even with --force, the database's own files are never replaced by a copy of themselves.
fn refuse_live_database(config: &Config, dest: &Path) -> Result<()> {
    let Some(db) = sqlite_path(config.database_url().expose()) else {
        return Ok(());
    };
    let Ok(dest) = dest.canonicalize() else {
        return Ok(());
    };
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut live = db.clone().into_os_string();
        live.push(suffix);
        if Path::new(&live).canonicalize().is_ok_and(|l| l == dest) {
            bail!(
                "{} is the live database's own file; write the backup somewhere else",
                dest.display()
            );
        }
    }
    Ok(())
}

/// Gives the finished copy its name. Without --force a hard link claims the name only if it
/// is still free (another process may have taken it during the copy); with --force a rename
/// replaces whatever is there in one step.
fn publish(partial: &Path, dest: &Path, force: bool) -> Result<()> {
    if force {
        return std::fs::rename(partial, dest)
            .with_context(|| format!("moving the backup into place at {}", dest.display()));
    }
    match std::fs::hard_link(partial, dest) {
        Ok(()) => {
            std::fs::remove_file(partial)
                .with_context(|| format!("removing the temporary file {}", partial.display()))?;
            Ok(())
        }
        Err(e) if e.kind() == ErrorKind::AlreadyExists => bail!(
            "{} appeared while the backup was being taken; choose another name, or pass --force",
            dest.display()
        ),
        // Some file systems (FAT, some network mounts) have no hard links: check, then rename.
        Err(_) => {
            if std::fs::symlink_metadata(dest).is_ok() {
                bail!(
                    "{} appeared while the backup was being taken; choose another name, or pass --force",
                    dest.display()
                );
            }
            std::fs::rename(partial, dest)
                .with_context(|| format!("moving the backup into place at {}", dest.display()))
        }
    }
}

/// `1.4 MiB (1,468,006 bytes)`.
fn size(bytes: u64) -> String {
    let units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < units.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    let reversed: Vec<char> = bytes.to_string().chars().rev().collect();
    let mut groups: Vec<String> = reversed
        .chunks(3)
        .map(|g| g.iter().rev().collect())
        .collect();
    groups.reverse();
    let grouped = groups.join(",");
    if unit == 0 {
        format!("{grouped} bytes")
    } else {
        format!("{value:.1} {} ({grouped} bytes)", units[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_well() {
        assert_eq!(size(512), "512 bytes");
        assert_eq!(size(1_468_006), "1.4 MiB (1,468,006 bytes)");
        assert_eq!(size(4096), "4.0 KiB (4,096 bytes)");
    }

    #[test]
    fn a_bare_name_goes_in_the_current_directory() {
        assert_eq!(
            split(Path::new("b.db")).unwrap(),
            (PathBuf::from("."), "b.db".to_string())
        );
        assert_eq!(
            split(Path::new("/srv/backups/b.db")).unwrap(),
            (PathBuf::from("/srv/backups"), "b.db".to_string())
        );
        assert!(split(Path::new("/")).is_err());
    }

    #[test]
    fn the_pg_dump_advice_has_no_password() {
        let advice = use_pg_dump("postgres://gs:hunter2@db/goldseam");
        assert!(!advice.contains("hunter2"), "{advice}");
        assert!(advice.contains("pg_dump --format=custom"), "{advice}");
    }
}
