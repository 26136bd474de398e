//! The installation's secret key file: 64 hex digits, readable by the owner only. Made on the
//! first start so SQLite needs no setup; kept outside the database so a dump alone never
//! reveals the calendar passwords it seals.

use anyhow::{bail, Context, Result};
use goldseam_store::sealing::SecretKey;
use std::io::Write;
use std::path::Path;

/// Reads the key at `path`, or makes one there (mode 0600) when no file exists.
pub(super) fn load_or_create(path: &Path) -> Result<SecretKey> {
    match std::fs::read_to_string(path) {
        Ok(text) => SecretKey::from_hex(&text).map_err(|why| {
            anyhow::anyhow!(
                "the secret key file {} {why}; restore it from backup (calendar credentials \
                 sealed with the old key cannot be read without it)",
                path.display()
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("creating {}", dir.display()))?;
            }
            let key = SecretKey::generate();
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            match options.open(path) {
                Ok(mut file) => {
                    writeln!(file, "{}", key.to_hex())
                        .with_context(|| format!("writing {}", path.display()))?;
                    file.sync_all()
                        .with_context(|| format!("writing {}", path.display()))?;
                    Ok(key)
                }
                // Another process made it first: read theirs.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => load_or_create(path),
                Err(e) => Err(e).with_context(|| format!("creating {}", path.display())),
            }
        }
        Err(e) => {
            if path.is_dir() {
                bail!("the secret key file {} is a directory", path.display());
            }
            Err(e).with_context(|| format!("reading the secret key file {}", path.display()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_made_once_then_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/secret.key");
        let made = load_or_create(&path).unwrap();
        assert_eq!(load_or_create(&path).unwrap().to_hex(), made.to_hex());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(&path, "nope").unwrap();
        let err = load_or_create(&path).unwrap_err().to_string();
        assert!(err.contains("is not hexadecimal"), "{err}");
    }
}
