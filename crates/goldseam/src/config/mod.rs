//! Configuration: built-in defaults, then the TOML file, then GOLDSEAM_* environment variables.
//! Everything is validated here, once, so the rest of the binary receives typed values and a bad
//! setting stops the process at start with the key named instead of failing later.

mod choices;
mod database;
mod delivery;
mod derived;
mod layer;
mod mattermost;
mod print;
mod secret_key;
#[cfg(test)]
mod tests;
mod trackers;

pub use choices::{LogFormat, Synchronous};
pub use database::{redact_database_url, sqlite_path, sqlite_url};
pub use delivery::DeliveryConfig;
use layer::Layer;

use anyhow::{anyhow, bail, Context, Result};
use goldseam_core::text::Email;
use goldseam_server::client_addr::{IpRange, TrustedProxies};
use goldseam_store::secrets::Secret;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// Every key with the environment variable that overrides it. `log_level` reads GOLDSEAM_LOG
/// because that is the name people reach for (like RUST_LOG).
pub const KEYS: &[(&str, &str)] = &[
    ("listen", "GOLDSEAM_LISTEN"),
    ("public_url", "GOLDSEAM_PUBLIC_URL"),
    ("data_dir", "GOLDSEAM_DATA_DIR"),
    ("database_url", "GOLDSEAM_DATABASE_URL"),
    (
        "database_max_connections",
        "GOLDSEAM_DATABASE_MAX_CONNECTIONS",
    ),
    ("sqlite_synchronous", "GOLDSEAM_SQLITE_SYNCHRONOUS"),
    ("session_hours", "GOLDSEAM_SESSION_HOURS"),
    ("max_body_bytes", "GOLDSEAM_MAX_BODY_BYTES"),
    ("max_connections", "GOLDSEAM_MAX_CONNECTIONS"),
    ("header_timeout_secs", "GOLDSEAM_HEADER_TIMEOUT_SECS"),
    ("body_timeout_secs", "GOLDSEAM_BODY_TIMEOUT_SECS"),
    ("metrics_listen", "GOLDSEAM_METRICS_LISTEN"),
    ("trusted_proxies", "GOLDSEAM_TRUSTED_PROXIES"),
    ("log_format", "GOLDSEAM_LOG_FORMAT"),
    ("log_level", "GOLDSEAM_LOG"),
    ("admin_email", "GOLDSEAM_ADMIN_EMAIL"),
    ("admin_password", "GOLDSEAM_ADMIN_PASSWORD"),
    ("secret_key_file", "GOLDSEAM_SECRET_KEY_FILE"),
];

/// Open connections at most when `max_connections` is not set and the open-file limit allows.
pub const DEFAULT_MAX_CONNECTIONS: usize = 20_000;

/// The first admin's email when none is configured. Email parsing wants a dotted domain, so
/// `admin@localhost` would be refused.
pub const DEFAULT_ADMIN_EMAIL: &str = "admin@goldseam.local";

/// The validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    /// Set explicitly; otherwise derived from the address actually bound.
    pub public_url: Option<String>,
    pub data_dir: PathBuf,
    /// Set explicitly; otherwise SQLite under `data_dir`. A secret: it may carry a password.
    pub database_url: Option<Secret>,
    pub database_max_connections: u32,
    pub sqlite_synchronous: Synchronous,
    pub session_hours: u64,
    pub max_body_bytes: usize,
    /// Open connections at most; new ones beyond it are closed at once. `None`: 20,000, or
    /// fewer when the open-file limit is lower (decided at start).
    pub max_connections: Option<usize>,
    /// Seconds a client has to send a request header (and between requests on a connection).
    pub header_timeout_secs: u64,
    /// Seconds a client has to send a whole request body.
    pub body_timeout_secs: u64,
    /// Serve /metrics on this address only (not on `listen`).
    pub metrics_listen: Option<SocketAddr>,
    /// Reverse proxies whose X-Forwarded-For is believed; empty: the TCP peer is the client.
    pub trusted_proxies: TrustedProxies,
    pub log_format: LogFormat,
    pub log_level: String,
    pub admin_email: Email,
    pub admin_password: Option<Secret>,
    /// The installation's secret key (64 hex digits), which seals calendar credentials at rest.
    /// `None`: `secret.key` under `data_dir`, made on first start. Every instance sharing a
    /// PostgreSQL database must read the same key.
    pub secret_key_file: Option<PathBuf>,
    pub delivery: DeliveryConfig,
    /// Where each non-default value came from, for `config print` and error messages.
    origins: HashMap<&'static str, String>,
}

