//! The PostgreSQL variant's plumbing: a throwaway schema per run, and the loopback-only rule.

use anyhow::{bail, Result};
use sqlx::Connection;
use std::net::IpAddr;

/// `bench_<random>` in the target database, reached by adding a search_path to the URL.
pub struct Schema {
    pub name: String,
    /// The URL with `options=-c search_path=NAME`, for goldseam and the ceiling.
    pub url: String,
    base: String,
    /// `SELECT version()`, for the report.
    pub version: String,
}

impl Schema {
    pub async fn create(base: &str) -> Result<Schema> {
        check_loopback(base)?;
        let name = format!("bench_{:08x}", rand::random::<u32>());
        let mut conn = sqlx::PgConnection::connect(base).await?;
        sqlx::query(&format!("CREATE SCHEMA {name}"))
            .execute(&mut conn)
            .await?;
        let version: String = sqlx::query_scalar("SELECT version()")
            .fetch_one(&mut conn)
            .await?;
        conn.close().await?;
        let sep = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{sep}options=-c%20search_path%3D{name}");
        Ok(Schema {
            name,
            url,
            base: base.to_string(),
            version,
        })
    }

    /// Drops the schema and everything in it.
    pub async fn drop(self) -> Result<()> {
        let mut conn = sqlx::PgConnection::connect(&self.base).await?;
        sqlx::query(&format!("DROP SCHEMA {} CASCADE", self.name))
            .execute(&mut conn)
            .await?;
        conn.close().await?;
        Ok(())
    }
}

/// Refuses any database URL whose host (in the authority or a `host=`/`hostaddr=` parameter) is
/// not on this machine: the bench sends load to loopback only.
pub fn check_loopback(url: &str) -> Result<()> {
    let Some((_, rest)) = url.split_once("://") else {
        bail!("{url:?} is not a postgres:// URL")
    };
    let (authority, query) = match rest.find(['/', '?']) {
        Some(i) => {
            let query = rest[i..].split_once('?').map(|(_, q)| q).unwrap_or("");
            (&rest[..i], query)
        }
        None => (rest, ""),
    };
    let host_port = authority
        .rsplit_once('@')
        .map(|(_, h)| h)
        .unwrap_or(authority);
    let mut hosts: Vec<String> = Vec::new();
    for hp in host_port.split(',') {
        let host = match hp.strip_prefix('[') {
            Some(v6) => v6.split(']').next().unwrap_or("").to_string(),
            None => hp.split(':').next().unwrap_or("").to_string(),
        };
        hosts.push(host);
    }
    for pair in query.split('&') {
        if let Some((k, v)) = pair.split_once('=') {
            if k == "host" || k == "hostaddr" {
                hosts.push(v.replace("%2F", "/").replace("%2f", "/"));
            }
        }
    }
    for host in hosts {
        let local = host.is_empty()
            || host.starts_with('/')
            || host.eq_ignore_ascii_case("localhost")
            || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
        if !local {
            bail!("the bench only loads databases on this machine (127.0.0.1, localhost, ::1); {host:?} is not one");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_loopback;

    #[test]
    fn only_loopback_hosts() {
        assert!(check_loopback("postgres://postgres@127.0.0.1:5432/test").is_ok());
        assert!(check_loopback("postgres://u:p@localhost/test?sslmode=disable").is_ok());
        assert!(check_loopback("postgresql://[::1]:5432/test").is_ok());
        assert!(check_loopback("postgres:///test?host=%2Fvar%2Frun%2Fpostgresql").is_ok());
        assert!(check_loopback("postgres://postgres@10.0.0.5:5432/test").is_err());
        assert!(check_loopback("postgres://db.example.com/test").is_err());
        assert!(check_loopback("postgres://127.0.0.1/test?host=10.1.1.1").is_err());
    }
}
