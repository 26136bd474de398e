//! `goldseam config print`: the effective configuration as TOML that could be fed back in,
//! with secrets replaced and each non-default value's origin in a comment.

use super::{redact_database_url, Config};

/// A TOML string literal, escaped.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

impl Config {
    /// The configuration as TOML. The admin password shows as `[redacted]` and the database URL
    /// loses its password; nothing secret is ever printed.
    pub fn to_toml(&self) -> String {
        let db_url = self.database_url();
        let lines: Vec<(&str, String)> = vec![
            ("listen", quoted(&self.listen.to_string())),
            ("public_url", quoted(&self.public_url_for(self.listen))),
            ("data_dir", quoted(&self.data_dir.display().to_string())),
            (
                "database_url",
                quoted(&redact_database_url(db_url.expose())),
            ),
            (
                "database_max_connections",
                self.database_max_connections.to_string(),
            ),
            (
                "sqlite_synchronous",
                quoted(self.sqlite_synchronous.as_str()),
            ),
            ("session_hours", self.session_hours.to_string()),
            ("max_body_bytes", self.max_body_bytes.to_string()),
            ("header_timeout_secs", self.header_timeout_secs.to_string()),
            ("body_timeout_secs", self.body_timeout_secs.to_string()),
            ("log_format", quoted(self.log_format.as_str())),
            ("log_level", quoted(&self.log_level)),
            ("admin_email", quoted(self.admin_email.as_str())),
        ];
        let mut out = String::from(
            "# Effective Goldseam configuration: defaults, then the file, then GOLDSEAM_* variables.\n",
        );
        for (key, value) in lines {
            out.push_str(&format!("{key} = {value}"));
            match self.origin(key) {
                Some(from) => out.push_str(&format!("  # from {from}\n")),
                None if key == "public_url" => out.push_str("  # derived from listen\n"),
                None if key == "database_url" => {
                    out.push_str("  # default: SQLite under data_dir\n")
                }
                None => out.push('\n'),
            }
        }
        match self.max_connections {
            Some(n) => {
                out.push_str(&format!("max_connections = {n}"));
                match self.origin("max_connections") {
                    Some(from) => out.push_str(&format!("  # from {from}\n")),
                    None => out.push('\n'),
                }
            }
            None => out.push_str(
                "# max_connections is not set: 20000, or fewer when the open-file limit is lower\n",
            ),
        }
        match self.metrics_listen {
            Some(addr) => {
                out.push_str(&format!("metrics_listen = {}", quoted(&addr.to_string())));
                match self.origin("metrics_listen") {
                    Some(from) => out.push_str(&format!("  # from {from}\n")),
                    None => out.push('\n'),
                }
            }
            None => out.push_str("# metrics_listen is not set: /metrics is served on listen\n"),
        }
        match self.origin("trusted_proxies") {
            None if self.trusted_proxies.ranges().is_empty() => out.push_str(
                "# trusted_proxies is not set: X-Forwarded-For is ignored, the TCP peer is the client\n",
            ),
            from => {
                let list: Vec<String> = self
                    .trusted_proxies
                    .ranges()
                    .iter()
                    .map(|r| quoted(&r.to_string()))
                    .collect();
                out.push_str(&format!("trusted_proxies = [{}]", list.join(", ")));
                match from {
                    Some(from) => out.push_str(&format!("  # from {from}\n")),
                    None => out.push('\n'),
                }
            }
        }
        match &self.admin_password {
            Some(_) => {
                out.push_str("admin_password = \"[redacted]\"");
                if let Some(from) = self.origin("admin_password") {
                    out.push_str(&format!("  # from {from}"));
                }
                out.push('\n');
            }
            None => out.push_str(
                "# admin_password is not set: the first start generates a one-time password\n",
            ),
        }
        out.push_str(&format!(
            "secret_key_file = {}",
            quoted(&self.secret_key_path().display().to_string())
        ));
        match self.origin("secret_key_file") {
            Some(from) => out.push_str(&format!("  # from {from}\n")),
            None => out.push_str("  # default: under data_dir, made on first start\n"),
        }
        out.push_str(&self.delivery.to_toml(|k| self.origin(k).map(String::from)));
        out
    }
}
