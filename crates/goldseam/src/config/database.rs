//! Database URLs: the default SQLite one, and forms safe to print.

use goldseam_store::secrets::redact_url;
use std::path::{Path, PathBuf};

/// `sqlite://PATH?mode=rwc` (create if missing). sqlx percent-decodes the path, so the
/// characters that would end it early or be decoded are encoded.
pub fn sqlite_url(path: &Path) -> String {
    let mut encoded = String::new();
    for c in path.display().to_string().chars() {
        match c {
            '%' => encoded.push_str("%25"),
            '?' => encoded.push_str("%3F"),
            '#' => encoded.push_str("%23"),
            c => encoded.push(c),
        }
    }
    format!("sqlite://{encoded}?mode=rwc")
}

/// The file a `sqlite:` URL points at, undoing [`sqlite_url`]'s encoding; `None` for other
/// databases and for in-memory SQLite.
pub fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite:")?.trim_start_matches("//");
    let path = rest.split('?').next().unwrap_or(rest);
    if path.is_empty() || path == ":memory:" {
        return None;
    }
    let decoded = path
        .replace("%3F", "?")
        .replace("%23", "#")
        .replace("%25", "%");
    Some(PathBuf::from(decoded))
}

/// A database URL safe to show: no password in the user info nor in a `password=` query
/// parameter (PostgreSQL accepts both). Unlike the store's `redact_url`, the user info ends at
/// the *last* `@` before the query, so an unencoded `@` in a password does not leak its tail.
pub fn redact_database_url(url: &str) -> String {
    if url.starts_with("sqlite:") {
        return url.to_string();
    }
    let Some((scheme, rest)) = url.split_once("://") else {
        return redact_url(url);
    };
    let (base, query) = match rest.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (rest, None),
    };
    let base = match base.rfind('@') {
        Some(at) => match base[..at].split_once(':') {
            Some((user, _)) => format!("{user}:***{}", &base[at..]),
            None => base.to_string(),
        },
        None => base.to_string(),
    };
    let Some(query) = query else {
        return format!("{scheme}://{base}");
    };
    let query: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
            _ => pair.to_string(),
        })
        .collect();
    format!("{scheme}://{base}?{}", query.join("&"))
}