impl Config {
    /// Reads the file (if any) and the process environment.
    pub fn load(path: Option<&Path>) -> Result<Config> {
        let file = match path {
            Some(p) => {
                let text = std::fs::read_to_string(p)
                    .with_context(|| format!("reading the configuration file {}", p.display()))?;
                Some((p.display().to_string(), text))
            }
            None => None,
        };
        let file = file
            .as_ref()
            .map(|(name, text)| (name.as_str(), text.as_str()));
        Config::from_sources(file, |var| std::env::var(var).ok())
    }

    /// Layers the file's text (named for messages) and the variables `env` returns. Empty
    /// variables count as unset, as compose files and systemd units often leave them empty.
    pub fn from_sources(
        file: Option<(&str, &str)>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Config> {
        let mut layer = Layer::default();
        let mut origins = HashMap::new();
        if let Some((name, text)) = file {
            layer = toml::from_str(text)
                .map_err(|e| anyhow!("in the configuration file {name}: {e}"))?;
            for (key, _) in KEYS {
                if layer.is_set(key) {
                    origins.insert(*key, name.to_string());
                }
            }
        }
        for (key, var) in KEYS {
            if let Some(value) = env(var).filter(|v| !v.trim().is_empty()) {
                layer.set_from_env(key, var, value)?;
                origins.insert(*key, (*var).to_string());
            }
        }
        let delivery =
            delivery::load(layer.delivery.take(), file.map(|f| f.0), &env, &mut origins)?;
        Config::validate(layer, origins, delivery)
    }

    fn validate(
        l: Layer,
        origins: HashMap<&'static str, String>,
        delivery: DeliveryConfig,
    ) -> Result<Config> {
        let invalid = |key: &str, why: String| match origins.get(key) {
            Some(from) => anyhow!("invalid value for {key} (from {from}): {why}"),
            None => anyhow!("invalid value for {key}: {why}"),
        };
        let listen = match l.listen {
            None => SocketAddr::from(([127, 0, 0, 1], 8080)),
            Some(s) => s.trim().parse().map_err(|_| {
                invalid(
                    "listen",
                    format!("{s:?} is not an address like 127.0.0.1:8080 or 0.0.0.0:8080"),
                )
            })?,
        };
        let public_url = match l.public_url {
            None => None,
            Some(u) => {
                let u = u.trim().trim_end_matches('/').to_string();
                if !(u.starts_with("http://") || u.starts_with("https://")) || u.contains(' ') {
                    bail!(invalid(
                        "public_url",
                        format!("{u:?} is not a URL like https://goldseam.example.com")
                    ));
                }
                Some(u)
            }
        };
        let data_dir = PathBuf::from(l.data_dir.unwrap_or_else(|| "./goldseam-data".into()));
        let database_url = match l.database_url.map(|u| u.trim().to_string()) {
            None => None,
            Some(u) if u.is_empty() => None,
            Some(u) => {
                let known = ["sqlite:", "postgres:", "postgresql:"];
                if !known.iter().any(|p| u.starts_with(p)) {
                    bail!(invalid(
                        "database_url",
                        format!(
                            "{:?} is neither sqlite://PATH nor postgres://USER:PASSWORD@HOST/DB",
                            redact_database_url(&u)
                        )
                    ));
                }
                Some(Secret::new(u))
            }
        };
        let database_max_connections = l.database_max_connections.unwrap_or(16);
        if !(1..=10_000).contains(&database_max_connections) {
            bail!(invalid(
                "database_max_connections",
                format!("{database_max_connections} is outside 1 to 10000")
            ));
        }
        let sqlite_synchronous = match l.sqlite_synchronous.as_deref().map(str::trim) {
            None => Synchronous::Normal,
            Some(s) if s.eq_ignore_ascii_case("normal") => Synchronous::Normal,
            Some(s) if s.eq_ignore_ascii_case("full") => Synchronous::Full,
            Some(s) => bail!(invalid(
                "sqlite_synchronous",
                format!("{s:?} is not one of normal, full")
            )),
        };
        let session_hours = l.session_hours.unwrap_or(12);
        if !(1..=24 * 366).contains(&session_hours) {
            bail!(invalid(
                "session_hours",
                format!("{session_hours} is outside 1 to 8784 (a year)")
            ));
        }
        let max_body_bytes = l.max_body_bytes.unwrap_or(1024 * 1024);
        if !(1024..=1024 * 1024 * 1024).contains(&max_body_bytes) {
            bail!(invalid(
                "max_body_bytes",
                format!("{max_body_bytes} is outside 1024 to 1073741824 (1 KiB to 1 GiB)")
            ));
        }
        if let Some(n) = l.max_connections.filter(|n| !(16..=1_000_000).contains(n)) {
            bail!(invalid(
                "max_connections",
                format!("{n} is outside 16 to 1000000")
            ));
        }
        let max_connections = l.max_connections.map(|n| n as usize);
        let header_timeout_secs = l.header_timeout_secs.unwrap_or(10);
        if !(1..=3600).contains(&header_timeout_secs) {
            bail!(invalid(
                "header_timeout_secs",
                format!("{header_timeout_secs} is outside 1 to 3600")
            ));
        }
        let body_timeout_secs = l.body_timeout_secs.unwrap_or(30);
        if !(1..=3600).contains(&body_timeout_secs) {
            bail!(invalid(
                "body_timeout_secs",
                format!("{body_timeout_secs} is outside 1 to 3600")
            ));
        }
        let metrics_listen = match l.metrics_listen.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(s) => Some(s.parse::<SocketAddr>().map_err(|_| {
                invalid(
                    "metrics_listen",
                    format!("{s:?} is not an address like 127.0.0.1:9090"),
                )
            })?),
        };
        if metrics_listen.is_some_and(|m| m == listen && listen.port() != 0) {
            bail!(invalid(
                "metrics_listen",
                "must differ from listen: it is a listener of its own".into()
            ));
        }
        let trusted_proxies = TrustedProxies::new(
            l.trusted_proxies
                .unwrap_or_default()
                .iter()
                .map(|entry| entry.parse::<IpRange>())
                .collect::<Result<_, _>>()
                .map_err(|e| invalid("trusted_proxies", e.to_string()))?,
        );
        let log_format = match l.log_format.as_deref().map(str::trim) {
            None => LogFormat::Text,
            Some(s) if s.eq_ignore_ascii_case("text") => LogFormat::Text,
            Some(s) if s.eq_ignore_ascii_case("json") => LogFormat::Json,
            Some(s) => bail!(invalid(
                "log_format",
                format!("{s:?} is not one of text, json")
            )),
        };
        let log_level = l.log_level.unwrap_or_else(|| "info".into());
        if let Err(e) = tracing_subscriber::EnvFilter::try_new(&log_level) {
            bail!(invalid(
                "log_level",
                format!(
                    "{log_level:?} is not a filter like info or goldseam=debug,sqlx=warn ({e})"
                )
            ));
        }
        let admin_email = Email::parse(
            "admin_email",
            l.admin_email.as_deref().unwrap_or(DEFAULT_ADMIN_EMAIL),
        )
        .map_err(|_| {
            invalid(
                "admin_email",
                "is not an email address like ana@example.com".into(),
            )
        })?;
        let admin_password = l.admin_password.map(Secret::new);
        let secret_key_file = l
            .secret_key_file
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .map(PathBuf::from);
        if admin_password
            .as_ref()
            .is_some_and(|p| p.expose().is_empty())
        {
            bail!(invalid("admin_password", "must not be empty".into()));
        }
        Ok(Config {
            listen,
            public_url,
            data_dir,
            database_url,
            database_max_connections,
            sqlite_synchronous,
            session_hours,
            max_body_bytes: max_body_bytes as usize,
            max_connections,
            header_timeout_secs,
            body_timeout_secs,
            metrics_listen,
            trusted_proxies,
            log_format,
            log_level,
            admin_email,
            admin_password,
            secret_key_file,
            delivery,
            origins,
        })
    }

    /// Where a key's value came from (a file name or a variable), or `None` for the default.
    pub fn origin(&self, key: &str) -> Option<&str> {
        self.origins.get(key).map(String::as_str)
    }
}
