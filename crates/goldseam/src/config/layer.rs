//! One layer of raw settings (the file's, then each variable's), before validation.

use anyhow::{anyhow, Result};
use serde::Deserialize;

/// The raw settings of one layer. Deliberately not `Debug`: it holds the admin password in clear.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Layer {
    pub(super) listen: Option<String>,
    pub(super) public_url: Option<String>,
    pub(super) data_dir: Option<String>,
    pub(super) database_url: Option<String>,
    pub(super) database_max_connections: Option<u32>,
    pub(super) sqlite_synchronous: Option<String>,
    pub(super) session_hours: Option<u64>,
    pub(super) max_body_bytes: Option<u64>,
    pub(super) max_connections: Option<u64>,
    pub(super) header_timeout_secs: Option<u64>,
    pub(super) body_timeout_secs: Option<u64>,
    pub(super) metrics_listen: Option<String>,
    /// In the file a list; in GOLDSEAM_TRUSTED_PROXIES, comma-separated.
    pub(super) trusted_proxies: Option<Vec<String>>,
    pub(super) log_format: Option<String>,
    pub(super) log_level: Option<String>,
    pub(super) admin_email: Option<String>,
    pub(super) admin_password: Option<String>,
    pub(super) secret_key_file: Option<String>,
    /// The `[delivery]` table (config/delivery.rs reads it and its variables).
    pub(super) delivery: Option<super::delivery::DeliveryLayer>,
}

impl Layer {
    pub(super) fn is_set(&self, key: &str) -> bool {
        match key {
            "listen" => self.listen.is_some(),
            "public_url" => self.public_url.is_some(),
            "data_dir" => self.data_dir.is_some(),
            "database_url" => self.database_url.is_some(),
            "database_max_connections" => self.database_max_connections.is_some(),
            "sqlite_synchronous" => self.sqlite_synchronous.is_some(),
            "session_hours" => self.session_hours.is_some(),
            "max_body_bytes" => self.max_body_bytes.is_some(),
            "max_connections" => self.max_connections.is_some(),
            "header_timeout_secs" => self.header_timeout_secs.is_some(),
            "body_timeout_secs" => self.body_timeout_secs.is_some(),
            "metrics_listen" => self.metrics_listen.is_some(),
            "trusted_proxies" => self.trusted_proxies.is_some(),
            "log_format" => self.log_format.is_some(),
            "log_level" => self.log_level.is_some(),
            "admin_email" => self.admin_email.is_some(),
            "admin_password" => self.admin_password.is_some(),
            "secret_key_file" => self.secret_key_file.is_some(),
            _ => false,
        }
    }

    /// Overrides one key from an environment variable's text.
    pub(super) fn set_from_env(&mut self, key: &str, var: &str, value: String) -> Result<()> {
        let number = |v: &str| {
            v.trim().parse::<u64>().map_err(|_| {
                anyhow!("invalid value for {key} (from {var}): {v:?} is not a whole number")
            })
        };
        match key {
            "listen" => self.listen = Some(value),
            "public_url" => self.public_url = Some(value),
            "data_dir" => self.data_dir = Some(value),
            "database_url" => self.database_url = Some(value),
            "database_max_connections" => {
                let n = number(&value)?;
                self.database_max_connections = Some(u32::try_from(n).unwrap_or(u32::MAX));
            }
            "sqlite_synchronous" => self.sqlite_synchronous = Some(value),
            "session_hours" => self.session_hours = Some(number(&value)?),
            "max_body_bytes" => self.max_body_bytes = Some(number(&value)?),
            "max_connections" => self.max_connections = Some(number(&value)?),
            "header_timeout_secs" => self.header_timeout_secs = Some(number(&value)?),
            "body_timeout_secs" => self.body_timeout_secs = Some(number(&value)?),
            "metrics_listen" => self.metrics_listen = Some(value),
            "trusted_proxies" => {
                self.trusted_proxies = Some(
                    value
                        .split(',')
                        .map(str::trim)
                        .filter(|entry| !entry.is_empty())
                        .map(String::from)
                        .collect(),
                )
            }
            "log_format" => self.log_format = Some(value),
            "log_level" => self.log_level = Some(value),
            "admin_email" => self.admin_email = Some(value),
            "admin_password" => self.admin_password = Some(value),
            "secret_key_file" => self.secret_key_file = Some(value),
            other => unreachable!("KEYS lists {other} but Layer does not"),
        }
        Ok(())
    }
}
