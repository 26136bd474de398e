//! What the validated configuration gives the rest of the binary: the database in use and
//! its label for logs, the data directory made on first start, the public URL, and the store's
//! and the server's settings.

use super::{
    redact_database_url, secret_key, sqlite_path, sqlite_url, Config, DEFAULT_MAX_CONNECTIONS,
};
use anyhow::{Context, Result};
use goldseam_server::ServerConfig;
use goldseam_store::secrets::Secret;
use goldseam_store::StoreOptions;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

impl Config {
    /// The database URL in use: the configured one, or SQLite under `data_dir`.
    pub fn database_url(&self) -> Secret {
        match &self.database_url {
            Some(u) => u.clone(),
            None => Secret::new(sqlite_url(&self.data_dir.join("goldseam.db"))),
        }
    }

    /// Whether the database is the built-in SQLite file under `data_dir`.
    pub fn uses_default_database(&self) -> bool {
        self.database_url.is_none()
    }

    /// A short description of the database for logs: the SQLite path, or the URL without its
    /// password.
    pub fn database_label(&self) -> String {
        let url = self.database_url();
        match sqlite_path(url.expose()) {
            Some(path) => format!("sqlite: {}", path.display()),
            None => format!("postgres: {}", redact_database_url(url.expose())),
        }
    }

    /// Creates the directory the SQLite file goes in (`data_dir` by default), so a first start
    /// needs no setup. PostgreSQL needs nothing.
    pub fn prepare_data_dir(&self) -> Result<()> {
        let dir = if self.uses_default_database() {
            self.data_dir.clone()
        } else {
            match sqlite_path(self.database_url().expose())
                .and_then(|p| p.parent().map(Path::to_path_buf))
            {
                Some(dir) if !dir.as_os_str().is_empty() => dir,
                _ => return Ok(()),
            }
        };
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("creating the data directory {}", dir.display()))
    }

    /// The public URL: the configured one, or `http://` and the address actually bound (which
    /// differs from `listen` when it asks for port 0).
    pub fn public_url_for(&self, bound: SocketAddr) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{bound}"))
    }

    /// The store's options, with the installation's secret key (read, or made on first start).
    pub fn store_options(&self) -> Result<StoreOptions> {
        let mut opts = StoreOptions::new(self.database_url().expose());
        opts.max_connections = self.database_max_connections;
        opts.sqlite_synchronous = self.sqlite_synchronous.as_str().into();
        opts.secret_key = secret_key::load_or_create(&self.secret_key_path())?;
        Ok(opts)
    }

    /// Where the installation's secret key is kept.
    pub fn secret_key_path(&self) -> PathBuf {
        self.secret_key_file
            .clone()
            .unwrap_or_else(|| self.data_dir.join("secret.key"))
    }

    /// The server's settings, for a listener bound to `bound`.
    pub fn server_config(&self, bound: SocketAddr) -> ServerConfig {
        ServerConfig {
            listen: bound,
            delivery: self.delivery.engine_config(&self.public_url_for(bound)),
            public_url: self.public_url_for(bound),
            session_lifetime: Duration::from_secs(self.session_hours * 3600),
            max_body_bytes: self.max_body_bytes,
            connections: goldseam_server::connections::ConnectionLimits {
                header_timeout: Duration::from_secs(self.header_timeout_secs),
                body_timeout: Duration::from_secs(self.body_timeout_secs),
                max_connections: self.max_connections.unwrap_or(DEFAULT_MAX_CONNECTIONS),
            },
            metrics_listen: self.metrics_listen,
            trusted_proxies: self.trusted_proxies.clone(),
            ..ServerConfig::default()
        }
    }
}
